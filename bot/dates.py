"""Danish date expressions ("i marts 2022", "for to år siden") and dataset dates as spans of days.

The bot answers "as of the date asked about, today by default". Regular expressions only *find*
candidate expressions in the folded message (`bot.text.fold`, so "går" and "gaar" are one);
python-dateutil reads them (`DanishParserInfo`) and `relativedelta` does the calendar arithmetic.

Choices a reader of the answers should know:
- A year alone is the whole year, a month alone the whole month.
- "starten/begyndelsen af 2022" (and "primo 2022") is January–April, "midten af"/"medio"
  May–August, "slutningen af"/"ultimo" September–December: thirds, so every month belongs to
  exactly one part. "udgangen af 2022" is its last day, 31 December.
- Seasons are meteorological: forår March–May, sommer June–August, efterår September–November,
  vinter December–February. "vinteren 2022" is the winter that *ends* in 2022 (December 2021
  – February 2022), the same winter as "vinteren 2021/22".
- A day, month or season named without a year ("den 1. oktober", "i marts", "efteråret") is its
  most recent occurrence that has begun by today, today included.
- "for to år siden" and "om to år" are single days (today ∓ two years); "sidste år", "forrige
  år" and "i fjor" are all last year, "i forfjor" the year before that.
- "siden 2020" and "fra og med 2020" run from the start of that year until today.
- A four-digit number is a year only in 1990–2100 and only after a cue word ("i", "år", "fra",
  …) or when it is the whole message, so "jeg bor i 7500 Holstebro" names no date.
- The first expression in the message wins; if it is a date that does not exist ("31. februar
  2022"), there is no date rather than a guess.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Callable, Optional

from dateutil import parser
from dateutil.relativedelta import relativedelta

from bot.text import fold

PLAUSIBLE_YEARS = range(1990, 2101)

# The first name of each month is how the bot writes it; the rest are what people type.
_MONTHS = (
    ("januar", "jan"),
    ("februar", "feb"),
    ("marts", "mar", "mart"),
    ("april", "apr"),
    ("maj",),
    ("juni", "jun"),
    ("juli", "jul"),
    ("august", "aug"),
    ("september", "sep", "sept"),
    ("oktober", "okt"),
    ("november", "nov"),
    ("december", "dec"),
)


class DanishParserInfo(parser.parserinfo):
    """dateutil's vocabulary in Danish: month and weekday names, day written before month."""

    JUMP = [" ", ".", ",", ";", "-", "/", "'", "den", "d"]
    WEEKDAYS = [
        ("man", "mandag"),
        ("tir", "tirs", "tirsdag"),
        ("ons", "onsdag"),
        ("tor", "tors", "torsdag"),
        ("fre", "fredag"),
        ("lør", "loer", "lørdag", "loerdag"),
        ("søn", "soen", "søndag", "soendag"),
    ]
    MONTHS = list(_MONTHS)
    HMS = [("t", "time", "timer"), ("m", "min", "minut", "minutter"), ("s", "sek", "sekund", "sekunder")]
    AMPM: list = []  # Danes write 14:00, never 2 pm; an "am" in a message is not a time of day
    PERTAIN: list = []

    def __init__(self) -> None:
        super().__init__(dayfirst=True, yearfirst=False)


_DANISH = DanishParserInfo()
_DAY, _MONTH, _YEAR = relativedelta(days=1), relativedelta(months=1), relativedelta(years=1)


@dataclass(frozen=True)
class DateSpan:
    """A stretch of whole days, both ends included, and the words that named it."""

    start: date
    end: date  # inclusive; == start for a single day
    text: str = ""  # the expression as the user wrote it, "" for the default today

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"a DateSpan cannot end ({self.end}) before it starts ({self.start})")

    def is_single_day(self) -> bool:
        return self.start == self.end

    def contains(self, d: date) -> bool:
        return self.start <= _as_date(d) <= self.end


def find_span(text: str, today: date) -> DateSpan | None:
    """The first date expression in a Danish message, as a span; None when the message has none.

    None too when the first expression is a date that does not exist ("31. februar 2022").
    """
    message = _Message.of(text or "")
    hits = [hit for rule in _RULES if (hit := rule.first(message, today))]
    if not hits:
        return None
    # The earliest expression wins; at the same place the longer one ("i år 2022" over "i år").
    return min(hits, key=lambda hit: (hit.start, -hit.length)).span


def as_of(text: str, today: date) -> DateSpan:
    """find_span(text, today), or today's single-day span (text "") when the message has none."""
    return find_span(text, today) or DateSpan(today, today, "")


def parse_fact_date(value) -> DateSpan:
    """A dataset date ("2020", "2020-10", "2020-10-01", a date or an int year) as its span."""
    if isinstance(value, date):
        day = _as_date(value)
        if day.year in PLAUSIBLE_YEARS:
            return DateSpan(day, day, day.isoformat())
    elif isinstance(value, (str, int)) and not isinstance(value, bool):
        found = re.fullmatch(r"(\d{4})(-\d{2}(-\d{2})?)?", str(value).strip())
        if found:
            try:
                start = parser.isoparse(found[0]).date()
            except ValueError as error:
                raise ValueError(f"{value!r} is not a real date: {error}") from None
            length = _DAY if found[3] else _MONTH if found[2] else _YEAR
            if start.year in PLAUSIBLE_YEARS:
                return DateSpan(start, start + length - _DAY, found[0])
    raise ValueError(
        f"{value!r} is not a dataset date: write YYYY, YYYY-MM or YYYY-MM-DD "
        f"with a year in {PLAUSIBLE_YEARS.start}–{PLAUSIBLE_YEARS.stop - 1}"
    )


def format_da(span_or_date) -> str:
    """Danish wording: "1. oktober 2020", "marts 2022", "2022", "1. januar 2021 – 31. marts 2021"

    A single day, a whole calendar month, a whole calendar year, or any other span day to day.
    """
    if isinstance(span_or_date, date):
        return _format_day(_as_date(span_or_date))
    start, end = span_or_date.start, span_or_date.end
    if start == end:
        return _format_day(start)
    if (start.month, start.day) == (1, 1) and end == start + _YEAR - _DAY:
        return str(start.year)
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return f"{start.year}–{end.year}"
    if start.day == 1 and end == start + _MONTH - _DAY:
        return f"{_MONTHS[start.month - 1][0]} {start.year}"
    return f"{_format_day(start)} – {_format_day(end)}"


def _format_day(d: date) -> str:
    return f"{d.day}. {_MONTHS[d.month - 1][0]} {d.year}"


def _as_date(d: date) -> date:
    return d.date() if isinstance(d, datetime) else d


# --- Finding expressions -------------------------------------------------------------------------

_WORD_AFTER = re.compile(r"\s+([^\W\d_]+)")


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    return " " if ch.isspace() else fold(ch)


@dataclass(frozen=True)
class _Message:
    """A message folded one character at a time, so a match can be cut out of the original."""

    original: str
    folded: str
    origin: tuple[int, ...]  # origin[i]: where in `original` the folded character i came from

    @classmethod
    def of(cls, text: str) -> _Message:
        text = unicodedata.normalize("NFC", text)
        pieces = [_fold_char(ch) for ch in text]
        origin = tuple(i for i, piece in enumerate(pieces) for _ in piece)
        return cls(text, "".join(pieces), origin)

    def original_text(self, start: int, end: int) -> str:
        return self.original[self.origin[start] : self.origin[end - 1] + 1]

    def word_after(self, end: int) -> str:
        """The word following folded position `end`, as the user wrote it (case kept)."""
        after = _WORD_AFTER.match(self.original, self.origin[end - 1] + 1)
        return after[1] if after else ""


Days = Optional[tuple[date, date]]
Reader = Callable[[re.Match, date, _Message], Days]


@dataclass(frozen=True)
class _Hit:
    start: int
    length: int
    span: DateSpan | None  # None: the user wrote a date that does not exist ("31. februar 2022")


class _NotADate(Exception):
    """Raised by a reader when what the pattern found is no date after all (e.g. a postcode)."""


@dataclass(frozen=True)
class _Rule:
    """A pattern that finds a kind of expression and the function that reads a match into days."""

    pattern: re.Pattern
    read: Reader

    def first(self, message: _Message, today: date) -> _Hit | None:
        position = 0
        while found := self.pattern.search(message.folded, position):
            start, length = found.start(), found.end() - found.start()
            try:
                days = self.read(found, today, message)
            except _NotADate:
                days = None
            except (ValueError, OverflowError):  # dateutil's "day is out of range for month"
                # An impossible date still occupies its place, or "31. februar 2022" would
                # be read as the "februar 2022" inside it.
                return _Hit(start, length, None)
            if days:
                text = message.original_text(*found.span("expr"))
                return _Hit(start, length, DateSpan(*days, text))
            position = found.start() + 1
        return None


_RULES: list[_Rule] = []


def _rule(pattern: str) -> Callable[[Reader], Reader]:
    def register(read: Reader) -> Reader:
        _RULES.append(_Rule(re.compile(pattern), read))
        return read

    return register


def _whole(start: date, length: relativedelta) -> tuple[date, date]:
    return start, start + length - _DAY


def _year(found: re.Match, group: str = "year") -> int:
    """The year in a match group; _NotADate for a number no one means as a year ("i 7500")."""
    year = int(found[group])
    if year not in PLAUSIBLE_YEARS:
        raise _NotADate(year)
    return year


def _read_date(text: str, year: int) -> date:
    """What dateutil reads in a folded Danish snippet, a missing year taken from `year`."""
    return parser.parse(text, parserinfo=_DANISH, default=datetime(year, 1, 1)).date()


def _latest_begun(starts: Callable[[int], date], today: date) -> date:
    """The latest start on or before today, trying this year, next year's (winter) and back."""
    for year in range(today.year + 1, today.year - 9, -1):  # 29 February recurs within 8 years
        try:
            start = starts(year)
        except ValueError:
            continue
        if start <= today:
            return start
    raise ValueError("no occurrence in the last eight years")


# Longest names first, so "januar" is not read as "jan" followed by "uar".
_MONTH_NAME = "|".join(sorted((n for names in _MONTHS for n in names), key=len, reverse=True))
_MONTH_NAME = rf"(?:{_MONTH_NAME})\b\.?"
_YEAR_NUMBER = r"(?<![\d.,])(?P<year>\d{4})(?!\d|[.,]\d)"
_NUMBER_WORDS = {
    "en": 1,
    "et": 1,
    "to": 2,
    "tre": 3,
    "fire": 4,
    "fem": 5,
    "seks": 6,
    "syv": 7,
    "otte": 8,
    "ni": 9,
    "ti": 10,
    "elleve": 11,
    "tolv": 12,
}
_NUMBER = r"\d{1,3}|" + "|".join(_NUMBER_WORDS)
_UNITS = {"a": _YEAR, "m": _MONTH, "u": relativedelta(weeks=1), "d": _DAY}  # by first letter


@_rule(
    r"(?P<expr>\bi\s*dag\b|\blige\s+nu\b|\bnu\b|\bfor\s+tiden\b|\bi\s+oe?jeblikket\b"
    r"|\bp\.?t\b\.?|\bpaa\s+nuvaerende\s+tidspunkt\b|\bdags\s+dato\b|\baktuelt\b)"
)
def _now(found: re.Match, today: date, message: _Message) -> Days:
    return today, today


@_rule(r"\b(?P<expr>i\s*(?P<which>forgaa?rs|gaa?r|morgen|overmorgen))\b")
def _near_day(found: re.Match, today: date, message: _Message) -> Days:
    shift = {"forgaars": -2, "forgars": -2, "gaar": -1, "gar": -1, "morgen": 1, "overmorgen": 2}
    day = today + timedelta(days=shift[found["which"]])
    return day, day


@_rule(
    rf"\b(?P<expr>(?P<way>for|om)\s+(?P<n>{_NUMBER})\s+"
    r"(?P<unit>aa?r|maa?ned(?:er)?|uger?|dage?)(?P<ago>\s+siden)?)\b"
)
def _counted_from_today(found: re.Match, today: date, message: _Message) -> Days:
    if (found["way"] == "for") != bool(found["ago"]):  # "for tre år" (a duration) is no date
        return None
    n = int(found["n"]) if found["n"].isdigit() else _NUMBER_WORDS[found["n"]]
    step = _UNITS[found["unit"][0]] * n
    day = today - step if found["ago"] else today + step
    return day, day


@_rule(
    r"(?:\bi\s+)?\b(?P<expr>(?P<which>sidste|forrige|naeste|denne|dette|indevaerende)\s+"
    r"(?P<unit>aa?r|maa?ned)(?:et|en)?|i\s+(?P<this>aa?r|fjor|forfjor))\b"
)
def _named_year_or_month(found: re.Match, today: date, message: _Message) -> Days:
    shift = {"sidste": -1, "forrige": -1, "naeste": 1, "fjor": -1, "forfjor": -2}
    steps = shift.get(found["which"] or found["this"], 0)
    if found["unit"] and found["unit"].startswith("ma"):
        return _whole(today.replace(day=1) + _MONTH * steps, _MONTH)
    return _whole(date(today.year + steps, 1, 1), _YEAR)


@_rule(
    r"(?:\bi\s+)?(?P<expr>(?:\b(?P<lead>fra|mellem)\s+)?(?<![\d.,])(?P<first>\d{4})\s*"
    r"(?P<sep>[-–—]|til(?:\s+og\s+med)?|og)\s*(?P<last>\d{4})(?!\d|[.,]\d))"
)
def _years_period(found: re.Match, today: date, message: _Message) -> Days:
    first, last = _year(found, "first"), _year(found, "last")
    if first > last or (found["sep"] == "og") != (found["lead"] == "mellem"):
        return None
    return date(first, 1, 1), date(last, 12, 31)


@_rule(
    r"(?:\b(?:i|ved)\s+)?\b(?P<expr>(?:(?P<part>starten|begyndelsen|midten|slutningen"
    rf"|udgangen)\s+af(?:\s+aa?ret)?|(?P<latin>primo|medio|ultimo))\s+{_YEAR_NUMBER})"
)
def _part_of_year(found: re.Match, today: date, message: _Message) -> Days:
    year = _year(found)
    if found["part"] == "udgangen":
        return date(year, 12, 31), date(year, 12, 31)
    third = {
        "starten": 0,
        "begyndelsen": 0,
        "primo": 0,
        "midten": 1,
        "medio": 1,
        "slutningen": 2,
        "ultimo": 2,
    }[found["part"] or found["latin"]]
    return _whole(date(year, 1 + 4 * third, 1), relativedelta(months=4))


_SEASON_MONTH = {"foraar": 3, "forar": 3, "sommer": 6, "efteraar": 9, "efterar": 9, "vinter": 12}


@_rule(
    r"(?:\bi\s+)?\b(?P<expr>(?P<season>foraa?r|sommer|efteraa?r|vinter)(?P<the>en|et)?"
    rf"(?:\s+{_YEAR_NUMBER}(?:\s*/\s*(?P<next>\d{{4}}|\d{{2}}))?)?)\b"
)
def _season(found: re.Match, today: date, message: _Message) -> Days:
    month = _SEASON_MONTH[found["season"]]

    def starts(year: int) -> date:  # a winter belongs to the year it ends in, hence year - 1
        return date(year - 1 if month == 12 else year, month, 1)

    if found["year"]:
        year = _year(found)
        if found["next"]:  # "vinteren 2021/22" names both years; only a winter spans two
            if month != 12 or int(found["next"]) % 100 != (year + 1) % 100:
                return None
            year += 1
        return _whole(starts(year), relativedelta(months=3))
    if not found["the"]:  # a bare "sommer" is too vague ("til sommer", "sommer og sol")
        return None
    return _whole(_latest_begun(starts, today), relativedelta(months=3))


@_rule(
    r"(?:\bi\s+)?\b(?P<expr>(?:(?P<ordinal>[1-4]\.?|foerste|andet|anden|tredje|fjerde)\s*"
    r"(?P<unit>kvartal|halvaa?r)|(?P<letter>[qh])(?P<n>[1-4]))"
    rf"[\s-]*(?:af\s+|i\s+)?{_YEAR_NUMBER})"
)
def _quarter_or_half(found: re.Match, today: date, message: _Message) -> Days:
    ordinals = {"foerste": 1, "andet": 2, "anden": 2, "tredje": 3, "fjerde": 4}
    n = int(found["n"] or ordinals.get(found["ordinal"]) or found["ordinal"].rstrip("."))
    months = 6 if (found["letter"] or found["unit"][0]) == "h" else 3
    if n > 12 // months:
        return None
    return _whole(date(_year(found), 1 + months * (n - 1), 1), relativedelta(months=months))


@_rule(
    rf"(?:\bden\s+|\bd\.\s*)?(?<![\d.,])(?P<expr>\d{{1,2}}\.?\s*{_MONTH_NAME}"
    r"(?:\s*(?P<year>\d{4})(?!\d|[.,]\d))?)(?!\d)"
)
def _day_of_named_month(found: re.Match, today: date, message: _Message) -> Days:
    if found["year"]:
        day = _read_date(found["expr"], _year(found))
    else:
        day = _latest_begun(lambda year: _read_date(found["expr"], year), today)
    return day, day


@_rule(
    r"(?<![\d.,/-])(?P<expr>\d{1,2}(?P<sep>[./-])\d{1,2}(?P<sep2>[./-]|\s+)(?P<year>\d{4}))"
    r"(?!\d|[.,/-]\d)"
)
def _numeric_day(found: re.Match, today: date, message: _Message) -> Days:
    if found["sep"] == "-" and found["sep2"] != "-":  # "1-2 2022" is a count before a year
        return None
    _year(found)
    day = _read_date(found["expr"], PLAUSIBLE_YEARS.start)
    return day, day


@_rule(r"(?<![\d.,/-])(?P<expr>(?P<year>\d{4})-\d{2}-\d{2})(?!\d|[.,/-]\d)")
def _iso_day(found: re.Match, today: date, message: _Message) -> Days:
    _year(found)
    day = parser.isoparse(found["expr"]).date()  # dateutil's dayfirst would swap ISO month and day
    return day, day


@_rule(rf"(?P<lead>\bi\s+)?\b(?P<expr>(?P<month>{_MONTH_NAME})(?:\s*{_YEAR_NUMBER})?)(?!\d)")
def _whole_month(found: re.Match, today: date, message: _Message) -> Days:
    if found["month"] == "jul":  # "til jul 2022" is Christmas; July is written "juli" or "jul."
        return None
    if found["year"]:
        return _whole(_read_date(found["month"], _year(found)), _MONTH)
    if not found["lead"] or found["month"] not in {names[0] for names in _MONTHS}:
        return None  # only "i marts" is a month; "Maj" alone may be a name, "mar" a typo
    return _whole(_latest_begun(lambda year: _read_date(found["month"], year), today), _MONTH)


_CUE = r"i|aa?r(?:et)?|pr\.?|per|siden|fra|til|foer|efter|inden|indtil|in|for|af"
# After a number, these words make it an amount or a postcode's town rather than a year.
_NOT_A_YEAR_AFTER = re.compile(
    r"\s*(?:%|(?:kr|dkk|eur|euro|mio|mia|mill|pct|stk|aa?r)\b|kroner|procent|maa?ned|uge|dage"
    r"|timer|ansatte|medarbejdere|medlemmer|virksomheder|personer|deltagere"
    r"|frederiksberg|k(?:oe|o)?benhavn|kbh)"
)


@_rule(rf"\b(?P<expr>(?:siden|fra\s+og\s+med)\s+(?:aa?r(?:et)?\s+)?{_YEAR_NUMBER})(?!\s*[-–—/]\s*\d)")
def _since_year(found: re.Match, today: date, message: _Message) -> Days:
    """ "siden 2020" runs from that year to today (registered before the plain cued year)."""
    if _NOT_A_YEAR_AFTER.match(message.folded, found.end()):
        return None
    start = date(_year(found), 1, 1)
    return start, max(today, date(start.year, 12, 31))


@_rule(
    rf"(?<!postnummer )(?<!postnr )(?<!postnr\. )\b(?:{_CUE})\s+(?:aa?r(?:et)?\s+)?"
    rf"(?P<expr>{_YEAR_NUMBER})(?!\s*[-–—/]\s*\d)"
)
def _cued_year(found: re.Match, today: date, message: _Message) -> Days:
    if _NOT_A_YEAR_AFTER.match(message.folded, found.end()):
        return None
    after = message.word_after(found.end())
    if after[:1].isupper() and not after.isupper():  # "i 2000 Frederiksberg", not "i 2022 MARLOG"
        return None
    return _whole(date(_year(found), 1, 1), _YEAR)


@_rule(rf"^\W*(?P<expr>{_YEAR_NUMBER})\W*$")
def _year_alone(found: re.Match, today: date, message: _Message) -> Days:
    return _whole(date(_year(found), 1, 1), _YEAR)
