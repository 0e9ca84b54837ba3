"""The benchmark's Markdown: tables from the results of `bench.run`, targets marked, and the page
written to docs/benchmarks.md. Pure functions of the results dictionary, except `machine()`."""

from __future__ import annotations

import os
import platform
from pathlib import Path

SYSTEMS = ("ours", "rasa_default", "keyword")
NAMES = {
    "ours": "Klyngebot",
    "rasa_default": "Rasa default pipeline",
    "keyword": "keyword matcher",
    "stock": "stock `rasa init` bot",
}
# Targets from the issue. A quality measure with `beat: True` must also beat both baselines.
QUALITY = (
    # (label, where the value is, target minimum, must beat the baselines)
    ("intent accuracy", ("nlu", "intent_accuracy"), 0.96, True),
    ("intent macro-F1", ("nlu", "intent_macro_f1"), None, False),
    ("entity precision", ("nlu", "entity_precision"), None, False),
    ("entity recall", ("nlu", "entity_recall"), None, False),
    ("entity F1", ("nlu", "entity_f1"), 0.95, True),
    ("end-to-end answer accuracy", ("answers", "accuracy"), 0.95, True),
    ("end-to-end, harder questions", ("hard", "accuracy"), 0.95, False),
)
MAX_P95_RATIO = 1.2  # Klyngebot's p95 at one conversation, at most this times the stock bot's
MIN_THROUGHPUT_RATIO = 0.8  # at 20 conversations, at least this times the stock bot's
MAX_MEMORY_MB = 1536  # Rasa plus the action server, resident after the load test
MAX_STARTUP_SECONDS = 20  # a trained bot, to its first answer
PASS, FAIL = "✅ pass", "❌ fail"


# -- formatting -----------------------------------------------------------------------------------
def score(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def points(ours: float | None, other: float | None) -> str:
    """The difference in absolute percentage points: "+6.2 pts"."""
    if ours is None or other is None:
        return "–"
    return f"{100 * (ours - other):+.1f} pts"


def ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f} ms" if value >= 10 else f"{value:.1f} ms"


def ratio(ours: float | None, stock: float | None) -> float | None:
    return None if ours is None or not stock else ours / stock


def times(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}×"


def seconds(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.0f} s" if value < 120 else f"{value / 60:.1f} min"


def megabytes(value: float | None) -> str:
    return "–" if value is None else f"{value / 1024:.2f} GB" if value >= 1024 else f"{value:.0f} MB"


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


# -- reading the results --------------------------------------------------------------------------
def quality_value(results: dict, system: str, where: tuple[str, str]) -> float | None:
    section, key = where
    if section == "nlu":
        return ((results.get("nlu", {}).get(system) or {}).get("slices", {}).get("all") or {}).get(key)
    return (results.get(section, {}).get(system) or {}).get(key)


def latency(results: dict, system: str, concurrency: int) -> dict:
    return (results.get("latency", {}).get(system) or {}).get(str(concurrency)) or {}


def checks(results: dict) -> list[tuple[str, bool]]:
    """Every target of the issue and whether this run met it."""
    found = []
    for label, where, minimum, beat in QUALITY:
        ours = quality_value(results, "ours", where)
        if minimum is not None:
            found.append((f"{label} ≥ {minimum}", ours is not None and ours >= minimum))
        if beat:
            others = [quality_value(results, s, where) for s in SYSTEMS[1:]]
            found.append(
                (
                    f"{label} beats both baselines",
                    ours is not None and all(o is not None and ours > o for o in others),
                )
            )
    p95 = ratio(latency(results, "ours", 1).get("p95_ms"), latency(results, "stock", 1).get("p95_ms"))
    found.append(
        (
            f"p95 latency at 1 conversation ≤ {MAX_P95_RATIO}× the stock bot's",
            p95 is not None and p95 <= MAX_P95_RATIO,
        )
    )
    throughput = ratio(
        latency(results, "ours", 20).get("throughput"), latency(results, "stock", 20).get("throughput")
    )
    found.append(
        (
            f"throughput at 20 conversations ≥ {MIN_THROUGHPUT_RATIO}× the stock bot's",
            throughput is not None and throughput >= MIN_THROUGHPUT_RATIO,
        )
    )
    errors = latency(results, "ours", 20).get("errors")
    found.append(("no errors at 20 conversations", errors == 0))
    memory = results.get("resources", {}).get("memory_mb", {})
    parts = [(memory.get(name) or {}).get("rss_mb") for name in ("ours", "actions")]
    found.append(
        (
            f"memory of Rasa + actions ≤ {megabytes(MAX_MEMORY_MB)}",
            all(p is not None for p in parts) and sum(parts) <= MAX_MEMORY_MB,
        )
    )
    startup = results.get("resources", {}).get("startup_seconds", {}).get("ours")
    found.append(
        (f"start-up ≤ {MAX_STARTUP_SECONDS} s", startup is not None and startup <= MAX_STARTUP_SECONDS)
    )
    return found


# -- tables ---------------------------------------------------------------------------------------
def quality_table(results: dict) -> str:
    rows = []
    for label, where, minimum, beat in QUALITY:
        values = {s: quality_value(results, s, where) for s in SYSTEMS}
        ours = values["ours"]
        verdicts = []
        if minimum is not None:
            verdicts.append(ours is not None and ours >= minimum)
        if beat:
            verdicts.append(
                ours is not None and all(values[s] is not None and ours > values[s] for s in SYSTEMS[1:])
            )
        rows.append(
            [
                label,
                score(ours),
                score(values["rasa_default"]),
                score(values["keyword"]),
                points(ours, values["rasa_default"]),
                points(ours, values["keyword"]),
                (f"≥ {minimum}" if minimum is not None else "") + (", beat both" if beat else "") or "–",
                (PASS if all(verdicts) else FAIL) if verdicts else "–",
            ]
        )
    return table(
        [
            "measure",
            NAMES["ours"],
            NAMES["rasa_default"],
            NAMES["keyword"],
            "vs default",
            "vs keyword",
            "target",
            "result",
        ],
        rows,
    )


def latency_table(results: dict) -> str:
    rows = []
    for concurrency in (1, 20):
        ours, stock = latency(results, "ours", concurrency), latency(results, "stock", concurrency)
        for q in (50, 95, 99):
            key = f"p{q}_ms"
            share = ratio(ours.get(key), stock.get(key))
            target, verdict = "–", "–"
            if concurrency == 1 and q == 95:
                target = f"≤ {MAX_P95_RATIO}× stock"
                verdict = PASS if share is not None and share <= MAX_P95_RATIO else FAIL
            rows.append(
                [
                    f"p{q} latency, {concurrency} conversation{'s' * (concurrency > 1)}",
                    ms(ours.get(key)),
                    ms(stock.get(key)),
                    times(share),
                    target,
                    verdict,
                ]
            )
    ours, stock = latency(results, "ours", 20), latency(results, "stock", 20)
    rows.append(
        [
            "throughput, 20 conversations",
            _rate(ours),
            _rate(stock),
            times(ratio(ours.get("throughput"), stock.get("throughput"))),
            f"≥ {MIN_THROUGHPUT_RATIO}× stock",
            PASS
            if (r := ratio(ours.get("throughput"), stock.get("throughput"))) is not None
            and r >= MIN_THROUGHPUT_RATIO
            else FAIL,
        ]
    )
    errors = ours.get("errors")
    rows.append(
        ["errors, 20 conversations", _count(ours), _count(stock), "–", "0", PASS if errors == 0 else FAIL]
    )
    return table(["measure", NAMES["ours"], NAMES["stock"], "ours/stock", "target", "result"], rows)


def _rate(summary: dict) -> str:
    return "–" if summary.get("throughput") is None else f"{summary['throughput']:.1f} msg/s"


def _count(summary: dict) -> str:
    if "errors" not in summary:
        return "–"
    return f"{summary['errors']} of {summary['messages']}"


def resources_table(results: dict) -> str:
    res = results.get("resources", {})
    train, start, memory = (
        res.get("train_seconds", {}),
        res.get("startup_seconds", {}),
        res.get("memory_mb", {}),
    )
    notes = res.get("train_notes", {})

    def trained(system: str) -> str:
        return seconds(train.get(system)) + (f" ({notes[system]})" if system in notes else "")

    rows = [
        ["training time", trained("ours"), trained("rasa_default"), trained("stock")],
        [
            "start-up to first answer: Rasa server",
            seconds(start.get("ours")),
            seconds(start.get("rasa_default")),
            seconds(start.get("stock")),
        ],
        ["start-up: action server (to /health)", seconds(start.get("actions")), "(shared)", "–"],
        [
            "resident memory after the load test: Rasa",
            megabytes((memory.get("ours") or {}).get("rss_mb")),
            "–",
            megabytes((memory.get("stock") or {}).get("rss_mb")),
        ],
        ["resident memory: action server", megabytes((memory.get("actions") or {}).get("rss_mb")), "–", "–"],
        [
            "resident memory: Rasa + actions (peak)",
            _sum_mb(memory, "rss_mb") + f" ({_sum_mb(memory, 'peak_mb')})",
            "–",
            megabytes((memory.get("stock") or {}).get("rss_mb"))
            + f" ({megabytes((memory.get('stock') or {}).get('peak_mb'))})",
        ],
    ]
    return table(["measure", NAMES["ours"], NAMES["rasa_default"], NAMES["stock"]], rows)


def _sum_mb(memory: dict, key: str) -> str:
    parts = [(memory.get(name) or {}).get(key) for name in ("ours", "actions")]
    return megabytes(sum(parts)) if all(p is not None for p in parts) else "–"


def slices_table(results: dict) -> str:
    slices = (results.get("nlu", {}).get("ours") or {}).get("slices") or {}
    rows = []
    for slice_id, ours in slices.items():
        cells = [ours["title"], ours["how"], str(ours["n"])]
        for key in ("intent_accuracy", "entity_f1"):
            cells.append(
                " / ".join(
                    score(((results["nlu"].get(s) or {}).get("slices", {}).get(slice_id) or {}).get(key))
                    for s in SYSTEMS
                )
            )
        rows.append(cells)
    return table(
        [
            "slice",
            "how",
            "n",
            "intent accuracy (ours / default / keyword)",
            "entity F1 (ours / default / keyword)",
        ],
        rows,
    )


def worst_intents_table(results: dict) -> str:
    nlu = results.get("nlu", {})
    rows = []
    for row in (nlu.get("ours") or {}).get("worst_intents") or []:
        others = " / ".join(
            score((nlu.get(s) or {}).get("intent_f1", {}).get(row["intent"])) for s in SYSTEMS[1:]
        )
        rows.append(
            [
                f"`{row['intent']}`",
                str(row["support"]),
                score(row["precision"]),
                score(row["recall"]),
                score(row["f1"]),
                others,
                _confusions(row.get("predicted_as")),
                _confusions(row.get("taken_from")),
            ]
        )
    return table(
        [
            "intent",
            "n",
            "precision",
            "recall",
            "F1",
            "F1 default / keyword",
            "its utterances taken for",
            "taken for it",
        ],
        rows,
    )


def _confusions(counts: dict | None) -> str:
    return ", ".join(f"{label} ×{n}" for label, n in (counts or {}).items()) or "–"


def answers_table(results: dict, section: str = "answers") -> str:
    answers = results.get(section, {})
    intents = sorted({i for s in SYSTEMS for i in ((answers.get(s) or {}).get("by_intent") or {})})
    rows = []
    for intent in intents:
        cells = [f"`{intent}`"]
        for system in SYSTEMS:
            right, asked = ((answers.get(system) or {}).get("by_intent") or {}).get(intent, (None, None))
            cells.append("–" if asked is None else f"{right}/{asked}")
        rows.append(cells)
    return table(["about", NAMES["ours"], NAMES["rasa_default"], NAMES["keyword"]], rows)


def failures(results: dict, limit: int = 12, section: str = "answers") -> str:
    wrong = [r for r in (results.get(section, {}).get("ours") or {}).get("outcomes") or [] if not r["right"]]
    if not wrong:
        return "Klyngebot answered every question with its expected facts."
    lines = [
        f"- *{r['ask']}* — missing {_missing(r['missing'])}; answered »{' '.join(r['answer'].split())[:110]}…«"
        for r in wrong[:limit]
    ]
    more = (
        f"\n- … and {len(wrong) - limit} more (build/bench/answers/ours.json)" if len(wrong) > limit else ""
    )
    return "\n".join(lines) + more


def _missing(labels: list[str], shown: int = 3) -> str:
    more = f" and {len(labels) - shown} more" if len(labels) > shown else ""
    return ", ".join(f"`{label}`" for label in labels[:shown]) + more


# -- the page -------------------------------------------------------------------------------------
def summary(results: dict) -> str:
    """The tables `bench.run` prints at the end."""
    met = checks(results)
    return "\n\n".join(
        [
            "### Understanding and answers (held-out NLU set; end-to-end questions)\n\n"
            + quality_table(results),
            "### Latency over REST, throughput, errors\n\n" + latency_table(results),
            "### Training, start-up and memory\n\n" + resources_table(results),
            "### Robustness slices of the held-out set\n\n" + slices_table(results),
            "### Weakest five intents (held-out set, Klyngebot)\n\n" + worst_intents_table(results),
            "### End-to-end answers by topic (right/asked)\n\n" + answers_table(results),
            "### Harder questions by kind (right/asked, bench/hard_questions.yml)\n\n"
            + answers_table(results, "hard"),
            "### What the harder questions still get wrong (Klyngebot)\n\n"
            + failures(results, limit=40, section="hard"),
            f"**Targets met: {sum(ok for _, ok in met)} of {len(met)}.** "
            + "; ".join(f"{name}: {'yes' if ok else 'NO'}" for name, ok in met)
            + ".",
        ]
    )


def document(results: dict) -> str:
    """docs/benchmarks.md."""
    info = results.get("machine", {})
    run = results.get("run", {})
    counts = results.get("counts", {})
    quick = (
        "\n> **Quick run** (`--quick`): every fourth question, fewer messages, training from Rasa's cache. "
        "Not comparable with a full run.\n"
        if run.get("quick")
        else ""
    )
    return f"""# Klyngebot benchmarks

Measured by `make bench` (`python -m bench.run`) on {run.get('date', '?')}, in {seconds(run.get('wall_seconds'))}
of wall time. Machine: {info.get('cpu', '?')}, {info.get('cores', '?')} cores, {info.get('memory_gb', '?')} GB RAM,
{info.get('os', '?')}; Python {info.get('python', '?')}, Rasa {info.get('rasa', '?')}. Load average (1, 5, 15 min)
at the start and end of the run: {run.get('load_start', '?')} → {run.get('load_end', '?')}; other work on the
machine makes latency and training times noisy, the quality numbers do not depend on it.
Revision: {run.get('revision', '?')}. How the pipeline was chosen, and the numbers before issue 9:
[pipeline.md](pipeline.md).
{quick}
## How to reproduce

```sh
make bench                      # the full run; prints the tables and rewrites this page
.venv/bin/python -m bench.run --quick   # smoke run: Rasa's training cache, fewer questions and messages;
                                        # writes build/bench/benchmarks-quick.md, not this page
.venv/bin/python -m bench.run --report-only   # print and rewrite the page from build/bench/results.json
```

Everything the run builds goes to `build/bench/` (models, logs, Rasa's reports, every answer).

## What is measured

- **Systems.** *Klyngebot*: the current `config.yml`, domain, data and actions. *Rasa default pipeline*:
  `bench/baselines/rasa_default.yml`, the pipeline `rasa init` writes (no spaCy), trained in the same run
  on the same domain, data, policies and actions. *Keyword matcher*: `bench/keyword_baseline.py`, a small
  keyword table for intents and exact lookup of the generated lookup tables for entities; end to end it
  runs Klyngebot's own actions on what it understood, following `data/rules.yml`.
- **NLU** on the held-out set `tests/nlu/test_nlu.yml` ({counts.get('heldout', '?')} utterances, never trained
  on), scored by Rasa's own evaluation code (`rasa.nlu.test`; entity scores are token-level, micro-averaged
  over entity types, as `rasa test nlu` reports them).
- **End to end**: {counts.get('questions', '?')} Danish questions in `bench/questions.yml` (none from the
  training or test data), each asked in a new conversation over the REST channel; an answer is right when it
  holds every expected fact, resolved from the dataset at run time.
- **Latency**: a load generator (`bench/load.py`, aiohttp, loopback only) runs 1 and then 20 conversations at
  once against Klyngebot (questions from `bench/questions.yml`) and against a stock `rasa init` bot trained in
  `build/bench/stock` (its own English small talk), alternating the two; {counts.get('load', '?')}.
- **Memory**: resident set size of the Rasa server and the action server from `/proc` after the load test.

## Results

{summary(results)}

### Questions Klyngebot got wrong

{failures(results)}
"""


def machine() -> dict:
    """CPU, cores, memory, OS and versions of the machine running the benchmark."""
    cpu = "?"
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        pass
    memory_gb = "?"
    try:
        kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal:")
        )
        memory_gb = f"{kb / 1024 / 1024:.0f}"
    except (OSError, StopIteration):
        pass
    try:
        from importlib.metadata import version

        rasa = version("rasa")
    except Exception:  # noqa: BLE001 - the report still says what it knows
        rasa = "?"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": memory_gb,
        "os": platform.platform(terse=True),
        "python": platform.python_version(),
        "rasa": rasa,
    }
