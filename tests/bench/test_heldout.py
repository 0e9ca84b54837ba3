"""Robustness slices: transformed utterances keep their entity annotations on the same words."""

from __future__ import annotations

from bench.heldout import Example, fold_danish_letters, is_english, lower_case, swap_letters

EXAMPLE = Example(
    "Vi laver høreapparater i Åbenrå",
    "ask_cluster_for_area",
    (
        {"entity": "area", "start": 9, "end": 22, "value": "høreapparater"},
        {"entity": "town", "start": 25, "end": 31, "value": "Åbenrå"},
    ),
)


def annotated(example: Example) -> list[str]:
    return [example.text[e["start"] : e["end"]] for e in example.entities]


def test_folding_moves_the_entities_along():
    folded = fold_danish_letters(EXAMPLE)
    assert folded.text == "Vi laver hoereapparater i Aabenraa"
    assert annotated(folded) == ["hoereapparater", "Aabenraa"]


def test_lower_case_keeps_offsets():
    assert annotated(lower_case(EXAMPLE)) == ["høreapparater", "åbenrå"]


def test_a_typo_swaps_two_letters_of_the_longest_word_and_is_the_same_every_time():
    slipped = swap_letters(EXAMPLE)
    assert slipped.text != EXAMPLE.text and len(slipped.text) == len(EXAMPLE.text)
    assert sorted(slipped.text) == sorted(EXAMPLE.text)
    assert slipped.text.split()[:2] == ["Vi", "laver"]
    assert swap_letters(EXAMPLE) == slipped


def test_short_words_get_no_typo():
    assert swap_letters(Example("hej", "greet")).text == "hej"


def test_english_is_told_from_danish():
    assert is_english("which cluster covers offshore wind")
    assert not is_english("hvilken klynge dækker havvind")
