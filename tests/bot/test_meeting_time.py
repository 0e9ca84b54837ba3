"""bot/meeting_time.py: Danish dates and times for a meeting, read forwards from a fixed "now"."""

from datetime import date, datetime, time

import pytest

from bot.meeting_time import ZONE, MeetingTime, Refusal, check, holidays, read, read_time, with_day

# Wednesday 2 December 2026, 9.00 in Copenhagen.
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=ZONE)


@pytest.mark.parametrize(
    "text, day, at",
    [
        # days by name or counted from today
        ("i dag kl. 11", date(2026, 12, 2), time(11, 0)),
        ("i morgen", date(2026, 12, 3), None),
        ("i morgen kl. 10", date(2026, 12, 3), time(10, 0)),
        ("i overmorgen kl 13", date(2026, 12, 4), time(13, 0)),
        ("på torsdag", date(2026, 12, 3), None),
        ("torsdag", date(2026, 12, 3), None),
        ("paa fredag", date(2026, 12, 4), None),
        ("på onsdag", date(2026, 12, 9), None),  # today is Wednesday: the next one
        ("næste tirsdag", date(2026, 12, 8), None),
        ("naeste torsdag", date(2026, 12, 10), None),  # next week's, not tomorrow
        ("tirsdag i næste uge", date(2026, 12, 8), None),
        ("på næste mandag", date(2026, 12, 7), None),
        ("om to uger", date(2026, 12, 16), None),
        ("om 14 dage", date(2026, 12, 16), None),
        ("om en uge", date(2026, 12, 9), None),
        ("om fem dage", date(2026, 12, 7), None),
        ("om seks dage", date(2026, 12, 8), None),
        ("om et par dage", date(2026, 12, 4), None),
        ("imorgen kl 10", date(2026, 12, 3), time(10, 0)),
        ("i morgn kl 10", date(2026, 12, 3), time(10, 0)),
        ("tomorrow at 10", date(2026, 12, 3), time(10, 0)),
        # written dates
        ("3. december", date(2026, 12, 3), None),
        ("den 3. december kl. 14", date(2026, 12, 3), time(14, 0)),
        ("d. 3. dec kl. 14.30", date(2026, 12, 3), time(14, 30)),
        ("3 dec", date(2026, 12, 3), None),
        ("3/12", date(2026, 12, 3), None),
        ("d. 3/12 kl 9", date(2026, 12, 3), time(9, 0)),
        ("6/1-2027 kl. 9:15", date(2027, 1, 6), time(9, 15)),
        ("7/1/27", date(2027, 1, 7), None),
        ("2. april 2027", date(2027, 4, 2), None),
        ("11. januar", date(2027, 1, 11), None),  # no year: the next 11 January
        ("den 4. marts", date(2027, 3, 4), None),
        # times of day
        ("i morgen kl. 9.45", date(2026, 12, 3), time(9, 45)),
        ("i morgen klokken 15", date(2026, 12, 3), time(15, 0)),
        ("fredag 10:30", date(2026, 12, 4), time(10, 30)),
        ("i morgen kl. 2", date(2026, 12, 3), time(14, 0)),  # an office day's 2 is 14
        ("halv ti på fredag", date(2026, 12, 4), time(9, 30)),
        ("kvart over to på torsdag", date(2026, 12, 3), time(14, 15)),
        ("kvart i elleve i morgen", date(2026, 12, 3), time(10, 45)),
        ("efter frokost i morgen", date(2026, 12, 3), time(13, 0)),
        ("i morgen eftermiddag", date(2026, 12, 3), time(14, 0)),
        ("næste fredag formiddag", date(2026, 12, 11), time(10, 0)),
        ("torsdag ved middagstid", date(2026, 12, 3), time(12, 0)),
        ("i morgen tidlig", date(2026, 12, 3), time(9, 0)),
        # in a sentence, with æøå typed or not
        (
            "Jeg vil gerne mødes med Energy Cluster Denmark i Esbjerg på torsdag kl. 10",
            date(2026, 12, 3),
            time(10, 0),
        ),
        ("kan jeg låne en kontorplads hos lydklyngen i næste uge på tirsdag?", date(2026, 12, 8), None),
        ("kan vi ses paa fredag kl 11", date(2026, 12, 4), time(11, 0)),
    ],
)
def test_a_phrasing_names_the_day_and_time(text, day, at):
    found = read(text, NOW)
    assert isinstance(found, MeetingTime), found
    assert (found.day, found.at) == (day, at)


@pytest.mark.parametrize(
    "text, reason, suggested",
    [
        ("på lørdag", "weekend", date(2026, 12, 7)),
        ("om tre dage", "weekend", date(2026, 12, 7)),
        ("søndag kl. 10", "weekend", date(2026, 12, 7)),
        ("24/12", "holiday", date(2026, 12, 28)),
        ("25. december kl 10", "holiday", date(2026, 12, 28)),
        ("31. december", "holiday", date(2027, 1, 4)),
        ("1. januar", "holiday", date(2027, 1, 4)),
        ("skærtorsdag er 25. marts 2027", "holiday", date(2027, 3, 30)),  # through Easter Monday
        ("6. maj 2027", "holiday", date(2027, 5, 7)),  # Kristi himmelfartsdag
        ("17/5-2027", "holiday", date(2027, 5, 18)),  # 2. pinsedag
        ("i går", "past", date(2026, 12, 2)),
        ("1/12", "past", date(2026, 12, 2)),  # a day just gone is not next year's
        ("i dag kl. 8", "past", date(2026, 12, 2)),
        ("i morgen kl. 20", "hours", date(2026, 12, 3)),
        ("i morgen kl. 7.30", "hours", date(2026, 12, 3)),
    ],
)
def test_a_closed_or_passed_time_is_refused_with_the_nearest_bookable(text, reason, suggested):
    found = read(text, NOW)
    assert isinstance(found, Refusal), found
    assert found.reason == reason and found.suggestion.day == suggested
    assert "Hvad med" in found.text and check(found.suggestion, NOW) == found.suggestion


def test_a_day_that_does_not_exist_is_said_so():
    found = read("31. februar", NOW)
    assert isinstance(found, Refusal) and found.reason == "no-such-day" and "findes ikke" in found.text


def test_no_day_is_none_and_a_time_alone_waits_for_its_day():
    assert read("jeg vil gerne mødes med lydklyngen", NOW) is None
    assert read("kl. 10", NOW) is None and read_time("kl. 10") == time(10, 0)
    found = with_day(time(10, 0), "på fredag", NOW)
    assert found == MeetingTime(date(2026, 12, 4), time(10, 0), "paa fredag")


def test_store_bededag_is_a_holiday_only_until_2023():
    assert "store bededag" in holidays(2023).values()
    assert "store bededag" not in holidays(2024).values()


def test_easter_holidays_move_with_easter():
    assert (
        holidays(2026)[date(2026, 4, 3)] == "langfredag" and holidays(2027)[date(2027, 3, 26)] == "langfredag"
    )


def test_times_are_copenhagen_time_summer_and_winter():
    summer = MeetingTime(date(2027, 6, 10), time(10, 0)).start
    winter = MeetingTime(date(2026, 12, 10), time(10, 0)).start
    assert summer.utcoffset().total_seconds() == 2 * 3600 and winter.utcoffset().total_seconds() == 3600


def test_describe_is_danish():
    assert MeetingTime(date(2026, 12, 3), time(14, 30)).describe() == "torsdag den 3. december 2026 kl. 14.30"
