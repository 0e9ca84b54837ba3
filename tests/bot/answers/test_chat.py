"""bot/answers/chat.py: a polite Danish reason for every kind of unusable message."""

import pytest

from bot import input_check
from bot.answers.chat import not_understood


@pytest.mark.parametrize(
    "text, words",
    [
        ("", "tom"),
        ("a" * 10_000, "meget lang"),
        ("a" * 900, "ligner ikke ord"),
        ("😀", "emojis"),
        ("<b>hej</b>", "HTML"),
        ("'; DROP TABLE x; --", "kode"),
        ("What is this place about please?", "dansk"),
        ("qwxz", "forstod"),
    ],
)
def test_each_problem_gets_its_own_danish_reason(text, words):
    assert words in not_understood(input_check.problem(text)).text
