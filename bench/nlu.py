"""NLU on the held-out test set and its robustness slices, scored by Rasa's own evaluation code.

Run once per system, in a process of its own (a Rasa model holds a TensorFlow graph):

    python -m bench.nlu --model build/bench/models/ours/klyngebot.tar.gz --out build/bench/nlu/ours
    python -m bench.nlu --keyword --out build/bench/nlu/keyword

Writes OUT/scores.json (per slice: intent accuracy and macro-F1, entity precision/recall/F1; the
weakest intents with what they were confused with) and, for the full set, Rasa's own
intent_report.json, <system>_report.json and error files as `rasa test nlu` writes them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import time
import warnings
from collections import Counter, defaultdict
from pathlib import Path
from typing import Awaitable, Callable

from bench.heldout import Example, load, slices

Parser = Callable[[str], Awaitable[dict]]  # text -> Rasa's parse result (intent, entities, text_tokens)
SUMMARY_KEYS = ("accuracy", "macro avg", "weighted avg", "micro avg")
WORST = 5


async def predict(parse: Parser, examples: tuple[Example, ...], system: str):
    """Rasa's IntentEvaluationResult and EntityEvaluationResult for each example, as `rasa test nlu`
    makes them (a FallbackClassifier prediction is undone to show the intent it shadowed)."""
    from rasa.nlu.classifiers import fallback_classifier
    from rasa.nlu.test import EntityEvaluationResult, IntentEvaluationResult

    intents, entities = [], []
    for example in examples:
        result = await parse(example.text)
        if fallback_classifier.is_fallback_classifier_prediction(result):
            result = fallback_classifier.undo_fallback_prediction(result)
        intent = result.get("intent") or {}
        intents.append(
            IntentEvaluationResult(example.intent, intent.get("name"), example.text, intent.get("confidence"))
        )
        # One name for all of a system's extractors, so the system is scored as a whole.
        predicted = [{**e, "extractor": system} for e in result.get("entities") or []]
        entities.append(
            EntityEvaluationResult(
                [dict(e) for e in example.entities], predicted, result.get("text_tokens") or [], example.text
            )
        )
    return intents, entities


def score(intents, entities, system: str, out: Path | None = None) -> tuple[dict, dict]:
    """Intent accuracy and macro-F1, entity micro precision/recall/F1 (None without gold entities),
    and Rasa's intent report."""
    from rasa.nlu.test import evaluate_entities, evaluate_intents

    folder = str(out) if out else None
    intent = evaluate_intents(
        intents, folder, successes=False, errors=bool(out), disable_plotting=True, report_as_dict=True
    )
    scores = {
        "n": len(intents),
        "intent_accuracy": intent["accuracy"],
        "intent_macro_f1": intent["report"]["macro avg"]["f1-score"],
        "entities": sum(len(r.entity_targets) for r in entities),
        "entity_precision": None,
        "entity_recall": None,
        "entity_f1": None,
    }
    if scores["entities"]:
        report = evaluate_entities(
            entities,
            {system},
            folder,
            successes=False,
            errors=bool(out),
            disable_plotting=True,
            report_as_dict=True,
        )[system]["report"]
        average = report.get("micro avg") or report["weighted avg"]
        scores.update(
            entity_precision=average["precision"],
            entity_recall=average["recall"],
            entity_f1=average["f1-score"],
        )
    return scores, intent["report"]


def worst_intents(report: dict, intents, count: int = WORST) -> list[dict]:
    """The intents with the lowest F1 (ties: the larger first), with their row and column of the
    confusion matrix: what their utterances were taken for, and which utterances were taken for them."""
    confusion: dict[str, Counter] = defaultdict(Counter)
    for result in intents:
        confusion[result.intent_target][result.intent_prediction or "(none)"] += 1
    rows = []
    for name, r in report.items():
        if name in SUMMARY_KEYS or not isinstance(r, dict) or not r.get("support"):
            continue
        rows.append(
            {
                "intent": name,
                "f1": r["f1-score"],
                "precision": r["precision"],
                "recall": r["recall"],
                "support": int(r["support"]),
                "predicted_as": _most(confusion[name], skip=name),
                "taken_from": _most(
                    Counter({t: c[name] for t, c in confusion.items() if c[name]}), skip=name
                ),
            }
        )
    return sorted(rows, key=lambda row: (row["f1"], -row["support"], row["intent"]))[:count]


def _most(counts: Counter, skip: str) -> dict[str, int]:
    return {label: n for label, n in counts.most_common() if label != skip}


def per_intent_f1(report: dict) -> dict[str, float]:
    return {
        name: r["f1-score"]
        for name, r in report.items()
        if name not in SUMMARY_KEYS and isinstance(r, dict) and r.get("support")
    }


async def evaluate(parse: Parser, system: str, out: Path) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    result = {"system": system, "slices": {}}
    for piece in slices(load()):
        intents, entities = await predict(parse, piece.examples, system)
        full = piece.id == "all"
        scores, report = score(intents, entities, system, out if full else None)
        result["slices"][piece.id] = {"title": piece.title, "how": piece.how, **scores}
        if full:
            result["worst_intents"] = worst_intents(report, intents)
            result["intent_f1"] = per_intent_f1(report)
    result["seconds"] = time.monotonic() - started
    (out / "scores.json").write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    return result


# -- the systems ----------------------------------------------------------------------------------
def rasa_parser(model: Path) -> Parser:
    from rasa.core.agent import Agent
    from rasa.core.channels.channel import UserMessage

    processor = Agent.load(model_path=str(model)).processor

    async def parse(text: str) -> dict:
        return await processor.parse_message(UserMessage(text=text), only_output_properties=False)

    return parse


def keyword_parser() -> Parser:
    from rasa.nlu.tokenizers.tokenizer import Token

    from bench.keyword_baseline import KeywordNLU

    nlu = KeywordNLU.load()

    async def parse(text: str) -> dict:
        found = nlu.parse(text)
        return {
            "text": text,
            "intent": {"name": found.intent, "confidence": 1.0},
            "entities": [e.as_dict() for e in found.entities],
            "text_tokens": [Token(text[start:end], start, end) for start, end in found.tokens],
        }

    return parse


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    system = parser.add_mutually_exclusive_group(required=True)
    system.add_argument("--model", type=Path, help="a trained Rasa model (.tar.gz)")
    system.add_argument("--keyword", action="store_true", help="the keyword baseline")
    parser.add_argument(
        "--name", help="the system's name in the reports (default: model file stem or keyword)"
    )
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # not a debug line per parsed message
    warnings.filterwarnings("ignore")  # sklearn on labels nobody predicted, TensorFlow on itself
    name = args.name or ("keyword" if args.keyword else args.model.name.split(".")[0])
    parse = keyword_parser() if args.keyword else rasa_parser(args.model)
    result = asyncio.run(evaluate(parse, name, args.out))
    full = result["slices"]["all"]
    print(
        f"{name}: intent accuracy {full['intent_accuracy']:.3f}, entity F1 {full['entity_f1']:.3f} "
        f"({full['n']} utterances, {result['seconds']:.0f} s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
