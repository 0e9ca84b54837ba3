"""bot/validate.py: checks that need the gazetteer, and the command's exit code."""

import dataclasses

from bot import validate


def test_the_shipped_dataset_has_no_problems(dataset, gazetteer):
    assert validate.problems(dataset, gazetteer) == []


def test_an_office_in_a_town_the_gazetteer_does_not_know_is_a_problem(dataset, gazetteer):
    clean = dataset.clusters["clean"]
    office = dataclasses.replace(clean.offices[0], town="Atlantis")
    broken = dataclasses.replace(
        dataset, clusters={**dataset.clusters, "clean": dataclasses.replace(clean, offices=(office,))}
    )
    assert any("Atlantis" in p for p in validate.problems(broken, gazetteer))


def test_a_stated_count_that_disagrees_with_the_cluster_files_is_a_problem(dataset, gazetteer):
    without_marlog = {k: v for k, v in dataset.clusters.items() if k != "marlog"}
    broken = dataclasses.replace(dataset, clusters=without_marlog)
    assert any("14 clusters on 2020-10-01" in p for p in validate.problems(broken, gazetteer))


def test_the_command_exits_zero_and_says_what_it_checked(capsys):
    assert validate.main([]) == 0
    assert "dataset ok: 14 clusters" in capsys.readouterr().out


def test_a_term_that_reads_as_a_stop_word_is_a_problem(dataset, gazetteer):
    energi = dataset.areas["energi"]
    broken = dataclasses.replace(
        dataset,
        areas={
            **dataset.areas,
            "energi": dataclasses.replace(energi, vocabulary=(*energi.vocabulary, "SaaS")),
        },
    )
    assert any("'SaaS' reads as a Danish stop word" in p for p in validate.problems(broken, gazetteer))
