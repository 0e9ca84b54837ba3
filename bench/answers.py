"""End-to-end answer accuracy: bench/questions.yml asked of a bot; the share of answers holding
every expected fact. Facts are references into the dataset, resolved here at run time."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Iterable

import yaml

from bot.text import fold, words

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = Path(__file__).resolve().parent / "questions.yml"
HARD_QUESTIONS = Path(__file__).resolve().parent / "hard_questions.yml"
SEEN = [ROOT / "tests" / "nlu" / "test_nlu.yml", *sorted((ROOT / "data" / "nlu").glob("*.yml"))]
_ANNOTATION = re.compile(r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\{[^}]*\}")


@dataclass(frozen=True)
class Fact:
    label: str  # "town: headquarters-of:clean", as written in questions.yml
    alternatives: tuple[str, ...]  # the answer must contain one of them

    def found_in(self, answer: str) -> bool:
        return any(contains(answer, text) for text in self.alternatives)


@dataclass(frozen=True)
class Question:
    ask: str
    intent: str
    facts: tuple[Fact, ...]
    before: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outcome:
    question: Question
    answer: str
    missing: tuple[str, ...] = field(default=())

    @property
    def right(self) -> bool:
        return not self.missing


def contains(answer: str, text: str) -> bool:
    """Whether the answer holds the text as written, not inside a longer word or number
    ("14" is not in "2014"; "Energy Cluster Denmarks" holds "Energy Cluster Denmark")."""
    head = r"(?<!\w)" if text[:1].isalnum() else ""
    tail = r"(?:'?s)?(?!\w)" if text[-1:].isalpha() else r"(?![\d])" if text[-1:].isdigit() else ""
    return re.search(head + re.escape(text) + tail, answer) is not None


# -- facts ----------------------------------------------------------------------------------------
class Facts:
    """Turns the references of questions.yml into the texts an answer must hold."""

    def __init__(self, dataset, gazetteer, today: date | None = None):
        self.dataset, self.gazetteer, self.today = dataset, gazetteer, today or date.today()

    def resolve(self, kind: str, value: str) -> Fact:
        label = f"{kind}: {value}"
        resolver: Callable[[str], tuple[str, ...]] | None = getattr(self, f"_{kind}", None)
        if resolver is None:
            raise ValueError(f"questions.yml: unknown fact kind {kind!r} in {label!r}")
        return Fact(label, resolver(str(value)))

    def _cluster_of(self, cluster_id: str):
        try:
            return self.dataset.clusters[cluster_id]
        except KeyError:
            raise ValueError(f"questions.yml: no cluster {cluster_id!r} in the dataset") from None

    def _cluster(self, value: str) -> tuple[str, ...]:
        # "a|b": either cluster is a right answer (a trade two clusters could claim)
        return tuple(name for one in value.split("|") for name in self._cluster_of(one).names)

    def _website(self, value: str) -> tuple[str, ...]:
        cluster = self._cluster_of(value)
        if cluster.website is None:
            raise ValueError(f"questions.yml: {value} has no website in the dataset")
        return (cluster.website.value,)

    def _description(self, value: str) -> tuple[str, ...]:
        description = self._cluster_of(value).description
        if description is None:
            raise ValueError(f"questions.yml: {value} has no description in the dataset")
        return (" ".join(description.value.split()[:6]),)

    def _leader(self, value: str) -> tuple[str, ...]:
        people = self._cluster_of(value).people
        if not people:
            raise ValueError(f"questions.yml: {value} has no people in the dataset")
        return (people[0].name,)

    def _text(self, value: str) -> tuple[str, ...]:
        return (value,)

    def _town(self, value: str) -> tuple[str, ...]:
        kind, _, rest = value.partition(":")
        if kind == "headquarters-of" and rest:
            office = self._cluster_of(rest).headquarters
            if office is None or not office.town:
                raise ValueError(f"questions.yml: {rest} has no headquarters town in the dataset")
            return (office.town,)
        if kind == "nearest-office-from" and rest:
            return (self.nearest_office_town(*rest.split("@", 1)),)
        return (value,)

    def nearest_office_town(self, place: str, cluster_id: str | None = None) -> str:
        from bot.geo import distance_km

        resolution = self.gazetteer.resolve(place)
        if resolution.status != "found":
            raise ValueError(f"questions.yml: the gazetteer does not find one place for {place!r}")
        origin = resolution.places[0]
        offices = [
            (o, self.gazetteer.town(o.town))
            for o in self.dataset.offices(self.today)
            if cluster_id is None or o.cluster_id == self._cluster_of(cluster_id).id
        ]
        located = [(distance_km(origin, where), o.town) for o, where in offices if where is not None]
        if not located:
            raise ValueError(
                f"questions.yml: no open office with a known town for {cluster_id or 'any cluster'}"
            )
        return min(located)[1]


def load(path: Path = QUESTIONS, facts: Facts | None = None) -> list[Question]:
    """The questions with their facts resolved (the dataset and gazetteer are loaded when not given)."""
    if facts is None:
        from bot import dataset as dataset_module
        from bot.geo import Gazetteer

        facts = Facts(dataset_module.load(), Gazetteer.load())
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    questions = []
    for entry in document.get("questions") or []:
        resolved = []
        for kind, values in (entry.get("expect") or {}).items():
            if kind == "cluster" and values == "all":
                values = sorted(facts.dataset.clusters)
            resolved += [facts.resolve(kind, v) for v in (values if isinstance(values, list) else [values])]
        if not resolved:
            raise ValueError(f"questions.yml: {entry.get('ask')!r} expects nothing")
        questions.append(
            Question(entry["ask"], entry.get("intent", ""), tuple(resolved), tuple(entry.get("before") or ()))
        )
    return questions


# -- leakage --------------------------------------------------------------------------------------
def _normal(text: str) -> str:
    return " ".join(fold(w) for w in words(text))


def seen_utterances(paths: Iterable[Path] = SEEN) -> set[str]:
    """Every training and held-out utterance, annotations removed and spelling normalised."""
    seen = set()
    for path in paths:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for entry in document.get("nlu") or []:
            for line in str(entry.get("examples") or "").splitlines():
                if line.strip().startswith("- "):
                    plain = _ANNOTATION.sub(lambda m: m.group(1) or m.group(2) or "", line.strip()[2:])
                    seen.add(_normal(plain))
    return seen


def leaked(questions: list[Question], seen: set[str]) -> list[Question]:
    """The questions (or their lead-in messages) that appear in the training or held-out data."""
    return [q for q in questions if any(_normal(text) in seen for text in (q.ask, *q.before))]


# -- asking ---------------------------------------------------------------------------------------
def judge(question: Question, answer: str) -> Outcome:
    return Outcome(question, answer, tuple(f.label for f in question.facts if not f.found_in(answer)))


def accuracy(outcomes: list[Outcome]) -> float:
    return sum(o.right for o in outcomes) / len(outcomes) if outcomes else 0.0


def by_intent(outcomes: list[Outcome]) -> dict[str, tuple[int, int]]:
    """intent -> (right, asked)."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for outcome in outcomes:
        counts[outcome.question.intent][0] += outcome.right
        counts[outcome.question.intent][1] += 1
    return {intent: (right, asked) for intent, (right, asked) in sorted(counts.items())}


async def ask_over_rest(url: str, questions: list[Question], timeout: float = 60) -> list[Outcome]:
    """Each question in a conversation of its own, over the REST channel, one after the other."""
    import uuid

    import aiohttp

    from bench.load import RestError, post

    outcomes = []
    async with aiohttp.ClientSession() as session:
        for question in questions:
            sender = f"bench-answers-{uuid.uuid4()}"
            try:
                for message in question.before:
                    await post(session, url, sender, message, timeout)
                replies = await post(session, url, sender, question.ask, timeout)
            except RestError as error:  # counted as a wrong answer, and said why
                outcomes.append(judge(question, f"(no answer: {error})"))
                continue
            outcomes.append(judge(question, "\n".join(_shown(r) for r in replies)))
    return outcomes


def _shown(reply: dict) -> str:
    """What a user sees of one reply: its text and the titles of its buttons."""
    return "\n".join([reply.get("text") or "", *(b.get("title", "") for b in reply.get("buttons") or [])])


def ask_keyword_bot(bot, questions: list[Question]) -> list[Outcome]:
    """The same questions of the keyword baseline (bench.keyword_baseline.KeywordBot), in process."""
    outcomes = []
    for question in questions:
        conversation = bot.conversation()
        for message in question.before:
            conversation.ask(message)
        outcomes.append(judge(question, conversation.ask(question.ask)))
    return outcomes


def as_records(outcomes: list[Outcome]) -> list[dict]:
    return [
        {
            "ask": o.question.ask,
            "intent": o.question.intent,
            "right": o.right,
            "missing": list(o.missing),
            "answer": o.answer,
        }
        for o in outcomes
    ]
