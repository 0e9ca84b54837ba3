"""The keyword baseline: its cue table, its dictionary lookup, and the rules it answers by."""

from __future__ import annotations

import pytest

from bench.keyword_baseline import LOOKUPS, Cue, KeywordNLU, Lexicon, response_texts, rules_by_intent

NAMES = {
    "cluster": ["Energy Cluster Denmark", "ECD", "Food & Bio Cluster Denmark"],
    "area": ["energi", "vindmøller", "power-to-x", "industri 4.0", "bio"],
    "town": ["Holstebro", "Viby J", "Energy"],
}


@pytest.fixture(scope="module")
def nlu():
    return KeywordNLU.build(Lexicon(NAMES, {"postcode": [r"\b[0-9]{4}\b"]}))


def spans(parse):
    return [(e.entity, parse.text[e.start : e.end]) for e in parse.entities]


def test_names_are_found_whole_and_case_insensitively(nlu):
    parse = nlu.parse("hvordan kontakter jeg energy cluster denmark?")
    assert spans(parse) == [("cluster", "energy cluster denmark")]


def test_the_longest_name_wins_over_a_name_inside_it(nlu):
    # "Energy" alone is a town in this table; inside the cluster's name it is the cluster.
    assert spans(nlu.parse("Energy Cluster Denmark i Holstebro")) == [
        ("cluster", "Energy Cluster Denmark"),
        ("town", "Holstebro"),
    ]


def test_names_with_punctuation_match_as_written(nlu):
    parse = nlu.parse("klynge for power-to-x og industri 4.0, tak")
    assert spans(parse) == [("area", "power-to-x"), ("area", "industri 4.0")]


def test_part_of_a_word_is_no_match(nlu):
    assert spans(nlu.parse("biogas og biologi")) == []


def test_postcodes_come_from_the_pattern(nlu):
    assert spans(nlu.parse("nærmeste kontor fra 7500 Holstebro")) == [
        ("postcode", "7500"),
        ("town", "Holstebro"),
    ]


@pytest.mark.parametrize(
    "text, intent",
    [
        ("Hvor er det nærmeste kontor? Jeg bor i 7500 Holstebro.", "ask_nearest_office"),
        ("naermeste kontor fra Viby J", "ask_nearest_office"),  # cues are compared without æ/ø/å
        ("Hvor mange penge får klyngerne?", "ask_funding"),  # money before counting
        ("hvor mange klynger er der", "ask_count"),
        ("Hvordan kontakter jeg ECD?", "ask_contact"),
        ("hvilke klynger har kontorer i Holstebro", "ask_clusters_in_place"),
        ("hvilke klynger findes der", "list_clusters"),  # no place: the list
        ("hej, hvilken klynge dækker energi?", "ask_cluster_for_area"),  # a question beats a greeting
        ("hej", "greet"),
    ],
)
def test_the_first_row_with_a_cue_decides(nlu, text, intent):
    assert nlu.parse(text).intent == intent


def test_without_a_cue_the_entities_decide(nlu):
    assert (
        nlu.parse("vi arbejder med vindmøller i Jylland og søger partnere").intent == "ask_cluster_for_area"
    )
    assert nlu.parse("vindmøller").intent == "inform"  # a few words that only name something: a follow-up
    assert nlu.parse("hvem vinder fodboldkampen i aften").intent == "out_of_scope"


def test_cue_endings_and_phrases():
    assert Cue.parse("kontor*").found_in(["kontorerne"])
    assert Cue.parse("hvor_mange").found_in(["og", "hvor", "mange"])
    assert not Cue.parse("hvor_mange").found_in(["mange", "hvor"])
    assert Cue.parse("nærmeste").words == ("naermeste",)


def test_tokens_are_the_words_with_their_offsets(nlu):
    parse = nlu.parse("Hej, ECD!")
    assert [parse.text[s:e] for s, e in parse.tokens] == ["Hej", "ECD"]


def test_the_generated_lookup_tables_load():
    if not LOOKUPS.exists():
        pytest.skip(
            "build/nlu-lookups/lookups.yml is written by `make bench` (the LOOKUPS target), not by make test"
        )
    lexicon = Lexicon.from_lookups()
    assert ("cluster", "MARLOG") in [(e.entity, e.value) for e in lexicon.find("Er MARLOG stadig aktiv?")]
    assert lexicon.patterns  # the postcode regex


def test_rules_and_responses_come_from_the_project():
    rules = rules_by_intent()
    assert rules["ask_contact"] == ["action_contact"]
    assert rules["out_of_scope"] == ["utter_out_of_scope", "utter_suggestions"]
    assert "utter_greet" in response_texts()


def test_the_keyword_bot_answers_with_klyngebots_actions(nlu):
    from bench.keyword_baseline import KeywordBot

    conversation = KeywordBot(nlu).conversation()
    assert "Energy Cluster Denmark" in conversation.ask("Hvordan kontakter jeg Energy Cluster Denmark?")
