# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

import copy
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.core import service_calendar as sc
from ansible_collections.divalto.cloud.plugins.module_utils.core.service_calendar import (
    CalendarError,
    CalendarSettingsError,
    MissingDependencyError,
    NaiveDatetimeError,
    ServiceCalendar,
    UnknownRingError,
    evaluate_gate,
    parse_timestamp,
)

PARIS = ZoneInfo("Europe/Paris")
UTC = dt.UTC
HOUR = 3600
DAY = 10 * HOUR  # one service day, 08:00-18:00

SERVICE_HOURS = {
    "timezone": "Europe/Paris",
    "days": ["mon", "tue", "wed", "thu", "fri"],
    "start": "08:00",
    "end": "18:00",
    "holidays": {"country": "FR", "subdivision": "57"},
}
WINDOWS = {
    "nonprod": [{"days": ["mon", "tue", "wed", "thu", "fri"], "start": "19:00", "end": "07:00"}],
    "prod": [
        {"days": ["sat"], "start": "20:00", "end": "06:00"},
        {"days": ["sun"], "start": "06:00", "end": "14:00"},
    ],
}


def paris(*args):
    return dt.datetime(*args, tzinfo=PARIS)


def make(service_hours=None, windows="example", **changes):
    """A calendar from the example settings, with ``changes`` to service_hours; windows=None for none."""
    hours = copy.deepcopy(service_hours or SERVICE_HOURS)
    hours.update(changes)
    return ServiceCalendar.from_settings(hours, copy.deepcopy(WINDOWS if windows == "example" else windows))


@pytest.fixture(scope="module")
def cal():
    return make()


@pytest.fixture(scope="module")
def national():
    return make(holidays={"country": "FR"})


# ------------------------------------------------------------------------------------------------ service time


@pytest.mark.parametrize(
    "moment, expected",
    [
        (paris(2026, 4, 7, 8, 0), True),  # Tuesday, start included
        (paris(2026, 4, 7, 7, 59, 59), False),
        (paris(2026, 4, 7, 17, 59, 59), True),
        (paris(2026, 4, 7, 18, 0), False),  # end excluded
        (paris(2026, 4, 4, 10, 0), False),  # Saturday
        (paris(2026, 4, 3, 10, 0), False),  # Good Friday (Alsace-Moselle)
        (paris(2026, 4, 6, 10, 0), False),  # Easter Monday
        (paris(2026, 7, 14, 10, 0), False),  # Bastille Day, a Tuesday in 2026
        (paris(2025, 12, 26, 10, 0), False),  # Saint-Etienne, a Friday in 2025 (Alsace-Moselle)
        (dt.datetime(2026, 3, 27, 16, 30, tzinfo=UTC), True),  # Friday 17:30 CET
        (dt.datetime(2026, 3, 30, 16, 30, tzinfo=UTC), False),  # Monday 18:30 CEST, after the change
        (dt.datetime(2026, 3, 30, 6, 0, tzinfo=UTC), True),  # Monday 08:00 CEST
        (dt.datetime(2026, 10, 26, 6, 30, tzinfo=UTC), False),  # Monday 07:30 CET, after the change
        (dt.datetime(2026, 10, 26, 7, 0, tzinfo=UTC), True),  # Monday 08:00 CET
    ],
)
def test_is_service_time(cal, moment, expected):
    assert cal.is_service_time(moment) is expected


def test_national_calendar_keeps_good_friday_and_26_december(national):
    assert national.is_service_time(paris(2026, 4, 3, 10, 0)) is True
    assert national.is_service_time(paris(2025, 12, 26, 10, 0)) is True
    assert national.is_service_time(paris(2026, 7, 14, 10, 0)) is False


def test_is_service_time_rejects_naive_datetime(cal):
    with pytest.raises(NaiveDatetimeError, match=r"^moment: naive datetime 2026-04-07T10:00:00 has no time zone"):
        cal.is_service_time(dt.datetime(2026, 4, 7, 10, 0))


def test_is_service_time_rejects_non_datetime(cal):
    with pytest.raises(CalendarError, match=r"^moment: expected an aware datetime, got '2026-04-07'"):
        cal.is_service_time("2026-04-07")


@pytest.mark.parametrize(
    "start, end, seconds",
    [
        # April 2026: 22 weekdays - Good Friday - Easter Monday = 20 days
        (paris(2026, 4, 1), paris(2026, 5, 1), 20 * DAY),
        # March 2026 (spring forward on Sunday 29th): 22 weekdays, no holiday
        (paris(2026, 3, 1), paris(2026, 4, 1), 22 * DAY),
        # October 2026 (fall back on Sunday 25th): 22 weekdays, no holiday
        (paris(2026, 10, 1), paris(2026, 11, 1), 22 * DAY),
        # July 2026: 23 weekdays - 14 July = 22 days
        (paris(2026, 7, 1), paris(2026, 8, 1), 22 * DAY),
        # December 2025: 23 weekdays - 25 (Thu) and 26 (Fri) December = 21 days
        (paris(2025, 12, 1), paris(2026, 1, 1), 21 * DAY),
        # 2026: 261 weekdays - 10 weekday holidays (1/1, 3/4, 6/4, 1/5, 8/5, 14/5, 25/5, 14/7, 11/11, 25/12)
        (paris(2026, 1, 1), paris(2027, 1, 1), 251 * DAY),
        # Friday 17:00 to Monday 09:00 costs 2 h
        (paris(2026, 4, 10, 17, 0), paris(2026, 4, 13, 9, 0), 2 * HOUR),
        # the DST weekends themselves: Friday 12:00 to Monday 12:00
        (paris(2026, 3, 27, 12, 0), paris(2026, 3, 30, 12, 0), 10 * HOUR),
        (paris(2026, 10, 23, 12, 0), paris(2026, 10, 26, 12, 0), 10 * HOUR),
        # a night only
        (paris(2026, 4, 7, 18, 0), paris(2026, 4, 8, 8, 0), 0),
        # empty span
        (paris(2026, 4, 7, 10, 0), paris(2026, 4, 7, 10, 0), 0),
    ],
)
def test_service_seconds(cal, start, end, seconds):
    assert cal.service_seconds(start, end) == seconds


def test_service_seconds_of_2026_on_the_national_calendar(national):
    # Good Friday is a working day; 26 December 2026 is a Saturday anyway
    assert national.service_seconds(paris(2026, 1, 1), paris(2027, 1, 1)) == 252 * DAY


def test_service_seconds_accepts_any_time_zone(cal):
    start = dt.datetime(2026, 4, 7, 7, 0, tzinfo=UTC)  # 09:00 CEST
    end = dt.datetime(2026, 4, 7, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5)))  # 19:00 CEST
    assert cal.service_seconds(start, end) == 9 * HOUR


def test_service_intervals_skip_holidays_and_weekends(cal):
    intervals = cal.service_intervals(paris(2026, 4, 2, 12, 0), paris(2026, 4, 7, 9, 0))
    assert intervals == [
        (paris(2026, 4, 2, 12, 0), paris(2026, 4, 2, 18, 0)),
        (paris(2026, 4, 7, 8, 0), paris(2026, 4, 7, 9, 0)),
    ]
    assert all(a.tzinfo is UTC and b.tzinfo is UTC for a, b in intervals)


def test_service_intervals_reject_end_before_start(cal):
    with pytest.raises(CalendarError, match=r"^end \(2026-04-07T06:00:00\+00:00\) is before start"):
        cal.service_intervals(paris(2026, 4, 7, 9, 0), paris(2026, 4, 7, 8, 0))


def test_service_intervals_reject_naive_end(cal):
    with pytest.raises(NaiveDatetimeError, match=r"^end: naive datetime"):
        cal.service_intervals(paris(2026, 4, 7, 9, 0), dt.datetime(2026, 4, 8))


# ---------------------------------------------------------------------------------------------------- holidays


@pytest.mark.parametrize(
    "day, name",
    [
        (dt.date(2026, 4, 3), "Vendredi saint"),
        (dt.date(2026, 12, 26), "Saint-Étienne"),
        (dt.date(2026, 7, 14), "Fête nationale"),
        (dt.date(2026, 7, 15), None),
        (dt.datetime(2026, 7, 13, 22, 30, tzinfo=UTC), "Fête nationale"),  # 00:30 in Paris
        (dt.datetime(2026, 7, 14, 22, 30, tzinfo=UTC), None),  # 00:30 on the 15th in Paris
    ],
)
def test_is_holiday_names(cal, day, name):
    assert cal.is_holiday(day) == name


def test_alsace_subdivision_adds_the_same_days():
    alsace = make(holidays={"country": "FR", "subdivision": "6AE"})
    assert alsace.is_holiday(dt.date(2026, 4, 3)) == "Vendredi saint"
    assert alsace.is_holiday(dt.date(2026, 12, 26)) == "Saint-Étienne"


def test_national_calendar_has_no_good_friday(national):
    assert national.is_holiday(dt.date(2026, 4, 3)) is None
    assert national.is_holiday(dt.date(2026, 12, 26)) is None


def test_unquoted_subdivision_number_is_accepted():
    assert make(holidays={"country": "FR", "subdivision": 57}).is_holiday(dt.date(2026, 4, 3)) == "Vendredi saint"


def test_is_holiday_rejects_other_types(cal):
    with pytest.raises(CalendarError, match=r"^day: expected a date or an aware datetime, got '2026-04-03'"):
        cal.is_holiday("2026-04-03")


def test_missing_holidays_package_is_reported_at_use(monkeypatch):
    monkeypatch.setattr(sc, "HAS_HOLIDAYS", False)
    monkeypatch.setattr(sc, "HOLIDAYS_IMPORT_ERROR", ImportError("No module named 'holidays'"))
    calendar = make()  # building works without the package
    assert calendar.in_maintenance_window("prod", paris(2026, 3, 28, 23, 0)) is not None
    with pytest.raises(MissingDependencyError, match=r"the Python package 'holidays' \(>= 0.76\) is required"):
        calendar.is_service_time(paris(2026, 4, 7, 10, 0))


# ---------------------------------------------------------------------------------------------------- settings

BAD_SETTINGS = [
    (
        {"days": ["mon", "mun"]},
        r"^service_hours\.days\[1\]: expected one of mon, tue, wed, thu, fri, sat, sun, got 'mun'$",
    ),
    ({"days": ["mon", "mon"]}, r"^service_hours\.days\[1\]: expected each day at most once, got 'mon'$"),
    ({"days": []}, r"^service_hours\.days: expected a non-empty list of day names"),
    ({"days": "mon"}, r"^service_hours\.days: expected a non-empty list of day names"),
    ({"start": "8:00"}, r"^service_hours\.start: expected a time of day 'HH:MM' between 00:00 and 23:59, got '8:00'$"),
    ({"end": "24:00"}, r"^service_hours\.end: expected a time of day 'HH:MM' between 00:00 and 23:59, got '24:00'$"),
    ({"start": 480}, r"^service_hours\.start: expected a quoted 'HH:MM' string \(YAML 1\.1 reads an unquoted 19:00"),
    ({"end": "07:00"}, r"^service_hours\.end: expected a time after service_hours\.start \(08:00\); service hours"),
    ({"timezone": "Europe/Pariss"}, r"^service_hours\.timezone: expected an IANA time zone name"),
    (
        {"holidays": {"country": "FR", "subdivision": "GES"}},
        r"^service_hours\.holidays\.subdivision: 'GES' \(the former Grand Est code\) is rejected",
    ),
    (
        {"holidays": {"country": "FR", "subdivision": "67"}},
        r"^service_hours\.holidays\.subdivision: the holidays package has no subdivision '67' \(it raises\); "
        r"expected '57' \(Moselle\) or '6AE' \(Alsace: departments 67 and 68\) for Alsace-Moselle$",
    ),
    ({"holidays": {"country": "FR", "subdivision": "99"}}, r"^service_hours\.holidays: expected a country and sub"),
    ({"holidays": {"country": "XX"}}, r"^service_hours\.holidays: expected a country and subdivision known to"),
    ({"holidays": {"country": ""}}, r"^service_hours\.holidays\.country: expected an ISO 3166-1 country code"),
    (
        {"holidays": {"subdivision": "57"}},
        r"^service_hours\.holidays\.country: required key is missing; expected a value$",
    ),
    ({"holidays": "FR"}, r"^service_hours\.holidays: expected a mapping with keys country, subdivision, got 'FR'$"),
    (
        {"weekdays": ["mon"]},
        r"^service_hours\.weekdays: unknown key; expected one of timezone, days, start, end, holidays$",
    ),
]


@pytest.mark.parametrize("changes, message", BAD_SETTINGS)
def test_bad_service_hours(changes, message):
    with pytest.raises(CalendarSettingsError, match=message):
        make(**changes)


def test_ges_message_explains_why():
    with pytest.raises(CalendarSettingsError) as info:
        make(holidays={"country": "FR", "subdivision": "GES"})
    assert "silently returns only the national days" in str(info.value)
    assert str(info.value).endswith(
        "expected '57' (Moselle) or '6AE' (Alsace: departments 67 and 68) for Alsace-Moselle"
    )
    assert info.value.path == "service_hours.holidays.subdivision"


def test_missing_service_hours_key():
    hours = {k: v for k, v in SERVICE_HOURS.items() if k != "end"}
    with pytest.raises(CalendarSettingsError, match=r"^service_hours\.end: required key is missing; expected a value$"):
        ServiceCalendar.from_settings(hours, None)


def windows_with(ring, entries):
    windows = copy.deepcopy(WINDOWS)
    windows[ring] = entries
    return windows


BAD_WINDOWS = [
    ({"nonprod": WINDOWS["nonprod"]}, r"^maintenance_windows\.prod: required key is missing; expected a value$"),
    (dict(WINDOWS, staging=[]), r"^maintenance_windows\.staging: unknown key; expected one of nonprod, prod$"),
    (windows_with("prod", []), r"^maintenance_windows\.prod: expected a non-empty list of windows"),
    (
        windows_with("prod", [{"days": ["sat"], "start": "20:00"}]),
        r"^maintenance_windows\.prod\[0\]\.end: required key is missing; expected a value$",
    ),
    (
        windows_with("prod", [{"days": ["saturday"], "start": "20:00", "end": "06:00"}]),
        r"^maintenance_windows\.prod\[0\]\.days\[0\]: expected one of mon, .*, got 'saturday'$",
    ),
    (
        windows_with("nonprod", [{"days": ["mon"], "start": "19:00", "end": "7:00"}]),
        r"^maintenance_windows\.nonprod\[0\]\.end: expected a time of day 'HH:MM'",
    ),
    (
        windows_with("prod", WINDOWS["prod"] + [{"days": ["sun"], "start": "05:00", "end": "07:00"}]),
        r"^maintenance_windows\.prod\[2\]: expected a window that does not overlap maintenance_windows\.prod\[0\] "
        r"\(sat 20:00-06:00 \(next day\)\); windows of one ring may touch but not overlap, got 'sun 05:00-07:00'$",
    ),
    (
        windows_with("prod", [{"days": ["fri"], "start": "17:00", "end": "22:00"}]),
        r"^maintenance_windows\.prod\[0\]: expected a window outside service hours \(mon,tue,wed,thu,fri "
        r"08:00-18:00 Europe/Paris\); only ring\(s\) nonprod may have windows inside service hours",
    ),
    (
        # crosses the end of the week into Monday morning
        windows_with("prod", [{"days": ["sun"], "start": "20:00", "end": "09:00"}]),
        r"^maintenance_windows\.prod\[0\]: expected a window outside service hours",
    ),
]


@pytest.mark.parametrize("windows, message", BAD_WINDOWS)
def test_bad_maintenance_windows(windows, message):
    with pytest.raises(CalendarSettingsError, match=message):
        make(windows=windows)


def test_nonprod_may_overlap_service_hours():
    calendar = make(windows=windows_with("nonprod", [{"days": ["wed"], "start": "12:00", "end": "14:00"}]))
    window = calendar.windows("nonprod")[0]
    assert calendar.window_overlaps_service_time(window) is True
    assert calendar.in_maintenance_window("nonprod", paris(2026, 4, 8, 13, 0)).window is window


def test_configured_windows_do_not_overlap_service_hours(cal):
    assert [cal.window_overlaps_service_time(w) for r in cal.rings for w in cal.windows(r)] == [False, False, False]


# ------------------------------------------------------------------------------------------- maintenance windows


def test_window_on_spring_forward_night_lasts_nine_hours(cal):
    occurrence = cal.in_maintenance_window("prod", paris(2026, 3, 28, 23, 0))
    assert occurrence.to_dict() == {
        "start": "2026-03-28T20:00:00+01:00",
        "end": "2026-03-29T06:00:00+02:00",
        "ring": "prod",
    }
    assert occurrence.duration == dt.timedelta(hours=9)
    assert occurrence.window.index == 0


def test_window_on_fall_back_night_lasts_eleven_hours(cal):
    # 02:30 +01:00 is the second 02:30 of that night
    occurrence = cal.in_maintenance_window(
        "prod", dt.datetime(2026, 10, 25, 2, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    )
    assert occurrence.to_dict()["start"] == "2026-10-24T20:00:00+02:00"
    assert occurrence.to_dict()["end"] == "2026-10-25T06:00:00+01:00"
    assert occurrence.duration == dt.timedelta(hours=11)


@pytest.mark.parametrize(
    "moment, index",
    [
        (paris(2026, 3, 28, 19, 59), None),
        (paris(2026, 3, 28, 20, 0), 0),
        (paris(2026, 3, 29, 5, 59, 59), 0),
        (paris(2026, 3, 29, 6, 0), 1),  # adjacent windows stay separate
        (paris(2026, 3, 29, 13, 59), 1),
        (paris(2026, 3, 29, 14, 0), None),
        (paris(2026, 4, 1, 22, 0), None),  # prod has no weekday window
    ],
)
def test_in_maintenance_window_prod(cal, moment, index):
    occurrence = cal.in_maintenance_window("prod", moment)
    assert (occurrence.window.index if occurrence else None) == index


@pytest.mark.parametrize(
    "moment, start",
    [
        (paris(2026, 4, 3, 20, 0), "2026-04-03T19:00:00+02:00"),  # Good Friday: windows ignore holidays
        (paris(2026, 4, 4, 6, 59), "2026-04-03T19:00:00+02:00"),  # Saturday morning, started Friday
        (paris(2026, 4, 4, 7, 0), None),
        (paris(2026, 4, 6, 6, 0), None),  # Monday morning: no window on Sunday evening
        (paris(2026, 4, 7, 6, 59), "2026-04-06T19:00:00+02:00"),
    ],
)
def test_in_maintenance_window_nonprod_crossing_midnight(cal, moment, start):
    occurrence = cal.in_maintenance_window("nonprod", moment)
    assert (occurrence.to_dict()["start"] if occurrence else None) == start


def test_next_windows_across_spring_forward(cal):
    windows = cal.next_windows("prod", paris(2026, 3, 27, 12, 0), 4)
    assert [w.to_dict()["start"] for w in windows] == [
        "2026-03-28T20:00:00+01:00",
        "2026-03-29T06:00:00+02:00",
        "2026-04-04T20:00:00+02:00",
        "2026-04-05T06:00:00+02:00",
    ]
    assert [w.duration.total_seconds() / HOUR for w in windows] == [9, 8, 10, 8]


def test_next_windows_lookup_example(cal):
    windows = cal.next_windows("prod", parse_timestamp("2026-12-01T00:00:00+01:00"), 3)
    assert [w.to_dict() for w in windows] == [
        {"start": "2026-12-05T20:00:00+01:00", "end": "2026-12-06T06:00:00+01:00", "ring": "prod"},
        {"start": "2026-12-06T06:00:00+01:00", "end": "2026-12-06T14:00:00+01:00", "ring": "prod"},
        {"start": "2026-12-12T20:00:00+01:00", "end": "2026-12-13T06:00:00+01:00", "ring": "prod"},
    ]


def test_next_windows_include_the_open_window_first(cal):
    windows = cal.next_windows("nonprod", paris(2026, 4, 8, 2, 0), 2)
    assert [w.to_dict()["start"] for w in windows] == ["2026-04-07T19:00:00+02:00", "2026-04-08T19:00:00+02:00"]


def test_next_windows_skip_from_friday_to_monday(cal):
    windows = cal.next_windows("nonprod", paris(2026, 4, 10, 8, 0), 2)
    assert [w.to_dict()["start"] for w in windows] == ["2026-04-10T19:00:00+02:00", "2026-04-13T19:00:00+02:00"]


def test_next_windows_rejects_bad_count(cal):
    with pytest.raises(CalendarError, match=r"^count: expected a positive integer, got 0$"):
        cal.next_windows("prod", paris(2026, 4, 1), 0)


def test_nonexistent_local_time_moves_forward_by_the_gap():
    calendar = make(windows=windows_with("prod", [{"days": ["sun"], "start": "02:30", "end": "05:00"}]))
    spring, autumn = (calendar.next_windows("prod", paris(*day), 1)[0] for day in ((2026, 3, 28), (2026, 10, 24)))
    assert spring.to_dict()["start"] == "2026-03-29T03:30:00+02:00"
    assert spring.duration == dt.timedelta(hours=1, minutes=30)
    # ambiguous 02:30: the first one (summer time)
    assert autumn.to_dict()["start"] == "2026-10-25T02:30:00+02:00"
    assert autumn.duration == dt.timedelta(hours=3, minutes=30)


def test_window_inside_the_missing_hour_does_not_occur():
    calendar = make(windows=windows_with("prod", [{"days": ["sun"], "start": "02:00", "end": "03:00"}]))
    assert calendar.next_windows("prod", paris(2026, 3, 28), 1)[0].to_dict()["start"] == "2026-04-05T02:00:00+02:00"


def test_unknown_ring(cal):
    with pytest.raises(
        UnknownRingError,
        match=r"^unknown ring 'staging': no maintenance windows defined for it "
        r"\(known rings: nonprod, prod\)$",
    ):
        cal.in_maintenance_window("staging", paris(2026, 4, 1))


def test_ring_without_windows_settings():
    calendar = make(windows=None)
    with pytest.raises(UnknownRingError, match=r"known rings: none: maintenance_windows were not given"):
        calendar.next_windows("prod", paris(2026, 4, 1))


def test_in_maintenance_window_rejects_naive(cal):
    with pytest.raises(NaiveDatetimeError, match=r"^moment: naive datetime"):
        cal.in_maintenance_window("prod", dt.datetime(2026, 3, 28, 23, 0))


def test_gate_outside_then_inside(cal):
    outside = evaluate_gate(cal, "prod", paris(2026, 3, 27, 14, 5))
    assert outside.is_open is False
    assert outside.next_window.to_dict()["start"] == "2026-03-28T20:00:00+01:00"
    assert outside.seconds_until_next == (5 * 60 + 55) * 60 + 24 * HOUR
    inside = evaluate_gate(cal, "prod", paris(2026, 3, 29, 7, 0))
    assert inside.current.window.index == 1
    assert inside.next_window.to_dict()["start"] == "2026-04-04T20:00:00+02:00"


def test_describe_local(cal):
    assert cal.describe_local(dt.datetime(2026, 3, 27, 13, 5, tzinfo=UTC)) == "fri 2026-03-27 14:05:00 CET (+01:00)"


# -------------------------------------------------------------------------------------------------- timestamps


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-03-29T06:00:00Z", dt.datetime(2026, 3, 29, 6, 0, tzinfo=UTC)),
        ("2026-03-29T08:00:00+02:00", dt.datetime(2026, 3, 29, 6, 0, tzinfo=UTC)),
        (paris(2026, 3, 29, 8, 0), dt.datetime(2026, 3, 29, 6, 0, tzinfo=UTC)),
    ],
)
def test_parse_timestamp(text, expected):
    parsed = parse_timestamp(text)
    assert parsed == expected and parsed.tzinfo is UTC


@pytest.mark.parametrize(
    "value, error, message",
    [
        (
            "2026-03-29T08:00:00",
            NaiveDatetimeError,
            r"^now: timestamp '2026-03-29T08:00:00' has no UTC offset; add one",
        ),
        ("tomorrow", CalendarError, r"^now: 'tomorrow' is not an ISO-8601 timestamp"),
        (42, CalendarError, r"^now: expected an ISO-8601 timestamp string with an offset, got 42$"),
        (dt.datetime(2026, 3, 29, 8), NaiveDatetimeError, r"^now: naive datetime 2026-03-29T08:00:00 has no time zone"),
    ],
)
def test_parse_timestamp_errors(value, error, message):
    with pytest.raises(error, match=message):
        parse_timestamp(value, "now")


def test_unknown_subdivision_checked_at_use_when_built_without_the_package(monkeypatch):
    monkeypatch.setattr(sc, "HAS_HOLIDAYS", False)
    calendar = make(holidays={"country": "FR", "subdivision": "99"})
    monkeypatch.setattr(sc, "HAS_HOLIDAYS", True)
    with pytest.raises(CalendarSettingsError, match=r"^service_hours\.holidays: expected a country and subdivision "):
        calendar.is_holiday(dt.date(2026, 4, 3))
