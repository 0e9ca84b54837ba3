"""bot/input_check.py: what makes a message unanswerable as such."""

import pytest

from bot import input_check


@pytest.mark.parametrize(
    "text, problem",
    [
        ("", input_check.EMPTY),
        ("   \n\t", input_check.EMPTY),
        (None, input_check.EMPTY),
        ("a" * 10_000, input_check.TOO_LONG),
        ("😀😀😀", input_check.NO_WORDS),
        ("?!? 123", input_check.NO_WORDS),
        ("a" * 1000, input_check.GIBBERISH),
        ("hvad er " + "x" * 60, input_check.GIBBERISH),
        ("<script>alert(1)</script>", input_check.MARKUP),
        ("<img src=x onerror=alert(1)>", input_check.MARKUP),
        ("'; DROP TABLE klynger; --", input_check.CODE),
        ("SELECT * FROM clusters WHERE 1=1", input_check.CODE),
        ("Which cluster covers energy in my area?", input_check.ENGLISH),
    ],
)
def test_problem_messages_are_recognised(text, problem):
    assert input_check.problem(text) == problem


@pytest.mark.parametrize(
    "text",
    [
        "Hvilken klynge dækker det maritime område?",
        "hvor er det nærmeste kontor, jeg bor i 7500 holstebro",
        "Vi laver software og apps til hospitaler – hvilken klynge passer?",
        "energi?",
        "er du en robot",
        "fusionerede to af klyngerne i 2022",  # "to" and "i" are Danish words too
    ],
)
def test_ordinary_danish_questions_have_no_problem(text):
    assert input_check.problem(text) is None
