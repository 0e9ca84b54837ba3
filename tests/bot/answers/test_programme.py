"""bot/answers/programme.py: counts, money, designation, history and strongholds for a date."""

from bot.answers import programme as answers
from bot.dates import as_of
from tests.conftest import TODAY


def _count(dataset, text):
    # The NLU says whether offices are asked about (bot/understanding.py); this test asks it too.
    return answers.count(dataset, "kontor" in text, as_of(text, TODAY), TODAY).text


def test_there_were_14_clusters_in_2021_and_13_in_2023(dataset):
    assert _count(dataset, "Hvor mange klynger var der i 2021?").startswith(
        "I 2021 var der 14 nationale klynger"
    )
    assert _count(dataset, "hvor mange klynger var der i 2023").startswith(
        "I 2023 var der 13 nationale klynger"
    )


def test_2022_had_14_then_13_because_marlog_went_bankrupt(dataset):
    text = _count(dataset, "Hvor mange klynger var der i 2022?")
    assert "først 14" in text and "derefter 13" in text and "MARLOG" in text


def test_todays_count_is_honest_about_the_unknown_2025_list(dataset):
    text = _count(dataset, "hvor mange klynger er der")
    programme = dataset.programme_on(TODAY)
    assert "11 klyngeorganisationer" in text and "Ikke bekræftet i mine kilder" in text
    assert all(question in text for question in programme.open_questions)


def test_office_counts_quote_the_sourced_figure(dataset):
    text = _count(dataset, "hvor mange kontorer har klyngerne")
    assert "50 forskellige adresser" in text and "28. september 2022" in text


def test_funding_follows_the_programme_of_the_date_asked(dataset):
    in_2022 = answers.funding(dataset, as_of("i 2022", TODAY), TODAY).text
    assert in_2022.startswith("Innovationskraft") and "80 mio. kr." in in_2022
    today = answers.funding(dataset, as_of("", TODAY), TODAY).text
    assert today.startswith("Det danske klyngeprogram 2025-2028") and "662 mio. kr." in today


def test_funding_of_a_named_cluster_and_of_one_nobody_reported(dataset):
    ecd = answers.funding(dataset, as_of("", TODAY), TODAY, dataset.clusters["energy-cluster-denmark"]).text
    assert "32 mio. kr." in ecd
    clean = answers.funding(dataset, as_of("", TODAY), TODAY, dataset.clusters["clean"]).text
    assert "står ikke i mine kilder" in clean


def test_programme_says_who_designated_and_when(dataset):
    text = answers.programme(dataset, as_of("", TODAY), TODAY).text
    assert "1. oktober 2020" in text and "uddannelses- og forskningsministeren" in text


def test_history_of_2022_holds_marlogs_bankruptcy(dataset):
    text = answers.history(dataset, as_of("hvad skete der i 2022", TODAY), TODAY).text
    assert "MARLOG" in text and "2020" not in text.split("Kilde")[0]


def test_strongholds_list_tourism_without_a_cluster(dataset):
    text = answers.strongholds(dataset, TODAY).text
    assert "turisme (ingen klynge)" in text and "Spirende områder" in text


def test_where_to_ask_is_the_desk_of_the_date(dataset):
    from datetime import date

    from bot.answers import where_to_ask

    after_the_move = where_to_ask(dataset, date(2026, 12, 1))
    before_it = where_to_ask(dataset, date(2023, 5, 1))
    assert "Erhvervsministeriet" in after_the_move and "em@em.dk" in after_the_move
    assert "Uddannelses- og Forskningsstyrelsens klyngeteam" in before_it and "cro@ufm.dk" in before_it
