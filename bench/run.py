"""`make bench`: train Klyngebot and its baselines, measure them, print the tables, write docs/benchmarks.md.

    python -m bench.run            # the full run (47 min on a busy 2-core machine, most of it training)
    python -m bench.run --quick    # a smoke run: cached training, fewer questions and messages

Everything it builds goes to build/bench/: models, Rasa's training cache, logs, Rasa's NLU reports,
every answer, results.json. It never writes to models/ or results/.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import subprocess
import sys
import time
import warnings
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import yaml

from bench import answers, load, report
from scripts import servers

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build" / "bench"
DOCS = ROOT / "docs" / "benchmarks.md"
BASELINE_CONFIG = Path(__file__).resolve().parent / "baselines" / "rasa_default.yml"
NEEDED = {
    ROOT / "build" / "nlu-lookups" / "lookups.yml": "make build/nlu-lookups/lookups.yml",
}
# The stock bot's users: moodbot's own small talk, a few messages per conversation.
STOCK_CONVERSATIONS = (
    ("hello", "I am feeling sad", "yes", "bye"),
    ("hi", "great", "are you a bot?", "goodbye"),
    ("hey there", "very bad", "no", "see you"),
    ("good morning", "I am happy", "thanks", "bye"),
)
QUESTIONS_PER_CONVERSATION = 4


@dataclass(frozen=True)
class Plan:
    quick: bool
    question_stride: int  # every n-th question is asked end to end
    messages: dict  # concurrency -> messages per system
    seconds: dict  # concurrency -> time limit per system

    @classmethod
    def make(cls, quick: bool) -> "Plan":
        if quick:
            return cls(True, 4, {1: 20, 20: 100}, {1: 60, 20: 90})
        return cls(False, 1, {1: 100, 20: 500}, {1: 240, 20: 300})


class Clock:
    def __init__(self):
        self.started = time.monotonic()

    def say(self, message: str) -> None:
        elapsed = int(time.monotonic() - self.started)
        print(f"[bench {elapsed // 60:02d}:{elapsed % 60:02d}] {message}", flush=True)


# -- preparing ------------------------------------------------------------------------------------
def preflight() -> None:
    missing = [
        f"{path.relative_to(ROOT)} (make it with `{how}`)"
        for path, how in NEEDED.items()
        if not path.exists()
    ]
    if missing:
        raise SystemExit("bench: missing " + "; ".join(missing) + ". `make bench` builds them first.")


def configs() -> dict[str, Path]:
    """This run's configs: a snapshot of config.yml, and the default pipeline with config.yml's policies."""
    folder = BUILD / "configs"
    folder.mkdir(parents=True, exist_ok=True)
    ours = folder / "klyngebot.yml"
    shutil.copyfile(ROOT / "config.yml", ours)
    baseline = yaml.safe_load(BASELINE_CONFIG.read_text(encoding="utf-8"))
    baseline["policies"] = yaml.safe_load(ours.read_text(encoding="utf-8"))["policies"]
    default = folder / "rasa_default.yml"
    default.write_text(
        "# Written by bench/run.py: bench/baselines/rasa_default.yml + the policies of config.yml.\n"
        + yaml.safe_dump(baseline, sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )
    return {"ours": ours, "rasa_default": default}


def revision() -> str:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    changed = git("status", "--porcelain", "--untracked-files=no")
    return f"`{commit}`" + (" with uncommitted changes" if changed else "")


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


# -- training -------------------------------------------------------------------------------------
def _run_logged(command: list[str], cwd: Path, log: Path, what: str) -> float:
    log.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with log.open("w", encoding="utf-8") as handle:
        done = subprocess.run(
            command,
            cwd=cwd,
            stdout=handle,
            stderr=subprocess.STDOUT,
            env=servers.environment(RASA_CACHE_DIRECTORY=str(BUILD / "cache")),
        )
    if done.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise SystemExit(f"bench: {what} failed ({log}):\n{tail}")
    return time.monotonic() - started


def train(name: str, config: Path, force: bool) -> tuple[Path, float]:
    """A Rasa model of the project's domain, data and actions with this config; its training time."""
    out = BUILD / "models" / name
    command = [
        str(servers.RASA),
        "train",
        "--config",
        str(config),
        "--domain",
        "domain.yml",
        "--data",
        "data",
        "--out",
        str(out),
        "--fixed-model-name",
        name,
    ] + (["--force"] if force else [])
    took = _run_logged(command, ROOT, BUILD / "logs" / f"train-{name}.log", f"training {name}")
    return out / f"{name}.tar.gz", took


def train_stock(force: bool) -> tuple[Path, float | None]:
    """The stock `rasa init` bot (moodbot) in build/bench/stock; reused when not forced and present."""
    folder = BUILD / "stock"
    models = sorted((folder / "models").glob("*.tar.gz")) if folder.exists() else []
    if models and not force:
        return models[-1], None
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    took = _run_logged(
        [str(servers.RASA), "init", "--no-prompt", "--init-dir", str(folder)],
        BUILD,
        BUILD / "logs" / "train-stock.log",
        "rasa init",
    )
    return sorted((folder / "models").glob("*.tar.gz"))[-1], took


# -- measuring ------------------------------------------------------------------------------------
def evaluate_nlu(name: str, model: Path | None) -> dict:
    out = BUILD / "nlu" / name
    what = ["--keyword"] if model is None else ["--model", str(model)]
    _run_logged(
        [sys.executable, "-m", "bench.nlu", *what, "--name", name, "--out", str(out)],
        ROOT,
        BUILD / "logs" / f"nlu-{name}.log",
        f"NLU evaluation of {name}",
    )
    return json.loads((out / "scores.json").read_text(encoding="utf-8"))


def answer_summary(outcomes: list[answers.Outcome], system: str) -> dict:
    records = answers.as_records(outcomes)
    folder = BUILD / "answers"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{system}.json").write_text(
        json.dumps(records, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    return {
        "accuracy": answers.accuracy(outcomes),
        "right": sum(o.right for o in outcomes),
        "asked": len(outcomes),
        "by_intent": answers.by_intent(outcomes),
        "outcomes": records,
    }


def conversations(questions: list[answers.Question]) -> list[list[str]]:
    """The end-to-end questions as users' conversations of a few questions each, for the load test."""
    messages = [[*q.before, q.ask] for q in questions]
    return [
        [m for group in messages[i : i + QUESTIONS_PER_CONVERSATION] for m in group]
        for i in range(0, len(messages), QUESTIONS_PER_CONVERSATION)
    ]


def measure_latency(
    plan: Plan, targets: dict[str, tuple[servers.Server, list[list[str]]]], clock: Clock
) -> dict:
    """Each level of concurrency for each system in turn, so that both see the same machine."""
    found: dict[str, dict] = {name: {} for name in targets}
    for concurrency in (1, 20):
        for name, (server, scripts) in targets.items():
            clock.say(
                f"latency: {name} at {concurrency} conversation(s), up to {plan.messages[concurrency]} messages"
            )
            result = asyncio.run(
                load.run(
                    server.webhook,
                    scripts,
                    concurrency,
                    plan.messages[concurrency],
                    plan.seconds[concurrency],
                )
            )
            found[name][str(concurrency)] = result.summary()
    return found


def questions_to_ask(plan: Plan, clock: Clock, path: Path = answers.QUESTIONS) -> list[answers.Question]:
    """A question file without any question that has since found its way into the NLU data."""
    questions = answers.load(path)
    seen = answers.leaked(questions, answers.seen_utterances())
    if seen:
        clock.say(
            f"left out {len(seen)} question(s) that now appear in the NLU data: "
            + "; ".join(q.ask for q in seen)
        )
    return [q for q in questions if q not in seen][:: plan.question_stride]


def restored_from_cache(log: Path) -> int:
    """How many components a `rasa train` (or `rasa init`) took from Rasa's training cache."""
    return log.read_text(encoding="utf-8", errors="replace").count("Restored component")


def train_all(plan: Plan, clock: Clock, results: dict) -> tuple[dict[str, Path], Path]:
    """The stock bot, Klyngebot and the default baseline; training times into the results."""
    paths = configs()
    clock.say("training the stock rasa init bot" + (" (kept when present)" if plan.quick else ""))
    stock_model, stock_seconds = train_stock(force=not plan.quick)
    models, train_seconds, notes = {}, {"stock": stock_seconds}, {}
    # Klyngebot's training time is measured from scratch (--force). The baselines may take from Rasa's
    # cache what an earlier run (or Klyngebot, for the policies) trained on the same inputs: the same
    # model in less time, and the report says so.
    for name, force in (("ours", not plan.quick), ("rasa_default", False)):
        clock.say(
            f"training {name}" + (" (from scratch)" if force else " (reusing Rasa's cache where unchanged)")
        )
        models[name], train_seconds[name] = train(name, paths[name], force=force)
    for name in ("stock", "ours", "rasa_default"):
        log = BUILD / "logs" / f"train-{name}.log"
        restored = restored_from_cache(log) if log.exists() else 0
        if name == "stock" and stock_seconds is None:
            notes[name] = "kept from an earlier run"
        elif restored:
            notes[name] = f"{restored} components from Rasa's cache"
    results["resources"].update(train_seconds=train_seconds, train_notes=notes)
    return models, stock_model


def measure_servers(
    plan: Plan,
    clock: Clock,
    results: dict,
    models: dict[str, Path],
    stock_model: Path,
    questions: list[answers.Question],
    hard: list[answers.Question],
) -> None:
    """Answers, latency, start-up and memory over REST; every server stopped at the end."""
    logs = BUILD / "logs"
    startup, memory = {}, {}
    actions = ours = stock = default = None
    try:
        clock.say("starting the action server and Klyngebot")
        actions = servers.start_actions(logs / "actions.log")
        ours = servers.start_rasa("Klyngebot", models["ours"], logs / "rasa-ours.log", actions=actions)
        startup.update(actions=actions.startup_seconds, ours=ours.startup_seconds)
        clock.say(f"asking {len(questions)} questions over REST: ours")
        results["answers"]["ours"] = answer_summary(
            asyncio.run(answers.ask_over_rest(ours.webhook, questions)), "ours"
        )
        clock.say(f"asking {len(hard)} harder questions over REST: ours")
        results["hard"]["ours"] = answer_summary(
            asyncio.run(answers.ask_over_rest(ours.webhook, hard)), "hard-ours"
        )
        clock.say("starting the stock bot")
        stock = servers.start_rasa(
            "stock bot", stock_model, logs / "rasa-stock.log", cwd=BUILD / "stock", first_message="hello"
        )
        startup["stock"] = stock.startup_seconds
        asyncio.run(
            load.run(stock.webhook, STOCK_CONVERSATIONS, 1, 8, 60)
        )  # warm-up, as ours had its questions
        results["latency"] = measure_latency(
            plan,
            {
                "ours": (ours, conversations(questions)),
                "stock": (stock, [list(c) for c in STOCK_CONVERSATIONS]),
            },
            clock,
        )
        memory.update(
            ours=servers.memory_mb(ours), actions=servers.memory_mb(actions), stock=servers.memory_mb(stock)
        )
        servers.stop(stock)
        servers.stop(ours)
        clock.say("starting the Rasa default baseline")
        default = servers.start_rasa(
            "Rasa default baseline", models["rasa_default"], logs / "rasa-default.log", actions=actions
        )
        startup["rasa_default"] = default.startup_seconds
        clock.say(f"asking {len(questions)} questions over REST: rasa_default")
        results["answers"]["rasa_default"] = answer_summary(
            asyncio.run(answers.ask_over_rest(default.webhook, questions)), "rasa_default"
        )
        clock.say(f"asking {len(hard)} harder questions over REST: rasa_default")
        results["hard"]["rasa_default"] = answer_summary(
            asyncio.run(answers.ask_over_rest(default.webhook, hard)), "hard-rasa_default"
        )
    finally:
        for server in (default, stock, ours, actions):
            if server is not None:
                servers.stop(server)
        results["resources"].update(startup_seconds=startup, memory_mb=memory)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: cached training, fewer messages")
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="measure nothing: print and write the page again from build/bench/results.json",
    )
    args = parser.parse_args(argv)
    if args.report_only:
        return write_report(json.loads((BUILD / "results.json").read_text(encoding="utf-8")), Clock())
    plan, clock = Plan.make(args.quick), Clock()
    warnings.filterwarnings("ignore", category=DeprecationWarning)  # spaCy, Click and TF on themselves
    preflight()
    BUILD.mkdir(parents=True, exist_ok=True)
    results: dict = {
        "run": {
            "quick": plan.quick,
            "date": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
            "load_start": load_average(),
            "revision": revision(),
        },
        "machine": report.machine(),
        "nlu": {},
        "answers": {},
        "hard": {},
        "resources": {},
    }
    questions = questions_to_ask(plan, clock)
    hard = questions_to_ask(plan, clock, answers.HARD_QUESTIONS)
    models, stock_model = train_all(plan, clock, results)
    for name, model in (
        ("ours", models["ours"]),
        ("rasa_default", models["rasa_default"]),
        ("keyword", None),
    ):
        clock.say(f"NLU on the held-out set and its slices: {name}")
        results["nlu"][name] = evaluate_nlu(name, model)
    measure_servers(plan, clock, results, models, stock_model, questions, hard)
    save(results)  # what took twenty minutes is kept even if a later step fails
    clock.say("asking the questions of the keyword baseline (in process, Klyngebot's actions)")
    from bench.keyword_baseline import KeywordBot, KeywordNLU

    keyword_bot = KeywordBot(KeywordNLU.load())
    results["answers"]["keyword"] = answer_summary(answers.ask_keyword_bot(keyword_bot, questions), "keyword")
    results["hard"]["keyword"] = answer_summary(answers.ask_keyword_bot(keyword_bot, hard), "hard-keyword")
    results["run"].update(wall_seconds=time.monotonic() - clock.started, load_end=load_average())
    results["counts"] = {
        "heldout": results["nlu"]["ours"]["slices"]["all"]["n"],
        "questions": len(questions),
        "hard_questions": len(hard),
        "load": f"{plan.messages[1]} messages at 1 and {plan.messages[20]} at 20 conversations per system "
        f"(at most {plan.seconds[1]} s and {plan.seconds[20]} s)",
    }
    save(results)
    return write_report(results, clock)


def save(results: dict) -> None:
    (BUILD / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")


def _scaled_section(page: Path) -> str:
    """The production layout's tables (bench/scaled.py writes them; this run keeps them)."""
    from bench.scaled import BEGIN, END

    text = page.read_text(encoding="utf-8") if page.exists() else ""
    if BEGIN not in text:
        return ""
    start = text.rfind("\n## ", 0, text.index(BEGIN))
    return "\n" + text[start : text.index(END) + len(END)].strip("\n") + "\n"


def write_report(results: dict, clock: Clock) -> int:
    """Prints the tables and writes the page: docs/benchmarks.md, or build/bench/ for a quick run."""
    page = BUILD / "benchmarks-quick.md" if results["run"].get("quick") else DOCS
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(report.document(results) + _scaled_section(page), encoding="utf-8")
    print("\n" + report.summary(results) + "\n")
    clock.say(
        f"done: the run took {report.seconds(results['run'].get('wall_seconds'))}; "
        f"wrote {page.relative_to(ROOT)} (results in {(BUILD / 'results.json').relative_to(ROOT)})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
