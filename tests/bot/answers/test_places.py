"""bot/answers/places.py: nearest office, clusters in a place, and asking back about the place."""

import pytest

from bot.answers import places as answers
from bot.dates import find_span
from bot.geo import distance_km
from tests.conftest import TODAY


def _nearest_open_town(dataset, gazetteer, origin, cluster_ids=None):
    offices = [o for o in dataset.offices(TODAY) if cluster_ids is None or o.cluster_id in cluster_ids]
    return min(offices, key=lambda o: distance_km(origin, gazetteer.town(o.town)))


def test_nearest_office_from_holstebro_is_the_closest_open_one(dataset, gazetteer):
    origin = gazetteer.resolve("7500").places[0]
    answer = answers.nearest(dataset, gazetteer, origin, TODAY)
    first_line = answer.text.splitlines()[1]
    expected = _nearest_open_town(dataset, gazetteer, origin)
    assert first_line.startswith(f"1. {dataset.clusters[expected.cluster_id].name}: {expected.town}")
    assert " km" in first_line


def test_nearest_office_shows_one_office_per_cluster(dataset, gazetteer):
    answer = answers.nearest(dataset, gazetteer, gazetteer.resolve("Aarhus").places[0], TODAY)
    assert len({b.entities["cluster"] for b in answer.buttons}) == len(answer.buttons) == 3


def test_nearest_office_of_a_named_cluster(dataset, gazetteer):
    fbcd = dataset.clusters["food-bio-cluster-denmark"]
    answer = answers.nearest(dataset, gazetteer, gazetteer.resolve("Thisted").places[0], TODAY, [fbcd])
    assert answer.text.splitlines()[1].startswith("1. Food & Bio Cluster Denmark: Thisted")


def test_closed_offices_are_never_nearest(dataset, gazetteer):
    # MARLOG's office in Rønne closed with MARLOG; from Rønne the nearest is across the water.
    answer = answers.nearest(dataset, gazetteer, gazetteer.resolve("Rønne").places[0], TODAY)
    assert "MARLOG" not in answer.text and "over vandet" in answer.text


def test_a_cluster_that_ended_has_no_office_to_visit(dataset, gazetteer):
    answer = answers.nearest(
        dataset, gazetteer, gazetteer.resolve("Svendborg").places[0], TODAY, [dataset.clusters["marlog"]]
    )
    assert "findes ikke længere" in answer.text


def test_an_ambiguous_place_is_asked_back_with_a_button_per_candidate(gazetteer):
    answer = answers.place_problem(gazetteer.resolve("Viby"), "ask_nearest_office")
    assert "flere steder" in answer.text and answer.awaits_place
    assert {b.entities.get("postcode") for b in answer.buttons} >= {"8260", "4130"}


def test_wrong_postcodes_and_unknown_towns_are_answered_in_danish(gazetteer):
    assert "ikke et dansk postnummer" in answers.place_problem(gazetteer.resolve("0000"), "x").text
    assert "ikke et dansk postnummer" in answers.place_problem(gazetteer.resolve("99999"), "x").text
    unknown = answers.place_problem(gazetteer.resolve("Xyzby<script>"), "x").text
    assert "Jeg kender ikke stedet" in unknown and "<" not in unknown


def test_clusters_in_a_town_are_those_with_an_open_office_there(dataset, gazetteer):
    answer = answers.in_place(dataset, gazetteer, gazetteer.resolve("Aarhus").places[0], TODAY)
    in_aarhus = {o.cluster_id for o in dataset.offices(TODAY) if o.town == "Aarhus"}
    assert {b.entities["cluster"] for b in answer.buttons} == in_aarhus


def test_clusters_in_a_region_include_offices_known_only_by_region(dataset, gazetteer):
    answer = answers.in_place(dataset, gazetteer, gazetteer.resolve("Region Sjælland").places[0], TODAY)
    assert "CLEAN" in answer.text and "by ukendt" in answer.text


def test_a_place_without_offices_offers_the_nearest(dataset, gazetteer):
    answer = answers.in_place(dataset, gazetteer, gazetteer.resolve("Skagen").places[0], TODAY)
    assert "ingen klyngekontorer" in answer.text and answer.buttons[0].intent == "ask_nearest_office"


def test_clusters_in_a_place_on_a_date_asked_about(dataset, gazetteer):
    ronne = gazetteer.resolve("Rønne").places[0]
    in_2021 = answers.in_place(dataset, gazetteer, ronne, TODAY, find_span("i 2021", TODAY))
    assert "MARLOG" in in_2021.text and "Rønne i 2021" in in_2021.text
    assert "MARLOG" not in answers.in_place(dataset, gazetteer, ronne, TODAY).text  # it ended in 2022


@pytest.mark.parametrize(
    "name, phrase",
    [
        ("Fyn", "på Fyn"),
        ("Lolland-Falster", "på Lolland-Falster"),
        ("Bornholm", "på Bornholm"),
        ("Nordjylland", "i Region Nordjylland"),
    ],
)
def test_islands_take_paa(gazetteer, name, phrase):
    assert answers.where(gazetteer.resolve(name).places[0]) == phrase
