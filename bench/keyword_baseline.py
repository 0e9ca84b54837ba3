"""Baseline: a plain keyword matcher. Intents come from a small keyword table, entities from exact
dictionary lookup of the names and words the dataset and gazetteer define.

The dictionaries are the generated lookup tables the Rasa models are trained with
(build/nlu-lookups/lookups.yml: cluster names, area vocabulary with inflections, place names, the
postcode pattern), so the baseline knows every name the bot knows and nothing of how people phrase
things. For end-to-end answers `KeywordBot` runs Klyngebot's own actions (actions/ → bot/answers)
on what it understood, following data/rules.yml, so that only the understanding differs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

import yaml

from bot.text import fold

ROOT = Path(__file__).resolve().parent.parent
LOOKUPS = ROOT / "build" / "nlu-lookups" / "lookups.yml"
NAME = "KeywordBaseline"  # the extractor name its entities carry in evaluations

# (intent, cues, entity needed): the first row with a cue in the message wins. Cues are whole words
# compared after folding ("naermeste" is "nærmeste"); "_" joins the words of a phrase and a trailing
# "*" takes any ending ("kontor*" matches "kontorer"). Specific questions come before general ones,
# and small talk last, because "hej, hvilken klynge …" is a question.
INTENT_CUES: tuple[tuple[str, str, str], ...] = (
    ("ask_nearest_office", "nærmeste* nærmest tættest* nærheden tæt_på", ""),
    (
        "ask_funding",
        "penge* støtte* bevilling* tilskud* finansier* millioner mio kroner midler budget* betaler " "koster",
        "",
    ),
    ("ask_count", "hvor_mange antal antallet", ""),
    ("ask_strongholds", "styrkeposition* spirende", ""),
    (
        "ask_contact",
        "kontakt* mail* e-mail* email* telefon* telefonnummer* tlf ring ringe hjemmeside* "
        "website* link* netadresse* fat_i medlem* skrive_til",
        "",
    ),
    ("ask_history", "ændret ændring* sket historie* faldet slået_sammen lagt_sammen kun_13 nye_klynger", ""),
    ("ask_status", "stadig stadigvæk aktiv nedlagt lukket konkurs eksisterer ophørt", ""),
    (
        "ask_programme",
        "udpeg* klyngeprogram* programmet innovationskraft myndighed ordningen formål* hvad_er_en "
        "klyngeorganisation* erhvervsklynge* klyngeindsats* periode*",
        "",
    ),
    ("ask_clusters_in_place", "klynger klyngerne klyngekontor*", "town postcode"),
    (
        "list_clusters",
        "alle_klynger* alle_de liste* oversigt* samtlige hvilke_klynger hvilke_nationale_klynger "
        "hedder nævn",
        "",
    ),
    (
        "ask_offices",
        "kontor* adresse* hovedsæde* hovedkontor* ligger sidder holder_til placeret hub* " "afdeling*",
        "",
    ),
    ("ask_cluster_for_area", "hvilken_klynge hvem_dækker klynge_for hører_under hører_til passer_til", ""),
    ("ask_cluster_info", "hvad_er hvad_laver fortæl* direktør* formand* chef* leder*", ""),
    ("inform", "hvad_med og_i og_hvad samme i_stedet bor_i mit_postnummer", ""),
    ("bot_challenge", "bot chatbot chatgpt menneske person sprogmodel automatisk er_du_en hvem_er_du", ""),
    (
        "ask_capabilities",
        "hvad_kan_du hvad_kan_jeg hjælp hjælpe_mig hvad_ved_du spørge_om eksempl* "
        "hvordan_virker bruge_dig",
        "",
    ),
    ("thank", "tak tusind_tak tusindtak mange_tak", ""),
    ("goodbye", "farvel vi_ses ses bye snakkes godnat hejhej smutter god_aften hav_en_god", ""),
    ("greet", "hej hejsa goddag hallo halløj davs dav godmorgen god_morgen godaften mojn hey", ""),
    ("affirm", "ja jep jo jah yes korrekt præcis", ""),
    ("deny", "nej nope forkert", ""),
)
# Without a cue, the entities decide; a message of a few words that only names something is a follow-up.
BY_ENTITY = (
    ("area", "ask_cluster_for_area"),
    ("cluster", "ask_cluster_info"),
    ("town", "ask_nearest_office"),
    ("postcode", "ask_nearest_office"),
)
FOLLOW_UP_WORDS = 3
DEFAULT_INTENT = "out_of_scope"
ENTITY_ORDER = ("cluster", "area", "town", "postcode")  # which type wins a tie for the same words

_TOKEN = re.compile(r"[^\W_]+|[^\w\s]")  # words and single punctuation marks, so names match as written
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Entity:
    entity: str
    start: int
    end: int
    value: str

    def as_dict(self) -> dict:
        return {
            "entity": self.entity,
            "start": self.start,
            "end": self.end,
            "value": self.value,
            "extractor": NAME,
        }


@dataclass(frozen=True)
class Parse:
    text: str
    intent: str
    entities: tuple[Entity, ...]
    tokens: tuple[tuple[int, int], ...]  # (start, end) of each word, for token-level entity evaluation


def _tokens(text: str) -> list[re.Match]:
    return list(_TOKEN.finditer(text))


def _key(text: str) -> tuple[str, ...]:
    return tuple(match.group().casefold() for match in _TOKEN.finditer(text))


class Lexicon:
    """Exact, case-insensitive lookup of whole names (token sequences) and of regex patterns."""

    def __init__(
        self, names: Mapping[str, Iterable[str]], patterns: Mapping[str, Iterable[str]] | None = None
    ):
        self.index: dict[tuple[str, ...], str] = {}
        for entity in sorted(names, key=_rank):
            for name in names[entity]:
                key = _key(name)
                if key:
                    self.index.setdefault(key, entity)  # a name that is a cluster's stays the cluster's
        self.longest = max((len(key) for key in self.index), default=0)
        self.patterns = [(entity, re.compile(p)) for entity, ps in (patterns or {}).items() for p in ps]

    @classmethod
    def from_lookups(cls, path: Path = LOOKUPS) -> "Lexicon":
        """The lookup tables and regexes of Rasa's generated NLU file."""
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        names: dict[str, list[str]] = {}
        patterns: dict[str, list[str]] = {}
        for entry in document.get("nlu") or []:
            target = names if "lookup" in entry else patterns if "regex" in entry else None
            if target is not None:
                rows = [line[2:].strip() for line in entry["examples"].splitlines() if line.startswith("- ")]
                target.setdefault(entry.get("lookup") or entry["regex"], []).extend(rows)
        return cls(names, patterns)

    def find(self, text: str) -> list[Entity]:
        """Every name and pattern in the text; where matches overlap, the longest (then the cluster) wins."""
        tokens = _tokens(text)
        keys = [token.group().casefold() for token in tokens]
        found = []
        for start in range(len(tokens)):
            for length in range(min(self.longest, len(tokens) - start), 0, -1):
                entity = self.index.get(tuple(keys[start : start + length]))
                if entity:
                    found.append(
                        Entity(
                            entity,
                            tokens[start].start(),
                            tokens[start + length - 1].end(),
                            text[tokens[start].start() : tokens[start + length - 1].end()],
                        )
                    )
                    break
        for entity, pattern in self.patterns:
            found += [Entity(entity, m.start(), m.end(), m.group()) for m in pattern.finditer(text)]
        chosen: list[Entity] = []
        for candidate in sorted(found, key=lambda e: (e.start - e.end, _rank(e.entity), e.start)):
            if all(candidate.end <= e.start or candidate.start >= e.end for e in chosen):
                chosen.append(candidate)
        return sorted(chosen, key=lambda e: e.start)


def _rank(entity: str) -> int:
    return ENTITY_ORDER.index(entity) if entity in ENTITY_ORDER else len(ENTITY_ORDER)


@dataclass(frozen=True)
class Cue:
    words: tuple[str, ...]  # folded; the last may end in "*"

    @classmethod
    def parse(cls, cue: str) -> "Cue":
        return cls(
            tuple(fold(word) if not word.endswith("*") else fold(word[:-1]) + "*" for word in cue.split("_"))
        )

    def found_in(self, words: list[str]) -> bool:
        size = len(self.words)
        return any(
            all(_same(cue, word) for cue, word in zip(self.words, words[i : i + size], strict=False))
            for i in range(len(words) - size + 1)
        )


def _same(cue: str, word: str) -> bool:
    return word.startswith(cue[:-1]) if cue.endswith("*") else word == cue


@dataclass(frozen=True)
class KeywordNLU:
    """Intent by the first matching row of a cue table, entities by exact lookup."""

    lexicon: Lexicon
    table: tuple[tuple[str, tuple[Cue, ...], frozenset[str]], ...] = field(default=())

    @classmethod
    def build(cls, lexicon: Lexicon, cues: Iterable[tuple[str, str, str]] = INTENT_CUES) -> "KeywordNLU":
        table = tuple(
            (intent, tuple(Cue.parse(cue) for cue in words.split()), frozenset(needs.split()))
            for intent, words, needs in cues
        )
        return cls(lexicon, table)

    @classmethod
    def load(cls, path: Path = LOOKUPS) -> "KeywordNLU":
        return cls.build(Lexicon.from_lookups(path))

    def parse(self, text: str) -> Parse:
        entities = tuple(self.lexicon.find(text))
        words = [fold(word) for word in _WORD.findall(text)]
        tokens = tuple((m.start(), m.end()) for m in _WORD.finditer(text))
        return Parse(text, self.intent(words, {e.entity for e in entities}), entities, tokens)

    def intent(self, words: list[str], entity_types: set[str]) -> str:
        for intent, cues, needs in self.table:
            if (not needs or needs & entity_types) and any(cue.found_in(words) for cue in cues):
                return intent
        if entity_types and len(words) <= FOLLOW_UP_WORDS:
            return "inform"
        return next((intent for entity, intent in BY_ENTITY if entity in entity_types), DEFAULT_INTENT)


# -- end to end: Klyngebot's own actions on what the keyword matcher understood -------------------------
def rules_by_intent(path: Path = ROOT / "data" / "rules.yml") -> dict[str, list[str]]:
    """intent -> the actions its rule runs, from the one-question rules of data/rules.yml."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = {}
    for rule in document.get("rules") or []:
        steps = rule.get("steps") or []
        if steps and "intent" in steps[0] and all("action" in step for step in steps[1:]):
            found.setdefault(steps[0]["intent"], [step["action"] for step in steps[1:]])
    return found


def response_texts(path: Path = ROOT / "domain.yml") -> dict[str, str]:
    """utter_… -> the first text of that response in the domain."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        name: (variants[0].get("text") or "") for name, variants in (document.get("responses") or {}).items()
    }


class KeywordBot:
    """Klyngebot's actions and responses, driven by the keyword matcher instead of Rasa."""

    def __init__(self, nlu: KeywordNLU):
        # Imported here: the actions load the dataset and gazetteer, as actions/server.py does.
        from actions.base import all_actions
        from actions.knowledge import Knowledge

        self.nlu = nlu
        self.actions = {a.name(): a for a in all_actions(Knowledge.load())}
        self.rules = rules_by_intent()
        self.responses = response_texts()

    def conversation(self) -> "KeywordConversation":
        return KeywordConversation(self)


class KeywordConversation:
    """One user's conversation: slots carry over from answer to answer, as the actions set them."""

    def __init__(self, bot: KeywordBot):
        self.bot, self.slots = bot, {}

    def ask(self, text: str) -> str:
        from rasa_sdk import Tracker
        from rasa_sdk.executor import CollectingDispatcher

        parse = self.bot.nlu.parse(text)
        replies = []
        for name in self.bot.rules.get(parse.intent, ["action_fallback"]):
            if name.startswith("utter_"):
                replies.append(self.bot.responses.get(name, ""))
                continue
            tracker = Tracker(
                "keyword-baseline",
                dict(self.slots),
                {
                    "text": text,
                    "intent": {"name": parse.intent, "confidence": 1.0},
                    "entities": [e.as_dict() for e in parse.entities],
                },
                [],
                False,
                None,
                {},
                None,
            )
            dispatcher = CollectingDispatcher()
            events = self.bot.actions[name].run(dispatcher, tracker, {})
            for event in events or []:
                if event.get("event") == "slot":
                    self.slots[event["name"]] = event["value"]
            replies += [
                m.get("text") or self.bot.responses.get(m.get("response") or "", "")
                for m in dispatcher.messages
            ]
        return "\n".join(reply for reply in replies if reply)
