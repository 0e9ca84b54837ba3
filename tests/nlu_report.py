"""Prints the held-out NLU numbers from `rasa test nlu` results and checks them against the floors.

python -m tests.nlu_report results/nlu                                   # print the table
python -m tests.nlu_report results/nlu --check tests/nlu/thresholds.yml  # and exit 1 below a floor
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml


def summary(results: Path) -> dict:
    """Intent accuracy and macro F1, entity precision/recall/F1 (micro over entities), and counts."""
    intents = json.loads((results / "intent_report.json").read_text(encoding="utf-8"))
    entities = json.loads((results / "DatasetEntities_report.json").read_text(encoding="utf-8"))
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
            (
                (name, report["f1-score"])
                for name, report in intents.items()
                if isinstance(report, dict)
                and "f1-score" in report
                and name not in ("macro avg", "weighted avg", "micro avg")
            ),
            key=lambda item: item[1],
        )[:5],
    }


def below_floors(numbers: dict, floors: dict) -> list[str]:
    """One line per measure under its floor (tests/nlu/thresholds.yml names measures as summary() does)."""
    unknown = sorted(set(floors) - set(numbers))
    if unknown:
        raise KeyError(f"thresholds name measures the report does not have: {unknown}")
    return [
        f"{name} {numbers[name]:.3f} is below the floor {floor:.3f}"
        for name, floor in floors.items()
        if numbers[name] < floor
    ]


def main(argv: list[str]) -> int:
    thresholds = None
    if "--check" in argv:
        at = argv.index("--check")
        thresholds = Path(argv[at + 1])
        argv = argv[:at] + argv[at + 2 :]
    results = Path(argv[0] if argv else "results/nlu")
    numbers = summary(results)
    print("\nHeld-out Danish NLU test set (tests/nlu/test_nlu.yml)")
    print("| measure | value |\n|---|---|")
    for name in (
        "utterances",
        "intent accuracy",
        "intent macro F1",
        "entities",
        "entity precision",
        "entity recall",
        "entity F1",
    ):
        value = numbers[name]
        print(f"| {name} | {value:.3f} |" if isinstance(value, float) else f"| {name} | {value} |")
    print("| weakest intents (F1) | " + ", ".join(f"{n} {f:.2f}" for n, f in numbers["worst intents"]) + " |")
    if thresholds is None:
        return 0
    failures = below_floors(numbers, yaml.safe_load(thresholds.read_text(encoding="utf-8"))["floors"])
    for failure in failures:
        print(f"FAIL: {failure} ({thresholds})", file=sys.stderr)
    if not failures:
        print(f"\nAll measures at or above the floors in {thresholds}.")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
