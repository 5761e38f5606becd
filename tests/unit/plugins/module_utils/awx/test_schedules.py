# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""AWX schedules: rrules AWX accepts, and every run of the next 24 months inside its ring's windows."""

from __future__ import annotations

import calendar
import copy
import datetime as dt
import pathlib
from zoneinfo import ZoneInfo

import pytest
import yaml

from ansible_collections.divalto.cloud.plugins.module_utils.awx import schedules as awx_schedules
from ansible_collections.divalto.cloud.plugins.module_utils.awx.schedules import (
    DEFAULT_JOBS,
    MissingDependencyError,
    ScheduleError,
    awx_rrule_problems,
    build_schedule,
    build_schedules,
    check_schedules,
    effective_settings,
    occurrences,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.service_calendar import ServiceCalendar

PARIS = ZoneInfo("Europe/Paris")
FROM = dt.datetime(2026, 12, 1, tzinfo=PARIS)
UNTIL = dt.datetime(2028, 12, 1, tzinfo=PARIS)


@pytest.fixture
def platform(example_model):
    return copy.deepcopy(example_model["vars"]["divalto_platform"])


def with_jobs(platform, jobs, anchor="2026-01-01"):
    platform["schedules"] = {"anchor": anchor, "jobs": jobs}
    return platform


def patch_tuesday(year, month):
    tuesdays = [d for d in range(1, 15) if calendar.weekday(year, month, d) == calendar.TUESDAY]
    return dt.date(year, month, tuesdays[1])


# ------------------------------------------------------------------------------------------ the 24-month test


def test_every_run_of_the_next_24_months_is_in_its_window_and_outside_service_hours(platform):
    cal = ServiceCalendar.from_settings(platform["service_hours"], platform["maintenance_windows"])
    checked = {}
    for schedule in build_schedules(platform):
        if schedule.ring is None:
            continue
        runs = occurrences(schedule, FROM, UNTIL)
        checked[schedule.name] = len(runs)
        for moment in runs:
            start = moment.astimezone(dt.UTC)
            end = start + dt.timedelta(minutes=schedule.duration_minutes)
            window = cal.in_maintenance_window(schedule.ring, start)
            assert window is not None, "%s at %s: outside the %s windows" % (schedule.name, moment, schedule.ring)
            assert end <= window.end, "%s at %s: ends after its window" % (schedule.name, moment)
            assert not cal.is_service_time(start), "%s at %s: in service hours" % (schedule.name, moment)
            assert cal.service_seconds(start, end) == 0, "%s at %s: overlaps service hours" % (schedule.name, moment)
    assert checked == {
        "backup_restore_test": 105,
        "patch_monthly_nonprod": 24,
        "patch_monthly_prod": 24,
        "patch_quarterly_nonprod": 8,
        "patch_quarterly_prod": 8,
    }
    assert check_schedules(platform, FROM, 24) == []


def test_monthly_patching_follows_patch_tuesday_and_production_soaks(platform):
    schedules = {s.name: s for s in build_schedules(platform)}
    nonprod = occurrences(schedules["patch_monthly_nonprod"], FROM, UNTIL)
    prod = occurrences(schedules["patch_monthly_prod"], FROM, UNTIL)
    for first, second in zip(nonprod, prod, strict=True):
        tuesday = patch_tuesday(first.year, first.month)
        assert first.date() == tuesday + dt.timedelta(days=1)
        assert (first.hour, first.minute) == (20, 0)
        assert second.date() == tuesday + dt.timedelta(days=4)
        assert second.weekday() == calendar.SATURDAY
        assert (second.hour, second.minute) == (20, 30)
        assert second - first >= dt.timedelta(days=3)


def test_quarterly_patching_runs_in_january_april_july_october(platform):
    schedules = {s.name: s for s in build_schedules(platform)}
    for name, offset in (("patch_quarterly_nonprod", 2), ("patch_quarterly_prod", 5)):
        runs = occurrences(schedules[name], FROM, UNTIL)
        assert [(r.year, r.month) for r in runs] == [
            (2027, 1),
            (2027, 4),
            (2027, 7),
            (2027, 10),
            (2028, 1),
            (2028, 4),
            (2028, 7),
            (2028, 10),
        ]
        assert all(r.date() == patch_tuesday(r.year, r.month) + dt.timedelta(days=offset) for r in runs)


def test_read_only_jobs_and_their_rrules(platform):
    rules = {s.name: s.rrule for s in build_schedules(platform)}
    assert rules == {
        "backup_compliance": "DTSTART;TZID=Europe/Paris:20260101T001500 RRULE:FREQ=HOURLY;INTERVAL=1",
        "backup_restore_test": "DTSTART;TZID=Europe/Paris:20260106T210000 RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=TU",
        "patch_monthly_nonprod": "DTSTART;TZID=Europe/Paris:20260114T200000 "
        "RRULE:FREQ=MONTHLY;INTERVAL=1;BYDAY=WE;BYMONTHDAY=9,10,11,12,13,14,15",
        "patch_monthly_prod": "DTSTART;TZID=Europe/Paris:20260117T203000 "
        "RRULE:FREQ=MONTHLY;INTERVAL=1;BYDAY=SA;BYMONTHDAY=12,13,14,15,16,17,18",
        "patch_quarterly_nonprod": "DTSTART;TZID=Europe/Paris:20260115T200000 "
        "RRULE:FREQ=MONTHLY;INTERVAL=3;BYDAY=TH;BYMONTHDAY=10,11,12,13,14,15,16",
        "patch_quarterly_prod": "DTSTART;TZID=Europe/Paris:20260118T063000 "
        "RRULE:FREQ=MONTHLY;INTERVAL=3;BYDAY=SU;BYMONTHDAY=13,14,15,16,17,18,19",
        "sla_report": "DTSTART;TZID=Europe/Paris:20260101T060000 RRULE:FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=1",
        "access_review": "DTSTART;TZID=Europe/Paris:20260101T070000 RRULE:FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1",
        "directory_sync": "DTSTART;TZID=Europe/Paris:20260101T061500 "
        "RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,TU,WE,TH,FR,SA,SU",
    }
    for rule in rules.values():
        assert awx_rrule_problems(rule) == []
    hourly = {s.name: s for s in build_schedules(platform)}["backup_compliance"]
    runs = occurrences(hourly, FROM, FROM + dt.timedelta(days=1))
    assert len(runs) == 24 and all(r.minute == 15 for r in runs)
    daily = {s.name: s for s in build_schedules(platform)}["directory_sync"]
    runs = occurrences(daily, FROM, FROM + dt.timedelta(days=14))
    assert len(runs) == 14 and {(r.hour, r.minute) for r in runs} == {(6, 15)}


def test_example_registry_states_the_service_defaults(platform):
    example = platform["schedules"]["jobs"]
    for name, job in DEFAULT_JOBS.items():
        assert {k: v for k, v in job.items() if k != "description"} == example[name]
    del platform["schedules"]
    assert [s.name for s in build_schedules(platform)] == sorted(DEFAULT_JOBS)
    assert effective_settings(platform)["anchor"] == dt.date(2026, 1, 1)


# ------------------------------------------------------------------------------------------ DST and holidays


def test_dst_a_run_that_fits_ordinary_nights_does_not_fit_the_short_spring_night(platform):
    with_jobs(
        platform,
        {"sat_night": {"job_template": "x", "ring": "prod", "weekly": ["sat"], "at": "20:00", "duration_minutes": 600}},
    )
    assert check_schedules(platform, FROM, 24) == [
        "Sat 2027-03-27 20:00 run of sat_night: 600 minutes end after the prod window closes at 2027-03-28 06:00 CEST",
        "Sat 2028-03-25 20:00 run of sat_night: 600 minutes end after the prod window closes at 2028-03-26 06:00 CEST",
    ]


def test_dst_wall_clock_is_kept_across_the_change(platform):
    with_jobs(platform, {"sat_night": {"job_template": "x", "ring": "prod", "weekly": ["sat"], "at": "20:00"}})
    runs = occurrences(
        build_schedules(platform)[0], dt.datetime(2027, 3, 20, tzinfo=PARIS), dt.datetime(2027, 4, 4, tzinfo=PARIS)
    )
    assert [(r.date().isoformat(), r.hour, r.utcoffset()) for r in runs] == [
        ("2027-03-20", 20, dt.timedelta(hours=1)),
        ("2027-03-27", 20, dt.timedelta(hours=1)),
        ("2027-04-03", 20, dt.timedelta(hours=2)),
    ]


def test_dst_missing_and_ambiguous_local_times_are_refused(platform):
    with_jobs(platform, {"sun_early": {"job_template": "x", "ring": "prod", "weekly": ["sun"], "at": "02:30"}})
    problems = check_schedules(platform, dt.datetime(2027, 3, 1, tzinfo=PARIS), 8)
    assert problems == [
        "Sun 2027-03-28 02:30 run of sun_early: the local time does not exist (daylight-saving change)",
        "Sun 2027-10-31 02:30 run of sun_early: the local time is ambiguous (daylight-saving change)",
    ]


def test_service_hours_with_holidays(platform):
    platform["maintenance_windows"]["nonprod"] = [{"days": ["mon"], "start": "08:00", "end": "12:00"}]
    with_jobs(platform, {"monday": {"job_template": "x", "ring": "nonprod", "weekly": ["mon"], "at": "09:00"}})
    problems = check_schedules(platform, dt.datetime(2027, 3, 1, tzinfo=PARIS), 3)
    # Easter Monday (29 March 2027) is a holiday: no service time, so that run is allowed.
    mondays = [
        "2027-03-01",
        "2027-03-08",
        "2027-03-15",
        "2027-03-22",
        "2027-04-05",
        "2027-04-12",
        "2027-04-19",
        "2027-04-26",
        "2027-05-03",
        "2027-05-10",
        "2027-05-24",
        "2027-05-31",
    ]
    # and Whit Monday (17 May 2027) too.
    assert problems == ["Mon %s 09:00 run of monday: runs inside service hours" % day for day in mondays]


def test_runs_outside_a_window(platform):
    with_jobs(
        platform,
        {
            "early": {"job_template": "x", "ring": "nonprod", "weekly": ["mon"], "at": "06:00"},
            "late": {"job_template": "x", "ring": "nonprod", "weekly": ["tue"], "at": "06:30", "duration_minutes": 60},
            "off": {"job_template": "x", "ring": "nonprod", "weekly": ["tue"], "at": "06:30", "enabled": False},
        },
    )
    problems = check_schedules(platform, dt.datetime(2027, 3, 1, tzinfo=PARIS), 1)
    assert problems[0] == "Mon 2027-03-01 06:00 run of early: starts outside the nonprod maintenance windows"
    assert (
        "Tue 2027-03-02 06:30 run of late: 60 minutes end after the nonprod window closes at 2027-03-02 07:00 CET"
        in problems
    )
    assert not [p for p in problems if "run of off" in p]


# ------------------------------------------------------------------------------------------ settings errors


@pytest.mark.parametrize(
    "job, message",
    [
        ("weekly", "schedules.jobs.j: expected a mapping, got 'weekly'"),
        (
            {"job_template": "x", "weekly": ["mon"], "at": "20:00", "colour": 1},
            "schedules.jobs.j.colour: expected one of job_template, ring",
        ),
        ({"weekly": ["mon"], "at": "20:00"}, "schedules.jobs.j.job_template: expected the name of a job template"),
        (
            {"job_template": "x", "ring": "dev", "weekly": ["mon"], "at": "20:00"},
            "schedules.jobs.j.ring: expected one of nonprod, prod, or no ring for a read-only job, got 'dev'",
        ),
        (
            {"job_template": "x", "at": "20:00"},
            "schedules.jobs.j: expected exactly one of after_patch_tuesday, weekly, monthly, hourly, got []",
        ),
        (
            {"job_template": "x", "weekly": ["mon"], "monthly": 1, "at": "20:00"},
            "schedules.jobs.j: expected exactly one of after_patch_tuesday, weekly, monthly, hourly, "
            "got ['monthly', 'weekly']",
        ),
        (
            {"job_template": "x", "after_patch_tuesday": 15, "at": "20:00"},
            "schedules.jobs.j.after_patch_tuesday: expected an integer from 0 to 14, got 15",
        ),
        (
            {"job_template": "x", "monthly": 29, "at": "20:00"},
            "schedules.jobs.j.monthly: expected an integer from 1 to 28, got 29",
        ),
        ({"job_template": "x", "hourly": True}, "schedules.jobs.j.hourly: expected an integer from 0 to 59, got True"),
        (
            {"job_template": "x", "weekly": "mon", "at": "20:00"},
            "schedules.jobs.j.weekly: expected a non-empty list of day names",
        ),
        (
            {"job_template": "x", "weekly": ["mon", "mon"], "at": "20:00"},
            "schedules.jobs.j.weekly[1]: expected a day name among mon, tue, wed, thu, fri, sat, sun, each once, "
            "got 'mon'",
        ),
        (
            {"job_template": "x", "monthly": 1, "every_months": 5, "at": "20:00"},
            "schedules.jobs.j.every_months: expected one of 1, 2, 3, 4, 6, 12, got 5",
        ),
        (
            {"job_template": "x", "weekly": ["mon"], "every_months": 3, "at": "20:00"},
            "schedules.jobs.j.every_months: expected only with after_patch_tuesday or monthly, got 3",
        ),
        (
            {"job_template": "x", "hourly": 5, "at": "20:00"},
            "schedules.jobs.j.at: expected no 'at' with hourly (the minute is the value of hourly), got '20:00'",
        ),
        (
            {"job_template": "x", "weekly": ["mon"]},
            "schedules.jobs.j.at: expected a quoted time of day 'HH:MM' (required)",
        ),
        (
            {"job_template": "x", "weekly": ["mon"], "at": 1200},
            "schedules.jobs.j.at: expected a quoted time of day 'HH:MM', got 1200",
        ),
        (
            {"job_template": "x", "weekly": ["mon"], "at": "20:00", "duration_minutes": 0},
            "schedules.jobs.j.duration_minutes: expected an integer from 1 to 1440, got 0",
        ),
        (
            {"job_template": "x", "weekly": ["mon"], "at": "20:00", "extra_vars": []},
            "schedules.jobs.j.extra_vars: expected a mapping of variable names to values, got []",
        ),
        (
            {"job_template": "x", "weekly": ["mon"], "at": "20:00", "enabled": "yes"},
            "schedules.jobs.j.enabled: expected true or false, got 'yes'",
        ),
        (
            {"job_template": "x", "weekly": ["mon"], "at": "20:00", "description": 3},
            "schedules.jobs.j.description: expected a string, got 3",
        ),
    ],
)
def test_job_errors_name_the_field(platform, job, message):
    with_jobs(platform, {"j": job})
    with pytest.raises(ScheduleError) as caught:
        build_schedules(platform)
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(
    "settings, message",
    [
        ("daily", "schedules: expected a mapping with keys anchor, jobs, got 'daily'"),
        ({"when": 1}, "schedules.when: expected one of anchor, jobs (unknown key)"),
        ({"jobs": {}}, "schedules.jobs: expected a non-empty mapping of schedule name to job, got {}"),
        ({"anchor": "1 Jan"}, "schedules.anchor: expected a date 'YYYY-MM-DD', got '1 Jan'"),
    ],
)
def test_settings_errors(platform, settings, message):
    platform["schedules"] = settings
    with pytest.raises(ScheduleError) as caught:
        build_schedules(platform)
    assert str(caught.value) == message


def test_platform_and_timezone_errors(platform):
    with pytest.raises(ScheduleError) as caught:
        effective_settings(None)
    assert str(caught.value) == "platform: expected the divalto_platform mapping"
    with pytest.raises(ScheduleError) as caught:
        build_schedule("j", {"job_template": "x", "hourly": 0}, "Mars/Olympus", dt.date(2026, 1, 1))
    assert (
        str(caught.value)
        == "service_hours.timezone: expected an IANA time zone name such as 'Europe/Paris', got 'Mars/Olympus'"
    )


def test_anchor_may_be_a_date_and_sets_dtstart(platform):
    with_jobs(
        platform, {"j": {"job_template": "x", "monthly": 3, "every_months": 3, "at": "06:00"}}, dt.date(2027, 2, 10)
    )
    assert build_schedules(platform)[0].rrule == (
        "DTSTART;TZID=Europe/Paris:20270503T060000 RRULE:FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=3"
    )


def test_descriptions(platform):
    descriptions = {s.name: s.description for s in build_schedules(platform)}
    assert descriptions["patch_monthly_prod"] == (
        "patch_monthly: Patch Tuesday + 4 day(s) at 20:30 (Europe/Paris), ring prod, in its maintenance windows"
    )
    assert descriptions["patch_quarterly_nonprod"].startswith(
        "patch_quarterly: Patch Tuesday + 2 day(s) every 3 months"
    )
    assert (
        descriptions["sla_report"]
        == "sla_report: day 1 of the month at 06:00 (Europe/Paris), no ring: changes no machine, runs at any time"
    )
    assert descriptions["access_review"] == (
        "access_review: day 1 of the month every 3 months at 07:00 (Europe/Paris), "
        "no ring: changes no machine, runs at any time"
    )
    assert (
        descriptions["backup_compliance"]
        == "backup_compliance: every hour at minute 15 (Europe/Paris), no ring: changes no machine, runs at any time"
    )
    assert descriptions["backup_restore_test"].startswith("backup_restore_test: every tue at 21:00")


def test_missing_dateutil(monkeypatch):
    monkeypatch.setattr(awx_schedules, "HAS_DATEUTIL", False)
    with pytest.raises(MissingDependencyError) as caught:
        build_schedule("j", {"job_template": "x", "hourly": 0}, "Europe/Paris", dt.date(2026, 1, 1))
    assert "the Python package 'python-dateutil' is required for AWX schedules" in str(caught.value)


# ------------------------------------------------------------------------------------------ AWX's rrule rules


@pytest.mark.parametrize(
    "rule, problem",
    [
        ("RRULE:FREQ=DAILY;INTERVAL=1", "exactly one DTSTART is required"),
        ("DTSTART:20300308T050000 RRULE:FREQ=DAILY;INTERVAL=1", "DTSTART must be first and aware"),
        ("DTSTART:20300308T050000Z", "one or more RRULE is required"),
        ("DTSTART:20300308T050000Z RRULE:FREQ=DAILY", "INTERVAL required in rrule: FREQ=DAILY"),
        ("DTSTART:20300308T050000Z RRULE:FREQ=SECONDLY;INTERVAL=5", "SECONDLY is not supported"),
        ("DTSTART:20300308T050000Z RRULE:FREQ=MONTHLY;INTERVAL=1;BYDAY=2TU", "BYDAY with numeric prefix not supported"),
        (
            "DTSTART:20300308T050000Z RRULE:FREQ=DAILY;INTERVAL=1;COUNT=5;UNTIL=20310101T000000Z",
            "RRULE may not contain both COUNT and UNTIL",
        ),
        ("DTSTART:20300308T050000Z RRULE:FREQ=YEARLY;INTERVAL=1;BYYEARDAY=100", "BYYEARDAY not supported"),
        ("DTSTART:20300308T050000Z RRULE:FREQ=YEARLY;INTERVAL=1;BYWEEKNO=20", "BYWEEKNO not supported"),
        ("DTSTART:20300308T050000Z RRULE:FREQ=DAILY;INTERVAL=1 EXDATE:20300309T050000Z", "EXDATE not allowed in rrule"),
        ("DTSTART:20300308T050000Z RRULE:FREQ=REGULARLY;INTERVAL=1", "rrule parsing failed validation"),
    ],
)
def test_awx_rrule_problems(rule, problem):
    problems = awx_rrule_problems(rule)
    assert problems and problems[0].startswith(problem)


def test_example_platform_yml_section_loads_as_written(example_model):
    path = pathlib.Path(__file__).resolve().parents[5] / "inventories" / "example" / "registry" / "platform.yml"
    text = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert text["schedules"] == example_model["vars"]["divalto_platform"]["schedules"]
