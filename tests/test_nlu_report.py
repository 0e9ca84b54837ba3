"""tests/nlu_report.py: the regression check fails below a floor and names what it does not know."""

import pytest

from tests.nlu_report import below_floors

NUMBERS = {"intent accuracy": 0.93, "entity F1": 0.96, "utterances": 300}


def test_a_measure_under_its_floor_is_reported():
    assert below_floors(NUMBERS, {"intent accuracy": 0.94, "entity F1": 0.95}) == [
        "intent accuracy 0.930 is below the floor 0.940"
    ]


def test_measures_at_their_floor_pass():
    assert below_floors(NUMBERS, {"intent accuracy": 0.93, "entity F1": 0.96}) == []


def test_a_misspelt_measure_is_an_error_not_a_pass():
    with pytest.raises(KeyError):
        below_floors(NUMBERS, {"intent acc": 0.5})
