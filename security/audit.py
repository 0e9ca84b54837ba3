"""The dependency audit behind `make audit`, which never says "clean" when it could not look.

    python -m security.audit offline [--requirements FILE]   # always works: security/advisories.yml
    python -m security.audit online  [--pip-audit PATH]      # pip-audit and npm audit, where reachable

`offline` checks the pinned versions (requirements.txt, or the installed packages) against the
reviewed list in security/advisories.yml and fails when one is below a fix the project can take.

`online` asks the advisory services. These machines reach the package registries but no advisory
service, and then pip-audit reports every package "not found" yet ends with "No known
vulnerabilities found". So each run first audits a canary with a known advisory (requests 2.19.0,
CVE-2018-18074); if the canary comes back clean, the audit did not really run, and it says so.
Exit codes: 0 audited and clean, 1 advisories found, 2 not run (service unreachable).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Dict, Iterable, List, Optional

import yaml
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
ADVISORIES = ROOT / "security" / "advisories.yml"
REQUIREMENTS = ROOT / "requirements.txt"
CANARY = "requests==2.19.0"  # CVE-2018-18074: any working advisory service knows it
CLEAN, FOUND, NOT_RUN = 0, 1, 2


@dataclass(frozen=True)
class Advisory:
    id: str
    package: str
    fixed: Optional[str]
    can_take: bool
    reaches: bool


def load(path: Path = ADVISORIES) -> List[Advisory]:
    entries = yaml.safe_load(path.read_text())["advisories"]
    return [
        Advisory(
            e["id"],
            e["package"],
            None if e["fixed"] is None else str(e["fixed"]),
            bool(e["can_take"]),
            bool(e["reaches"]),
        )
        for e in entries
    ]


def _name(package: str) -> str:
    return package.lower().replace("_", "-")


def pinned(requirements: Path) -> Dict[str, str]:
    """Package name (normalised) -> version, from `name==version` lines."""
    versions = {}
    for line in requirements.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            versions[_name(name.split("[")[0])] = version.strip()
    return versions


def installed() -> Dict[str, str]:
    return {_name(d.metadata["Name"]): d.version for d in metadata.distributions()}


def below_fix(versions: Dict[str, str], advisories: Iterable[Advisory]) -> List[str]:
    """One line per advisory whose fix the project can take but the given versions lack."""
    problems = []
    for advisory in advisories:
        version = versions.get(_name(advisory.package))
        if advisory.can_take and advisory.fixed and version and Version(version) < Version(advisory.fixed):
            problems.append(
                f"{advisory.package} {version} is below {advisory.fixed}, which fixes {advisory.id}"
            )
    return problems


def offline(requirements: Optional[Path]) -> int:
    versions = pinned(requirements) if requirements else installed()
    problems = below_fix(versions, load())
    where = requirements or "the installed packages"
    for problem in problems:
        print(f"advisory: {problem}")
    print(
        f"offline advisory check of {where}: {len(problems)} below a fix we can take "
        f"(security/advisories.yml, {len(load())} advisories reviewed)"
    )
    return FOUND if problems else CLEAN


def pip_audit(tool: str, requirements: Path) -> dict:
    """pip-audit's JSON report for a requirements file (`--no-deps`: the file is fully pinned)."""
    run = subprocess.run(
        [
            tool,
            "--no-deps",
            "--disable-pip",
            "--progress-spinner",
            "off",
            "-f",
            "json",
            "-r",
            str(requirements),
        ],
        capture_output=True,
        text=True,
    )
    try:
        return json.loads(run.stdout)
    except ValueError:
        return {"error": (run.stderr or run.stdout).strip().splitlines()[-1:] or ["no output"]}


def audited_vulnerabilities(report: dict) -> Optional[List[str]]:
    """The advisories a pip-audit report lists, or None when it audited nothing (skipped or failed)."""
    dependencies = report.get("dependencies")
    if not dependencies or any(d.get("skip_reason") for d in dependencies):
        return None
    return [f"{d['name']} {d['version']}: {v['id']}" for d in dependencies for v in d.get("vulns", [])]


def online_python(tool: str) -> int:
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as canary:
        canary.write(CANARY + "\n")
        canary.flush()
        if not audited_vulnerabilities(pip_audit(tool, Path(canary.name))):
            print(
                f"pip audit not run: advisory service unreachable (the canary {CANARY} came back "
                f"without its known advisory)"
            )
            return NOT_RUN
    found = audited_vulnerabilities(pip_audit(tool, REQUIREMENTS))
    if found is None:
        print("pip audit not run: the advisory service did not answer for every package")
        return NOT_RUN
    for line in found:
        print(f"pip audit: {line}")
    print(f"pip audit of requirements.txt: {len(found)} advisories (compare security/advisories.yml)")
    return FOUND if found else CLEAN


def online_npm() -> int:
    run = subprocess.run(
        ["npm", "audit", "--json", "--prefix", str(ROOT / "web")], capture_output=True, text=True
    )
    try:
        report = json.loads(run.stdout)
    except ValueError:
        report = {"error": run.stderr}
    if "error" in report or "metadata" not in report:
        print("npm audit not run: advisory service unreachable")
        return NOT_RUN
    counts = report["metadata"].get("vulnerabilities", {})
    total = sum(v for k, v in counts.items() if k != "total")
    print(f"npm audit of web/package-lock.json: {total} advisories {counts}")
    return FOUND if total else CLEAN


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m security.audit", description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["offline", "online"])
    parser.add_argument(
        "--requirements", type=Path, help="offline: check this file instead of what is installed"
    )
    parser.add_argument("--pip-audit", default="pip-audit", help="online: the pip-audit command")
    args = parser.parse_args(argv)
    if args.mode == "offline":
        return offline(args.requirements)
    results = [online_python(args.pip_audit), online_npm()]
    return FOUND if FOUND in results else NOT_RUN if NOT_RUN in results else CLEAN


if __name__ == "__main__":
    sys.exit(main())
