"""scripts/run_rasa.py: Rasa starts only with exact CORS origins, and the API secret never goes on
the command line."""

import pytest

from scripts.run_rasa import Refused, cors_values, fenced

RUN = ["run", "--model", "models/klyngebot.tar.gz"]


def test_cors_values_are_read_up_to_the_next_option():
    assert cors_values(["run", "--cors", "http://a.dk", "https://b.dk", "--port", "5005"]) == [
        "http://a.dk",
        "https://b.dk",
    ]
    assert cors_values(["run", "--cors=http://a.dk"]) == ["http://a.dk"]
    assert cors_values(RUN) == []


@pytest.mark.parametrize(
    "origins",
    [
        ["*"],
        ["https://.*\\.example\\.dk"],
        ["http://localhost:8000/"],
        ["^https://klynge"],
        ["http://localhost:8000", "*"],
        [],
    ],
)
def test_a_cors_pattern_or_wildcard_stops_the_start(origins):
    with pytest.raises(Refused, match="CVE-2026-37737"):
        fenced([*RUN, "--cors", *origins], {})


def test_exact_origins_pass_unchanged():
    args = [*RUN, "--cors", "http://localhost:8000", "https://www.klynger.dk", "--port", "5005"]
    assert fenced(args, {}) == args


def test_the_api_stays_off_without_a_secret():
    assert "--enable-api" not in fenced(RUN, {})


@pytest.mark.parametrize(
    "variable, flag", [("KLYNGEBOT_API_TOKEN", "--auth-token"), ("KLYNGEBOT_JWT_SECRET", "--jwt-secret")]
)
def test_a_secret_in_the_environment_switches_the_api_on(variable, flag):
    args = fenced(RUN, {variable: "s3cret"})
    assert "--enable-api" in args and args[args.index(flag) + 1] == "s3cret"


@pytest.mark.parametrize("flag", ["--auth-token", "-t", "--jwt-secret", "--auth-token=x"])
def test_a_secret_on_the_command_line_is_refused(flag):
    with pytest.raises(Refused, match="ps"):
        fenced([*RUN, flag, "x"], {})


def test_make_starts_rasa_through_the_fences():
    from pathlib import Path

    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    assert "RASA_RUN := $(PY) -m scripts.run_rasa" in makefile
    assert "$(RASA) run --model" not in makefile and "$(RASA) shell" not in makefile
    assert "--auth-token $(" not in makefile
