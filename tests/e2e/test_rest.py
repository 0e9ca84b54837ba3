"""End to end: the real action server and Rasa server, asked over the REST channel as a widget would.

Needs the trained model (`make train`); `make test-e2e` builds it first. Expectations come from the
dataset where the answer is a fact, so the test follows the data rather than copying it.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.geo import distance_km

pytestmark = pytest.mark.e2e


# -- the questions from the brief --------------------------------------------------------------------
def test_maritime_area_says_marlog_went_bankrupt(chat):
    answer = chat.ask("Hvilken klynge dækker det maritime område?")
    assert "MARLOG" in answer and "konkurs" in answer


def test_hearing_aid_company_belongs_to_the_sound_cluster(chat):
    assert "Danish Sound Cluster" in chat.ask("Vi laver høreapparater – hvilken klynge passer til os?")


def test_nearest_office_from_holstebro(chat, dataset, gazetteer):
    answer = chat.ask("Hvor er det nærmeste kontor? Jeg bor i 7500 Holstebro.")
    origin = gazetteer.resolve("7500").places[0]
    nearest = min(dataset.offices(date.today()), key=lambda o: distance_km(origin, gazetteer.town(o.town)))
    assert "fra Holstebro (7500)" in answer and nearest.town in answer.splitlines()[1] and "km" in answer


def test_contact_energy_cluster_denmark(chat, dataset):
    answer = chat.ask("Hvordan kontakter jeg Energy Cluster Denmark?")
    assert dataset.clusters["energy-cluster-denmark"].website.value in answer and "ukendt" in answer


def test_how_much_money(chat):
    assert "mio. kr." in chat.ask("Hvor mange penge får klyngerne?")


def test_is_marlog_still_active(chat):
    answer = chat.ask("Er MARLOG stadig aktiv?")
    assert answer.startswith("Nej") and "konkurs" in answer


# -- clusters --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "question, cluster_id",
    [
        ("hvilken klynge er for fintech", "copenhagen-fintech"),
        ("vi producerer møbler, hvem hører vi under?", "lifestyle-design-cluster"),
        ("hvem tager sig af robotter og droner", "odense-robotics"),
        ("findes der en klynge for fødevarer?", "food-bio-cluster-denmark"),
        ("vi udvikler computerspil, hvilken klynge passer", "vision-denmark"),
    ],
)
def test_area_questions_name_the_right_cluster(chat, dataset, question, cluster_id):
    assert dataset.clusters[cluster_id].name in chat.ask(question)


def test_what_is_censec(chat, dataset):
    assert dataset.clusters["censec"].description.value[:60] in chat.ask("Hvad er CenSec?")


def test_headquarters_unknown_is_said_plainly(chat):
    assert "står ikke i mine kilder" in chat.ask("Hvor ligger MADEs hovedsæde?")


def test_contact_without_known_details_points_to_where_to_ask(chat, dataset):
    answer = chat.ask("hvad er mailen til CenSec")
    assert "ukendt" in answer and dataset.contacts[0].emails[0] in answer


def test_all_clusters_are_listed_with_buttons(chat, dataset):
    answer = chat.ask("hvilke klynger findes der?")
    assert all(c.name in answer for c in dataset.clusters.values()) and len(chat.buttons) == 13


def test_clusters_with_an_office_in_aarhus(chat, dataset):
    answer = chat.ask("Hvilke klynger har kontor i Aarhus?")
    in_aarhus = [o for o in dataset.offices(date.today()) if o.town == "Aarhus"]
    assert in_aarhus and all(dataset.clusters[o.cluster_id].name in answer for o in in_aarhus)


def test_clusters_in_region_zealand(chat):
    assert "Region Sjælland" in chat.ask("er der klynger i Region Sjælland")


# -- nearest office variants -------------------------------------------------------------------------
def test_nearest_office_of_a_named_cluster(chat):
    answer = chat.ask("hvor er energiklyngens nærmeste kontor når man bor i Vejle")
    assert "Energy Cluster Denmark" in answer and "Vejle" in answer and "MARLOG" not in answer


def test_nearest_office_from_a_kommune(chat):
    assert "km" in chat.ask("nærmeste kontor fra Vesthimmerlands Kommune")


def test_nearest_office_from_bornholm_mentions_the_water(chat):
    assert "over vandet" in chat.ask("Hvor er nærmeste kontor? Jeg bor i Rønne")


def test_ambiguous_place_is_asked_back_and_the_button_answers(chat):
    assert "flere steder" in chat.ask("Hvor er det nærmeste kontor? Jeg bor i Viby")
    payloads = [b["payload"] for b in chat.buttons]
    viby_j = next(p for p in payloads if "8260" in p)
    assert "fra Viby J (8260)" in chat.ask(viby_j)


def test_place_asked_for_when_missing_then_given(chat):
    assert "Hvor bor du?" in chat.ask("hvor er det nærmeste kontor?")
    assert "fra Holstebro" in chat.ask("Holstebro")


# -- follow-ups ------------------------------------------------------------------------------------
def test_follow_up_their_office_then_another_area(chat, dataset):
    chat.ask("Hvilken klynge dækker energi?")
    offices = chat.ask("og hvor ligger deres kontor?")
    assert dataset.clusters["energy-cluster-denmark"].headquarters.town in offices
    assert "Food & Bio Cluster Denmark" in chat.ask("hvad med fødevarer?")


def test_follow_up_with_another_year(chat):
    assert "14" in chat.ask("hvor mange klynger var der i 2021?")
    assert "13" in chat.ask("og i 2023?")


# -- programme -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "question, expected",
    [
        ("Hvor mange klynger var der i 2021?", "14 nationale klynger"),
        ("hvor mange klynger var der i 2023", "13 nationale klynger"),
        ("Hvem udpegede klyngerne?", "1. oktober 2020"),
        ("Hvad er styrkepositionerne?", "turisme (ingen klynge)"),
        ("hvorfor er der kun 13 klynger nu", "MARLOG"),
        ("Var MARLOG aktiv 1. januar 2021?", "Ja"),
        ("hvad fik energiklyngen i støtte", "32 mio. kr."),
        ("hvor mange kontorer har klyngerne?", "50 forskellige adresser"),
    ],
)
def test_programme_facts(chat, question, expected):
    assert expected in chat.ask(question)


# -- small talk --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "message, expected",
    [
        ("hej", "Klyngebot"),
        ("tusind tak for hjælpen", "Selv tak"),
        ("er du en robot?", "chatbot"),
        ("hvad kan du?", "Jeg kan"),
        ("hvad bliver vejret i morgen?", "kan jeg desværre ikke"),
        ("farvel", "Farvel"),
    ],
)
def test_small_talk(chat, message, expected):
    assert expected in chat.ask(message)


# -- bad input: a clear Danish answer, and the conversation goes on ------------------------------------
@pytest.mark.parametrize(
    "message, expected",
    [
        ("", "tom"),
        ("   ", "tom"),
        ("a" * 10_000, "kun læst de første 1.000"),
        ("hvilken klynge dækker energi " * 400, "kun læst de første"),
        ("😀😀😀", "emojis"),
        ("<script>alert(1)</script>", "HTML"),
        ("<img src=x onerror=alert(1)>", "HTML"),
        ("'; DROP TABLE klynger; --", "kode"),
        ("Hvor er nærmeste kontor? Jeg bor i Xyzby", "Jeg kender ikke stedet"),
        ("nærmeste kontor til 0000", "ikke et dansk postnummer"),
        ("nærmeste kontor 99999", "ikke et dansk postnummer"),
    ],
)
def test_bad_input_gets_a_danish_answer(chat, message, expected):
    answer = chat.ask(message)
    assert expected in answer and "<script" not in answer and "onerror" not in answer
    assert "Energy Cluster Denmark" in chat.ask("Hvilken klynge dækker energi?")


def test_english_gets_a_danish_answer(chat):
    answer = chat.ask("Which cluster covers energy?")
    assert "Energy Cluster Denmark" in answer and "klynge" in answer.casefold()
