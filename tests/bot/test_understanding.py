"""bot/understanding.py: what the NLU component resolves in a message, with canonical values."""

import pytest

from bot import dataset as dataset_module
from bot.geo import Gazetteer
from bot.understanding import Reader
from bot.values import resolution_from_value, span_from_value
from tests.conftest import TODAY


@pytest.fixture(scope="module")
def reader():
    return Reader(dataset_module.load(), Gazetteer.load())


def _found(reader, text):
    return {(e.entity, text[e.start : e.end]): e.value for e in reader.read(text, TODAY).entities}


def test_a_postcode_and_town_are_two_entities_for_one_place(reader):
    found = _found(reader, "Hvor er det nærmeste kontor? Jeg bor i 7500 Holstebro.")
    assert set(found) == {("postcode", "7500"), ("town", "Holstebro")}
    place = resolution_from_value(found[("town", "Holstebro")])
    assert place.status == "found" and place.places[0].postcode == "7500"


def test_cluster_names_typos_and_area_words_resolve_to_ids(reader):
    assert _found(reader, "Hvordan kontakter jeg Energy Cluster Denmark?") == {
        ("cluster", "Energy Cluster Denmark"): "energy-cluster-denmark"
    }
    assert _found(reader, "vi laver hoereaparater") == {("area", "hoereaparater"): "lyd"}


def test_an_area_word_before_klyngen_names_that_areas_cluster(reader):
    assert _found(reader, "hvor kan jeg skrive til life science klyngen") == {
        ("cluster", "life science klyngen"): "danish-life-science-cluster"
    }


def test_a_place_name_is_never_also_a_trade(reader):
    found = _found(reader, "hvem af klyngerne sidder i kobenhavn")
    assert [kind for kind, _ in found] == ["town"]


def test_a_date_becomes_a_span(reader):
    found = _found(reader, "Hvor mange klynger var der i 2021?")
    span = span_from_value(found[("date", "2021")])
    assert (span.start.isoformat(), span.end.isoformat()) == ("2021-01-01", "2021-12-31")


@pytest.mark.parametrize("name", ["Fyn", "Sønderjylland", "Lolland-Falster", "Vestjylland", "Djursland"])
def test_landsdele_are_places(reader, name):
    found = _found(reader, f"er der klyngekontorer på {name}")
    assert resolution_from_value(found[("town", name)]).places[0].kind == "landsdel"


def test_hints_say_back_references_and_offices(reader):
    hints = reader.read("hvor mange kontorer har deres klynge", TODAY).hints
    assert hints.refers_back and hints.about_offices
    assert not reader.read("hvor mange klynger er der", TODAY).hints.about_offices


@pytest.mark.parametrize(
    "text, number", [("nærmeste kontor 99999", "99999"), ("nermeste kontor 6100", "6100")]
)
def test_a_number_in_a_question_for_an_office_is_a_postcode_right_or_wrong(reader, text, number):
    found = _found(reader, text)
    assert ("postcode", number) in found


def test_a_year_alone_is_a_date_not_a_wrong_postcode(reader):
    assert [kind for kind, _ in _found(reader, "2022")] == ["date"]
    assert [kind for kind, _ in _found(reader, "7500")] == ["postcode"]


def test_a_clusters_name_takes_the_klyngen_after_it(reader):
    assert _found(reader, "hvad laver made klyngen helt konkret") == {("cluster", "made klyngen"): "made"}


def test_an_office_word_beside_a_cluster_is_no_trade(reader):
    found = _found(reader, "hvor ligger LD clusters satellit")
    assert [kind for kind, _ in found] == ["cluster"]
    assert ("area", "satellitter") in _found(reader, "vi bygger satellitter")


def test_a_town_inside_a_cluster_name_is_not_the_place(reader):
    text = "Har Odense Robotics afdelinger uden for Odense?"
    found = _found(reader, text)
    assert ("cluster", "Odense Robotics") in found
    assert [e.start for e in reader.read(text, TODAY).entities if e.entity == "town"] == [
        text.rindex("Odense")
    ]


def test_a_slip_in_the_town_someone_lives_in_is_still_that_town(reader):
    found = _found(reader, "Jeg bor i Hostebro, hvor ligger det nærmeste kontor?")
    assert resolution_from_value(found[("town", "Hostebro")]).places[0].postcode == "7500"


def test_a_contact_word_about_a_cluster_is_no_trade(reader):
    assert _found(reader, "hvad er deres hjemmeside?") == {}
    assert ("area", "hjemmesider") in _found(reader, "jeg laver hjemmesider for butikker")


@pytest.mark.parametrize(
    "text, back",
    [
        ("har de en hjemmeside jeg kan se?", True),
        ("hvor ligger de?", True),
        ("hvad er deres adresse", True),
        ("er de nationale klynger stadig aktive", False),
        ("hvem er de klynger", False),
        ("de fleste klynger har kontor i Aarhus", False),
    ],
)
def test_they_points_back_to_the_previous_cluster(reader, text, back):
    assert reader.read(text, TODAY).hints.refers_back is back
