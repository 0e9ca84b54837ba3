"""The request form: a meeting, a borrowed desk or a call-back, asked for in Danish.

Rasa runs `request_form` (domain.yml); this module fills and checks its slots from what the NLU
read (bot/understanding.py hints: kind, e-mail, phone, day and time wanted; entities: cluster,
town) and from the conversation (the cluster talked about). Every turn of the form may correct an
earlier answer ("nej, det var onsdag"): the extract methods run on every turn, and a free-text
answer that is really a correction is not taken as a name or topic. Nothing is stored until the
visitor has consented and confirmed the summary (`action_submit_request`).
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.knowledge import Knowledge
from bot.answers import listing
from bot.contact_details import CALLBACK, DESK, KIND_NAMES, MEETING
from bot.meeting_time import OPEN_FROM, OPEN_UNTIL, ZONE, MeetingTime, Refusal, check
from bot.values import HINTS
from staff.notify import post_request
from stores.requests import Request, retention

FORM = "request_form"
SLOTS = (
    "request_kind",
    "request_cluster",
    "request_office",
    "request_when",
    "request_time",
    "request_name",
    "request_reach",
    "request_company",
    "request_topic",
    "request_consent",
    "request_confirmed",
)
NO_COMPANY = frozenset({"ingen", "intet", "privat", "privatperson", "nej", "-", "ikke relevant"})


def _hints(tracker: Tracker) -> dict:
    return (tracker.latest_message or {}).get(HINTS) or {}


def _intent(tracker: Tracker) -> str:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name") or ""


def _is_form_command(tracker: Tracker) -> bool:
    """ "stop", "slet mine data" …, or an answer to another of the form's questions (a day, a time,
    an e-mail, a phone number): none of them is an answer to the question asked."""
    hints = _hints(tracker)
    other_answer = any(hints.get(k) for k in ("wanted", "email", "phone"))
    return other_answer or _intent(tracker) in ("stop_request", "delete_my_data", "my_requests")


def _unread_answer(tracker: Tracker, slot: str) -> dict:
    """Asked for `slot` (a cluster, an office) and given nothing the NLU read as one ("Aarhus",
    "Anders Holm", "lige meget"): the text itself goes to validation, so the visitor hears why it
    was not taken instead of the same question again and again."""
    text = ((tracker.latest_message or {}).get("text") or "").strip()
    if tracker.get_slot("requested_slot") != slot or not text or _is_form_command(tracker):
        return {}
    return {slot: text}


def _shown(text: str) -> str:
    """What the visitor wrote, quoted back at most 40 characters long."""
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:40] + "…"


def _unread_day(text: str) -> str:
    return f"Jeg kunne ikke læse en dag i »{_shown(text)}«. Skriv fx »på torsdag«, »3/12« eller »i morgen«."


def _only_a_town(tracker: Tracker) -> bool:
    """The whole message is one town the NLU found (a one-word name that is a town is asked again)."""
    message = tracker.latest_message or {}
    text = (message.get("text") or "").strip()
    return " " not in text and any(
        e.get("entity") == "town" and e.get("start", 1) == 0 and e.get("end", 0) >= len(text)
        for e in message.get("entities") or []
    )


def _entity_values(tracker: Tracker, entity: str) -> list:
    return [
        e.get("value")
        for e in (tracker.latest_message or {}).get("entities") or []
        if e.get("entity") == entity
    ]


def _now() -> datetime:
    return datetime.now(ZONE)


def _is_correction(tracker: Tracker) -> bool:
    """The message changes an earlier answer (a day, an e-mail, a cluster …) rather than giving the
    one asked for."""
    hints = _hints(tracker)
    return bool(
        hints.get("wanted") or hints.get("email") or hints.get("phone") or _entity_values(tracker, "cluster")
    )


def wanted_from_slots(day: Any, at: Any) -> MeetingTime | None:
    """The day and time the form holds, as a MeetingTime (None without a day)."""
    if not isinstance(day, str) or not day:
        return None
    return MeetingTime(
        date.fromisoformat(day), time.fromisoformat(at) if isinstance(at, str) and at else None
    )


def genitive(name: str) -> str:
    """Danish genitive of a name: "Energy Cluster Denmarks", "Odense Robotics'"."""
    return name + ("'" if name[-1:].lower() in "sxz" else "s")


def _cluster_named_by_start(dataset, text: str) -> str | None:
    """The one open cluster whose name begins with what was typed ("food & bio", "energy cluster")."""
    typed = " ".join(text.lower().split())
    if len(typed) < 4:
        return None
    found = [c.id for c in dataset.clusters.values() if c.ended is None and c.name.lower().startswith(typed)]
    return found[0] if len(found) == 1 else None


# "Any office will do": the cluster chooses (staff see it in the request).
ANY_OFFICE = {"lige meget", "ligegyldigt", "det er lige meget", "ved ikke", "hvor som helst", "det ved jeg ikke",
              "det må klyngen vælge", "i vælger", "hvilket som helst", "alle", "any"}  # fmt: skip
ANY_OFFICE_VALUE = "det kontor, der passer klyngen"


def office_towns(knowledge: Knowledge, cluster_id: str | None) -> list[str]:
    """The towns of a cluster's open offices, sorted."""
    cluster = knowledge.dataset.clusters.get(cluster_id or "")
    return sorted({o.town for o in cluster.offices if o.town and o.is_open(date.today())}) if cluster else []


class ValidateRequestForm(FormValidationAction):
    def __init__(self, knowledge: Knowledge):
        self.knowledge = knowledge

    def name(self) -> str:
        return "validate_request_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> list[str]:
        kind = tracker.get_slot("request_kind")
        # A call-back needs no office, a borrowed desk no time of day; every request the rest.
        skip = {CALLBACK: {"request_office"}, DESK: {"request_time"}}.get(kind, set())
        return [s for s in SLOTS if s not in skip]

    # -- extraction: what this turn says, whatever was asked ---------------------------------
    def extract_request_kind(self, dispatcher, tracker, domain) -> dict:
        kind = _hints(tracker).get("request_kind")
        return {"request_kind": kind} if kind else {}

    def extract_request_cluster(self, dispatcher, tracker, domain) -> dict:
        dataset = self.knowledge.dataset
        named = [dataset.cluster_id(str(v)) for v in _entity_values(tracker, "cluster")]
        named = [n for n in named if n]
        if named:
            return {"request_cluster": named[0]}
        if tracker.get_slot("request_cluster") is None:
            talked_about = dataset.cluster_id(str(tracker.get_slot("cluster") or ""))
            if talked_about and tracker.get_slot("requested_slot") is None:
                return {"request_cluster": talked_about}  # the cluster the conversation was about
        return _unread_answer(tracker, "request_cluster")

    def extract_request_office(self, dispatcher, tracker, domain) -> dict:
        towns = [v for v in _entity_values(tracker, "town") if v]
        if towns:
            value = towns[0]
            name = value.get("query") if isinstance(value, dict) else str(value)
            places = value.get("places") if isinstance(value, dict) else None
            town = (places[0].get("name") if places else None) or name
            return {"request_office": town}
        if tracker.get_slot("request_office") is None:
            offices = office_towns(self.knowledge, tracker.get_slot("request_cluster"))
            if len(offices) == 1:
                return {"request_office": offices[0]}  # one office: nothing to choose
            return _unread_answer(tracker, "request_office")
        return {}

    def extract_request_when(self, dispatcher, tracker, domain) -> dict:
        wanted = _hints(tracker).get("wanted") or {}
        if wanted.get("problem"):
            return {"request_when": {"problem": wanted["problem"], "text": wanted.get("text", "")}}
        if wanted.get("day"):
            return {"request_when": wanted["day"]}
        unread = _unread_answer(tracker, "request_when")
        return (
            {"request_when": {"problem": "unread", "text": _unread_day(unread["request_when"])}}
            if unread
            else {}
        )

    def extract_request_time(self, dispatcher, tracker, domain) -> dict:
        at = (_hints(tracker).get("wanted") or {}).get("at")
        return {"request_time": at} if at else {}

    def extract_request_reach(self, dispatcher, tracker, domain) -> dict:
        hints = _hints(tracker)
        reach = hints.get("email") or hints.get("phone")
        if reach:
            return {"request_reach": reach}
        unread = _unread_answer(tracker, "request_reach")
        return {"request_reach": {"unread": unread["request_reach"]}} if unread else {}

    # -- validation ------------------------------------------------------------------------------
    def validate_request_kind(self, value, dispatcher, tracker, domain) -> dict:
        return {"request_kind": value if value in (MEETING, DESK, CALLBACK) else None}

    def validate_request_cluster(self, value, dispatcher, tracker, domain) -> dict:
        dataset = self.knowledge.dataset
        cluster_id = dataset.cluster_id(str(value or "")) or _cluster_named_by_start(
            dataset, str(value or "")
        )
        if cluster_id is None:
            dispatcher.utter_message(
                text=f"Jeg kender ikke en klynge, der hedder »{_shown(str(value or ''))}«. Vælg en af klyngerne herunder, "
                "eller skriv »stop«."
            )
            return {"request_cluster": None}
        cluster = dataset.clusters[cluster_id]
        if cluster.ended is not None:
            dispatcher.utter_message(
                text=f"{cluster.name} findes ikke længere, så den kan jeg ikke sende en forespørgsel til."
            )
            return {"request_cluster": None}
        return {"request_cluster": cluster_id}

    def validate_request_office(self, value, dispatcher, tracker, domain) -> dict:
        cluster_id = tracker.get_slot("request_cluster")
        if not cluster_id:
            return {"request_office": value}
        towns = office_towns(self.knowledge, cluster_id)
        match = next((t for t in towns if str(value).lower() in (t.lower(), t.lower().split()[0])), None)
        if match:
            return {"request_office": match}
        if str(value).strip().lower().rstrip(".!") in ANY_OFFICE:
            return {"request_office": ANY_OFFICE_VALUE}
        name = self.knowledge.dataset.clusters[cluster_id].name
        if towns:
            # No buttons here: the office question that follows has them.
            dispatcher.utter_message(
                text=f"Jeg kender ikke et kontor hos {name} i »{_shown(str(value))}«. Vælg en by: {listing(towns)} — "
                f"eller skriv »lige meget«, så finder klyngen et sted, eller »stop«."
            )
        return {"request_office": None}

    def validate_request_when(self, value, dispatcher, tracker, domain) -> dict:
        if isinstance(value, dict):  # a day that does not exist
            dispatcher.utter_message(text=value.get("text") or "Den dato forstod jeg ikke.")
            return {"request_when": None}
        wanted = wanted_from_slots(value, tracker.get_slot("request_time"))
        if wanted is None:
            return {"request_when": None}
        return self._checked(wanted, dispatcher)

    def validate_request_time(self, value, dispatcher, tracker, domain) -> dict:
        if "request_when" in tracker.slots_to_validate():
            return {}  # the day came in the same message: validate_request_when checked both
        wanted = wanted_from_slots(tracker.get_slot("request_when"), value)
        if wanted is None or wanted.at is None:  # no day yet: the hour alone must be a working hour
            at = time.fromisoformat(value) if value else None
            if at is None or not (OPEN_FROM <= at < OPEN_UNTIL):
                dispatcher.utter_message(
                    text=f"Vælg et tidspunkt mellem kl. {OPEN_FROM.hour} og {OPEN_UNTIL.hour}, fx »kl. 10«."
                )
                return {"request_time": None}
            return {"request_time": value}
        return self._checked(wanted, dispatcher)

    def _checked(self, wanted: MeetingTime, dispatcher: CollectingDispatcher) -> dict:
        """Both slots of a bookable time, or the day and hour cleared with the reason and a suggestion."""
        checked = check(wanted, _now())
        if isinstance(checked, Refusal):
            suggestion = checked.suggestion
            buttons = (
                [{"title": suggestion.describe().capitalize(), "payload": _payload(suggestion)}]
                if suggestion
                else []
            )
            dispatcher.utter_message(text=checked.text, buttons=buttons or None)
            # A closed day keeps the hour asked for, a closed hour keeps the day; a past time keeps neither.
            at = wanted.at.strftime("%H:%M") if wanted.at else None
            kept = {
                "weekend": {"request_when": None, "request_time": at},
                "holiday": {"request_when": None, "request_time": at},
                "hours": {"request_when": wanted.day.isoformat(), "request_time": None},
            }
            return kept.get(checked.reason, {"request_when": None, "request_time": None})
        return {
            "request_when": wanted.day.isoformat(),
            "request_time": wanted.at.strftime("%H:%M") if wanted.at else None,
        }

    def validate_request_name(self, value, dispatcher, tracker, domain) -> dict:
        if _is_correction(tracker) or not str(value or "").strip() or len(str(value)) > 200:
            return {"request_name": None}
        if _only_a_town(tracker):  # "Struer": the answer to an office question the visitor expected
            dispatcher.utter_message(text=f"»{_shown(str(value))}« lyder som en by. Hvad er dit navn?")
            return {"request_name": None}
        return {"request_name": " ".join(str(value).split())}

    def validate_request_reach(self, value, dispatcher, tracker, domain) -> dict:
        if isinstance(value, dict):  # an answer with neither an e-mail nor a phone number in it
            dispatcher.utter_message(
                text=f"Jeg kunne ikke se en e-mail eller et telefonnummer i »{_shown(value['unread'])}«."
            )
            return {"request_reach": None}
        if tracker.get_slot("request_kind") == CALLBACK and "@" in str(value or ""):
            dispatcher.utter_message(text="For at ringe dig op skal vi have et telefonnummer.")
            return {"request_reach": None}
        return {"request_reach": value}

    def validate_request_company(self, value, dispatcher, tracker, domain) -> dict:
        if _is_correction(tracker) or not str(value or "").strip():
            return {"request_company": None}
        text = " ".join(str(value).split())[:200]
        return {"request_company": "ingen" if text.lower() in NO_COMPANY else text}

    def validate_request_topic(self, value, dispatcher, tracker, domain) -> dict:
        if _is_correction(tracker) or not str(value or "").strip():
            return {"request_topic": None}
        return {"request_topic": " ".join(str(value).split())[:1000]}

    def validate_request_confirmed(self, value, dispatcher, tracker, domain) -> dict:
        if _is_correction(tracker):
            return {"request_confirmed": None}  # corrected above: the summary is shown again
        if value is False:
            dispatcher.utter_message(text="Hvad skal rettes? Skriv den rigtige oplysning, eller »stop«.")
            return {"request_confirmed": None}
        return {"request_confirmed": value}

    def validate_request_consent(self, value, dispatcher, tracker, domain) -> dict:
        if value is False:
            dispatcher.utter_message(
                text="Så gemmer jeg ikke noget. Du kan stadig kontakte klyngen direkte; skriv »kontakt« og klyngens navn."
            )
            return {**{slot: None for slot in SLOTS}, "requested_slot": None}
        return {"request_consent": value}


def _payload(wanted: MeetingTime) -> str:
    """A button that answers the date question with a day and time the form can read back."""
    at = f" kl. {wanted.at:%H.%M}" if wanted.at else ""
    return f"{wanted.day.day}/{wanted.day.month}-{wanted.day.year}{at}"


def summary(knowledge: Knowledge, tracker: Tracker) -> str:
    """The request as it will be stored, for the visitor to confirm."""
    cluster = knowledge.dataset.clusters.get(tracker.get_slot("request_cluster") or "")
    wanted = wanted_from_slots(tracker.get_slot("request_when"), tracker.get_slot("request_time"))
    lines = [
        f"- Hvad: {KIND_NAMES.get(tracker.get_slot('request_kind'), '?')}",
        f"- Klynge: {cluster.name if cluster else '?'}",
    ]
    if tracker.get_slot("request_office"):
        lines.append(f"- Kontor: {tracker.get_slot('request_office')}")
    lines += [
        f"- Hvornår: {wanted.describe() if wanted else '?'}",
        f"- Navn: {tracker.get_slot('request_name')}",
        f"- Kontakt: {tracker.get_slot('request_reach')}",
        f"- Virksomhed: {tracker.get_slot('request_company')}",
        f"- Emne: {tracker.get_slot('request_topic')}",
    ]
    return "\n".join(lines)


class AskConfirmation(Action):
    """The summary and the question whether to store it."""

    def __init__(self, knowledge: Knowledge):
        self.knowledge = knowledge

    def name(self) -> str:
        return "action_ask_request_confirmed"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        dispatcher.utter_message(
            text="Her er din forespørgsel:\n"
            + summary(self.knowledge, tracker)
            + "\nSkal jeg sende den? Du kan også rette en oplysning, fx »nej, det var onsdag«.",
            buttons=[
                {"title": "Ja, send den", "payload": "/affirm"},
                {"title": "Stop", "payload": "/stop_request"},
            ],
        )
        return []


class StopRequest(Action):
    """Stop the form at any point; nothing is stored."""

    def name(self) -> str:
        return "action_stop_request"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        dispatcher.utter_message(text="Forespørgslen er stoppet, og intet er gemt. Spørg bare om andet.")
        return [ActiveLoop(None), SlotSet("requested_slot", None), *(SlotSet(s, None) for s in SLOTS)]


class SubmitRequest(Action):
    """Store the confirmed request and say what happens next; the form's slots are emptied."""

    def __init__(self, knowledge: Knowledge):
        self.knowledge = knowledge

    def name(self) -> str:
        return "action_submit_request"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        reset = [SlotSet(s, None) for s in SLOTS]
        if (
            tracker.get_slot("request_confirmed") is not True
            or tracker.get_slot("request_consent") is not True
        ):
            return reset  # consent refused: the form said so already; nothing is stored
        wanted = wanted_from_slots(tracker.get_slot("request_when"), tracker.get_slot("request_time"))
        reach = str(tracker.get_slot("request_reach") or "")
        now = _now()
        self.knowledge.requests.purge(retention(), now)
        request = Request(
            conversation_id=tracker.sender_id,
            kind=tracker.get_slot("request_kind"),
            cluster_id=tracker.get_slot("request_cluster"),
            office=tracker.get_slot("request_office"),
            wanted_at=wanted.start if wanted and wanted.at else None,
            wanted_day=wanted.day.isoformat() if wanted else None,
            name=tracker.get_slot("request_name"),
            email=reach if "@" in reach else None,
            phone=reach if "@" not in reach else None,
            company=tracker.get_slot("request_company"),
            topic=tracker.get_slot("request_topic"),
            consent_at=now,
        )
        stored = self.knowledge.requests.add(request, now)
        post_request(stored, self.knowledge.dataset, self.knowledge.staff)
        dispatcher.utter_message(
            text=f"Tak! Din forespørgsel er sendt (nr. {stored.id[:8]}). En medarbejder svarer dig på {reach}. "
            "Skriv »vis mine forespørgsler« for at se den, eller »slet mine data« for at slette den."
        )
        return reset


class MyRequests(Action):
    """A visitor's own requests, and only theirs: keyed on the conversation id the channel set."""

    def __init__(self, knowledge: Knowledge):
        self.knowledge = knowledge

    def name(self) -> str:
        return "action_my_requests"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        mine = self.knowledge.requests.mine(tracker.sender_id)
        if not mine:
            dispatcher.utter_message(text="Du har ingen gemte forespørgsler i denne samtale.")
            return []
        clusters = self.knowledge.dataset.clusters
        lines = [
            f"- nr. {r.id[:8]}: {KIND_NAMES.get(r.kind, r.kind)} hos "
            f"{clusters[r.cluster_id].name if r.cluster_id in clusters else '?'}, {_status_da(r.status)}"
            for r in mine
        ]
        dispatcher.utter_message(text="Dine forespørgsler:\n" + "\n".join(lines))
        return []


class DeleteMyData(Action):
    """ "slet mine data": every request and rating of this conversation is deleted."""

    def __init__(self, knowledge: Knowledge):
        self.knowledge = knowledge

    def name(self) -> str:
        return "action_delete_my_data"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        gone = self.knowledge.requests.delete_mine(tracker.sender_id)
        dispatcher.utter_message(
            text="Jeg har slettet dine data: dine forespørgsler og vurderinger fra denne samtale."
            if gone
            else "Der var ingen gemte data fra denne samtale at slette."
        )
        # Asked in the middle of the form, it ends the form too: nothing half-typed is kept.
        return [ActiveLoop(None), SlotSet("requested_slot", None), *(SlotSet(s, None) for s in SLOTS)]


class RateAnswer(Action):
    """A thumbs up or down from the widget, stored with the answer it rates and the conversation."""

    def __init__(self, knowledge: Knowledge):
        self.knowledge = knowledge

    def name(self) -> str:
        return "action_rate_answer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        values = [str(v) for v in _entity_values(tracker, "rating")]
        rating = 1 if "1" in values or "+1" in values else -1 if "-1" in values else 0
        answer = next((e.get("text") or "" for e in reversed(tracker.events) if e.get("event") == "bot"), "")
        if rating == 0 or not answer:
            dispatcher.utter_message(text="Brug tommelfingrene under et svar for at sige, om det hjalp.")
            return []
        self.knowledge.requests.rate(tracker.sender_id, rating, answer, _now())
        return []  # the widget shows the thumb as pressed; no answer needed


def _status_da(status: str) -> str:
    return {
        "open": "venter på en medarbejder",
        "taken": "en medarbejder har taget den",
        "handled": "færdigbehandlet",
    }.get(status, status)


class AskText(Action):
    """A form question that is the same for everyone (the Rasa form calls `action_ask_<slot>`)."""

    def __init__(self, slot: str, text: str, buttons: tuple[str, ...] = ()):
        self.slot, self.text, self.buttons = slot, text, buttons

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        # A button sends its title as text, so the NLU reads it as if typed.
        dispatcher.utter_message(
            text=self.text, buttons=[{"title": b, "payload": b} for b in self.buttons] or None
        )
        return []


QUESTIONS = (
    AskText("request_kind", "Hvad kan vi hjælpe med?", ("Et møde", "Låne en kontorplads", "Ring mig op")),
    AskText("request_when", "Hvilken dag passer dig? Skriv fx »på torsdag«, »3/12« eller »i morgen kl. 10«."),
    AskText("request_time", "Hvad tid passer dig? Skriv fx »kl. 10« eller »efter frokost«."),
    AskText("request_name", "Hvad er dit navn?"),
    AskText(
        "request_company",
        "Hvilken virksomhed eller organisation kommer du fra? Skriv »ingen«, hvis du spørger privat.",
    ),
    AskText("request_topic", "Hvad vil du gerne tale om? Et par ord er nok."),
)


class AskCluster(Action):
    """Which cluster the request is for, one button per living cluster."""

    def __init__(self, knowledge: Knowledge):
        self.knowledge = knowledge

    def name(self) -> str:
        return "action_ask_request_cluster"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        living = sorted(
            (c for c in self.knowledge.dataset.clusters.values() if c.ended is None), key=lambda c: c.name
        )
        dispatcher.utter_message(
            text="Hvilken klynge vil du i kontakt med?",
            buttons=[{"title": c.name, "payload": c.name} for c in living],
        )
        return []


class AskOffice(Action):
    """Which of the cluster's open offices, as buttons."""

    def __init__(self, knowledge: Knowledge):
        self.knowledge = knowledge

    def name(self) -> str:
        return "action_ask_request_office"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        cluster = self.knowledge.dataset.clusters.get(tracker.get_slot("request_cluster") or "")
        towns = office_towns(self.knowledge, tracker.get_slot("request_cluster"))
        if not towns:
            dispatcher.utter_message(text="Hvilken by vil du helst mødes i?")
            return []
        dispatcher.utter_message(
            text=f"Hvilket af {genitive(cluster.name)} kontorer passer dig?",
            buttons=[{"title": t, "payload": t} for t in towns]
            + [{"title": "Lige meget", "payload": "lige meget"}],
        )
        return []


class AskReach(Action):
    """How staff can reach the visitor: a phone for a call-back, else e-mail or phone."""

    def name(self) -> str:
        return "action_ask_request_reach"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        if tracker.get_slot("request_kind") == CALLBACK:
            dispatcher.utter_message(text="Hvilket telefonnummer skal vi ringe til?")
        else:
            dispatcher.utter_message(
                text="Hvordan kan en medarbejder svare dig? Skriv din e-mail eller dit telefonnummer."
            )
        return []


class AskConsent(Action):
    """Explicit consent to store the request, with how long it is kept and how to delete it."""

    def name(self) -> str:
        return "action_ask_request_consent"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        dispatcher.utter_message(
            text="Må vi gemme dine oplysninger, så en medarbejder kan svare dig? De bruges kun til denne "
            f"forespørgsel og slettes senest efter {retention().days} dage. Du kan altid skrive »slet mine data«.",
            buttons=[{"title": "Ja, det må I", "payload": "/affirm"}, {"title": "Nej", "payload": "/deny"}],
        )
        return []


def actions(knowledge: Knowledge) -> list[Action]:
    """The form's actions, for the action server to register."""
    return [
        ValidateRequestForm(knowledge),
        *QUESTIONS,
        AskCluster(knowledge),
        AskOffice(knowledge),
        AskReach(),
        AskConsent(),
        AskConfirmation(knowledge),
        SubmitRequest(knowledge),
        StopRequest(),
        MyRequests(knowledge),
        DeleteMyData(knowledge),
        RateAnswer(knowledge),
    ]
