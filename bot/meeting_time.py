"""When a visitor wants to meet, borrow a desk or be called: Danish dates and times, forwards.

bot/dates.py reads dates of facts, which look back ("i marts" is the last March); a meeting is
ahead: "torsdag" is the next Thursday, "3. december" the next 3 December. Regular expressions
find the words in the folded message (`bot.text.fold`, so "på" and "paa" are one); dateutil reads
a written date (`DanishParserInfo`), `relativedelta` counts days and weeks, `easter` places the
movable holidays. Times are Danish local time (`Europe/Copenhagen`, summer time included).

Choices a visitor meets:
- "i dag", "i morgen", "i overmorgen"; "på torsdag"/"torsdag" is the next Thursday after today;
  "næste torsdag" and "torsdag i næste uge" are the Thursday of next week; "om to uger" and "om
  14 dage" count from today; "3. december", "d. 3. dec", "3/12" are the next such day.
- "kl. 14.30", "14:30", "klokken 10", "halv ti" (9.30), "kvart over ti", "kvart i ti"; "formiddag"
  10.00, "middag" 12.00, "efter frokost" 13.00, "eftermiddag" 14.00, "tidlig" 9.00.
- A meeting is on a working day between 8 and 17 (the project's own rule: the clusters publish no
  opening hours). Weekends, Danish public holidays and the customary closed days (grundlovsdag,
  juleaftensdag, nytårsaftensdag) are refused with the next working day as a suggestion; so is a
  day or hour that has passed.

Holidays: nytårsdag, skærtorsdag, langfredag, påskedag, 2. påskedag, Kristi himmelfartsdag,
pinsedag, 2. pinsedag, juledag, 2. juledag; store bededag only until 2023 (Folketinget abolished
it as a holiday from 1 January 2024, Ritzau 28 February 2023; the closing days listed in the
minister's answer KIU alm. del spm. 19, 2022-23: https://ft.dk/samling/20222/almdel/kiu/spm/19/svar/1931096/2662590/index.htm).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil import parser
from dateutil.easter import easter
from dateutil.relativedelta import relativedelta

from bot.dates import _DANISH, _MONTHS
from bot.text import fold

ZONE = ZoneInfo("Europe/Copenhagen")
OPEN_FROM, OPEN_UNTIL = time(8, 0), time(17, 0)
DEFAULT_TIME = time(10, 0)  # suggested when only the day is known
# A day without a year this many days back is a day just gone (refused), not next year's.
RECENTLY_PASSED_DAYS = 60

_WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "loerdag", "soendag")
_WEEKDAYS_DA = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
_NUMBERS = {
    "en": 1, "et": 1, "een": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "syv": 7,
    "otte": 8, "ni": 9, "ti": 10, "elleve": 11, "tolv": 12, "fjorten": 14, "et par": 2,
}  # fmt: skip
# "imorgen" and "i morgn" are typed as often as "i morgen"; an English visitor writes "tomorrow".
_RELATIVE_DAYS = {
    "dag": 0,
    "morgen": 1,
    "morgn": 1,
    "overmorgen": 2,
    "gaar": -1,
    "forgaars": -2,
    "today": 0,
    "tomorrow": 1,
}
_HOURS = {name: number for name, number in _NUMBERS.items() if name not in ("et", "een", "et par")}


@dataclass(frozen=True)
class MeetingTime:
    """What the visitor asked for: a day, and a time of day if they gave one (local time)."""

    day: date
    at: time | None = None
    text: str = ""  # the words understood

    @property
    def start(self) -> datetime | None:
        return datetime.combine(self.day, self.at, tzinfo=ZONE) if self.at else None

    def describe(self) -> str:
        """Danish: "torsdag den 3. december 2026 kl. 10.00"."""
        words = f"{_WEEKDAYS_DA[self.day.weekday()]} den {self.day.day}. {_MONTHS[self.day.month - 1][0]} {self.day.year}"
        return words + (f" kl. {self.at:%H.%M}" if self.at else "")


@dataclass(frozen=True)
class Refusal:
    """Why a time cannot be booked, in Danish, and the nearest time that can."""

    reason: str  # "weekend", "holiday", "past", "hours", "no-such-day"
    text: str
    suggestion: MeetingTime | None


# -- the calendar -----------------------------------------------------------------------------------
def holidays(year: int) -> dict[date, str]:
    """Danish public holidays and customary closed days of a year, by date."""
    e = easter(year)
    days = {
        date(year, 1, 1): "nytårsdag",
        e - timedelta(days=3): "skærtorsdag",
        e - timedelta(days=2): "langfredag",
        e: "påskedag",
        e + timedelta(days=1): "2. påskedag",
        e + timedelta(days=39): "Kristi himmelfartsdag",
        e + timedelta(days=49): "pinsedag",
        e + timedelta(days=50): "2. pinsedag",
        date(year, 6, 5): "grundlovsdag",
        date(year, 12, 24): "juleaftensdag",
        date(year, 12, 25): "juledag",
        date(year, 12, 26): "2. juledag",
        date(year, 12, 31): "nytårsaftensdag",
    }
    if year <= 2023:
        days[e + timedelta(days=26)] = "store bededag"
    return days


def closed_because(day: date) -> str | None:
    """Why nobody meets on this day ("lørdag", "juledag"), or None on a working day."""
    holiday = holidays(day.year).get(day)
    if holiday:
        return holiday
    return _WEEKDAYS_DA[day.weekday()] if day.weekday() >= 5 else None


def next_working_day(after: date) -> date:
    day = after
    while closed_because(day):
        day += timedelta(days=1)
    return day


# -- reading ------------------------------------------------------------------------------------------
_DAY_WORDS = re.compile(
    r"\b(?:i ?(?P<rel>dag|morgen|morgn|overmorgen|gaar|forgaars)|(?P<en>today|tomorrow))\b"
)
_WEEKDAY = re.compile(
    r"\b(?:(?P<next>naeste|paa naeste) |paa )?(?P<weekday>"
    + "|".join(_WEEKDAYS)
    + r")(?P<nextweek> i naeste uge)?\b"
)
_COUNTED = re.compile(
    r"\bom (?P<n>\d{1,2}|"
    + "|".join(sorted(_NUMBERS, key=len, reverse=True))
    + r") (?P<unit>dag|dage|uge|uger)\b"
)
_WRITTEN = re.compile(
    r"\b(?:d\.? |den )?(?P<day>\d{1,2})\.? ?(?P<month>"
    + "|".join(sorted({m for names in _MONTHS for m in names}, key=len, reverse=True))
    + r")\.?(?: (?P<year>20\d\d))?\b"
)
_NUMERIC = re.compile(r"\b(?:d\.? |den )?(?P<day>\d{1,2})/(?P<month>\d{1,2})(?:[/-](?P<year>(?:20)?\d\d))?\b")
_CLOCK = re.compile(r"\b(?:kl\.?|klokken|at) ?(?P<h>\d{1,2})(?:[.:](?P<m>\d{2}))?\b")
_BARE_CLOCK = re.compile(r"(?<![\d/.])\b(?P<h>\d{1,2})[.:](?P<m>\d{2})\b(?![./]\d)")
_WORD_CLOCK = re.compile(
    r"\b(?:kl\.? |klokken )?(?P<part>halv|kvart over|kvart i) (?P<hour>" + "|".join(_HOURS) + r"|\d{1,2})\b"
)
_PART_OF_DAY = (
    (re.compile(r"\befter frokost\b"), time(13, 0)),
    (re.compile(r"\beftermiddag(?:en)?\b"), time(14, 0)),
    (re.compile(r"\bformiddag(?:en)?\b"), time(10, 0)),
    (re.compile(r"\b(?:ved )?middag(?:stid)?\b"), time(12, 0)),
    (re.compile(r"\btidlig\b"), time(9, 0)),
)


def read(text: str, now: datetime) -> MeetingTime | Refusal | None:
    """The meeting time a Danish message names, a Refusal saying why it cannot be, or None when the
    message names no day (a time alone is kept for the day asked next: see `with_day`)."""
    found = find(text, now.astimezone(ZONE).date())
    return check(found, now) if isinstance(found, MeetingTime) else found


def find(text: str, today: date) -> MeetingTime | Refusal | None:
    """The day and time a message names, unchecked (`check` says whether it can be booked); a
    Refusal only for a day that does not exist."""
    folded = fold(text or "")
    day, words = _day(folded, today)
    at, time_words = _time(folded)
    if day is None or isinstance(day, Refusal):
        return day
    return MeetingTime(day, at, " ".join(w for w in (words, time_words) if w))


def read_time(text: str) -> time | None:
    """The time of day a message names ("kl. 14", "efter frokost"), or None."""
    return _time(fold(text or ""))[0]


def check(wanted: MeetingTime, now: datetime) -> MeetingTime | Refusal:
    """The time itself when it can be booked, else a Refusal with the nearest bookable time."""
    local = now.astimezone(ZONE)
    today = local.date()
    if wanted.day < today or (wanted.day == today and wanted.at is not None and wanted.at <= local.time()):
        return _refuse(
            "past", f"{wanted.describe().capitalize()} er allerede passeret.", _first_bookable(local), wanted
        )
    closed = closed_because(wanted.day)
    if closed:
        reason = "weekend" if wanted.day.weekday() >= 5 and closed in _WEEKDAYS_DA else "holiday"
        text = (
            f"{wanted.describe().capitalize()} er i weekenden, og der holder kontorerne lukket."
            if reason == "weekend"
            else f"{wanted.describe().capitalize()} er {closed}, og der holder kontorerne lukket."
        )
        return _refuse(reason, text, MeetingTime(next_working_day(wanted.day), wanted.at), wanted)
    if wanted.at is not None and not (OPEN_FROM <= wanted.at < OPEN_UNTIL):
        return _refuse(
            "hours",
            f"Kl. {wanted.at:%H.%M} er uden for almindelig arbejdstid; vælg et tidspunkt mellem "
            f"kl. {OPEN_FROM.hour} og {OPEN_UNTIL.hour}.",
            MeetingTime(wanted.day, DEFAULT_TIME),
            wanted,
        )
    return wanted


def _refuse(reason: str, text: str, suggestion: MeetingTime | None, wanted: MeetingTime) -> Refusal:
    if suggestion is not None:
        text += f" Hvad med {suggestion.describe()}?"
    return Refusal(reason, text, suggestion)


def _first_bookable(local: datetime) -> MeetingTime:
    """The next whole hour today within working hours, else the next working day at 10."""
    today = local.date()
    next_hour = (local + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0).time()
    if not closed_because(today) and OPEN_FROM <= next_hour < OPEN_UNTIL and local.hour < 23:
        return MeetingTime(today, max(next_hour, OPEN_FROM))
    return MeetingTime(next_working_day(today + timedelta(days=1)), DEFAULT_TIME)


def _day(folded: str, today: date) -> tuple[date | Refusal | None, str]:
    """The first day the message names, the words that named it."""
    found = []
    if m := _DAY_WORDS.search(folded):
        found.append((m.start(), today + timedelta(days=_RELATIVE_DAYS[m["rel"] or m["en"]]), m[0]))
    if m := _WEEKDAY.search(folded):
        weekday = _WEEKDAYS.index(m["weekday"])
        if m["next"] or m["nextweek"]:
            monday = today - timedelta(days=today.weekday()) + timedelta(weeks=1)
            day = monday + timedelta(days=weekday)
        else:
            day = today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
        found.append((m.start(), day, m[0]))
    if m := _COUNTED.search(folded):
        n = int(m["n"]) if m["n"].isdigit() else _NUMBERS[m["n"]]
        step = relativedelta(weeks=n) if m["unit"].startswith("uge") else relativedelta(days=n)
        found.append((m.start(), today + step, m[0]))
    for pattern in (_WRITTEN, _NUMERIC):
        if m := pattern.search(folded):
            found.append((m.start(), _written_day(m, today), m[0]))
    if not found:
        return None, ""
    _, day, words = min(found, key=lambda f: f[0])
    return day, words


def _written_day(m: re.Match, today: date) -> date | Refusal:
    """ "3. december" or "3/12" (day first, as Danes write it), the next such day without a year."""
    month = m["month"]
    year = m["year"]
    try:
        if month.isdigit():
            day = date(today.year if not year else _full_year(year), int(month), int(m["day"]))
        else:
            written = f"{m['day']}. {month} {_full_year(year) if year else today.year}"
            day = parser.parse(written, parserinfo=_DANISH, default=datetime(today.year, 1, 1)).date()
    except (ValueError, OverflowError):
        return Refusal("no-such-day", f"Den dato findes ikke: »{m[0].strip()}«.", None)
    if not year and today - timedelta(days=RECENTLY_PASSED_DAYS) <= day < today:
        return day  # "1/12" on 2 December is a day just gone, not next year's: check() refuses it
    if not year and day < today:
        try:
            day = day + relativedelta(years=1)
        except ValueError:
            return Refusal("no-such-day", f"Den dato findes ikke: »{m[0].strip()}«.", None)
    return day


def _full_year(year: str) -> int:
    return int(year) if len(year) == 4 else 2000 + int(year)


def _time(folded: str) -> tuple[time | None, str]:
    """The time of day the message names, and the words that named it."""
    if m := _WORD_CLOCK.search(folded):
        hour = int(m["hour"]) if m["hour"].isdigit() else _HOURS[m["hour"]]
        hour = hour + 12 if hour < 7 else hour  # "halv to" is 13.30 in an office day
        at = {
            "halv": time((hour - 1) % 24, 30),
            "kvart over": time(hour % 24, 15),
            "kvart i": time((hour - 1) % 24, 45),
        }[m["part"]]
        return at, m[0]
    for pattern in (_CLOCK, _BARE_CLOCK):
        if m := pattern.search(folded):
            hour, minute = int(m["h"]), int(m["m"] or 0)
            if pattern is _CLOCK and hour < 7:
                hour += 12  # "kl. 2" in an office day is 14
            if hour < 24 and minute < 60:
                return time(hour, minute), m[0]
    for pattern, at in _PART_OF_DAY:
        if m := pattern.search(folded):
            return at, m[0]
    return None, ""


def with_day(at: time | None, day_text: str, now: datetime) -> MeetingTime | Refusal | None:
    """A day given after the time ("kl. 10" … "på fredag"): the day read, the time kept."""
    found = read(day_text, now)
    if isinstance(found, MeetingTime) and found.at is None and at is not None:
        return check(MeetingTime(found.day, at, found.text), now)
    return found
