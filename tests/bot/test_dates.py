"""Danish date understanding: what a message's first date expression means, as of a fixed today."""

from __future__ import annotations

import random
import unicodedata
from datetime import date, datetime

import pytest

from bot.dates import DateSpan, as_of, find_span, format_da, parse_fact_date

today = date(2026, 11, 27)


def span_of(text: str) -> tuple[date, date] | None:
    found = find_span(text, today)
    return found and (found.start, found.end)


def day(y: int, m: int, d: int) -> tuple[date, date]:
    return date(y, m, d), date(y, m, d)


@pytest.mark.parametrize(
    "text",
    [
        "1. januar 2021",
        "1 jan 2021",
        "1. jan. 2021",
        "01.01.2021",
        "1/1-2021",
        "1/1 2021",
        "2021-01-01",
        "1.jan.2021",
        "1-1-2021",
        "den 1. januar 2021",
        "pr. 1. januar 2021",
        "Var MARLOG aktiv 1. januar 2021?",
        "var marlog aktiv 1. JANUAR 2021!!",
    ],
)
def test_every_way_of_writing_a_day_is_that_day(text):
    assert span_of(text) == day(2021, 1, 1)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1. sept. 2021", day(2021, 9, 1)),
        ("15. okt. 2020", day(2020, 10, 15)),
        ("3 dec 2022", day(2022, 12, 3)),
        ("29. februar 2024", day(2024, 2, 29)),
    ],
)
def test_danish_month_abbreviations_are_understood(text, expected):
    assert span_of(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "i 2022",
        "år 2022",
        "i år 2022",
        "i året 2022",
        "pr. 2022",
        "in 2022",
        "Hvor mange klynger var der i 2022?",
    ],
)
def test_year_after_a_cue_word_is_the_whole_year(text):
    assert span_of(text) == (date(2022, 1, 1), date(2022, 12, 31))


@pytest.mark.parametrize(
    "text",
    [
        "marts 2022",
        "i marts 2022",
        "Marts 2022.",
        "mar. 2022",
        "Hvor mange penge fik klyngerne i marts 2022?",
    ],
)
def test_month_and_year_is_the_whole_month(text):
    assert span_of(text) == (date(2022, 3, 1), date(2022, 3, 31))


def test_month_without_year_is_its_most_recent_occurrence():
    assert span_of("hvad skete der i marts?") == (date(2026, 3, 1), date(2026, 3, 31))
    assert span_of("hvad skete der i december?") == (date(2025, 12, 1), date(2025, 12, 31))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("den 1. oktober", day(2026, 10, 1)),  # already passed this year
        ("den 27. november", day(2026, 11, 27)),  # today counts as passed
        ("den 1. december", day(2025, 12, 1)),  # not yet this year, so last year's
        ("den 29. februar", day(2024, 2, 29)),  # the latest leap year
    ],
)
def test_day_without_year_is_its_most_recent_past_occurrence(text, expected):
    assert span_of(text) == expected


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("i starten af 2022", date(2022, 1, 1), date(2022, 4, 30)),
        ("i begyndelsen af 2022", date(2022, 1, 1), date(2022, 4, 30)),
        ("primo 2022", date(2022, 1, 1), date(2022, 4, 30)),
        ("midten af 2022", date(2022, 5, 1), date(2022, 8, 31)),
        ("i slutningen af 2022", date(2022, 9, 1), date(2022, 12, 31)),
        ("ultimo 2022", date(2022, 9, 1), date(2022, 12, 31)),
        ("ved udgangen af 2022", date(2022, 12, 31), date(2022, 12, 31)),
    ],
)
def test_parts_of_a_year_are_thirds_and_its_end_is_the_last_day(text, start, end):
    assert span_of(text) == (start, end)


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("foråret 2022", date(2022, 3, 1), date(2022, 5, 31)),
        ("i foraaret 2022", date(2022, 3, 1), date(2022, 5, 31)),
        ("sommeren 2021", date(2021, 6, 1), date(2021, 8, 31)),
        ("efteråret 2020", date(2020, 9, 1), date(2020, 11, 30)),
        ("vinteren 2022", date(2021, 12, 1), date(2022, 2, 28)),
        ("vinteren 2021/22", date(2021, 12, 1), date(2022, 2, 28)),
        ("vinteren 2023/2024", date(2023, 12, 1), date(2024, 2, 29)),
    ],
)
def test_seasons_are_meteorological_and_winter_belongs_to_the_year_it_ends(text, start, end):
    assert span_of(text) == (start, end)


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("i efteråret", date(2026, 9, 1), date(2026, 11, 30)),  # the season we are in
        ("i sommeren", date(2026, 6, 1), date(2026, 8, 31)),
        ("i vinteren", date(2025, 12, 1), date(2026, 2, 28)),  # this winter starts in December
    ],
)
def test_season_without_year_is_the_latest_that_has_begun(text, start, end):
    assert span_of(text) == (start, end)


@pytest.mark.parametrize("text", ["til sommer", "sommerhus 2022"])
def test_vague_season_words_are_no_date(text):
    assert find_span(text, today) is None


@pytest.mark.parametrize(
    "text",
    [
        "i dag",
        "idag",
        "nu",
        "lige nu",
        "for tiden",
        "i øjeblikket",
        "i ojeblikket",
        "p.t.",
        "hvad er status i dag?",
    ],
)
def test_now_words_are_today(text):
    assert span_of(text) == day(2026, 11, 27)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("i går", day(2026, 11, 26)),
        ("i gaar", day(2026, 11, 26)),
        ("i forgårs", day(2026, 11, 25)),
        ("i morgen", day(2026, 11, 28)),
        ("for to år siden", day(2024, 11, 27)),
        ("for 3 år siden", day(2023, 11, 27)),
        ("for et år siden", day(2025, 11, 27)),
        ("om to år", day(2028, 11, 27)),
        ("for 2 måneder siden", day(2026, 9, 27)),
        ("om en uge", day(2026, 12, 4)),
    ],
)
def test_relative_days_count_from_today(text, expected):
    assert span_of(text) == expected


@pytest.mark.parametrize(
    "text, year",
    [
        ("i år", 2026),
        ("dette år", 2026),
        ("sidste år", 2025),
        ("i fjor", 2025),
        ("forrige år", 2025),
        ("i forfjor", 2024),
        ("næste år", 2027),
        ("naeste aar", 2027),
    ],
)
def test_relative_last_year_uses_today(text, year):
    assert span_of(text) == (date(year, 1, 1), date(year, 12, 31))


def test_relative_months_are_whole_months():
    assert span_of("sidste måned") == (date(2026, 10, 1), date(2026, 10, 31))
    assert span_of("næste måned") == (date(2026, 12, 1), date(2026, 12, 31))


@pytest.mark.parametrize(
    "text",
    [
        "2021-2024",
        "2021–2024",
        "2021 - 2024",
        "fra 2021 til 2024",
        "i perioden 2021-2024",
        "mellem 2021 og 2024",
        "i 2021-2024",
    ],
)
def test_period_of_years_spans_them_all(text):
    assert span_of(text) == (date(2021, 1, 1), date(2024, 12, 31))


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("i 1. kvartal 2022", date(2022, 1, 1), date(2022, 3, 31)),
        ("Q3 2021", date(2021, 7, 1), date(2021, 9, 30)),
        ("andet halvår 2023", date(2023, 7, 1), date(2023, 12, 31)),
    ],
)
def test_quarters_and_half_years_are_their_months(text, start, end):
    assert span_of(text) == (start, end)


@pytest.mark.parametrize(
    "text",
    [
        "jeg bor i 7500 Holstebro",
        "8000",
        "8000 Aarhus C",
        "i 2000 Frederiksberg",
        "i 2100 Østerbro",
        "postnummer 2000",
        "de fik 2000 kr",
        "til 2000 kroner",
        "omkring 2021 virksomheder",
        "for 2000 år siden",
        "ring på 2021 2024",
    ],
)
def test_postcode_is_not_a_year(text):
    assert find_span(text, today) is None


@pytest.mark.parametrize("text", ["i 1985", "1985", "år 2200", "i 0001"])
def test_year_outside_plausible_range_is_not_a_year(text):
    assert find_span(text, today) is None


@pytest.mark.parametrize("text", ["2022", "2022?", " 2022 !"])
def test_bare_year_is_a_year_only_as_the_whole_message(text):
    assert span_of(text) == (date(2022, 1, 1), date(2022, 12, 31))
    assert find_span("der er 2022 grunde", today) is None


@pytest.mark.parametrize(
    "text",
    [
        "31. februar 2022",
        "32.01.2021",
        "30/2 2021",
        "2021-13-01",
        "den 30. februar",
        "var den aktiv 31. februar 2022 eller ej?",
    ],
)
def test_invalid_day_is_not_a_date(text):
    assert find_span(text, today) is None


def test_til_jul_is_christmas_not_july():
    assert find_span("til jul 2022", today) is None
    assert span_of("jul. 2022") == (date(2022, 7, 1), date(2022, 7, 31))


def test_acronym_after_a_year_does_not_make_it_a_postcode():
    assert span_of("aktiv i 2022 MARLOG?") == (date(2022, 1, 1), date(2022, 12, 31))


def test_first_expression_wins():
    assert span_of("i 2021 og i 2023") == (date(2021, 1, 1), date(2021, 12, 31))
    assert span_of("jeg bor i 7500 Holstebro, hvordan var det i 2022?") == (
        date(2022, 1, 1),
        date(2022, 12, 31),
    )


@pytest.mark.parametrize(
    "text, expression",
    [
        ("Hvor mange penge fik klyngerne i marts 2022?", "marts 2022"),
        ("I FORÅRET 2022!", "FORÅRET 2022"),
        ("Hvad skete der i går?", "i går"),
        ("Var ECD aktiv den 1. Okt. 2020", "1. Okt. 2020"),
        ("Status fra 2021 til 2024", "fra 2021 til 2024"),
    ],
)
def test_span_text_is_the_expression_as_written(text, expression):
    assert find_span(text, today).text == expression


def test_no_date_defaults_to_today():
    assert as_of("Hvor mange klynger er der?", today) == DateSpan(today, today, "")
    assert as_of("", today) == DateSpan(today, today, "")


def test_as_of_uses_the_date_asked_about():
    assert as_of("Var MARLOG aktiv 1. januar 2021?", today) == DateSpan(
        date(2021, 1, 1), date(2021, 1, 1), "1. januar 2021"
    )


def test_span_knows_its_days():
    march = DateSpan(date(2022, 3, 1), date(2022, 3, 31), "marts 2022")
    assert not march.is_single_day() and DateSpan(today, today).is_single_day()
    assert march.contains(date(2022, 3, 31)) and not march.contains(date(2022, 4, 1))
    with pytest.raises(ValueError):
        DateSpan(date(2022, 3, 2), date(2022, 3, 1))


@pytest.mark.parametrize(
    "value, start, end",
    [
        ("2020", date(2020, 1, 1), date(2020, 12, 31)),
        (2020, date(2020, 1, 1), date(2020, 12, 31)),
        ("2020-10", date(2020, 10, 1), date(2020, 10, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2020-10-01", date(2020, 10, 1), date(2020, 10, 1)),
        (date(2020, 10, 1), date(2020, 10, 1), date(2020, 10, 1)),
        (datetime(2020, 10, 1, 12, 30), date(2020, 10, 1), date(2020, 10, 1)),
    ],
)
def test_fact_date_is_its_span(value, start, end):
    parsed = parse_fact_date(value)
    assert (parsed.start, parsed.end) == (start, end)


@pytest.mark.parametrize(
    "value",
    [
        "2020-13",
        "2021-02-29",
        "2020-1-1",
        "20201001",
        "oktober 2020",
        "1. januar 2021",
        "2021-2024",
        "",
        None,
        True,
        20,
        1850,
        3.5,
        ["2020"],
    ],
)
def test_bad_fact_date_raises_a_clear_value_error(value):
    with pytest.raises(ValueError, match="date"):
        parse_fact_date(value)


@pytest.mark.parametrize(
    "value, wording",
    [
        (date(2020, 10, 1), "1. oktober 2020"),
        (DateSpan(date(2020, 10, 1), date(2020, 10, 1)), "1. oktober 2020"),
        (DateSpan(date(2022, 3, 1), date(2022, 3, 31)), "marts 2022"),
        (DateSpan(date(2022, 1, 1), date(2022, 12, 31)), "2022"),
        (DateSpan(date(2021, 1, 1), date(2021, 3, 31)), "1. januar 2021 – 31. marts 2021"),
        (DateSpan(date(2021, 1, 1), date(2024, 12, 31)), "2021–2024"),
    ],
)
def test_format_da_words_days_months_years_and_spans(value, wording):
    assert format_da(value) == wording


@pytest.mark.parametrize("text", ["marts 2022", "1. oktober 2020", "2022", "den 29. februar"])
def test_formatted_span_reads_back_as_the_same_span(text):
    found = find_span(text, today)
    assert span_of(format_da(found)) == (found.start, found.end)


def _random_messages(count: int) -> list[str]:
    # A fixed seed keeps CI stable; the alphabet leans on what the patterns look for.
    rng = random.Random(20261127)
    pieces = [
        "i",
        "år",
        "den",
        "1.",
        "31",
        "2022",
        "7500",
        "-",
        "–",
        "/",
        ".",
        " ",
        "  ",
        "\n",
        "marts",
        "jan.",
        "sept",
        "foråret",
        "vinteren",
        "for",
        "siden",
        "om",
        "to",
        "til",
        "fra",
        "mellem",
        "og",
        "Q",
        "kvartal",
        "æøå",
        "ÆØÅ",
        "🙂",
        "👩‍👩‍👧",
        "<b>",
        "</b>",
        "&nbsp;",
        "\u0301",
        "\x00",
        "ß",
        "İ",
        "ﬁ",
        "9" * 30,
        "?",
        "!",
        "%",
        "kr",
    ]
    messages = []
    for _ in range(count):
        if rng.random() < 0.5:
            messages.append("".join(rng.choice(pieces) for _ in range(rng.randint(0, 25))))
        else:
            codepoints = (rng.randint(0, 0x2FFFF) for _ in range(rng.randint(0, 60)))
            messages.append("".join(map(chr, codepoints)))
    return messages


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\u200b",
        "<script>alert('i 2022')</script>",
        "🙂" * 500,
        "i " * 5000,
        "1. januar 2021 " * 700,
        "x" * 10_000,
        "2" * 10_000,
        " " * 10_000 + "i 2022",
        *_random_messages(400),
    ],
)
def test_any_string_is_answered_without_raising(text):
    found = find_span(text, today)
    assert found is None or found.text in unicodedata.normalize("NFC", text)
    assert isinstance(as_of(text, today), DateSpan)


@pytest.mark.parametrize("text", ["Hvad er der sket siden 2020?", "hvad er sket fra og med 2020"])
def test_since_a_year_runs_until_today(text):
    assert span_of(text) == (date(2020, 1, 1), today)
