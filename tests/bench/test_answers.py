"""End-to-end questions: facts resolved from the dataset, matched as written, and kept out of the NLU data."""

from __future__ import annotations

from datetime import date

import pytest

from bench import answers

TODAY = date(2026, 11, 27)


@pytest.fixture(scope="module")
def facts(dataset, gazetteer):
    return answers.Facts(dataset, gazetteer, TODAY)


def test_numbers_and_names_match_as_whole_words():
    assert answers.contains("I 2021 var der 14 nationale klynger.", "14")
    assert not answers.contains("Klyngen blev stiftet i 2014.", "14")
    assert answers.contains("Energy Cluster Denmarks kontorer", "Energy Cluster Denmark")  # genitive
    assert not answers.contains("cleantech", "CLEAN")
    assert answers.contains("fik 32 mio. kr. over fire år", "32 mio")


def test_references_resolve_to_the_dataset(facts, dataset):
    assert facts.resolve("town", "headquarters-of:energy-cluster-denmark").alternatives == (
        dataset.clusters["energy-cluster-denmark"].headquarters.town,
    )
    assert "ECD" in facts.resolve("cluster", "energy-cluster-denmark").alternatives
    assert facts.resolve("website", "clean").alternatives == (dataset.clusters["clean"].website.value,)


def test_nearest_office_is_the_closest_open_one(facts):
    # Struer is Danish Sound Cluster's headquarters; from Struer's own postcode it is the nearest office.
    assert facts.nearest_office_town("7600") == "Struer"
    assert facts.nearest_office_town("Esbjerg", "energy-cluster-denmark") == "Esbjerg"


def test_bad_references_fail_loudly(facts):
    with pytest.raises(ValueError, match="no cluster"):
        facts.resolve("cluster", "no-such-cluster")
    with pytest.raises(ValueError, match="unknown fact kind"):
        facts.resolve("colour", "blue")


def test_an_answer_is_right_only_with_every_fact(facts):
    question = answers.Question("q", "ask_count", (facts.resolve("text", "14"), facts.resolve("text", "13")))
    assert answers.judge(question, "først 14, så 13").right
    assert answers.judge(question, "14").missing == ("text: 13",)


def test_the_question_file_is_big_enough_and_resolves(facts):
    questions = answers.load(facts=facts)
    assert len(questions) >= 80 and all(q.facts for q in questions)


def test_no_question_is_in_the_training_or_test_data(facts):
    questions = answers.load(facts=facts)
    assert [q.ask for q in answers.leaked(questions, answers.seen_utterances())] == []


def test_annotations_are_removed_before_comparing(tmp_path):
    data = tmp_path / "nlu.yml"
    data.write_text("nlu:\n- intent: x\n  examples: |\n    - Hvor ligger [CLEAN](cluster)s kontor?\n")
    seen = answers.seen_utterances([data])
    assert answers.leaked([answers.Question("hvor ligger CLEANs kontor", "", ())], seen)
