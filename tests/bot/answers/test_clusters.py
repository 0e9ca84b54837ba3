"""bot/answers/clusters.py: which cluster, what it is, contact, offices, status, the list."""

from datetime import date

from bot.answers import clusters as answers
from bot.dates import DateSpan, as_of
from tests.conftest import TODAY


def test_an_area_names_its_cluster_headquarters_and_website(dataset):
    answer = answers.for_areas(dataset, ["energi"], TODAY)
    ecd = dataset.clusters["energy-cluster-denmark"]
    assert (
        ecd.name in answer.text and ecd.headquarters.town in answer.text and ecd.website.value in answer.text
    )
    assert answer.cluster == ecd.id and "Kilde" in answer.text


def test_the_maritime_area_tells_that_marlog_ended_and_where_to_ask(dataset):
    answer = answers.for_areas(dataset, ["maritim"], TODAY)
    assert "MARLOG" in answer.text and "konkurs" in answer.text
    assert dataset.contacts[0].emails[0] in answer.text
    assert answer.cluster is None


def test_tourism_is_a_stronghold_without_a_cluster(dataset):
    answer = answers.for_areas(dataset, ["turisme"], TODAY)
    assert "ingen national klynge" in answer.text


def test_contact_says_unknown_details_are_unknown_and_where_to_ask(dataset):
    answer = answers.contact(dataset, dataset.clusters["censec"], TODAY)
    assert "ukendt" in answer.text and dataset.contacts[0].emails[0] in answer.text


def test_contact_gives_the_sourced_website(dataset):
    cluster = dataset.clusters["energy-cluster-denmark"]
    answer = answers.contact(dataset, cluster, TODAY)
    assert cluster.website.value in answer.text and cluster.website.source.url in answer.text


def test_offices_list_the_headquarters_first(dataset):
    cluster = dataset.clusters["energy-cluster-denmark"]
    lines = answers.offices(dataset, cluster, TODAY).text.splitlines()
    assert lines[1].startswith(f"- {cluster.headquarters.town} (hovedsæde)")
    assert len([line for line in lines if line.startswith("- ")]) == len(cluster.offices)


def test_offices_of_a_cluster_without_known_headquarters_say_so(dataset):
    answer = answers.offices(dataset, dataset.clusters["made"], TODAY)
    assert "Hvor hovedsædet ligger, står ikke i mine kilder." in answer.text


def test_offices_of_marlog_are_all_closed(dataset):
    answer = answers.offices(dataset, dataset.clusters["marlog"], TODAY)
    assert "ingen åbne kontorer" in answer.text and "Lukket:" in answer.text


def test_marlog_is_not_active_today_but_was_in_2021(dataset):
    today = answers.status(
        dataset, dataset.clusters["marlog"], as_of("Er MARLOG stadig aktiv?", TODAY), TODAY
    )
    assert today.text.startswith("Nej") and "konkurs" in today.text
    before = answers.status(dataset, dataset.clusters["marlog"], as_of("aktiv 1. januar 2021?", TODAY), TODAY)
    assert before.text.startswith("Ja, den 1. januar 2021 var MARLOG")


def test_status_before_designation_is_not_yet(dataset):
    answer = answers.status(
        dataset, dataset.clusters["clean"], DateSpan(date(2019, 1, 1), date(2019, 12, 31), "2019"), TODAY
    )
    assert answer.text.startswith("Nej, i 2019 var CLEAN endnu ikke national klynge")


def test_status_in_the_current_programme_is_unknown_unless_a_source_says(dataset):
    unknown = answers.status(dataset, dataset.clusters["clean"], as_of("", TODAY), TODAY)
    assert unknown.text.startswith("Det ved jeg ikke sikkert")
    made = answers.status(dataset, dataset.clusters["made"], as_of("", TODAY), TODAY)
    assert made.text.startswith("Ja, i dag er MADE")


def test_an_ended_cluster_offers_no_contact_or_visit_buttons(dataset):
    intents = {b.intent for b in answers.cluster_buttons(dataset.clusters["marlog"])}
    assert intents == {"ask_cluster_info", "ask_offices"}


def test_the_list_names_every_cluster_and_marks_marlog_as_ended(dataset):
    answer = answers.listing_answer(dataset, TODAY)
    assert all(c.name in answer.text for c in dataset.clusters.values())
    assert "ophørt 20. april 2022" in answer.text
    assert len(answer.buttons) == 13


def test_which_cluster_offers_a_button_per_living_cluster(dataset):
    answer = answers.which_cluster(dataset, "ask_contact", TODAY)
    assert len(answer.buttons) == 13 and all(b.intent == "ask_contact" for b in answer.buttons)
