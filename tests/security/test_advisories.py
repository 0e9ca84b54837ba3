"""security/: the reviewed advisory list is well-formed, the installed tree has every fix the project
can take, and the checks fail on a tree that lacks one; the online audit never reports "clean" for
an audit that did not run."""

from datetime import date

import pytest
import yaml

from security import audit

ENTRIES = yaml.safe_load(audit.ADVISORIES.read_text())


def test_every_advisory_is_complete_and_every_untaken_fix_has_a_reason_and_a_fence():
    for entry in ENTRIES["advisories"]:
        assert {"id", "package", "fixed", "can_take", "reaches", "summary", "fence"} <= entry.keys(), entry
        assert entry["id"].startswith(("CVE-", "GHSA-", "PYSEC-")), entry["id"]
        if not entry["can_take"]:
            assert entry.get("reason"), entry["id"]
        if entry["can_take"]:
            assert entry["fixed"], entry["id"]
    assert all(p.get("reason") and p.get("fence") for p in ENTRIES["pinned_by_rasa"])
    assert isinstance(ENTRIES["reviewed"], date)


def test_every_listed_package_is_in_the_pinned_tree():
    pinned = audit.pinned(audit.REQUIREMENTS)
    for advisory in audit.load():
        assert audit._name(advisory.package) in pinned, advisory.package


def test_the_installed_tree_has_every_fix_we_can_take():
    assert audit.below_fix(audit.installed(), audit.load()) == []
    assert audit.below_fix(audit.pinned(audit.REQUIREMENTS), audit.load()) == []


def test_a_requirements_file_below_a_listed_fix_fails_the_offline_check(tmp_path, capsys):
    old = tmp_path / "requirements.txt"
    old.write_text("python-socketio==5.9.0  # the pin this project had\nrasa==3.6.21\naiohttp==3.9.5\n")
    assert audit.main(["offline", "--requirements", str(old)]) == audit.FOUND
    printed = capsys.readouterr().out
    assert "python-socketio 5.9.0 is below 5.16.2, which fixes CVE-2026-48804" in printed
    assert "aiohttp" not in printed.split("offline advisory check")[0]  # not takeable: listed, not failed


def test_the_offline_check_passes_on_the_projects_requirements():
    assert audit.main(["offline", "--requirements", str(audit.REQUIREMENTS)]) == audit.CLEAN


@pytest.mark.parametrize(
    "report",
    [
        {
            "dependencies": [
                {"name": "requests", "skip_reason": "Dependency not found on PyPI and could not be audited"}
            ],
            "fixes": [],
        },
        {"dependencies": [], "fixes": []},
        {"error": ["ConnectionError"]},
    ],
)
def test_a_report_that_audited_nothing_is_not_clean(report):
    assert audit.audited_vulnerabilities(report) is None


def test_a_report_that_audited_everything_lists_its_advisories():
    report = {
        "dependencies": [
            {"name": "requests", "version": "2.19.0", "vulns": [{"id": "PYSEC-2018-28"}]},
            {"name": "six", "version": "1.17.0", "vulns": []},
        ]
    }
    assert audit.audited_vulnerabilities(report) == ["requests 2.19.0: PYSEC-2018-28"]


def test_an_unreachable_service_is_said_plainly(monkeypatch, capsys):
    skipped = {"dependencies": [{"name": "requests", "skip_reason": "not found on PyPI"}]}
    monkeypatch.setattr(audit, "pip_audit", lambda tool, requirements: skipped)
    assert audit.online_python("pip-audit") == audit.NOT_RUN
    assert "pip audit not run: advisory service unreachable" in capsys.readouterr().out
