"""actions/request_form.py: the request form keeps what was said, asks for the rest, takes
corrections, refuses closed and passed times, and stores only a confirmed request."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime

import pytest
from rasa.shared.core.domain import Domain
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import request_form
from actions.request_form import SLOTS
from bot.meeting_time import ZONE
from tests.conftest import TODAY, knowledge, make_tracker

NOW = datetime(TODAY.year, TODAY.month, TODAY.day, 9, 0, tzinfo=ZONE)  # Friday 27 November 2026, 9.00
DOMAIN = Domain.load("domain.yml").as_dict()


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch):
    monkeypatch.setattr(request_form, "_now", lambda: NOW)


@pytest.fixture
def form_knowledge(store):
    return replace(knowledge(), requests=store)


def _form_turn(text, slots=None, intent="request_contact", requested=None, mapped=None, sender="visitor-1"):
    """One turn of the form: the validation action run on `text`; the slots it sets, what it said.
    `mapped`: what Rasa's own slot mappings (from_text, from_intent) set before calling it."""
    tracker = make_tracker(
        text=text, intent=intent, slots={**(slots or {}), **(mapped or {}), "requested_slot": requested}
    )
    events = [
        {"event": "user", "text": text},
        *({"event": "slot", "name": k, "value": v} for k, v in (mapped or {}).items()),
    ]
    tracker = Tracker(
        sender, tracker.slots, tracker.latest_message, events, False, None, {"name": "request_form"}, None
    )
    dispatcher = CollectingDispatcher()
    events = asyncio.run(request_form.ValidateRequestForm(knowledge()).run(dispatcher, tracker, DOMAIN))
    set_slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    return set_slots, [m.get("text") or "" for m in dispatcher.messages]


FILLED = {
    "request_kind": "meeting",
    "request_cluster": "energy-cluster-denmark",
    "request_office": "Esbjerg",
    "request_when": "2026-12-03",
    "request_time": "10:00",
    "request_name": "Mette Jensen",
    "request_reach": "mette@example.dk",
    "request_company": "Vindmøller A/S",
    "request_topic": "Test af vinger",
    "request_consent": True,
}


def test_one_sentence_fills_kind_cluster_office_day_and_time():
    slots, said = _form_turn("Jeg vil gerne mødes med Energy Cluster Denmark i Esbjerg på torsdag kl. 10")
    assert slots["request_kind"] == "meeting" and slots["request_cluster"] == "energy-cluster-denmark"
    assert slots["request_office"] == "Esbjerg"
    assert (slots["request_when"], slots["request_time"]) == ("2026-12-03", "10:00") and said == []


def test_the_cluster_talked_about_is_kept_and_a_one_office_cluster_needs_no_choice():
    slots, _ = _form_turn("kan jeg låne en kontorplads?", slots={"cluster": "danish-sound-cluster"})
    assert slots["request_kind"] == "desk" and slots["request_cluster"] == "danish-sound-cluster"
    assert slots["request_office"] == "Struer" and "request_when" not in slots


def test_a_callback_needs_no_office_and_a_desk_no_time():
    callback, _ = _form_turn("kan nogen ringe mig op?", slots={"cluster": "clean"})
    assert "request_office" not in callback and callback["requested_slot"] == "request_when"
    desk, _ = _form_turn("låne en kontorplads hos Food & Bio Cluster Denmark på tirsdag")
    assert desk["request_when"] == "2026-12-01" and desk.get("request_time") is None
    assert desk["requested_slot"] == "request_office"  # several offices to choose from


def test_an_office_the_cluster_lacks_is_refused_with_its_offices():
    slots, said = _form_turn("Jeg vil gerne mødes med Energy Cluster Denmark i Skagen")
    assert slots.get("request_office") is None and "Esbjerg" in said[0]


ASKED_FOR_OFFICE = {"request_kind": "meeting", "request_cluster": "energy-cluster-denmark"}


def test_an_answer_that_is_no_office_is_told_so_with_the_choices():
    slots, said = _form_turn(
        "Anders Holm", slots=ASKED_FOR_OFFICE, intent="inform", requested="request_office"
    )
    assert slots.get("request_office") is None
    assert "»Anders Holm«" in said[0] and "Esbjerg" in said[0] and "lige meget" in said[0]


def test_any_office_will_do_lets_the_cluster_choose():
    slots, said = _form_turn(
        "lige meget", slots=ASKED_FOR_OFFICE, intent="inform", requested="request_office"
    )
    assert slots["request_office"] == request_form.ANY_OFFICE_VALUE and said == []


def test_a_cluster_answer_that_is_no_cluster_is_told_so_and_a_name_begun_is_enough():
    asked = {"request_kind": "meeting"}
    slots, said = _form_turn("Aarhus", slots=asked, intent="inform", requested="request_cluster")
    assert slots.get("request_cluster") is None and "»Aarhus«" in said[0]
    slots, said = _form_turn("food & bio", slots=asked, intent="inform", requested="request_cluster")
    assert slots["request_cluster"] == "food-bio-cluster-denmark" and said == []


def test_a_day_answer_with_no_day_is_told_so():
    asked = {**ASKED_FOR_OFFICE, "request_office": "Esbjerg"}
    slots, said = _form_turn("Aarhus", slots=asked, intent="inform", requested="request_when")
    assert slots.get("request_when") is None and "»Aarhus«" in said[0] and "på torsdag" in said[0]


def test_a_town_alone_is_no_name_and_an_answer_without_e_mail_or_phone_is_told_so():
    asked = {**FILLED, "request_cluster": "danish-sound-cluster", "request_office": "Struer"}
    asked.update(request_name=None, request_reach=None)
    slots, said = _form_turn(
        "Struer", slots=asked, intent="inform", requested="request_name", mapped={"request_name": "Struer"}
    )
    assert slots.get("request_name") is None and "lyder som en by" in said[0]
    slots, said = _form_turn(
        "Ib Larsen",
        slots=asked,
        intent="inform",
        requested="request_name",
        mapped={"request_name": "Ib Larsen"},
    )
    assert slots["request_name"] == "Ib Larsen"
    asked["request_name"] = "Ib Larsen"
    slots, said = _form_turn("Ib Larsen", slots=asked, intent="out_of_scope", requested="request_reach")
    assert slots.get("request_reach") is None and "e-mail eller et telefonnummer" in said[0]


def test_stop_at_the_office_question_is_no_office():
    slots, said = _form_turn(
        "stop", slots=ASKED_FOR_OFFICE, intent="stop_request", requested="request_office"
    )
    assert slots.get("request_office") is None and said == []


@pytest.mark.parametrize(
    "text, reason_words",
    [("på lørdag kl. 10", "weekenden"), ("25. december kl. 10", "juledag"), ("i dag kl. 8", "passeret")],
)
def test_closed_and_passed_times_are_refused_with_a_suggestion(text, reason_words):
    slots, said = _form_turn(
        text,
        slots={**FILLED, "request_when": None, "request_time": None},
        intent="inform",
        requested="request_when",
    )
    assert slots["request_when"] is None and reason_words in said[0] and "Hvad med" in said[0]


def test_a_time_outside_working_hours_keeps_the_day():
    slots, said = _form_turn(
        "kl. 22", slots={**FILLED, "request_time": None}, intent="inform", requested="request_time"
    )
    assert slots["request_time"] is None and slots.get("request_when", "2026-12-03") == "2026-12-03"
    assert "mellem kl. 8 og 17" in said[0]


def test_a_correction_at_the_summary_changes_the_day_and_shows_the_summary_again():
    slots, _ = _form_turn(
        "nej, det var fredag", FILLED, "deny", "request_confirmed", mapped={"request_confirmed": False}
    )
    assert slots["request_when"] == "2026-12-04" and slots["request_time"] == "10:00"
    assert slots["request_confirmed"] is None


def test_a_correction_is_not_taken_for_a_name():
    slots, _ = _form_turn(
        "nej, det var onsdag",
        {**FILLED, "request_name": None},
        "deny",
        "request_name",
        mapped={"request_name": "nej, det var onsdag"},
    )
    assert slots["request_name"] is None and slots["request_when"] == "2026-12-02"


def test_a_callback_wants_a_phone_not_an_e_mail():
    slots, said = _form_turn(
        "ole@x.dk",
        slots={**FILLED, "request_kind": "callback", "request_reach": None},
        intent="inform",
        requested="request_reach",
    )
    assert slots["request_reach"] is None and "telefonnummer" in said[0]
    slots, _ = _form_turn(
        "22 33 44 55",
        slots={**FILLED, "request_kind": "callback", "request_reach": None},
        intent="inform",
        requested="request_reach",
    )
    assert slots["request_reach"] == "+45 22 33 44 55"


def test_no_consent_stores_nothing_and_ends_the_form():
    slots, said = _form_turn("nej", FILLED, "deny", "request_consent", mapped={"request_consent": False})
    assert all(slots.get(s) is None for s in SLOTS) and "gemmer jeg ikke" in said[0]


def _run(action, slots, sender="visitor-1"):
    tracker = Tracker(sender, slots, {"text": "ja", "intent": {"name": "affirm"}}, [], False, None, {}, None)
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, DOMAIN)
    return events, "\n".join(m.get("text") or "" for m in dispatcher.messages)


def test_a_confirmed_request_is_stored_listed_and_deleted_for_its_visitor_only(form_knowledge, store):
    _, said = _run(request_form.SubmitRequest(form_knowledge), {**FILLED, "request_confirmed": True})
    (stored,) = store.mine("visitor-1")
    assert stored.id[:8] in said and stored.email == "mette@example.dk" and stored.office == "Esbjerg"
    assert stored.wanted_at == datetime(2026, 12, 3, 10, 0, tzinfo=ZONE)
    assert stored.consent_at == NOW

    _, listed = _run(request_form.MyRequests(form_knowledge), {})
    assert stored.id[:8] in listed and "Energy Cluster Denmark" in listed
    _, other = _run(request_form.MyRequests(form_knowledge), {}, sender="visitor-2")
    assert stored.id[:8] not in other and "ingen gemte" in other

    _, deleted = _run(request_form.DeleteMyData(form_knowledge), {})
    assert "slettet" in deleted and store.mine("visitor-1") == []


def test_nothing_is_stored_without_consent_and_confirmation(form_knowledge, store):
    _run(
        request_form.SubmitRequest(form_knowledge),
        {**FILLED, "request_consent": None, "request_confirmed": True},
    )
    _run(request_form.SubmitRequest(form_knowledge), {**FILLED, "request_confirmed": False})
    assert store.mine("visitor-1") == []


def test_stop_clears_every_slot_and_the_form():
    events, said = _run(request_form.StopRequest(), FILLED)
    assert {"event": "active_loop", "name": None} in [
        {k: e.get(k) for k in ("event", "name")} for e in events
    ]
    assert all(e["value"] is None for e in events if e.get("event") == "slot") and "intet er gemt" in said
