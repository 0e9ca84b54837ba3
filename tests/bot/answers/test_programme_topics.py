"""bot/answers/programme_topics.py: a programme question's answer leads with the subject it names,
for the period asked about, with the earlier figure and its date where it changed."""

from datetime import date

import pytest

from bot.answers import day, sources
from bot.answers import programme_topics as topics
from bot.dates import as_of
from bot.language import analyse
from bot.understanding import programme_subject
from tests.conftest import TODAY


def _answer(dataset, subject, when=""):
    return topics.answer(dataset, subject, as_of(when, TODAY), TODAY).text


def _counts(dataset, subject, region=None):
    return [
        f for f in dataset.counts if f.extra.get("subject") == subject and f.extra.get("region") == region
    ]


def _first_line(text):
    return text.splitlines()[0]


# -- which subject a question names ------------------------------------------------------------------
@pytest.mark.parametrize(
    "question, subject",
    [
        ("Hvor mange repræsentationer har klyngerne?", "representations"),
        ("hvor mange repraesentationer fik de", "representations"),
        ("og i hovedstaden?", "capital"),
        ("hvor mange ligger i hovedstadsområdet", "capital"),
        ("hvor mange adresser har klyngerne", "addresses"),
        ("hvornår gik klyngerne i luften?", "start"),
        ("hvornår startede de?", "start"),
        ("Hvor mange penge får klyngerne om året?", "per_year"),
        ("hvad er det årlige beløb", "per_year"),
        ("hvem udpeger klyngerne?", "designation"),
        ("hvem har udpeget dem", "designation"),
        ("hvad er ministeriets pressetelefon?", "press"),
        ("jeg er journalist", "press"),
        ("hvad sagde ministrene?", "welcome"),
        ("hvem glædede sig over klyngerne", "welcome"),
        ("hvad udtalte erhvervsministeren", "welcome"),
        ("hvilken lov står bag klyngerne?", "law"),
        ("hvad siger erhvervsfremmeloven", "law"),
        ("hvem er formand for erhvervsfremmebestyrelsen", "chair"),
        ("hvilke krav skulle en klynge opfylde", "conditions"),
        ("hvem betaler for klyngerne", "sides"),
        ("hvor mange penge kom fra hver side?", "sides"),
        ("hvad er status på programmet lige nu", "now"),
        ("hvad er bekræftet om klyngerne for 2025-2028", "now"),
        ("hvorfor må der kun være én klynge pr. område", "law"),
        ("hvor kommer pengene til klyngerne fra", "sides"),
        ("er klyngerne stadig udpeget", "now"),
        ("hvilken klynge dækker energi", None),
        ("hvad sker der nu", None),
        ("What's the status of the programme right now?", "now"),
        ("hej! hvem står egentlig bag de her klynger?", "designation"),
        ("hvor mange klynger er der", None),
    ],
)
def test_the_subject_of_a_question(question, subject):
    assert programme_subject(analyse(question)) == subject


def test_an_idiom_is_no_trade(dataset):
    from tests.conftest import reader

    reading = reader().read("hvornår gik klyngerne i luften?", TODAY)
    assert not [e for e in reading.entities if e.entity == "area"]


# -- offices: representations, addresses, the capital ----------------------------------------------
def test_representations_lead_with_the_designation_figure_and_give_the_later_addresses(dataset):
    (representations,) = _counts(dataset, "representations")
    (addresses,) = _counts(dataset, "addresses")
    text = _answer(dataset, "representations")
    assert _first_line(text).startswith(representations.extra["text"].rstrip("."))
    assert day(representations.as_of) in _first_line(text)
    assert addresses.extra["text"].rstrip(".") in text and day(addresses.as_of) in text
    assert "nyere tal for repræsentationer står ikke" in text


def test_addresses_lead_with_the_addresses_figure(dataset):
    (addresses,) = _counts(dataset, "addresses")
    assert _first_line(_answer(dataset, "addresses")).startswith(addresses.extra["text"].rstrip("."))


def test_the_capital_gets_its_share_of_the_representations(dataset):
    (share,) = _counts(dataset, "representations", "Region Hovedstaden")
    text = _answer(dataset, "capital")
    assert _first_line(text).startswith(share.extra["text"].rstrip(".")) and str(share.value) in text


def test_an_office_count_before_any_figure_gives_the_oldest(dataset):
    text = topics.office_count(dataset, "addresses", as_of("i 2021", TODAY), TODAY).text
    (representations,) = _counts(dataset, "representations")
    # No addresses figure before 2022: the answer leads with the 2022 one (the oldest there is).
    assert "50 forskellige adresser" in _first_line(text) and day(representations.as_of) in text


# -- dates ----------------------------------------------------------------------------------------------
def test_start_is_the_first_programmes_first_day_then_the_running_programme(dataset):
    first = min(dataset.programmes, key=lambda p: p.start)
    running = dataset.programme_on(TODAY)
    text = _answer(dataset, "start")
    assert _first_line(text).startswith(f"Klyngerne gik i gang {day(first.start)}")
    assert day(first.designated.value) in _first_line(text) and running.name in text


def test_designation_leads_with_the_period_asked_about(dataset):
    first = min(dataset.programmes, key=lambda p: p.start)
    running = dataset.programme_on(TODAY)
    today = _answer(dataset, "designation")
    assert _first_line(today).startswith(running.name) and "formentlig" in _first_line(today)
    in_2020 = _answer(dataset, "designation", "i 2020")
    assert _first_line(in_2020).startswith(first.name) and day(first.designated.value) in _first_line(in_2020)
    assert "Senere: " + running.name in in_2020


# -- money -----------------------------------------------------------------------------------------------
def _total(dataset, programme):
    return next(
        f for f in dataset.funding if f.extra.get("programme") == programme.id and f.extra.get("total")
    )


def test_per_year_works_out_a_yearly_figure_from_the_total_and_says_so(dataset):
    running = dataset.programme_on(TODAY)
    total = _total(dataset, running).extra["total"]
    years = running.end.year - running.start.year + 1
    text = _answer(dataset, "per_year")
    assert _first_line(text).startswith(running.name) and f"{total} mio. kr. i alt" in text
    assert f"cirka {round(total / years)} mio. kr. om året (min udregning)" in text
    assert "Før det: Innovationskraft" in text and "160 mio. kr. om året" in text


def test_per_year_in_2022_is_the_2021_2024_figure_only(dataset):
    text = _answer(dataset, "per_year", "i 2022")
    assert text.startswith("Innovationskraft") and "160 mio. kr. om året" in text and "662" not in text


def test_who_pays_names_the_bodies_of_the_period_asked_about_first(dataset):
    payers = [f for f in dataset.funding if f.extra.get("payers")]
    assert payers
    today = _answer(dataset, "sides")
    assert _first_line(today).startswith(dataset.programme_on(TODAY).name)
    assert all(str(f.value).rstrip(".") in today for f in payers)
    assert _first_line(_answer(dataset, "sides", "i 2021")).startswith("Innovationskraft")


# -- people, law, conditions, press ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "subject, topic", [("welcome", "velkomst"), ("law", "lov"), ("conditions", "adgangskrav")]
)
def test_the_press_release_topics_give_every_sourced_statement(dataset, subject, topic):
    facts = topics.topic(dataset, topic)
    assert facts
    text = _answer(dataset, subject)
    assert all(str(f.value) in text for f in facts)
    assert facts[0].source.url in text


def test_the_welcome_names_both_ministers_and_the_chair_of_deb(dataset):
    text = _answer(dataset, "welcome")
    assert "Ane Halsboe-Jørgensen" in text and "Simon Kollerup" in text and "Jakob Riis" in text
    assert text.startswith("Da klyngerne blev udpeget 1. oktober 2020")


def test_the_chair_is_dated_and_today_is_said_to_be_unknown(dataset):
    text = _answer(dataset, "chair")
    for fact in topics.topic(dataset, "formand"):
        assert day(fact.as_of) in text
    assert "Hvem der er formand i dag, står ikke i mine kilder" in text


def test_press_gives_the_press_desk_and_the_programmes_desk(dataset):
    press = [c for c in dataset.contacts if c.role == "presse"]
    desk = next(c for c in dataset.contacts if c.role == "klyngeprogrammet" and c.is_desk_on(TODAY))
    text = _answer(dataset, "press")
    assert press and all(c.phones[0] in text and c.emails[0] in text for c in press)
    assert desk.emails[0] in text


def test_a_contact_question_without_a_cluster_is_about_the_programme(dataset):
    desk = next(c for c in dataset.contacts if c.role == "klyngeprogrammet" and c.is_desk_on(TODAY))
    text = topics.programme_contact(dataset, TODAY).text
    assert (
        text.startswith("Om klyngeprogrammet")
        and desk.emails[0] in text
        and "Cluster Excellence Denmark" in text
    )


# -- now -------------------------------------------------------------------------------------------------
def test_now_says_what_is_confirmed_and_what_is_not_with_the_newest_source(dataset):
    running = dataset.programme_on(TODAY)
    text = _answer(dataset, "now")
    confirmed, unconfirmed = text.split("Ikke bekræftet i mine kilder:")
    assert "662 mio. kr." in confirmed and "MADE" in confirmed
    assert all(q in unconfirmed for q in running.open_questions)
    assert "Min nyeste kilde om programmet er fra 25. september 2025" in text


# -- as-of dates on old sources -----------------------------------------------------------------------------
def test_a_source_older_than_a_year_carries_its_date(dataset):
    old = next(f for f in dataset.counts if f.extra.get("subject") == "representations")
    assert f"(oplyst {day(old.as_of)})" in sources(old, today=TODAY)
    assert "oplyst" not in sources(old, today=date(2021, 1, 1))
    assert "oplyst" not in sources(old)
