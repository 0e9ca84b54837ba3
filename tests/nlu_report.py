"""Prints the held-out NLU numbers from `rasa test nlu` results: `python -m tests.nlu_report results/nlu`."""
from __future__ import annotations

import json
import sys
from pathlib import Path


def summary(results: Path) -> dict:
    """Intent accuracy and macro F1, entity precision/recall/F1 (micro over entities), and counts."""
    intents = json.loads((results / "intent_report.json").read_text(encoding="utf-8"))
    entities = json.loads((results / "DIETClassifier_report.json").read_text(encoding="utf-8"))
    entity_avg = entities.get("micro avg") or entities.get("weighted avg")
    return {
        "intent accuracy": intents["accuracy"],
        "intent macro F1": intents["macro avg"]["f1-score"],
        "utterances": int(intents["weighted avg"]["support"]),
        "entity precision": entity_avg["precision"],
        "entity recall": entity_avg["recall"],
        "entity F1": entity_avg["f1-score"],
        "entities": int(entity_avg["support"]),
        "worst intents": sorted(
            ((name, report["f1-score"]) for name, report in intents.items() if isinstance(report, dict)
             and "f1-score" in report and name not in ("macro avg", "weighted avg", "micro avg")),
            key=lambda item: item[1])[:5],
    }


def main(argv: list[str]) -> int:
    results = Path(argv[0] if argv else "results/nlu")
    numbers = summary(results)
    print("\nHeld-out Danish NLU test set (tests/nlu/test_nlu.yml)")
    print("| measure | value |\n|---|---|")
    for name in ("utterances", "intent accuracy", "intent macro F1", "entities", "entity precision",
                 "entity recall", "entity F1"):
        value = numbers[name]
        print(f"| {name} | {value:.3f} |" if isinstance(value, float) else f"| {name} | {value} |")
    print("| weakest intents (F1) | " + ", ".join(f"{n} {f:.2f}" for n, f in numbers["worst intents"]) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
