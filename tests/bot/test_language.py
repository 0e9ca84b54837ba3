"""bot/language.py: Danish lemmas for inflections, capitals and æ/ø/å-less spellings."""

import pytest

from bot.language import analyse, inflected_forms, lemmas


@pytest.mark.parametrize(
    "text, lemma",
    [
        ("klyngerne", "klynge"),  # the table chains klyngerne -> klynger -> klynge
        ("Skibsfarten", "skibsfart"),  # capital at the start of a sentence
        ("SKIBSFARTEN", "skibsfart"),
        ("hoereapparaterne", "høreapparat"),  # typed without æ/ø/å
        ("havnene", "havn"),
        ("kontorerne", "kontor"),
    ],
)
def test_inflections_find_their_lemma(text, lemma):
    assert lemmas(text) == [lemma]


def test_unknown_words_are_kept_and_marked_unknown():
    [word] = analyse("Xyzby")
    assert (word.lemma, word.known) == ("xyzby", False)


def test_punctuation_and_genitive_apostrophes_are_dropped():
    assert [w.text for w in analyse("Odense Robotics' kontor?")] == ["Odense", "Robotics", "kontor"]


def test_inflected_forms_cover_plural_and_definite():
    assert {"rederier", "rederiet", "rederierne"} <= inflected_forms("rederi")
