# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Backup schedules from the policy: golden files and DST edge cases.

The golden files (fixtures/backup/*.json) were generated once, reviewed, and frozen: the systemd OnCalendar lines,
the Task Scheduler triggers, the SQL Agent schedules and every occurrence over two fixed fortnights (the spring
and autumn DST changes of 2026 in Europe/Paris). Regenerate them with ``make golden`` only for an
intended change, and review the diff.
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.backup.schedule import (
    JOBS,
    BackupScheduleError,
    check_schedule,
    iso_duration,
    occurrences,
    sql_agent_schedules,
    start_timeout,
    systemd_on_calendar,
    windows_triggers,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.backup_policy import effective_policy

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "backup"
DATACENTERS = {"par1": {"role": "primary"}, "sxb1": {"role": "recovery"}}
DEFAULT = effective_policy({"datacenters": DATACENTERS})
# A policy exercising the other shapes: log every 15 minutes, code on weekdays, files at the weekend.
VARIANT = effective_policy(
    {
        "datacenters": DATACENTERS,
        "backup": {
            "databases": {
                "full": {"days": ["sat", "sun"], "at": "02:30"},
                "differential": {"days": ["mon", "tue", "wed", "thu", "fri"], "at": "23:45"},
                "log": {"every_minutes": 15},
            },
            "code": {"snapshot": {"days": ["mon", "tue", "wed", "thu", "fri"], "at": "02:30"}},
            "files": {"snapshot": {"days": ["sat"], "at": "02:00"}},
        },
    }
)
POLICIES = {"default": DEFAULT, "variant": VARIANT}
FORTNIGHTS = {
    "spring": ("2026-03-23T00:00:00+01:00", "2026-04-06T00:00:00+02:00"),
    "autumn": ("2026-10-19T00:00:00+02:00", "2026-11-02T00:00:00+01:00"),
}


@pytest.fixture
def check_golden(golden):
    def check(name, document):
        golden(FIXTURES / name, json.dumps(document, indent=2, sort_keys=True) + "\n")

    return check


@pytest.mark.parametrize("policy", sorted(POLICIES))
def test_golden_systemd_on_calendar(policy, check_golden):
    check_golden("on_calendar_%s.json" % policy, {job: systemd_on_calendar(POLICIES[policy], job) for job in JOBS})


@pytest.mark.parametrize("policy", sorted(POLICIES))
def test_golden_windows_triggers(policy, check_golden):
    check_golden("win_triggers_%s.json" % policy, {job: windows_triggers(POLICIES[policy], job) for job in JOBS})


@pytest.mark.parametrize("policy", sorted(POLICIES))
def test_golden_sql_agent_schedules(policy, check_golden):
    check_golden("sql_agent_%s.json" % policy, sql_agent_schedules(POLICIES[policy]))


@pytest.mark.parametrize("policy", sorted(POLICIES))
@pytest.mark.parametrize("fortnight", sorted(FORTNIGHTS))
def test_golden_occurrences_over_a_fortnight(policy, fortnight, check_golden):
    start, end = FORTNIGHTS[fortnight]
    document = {job: [moment.isoformat() for moment in occurrences(POLICIES[policy], job, start, end)] for job in JOBS}
    check_golden("occurrences_%s_%s.json" % (policy, fortnight), document)


def test_default_fortnight_counts():
    start, end = FORTNIGHTS["spring"]
    counts = {job: len(occurrences(DEFAULT, job, start, end)) for job in JOBS}
    # 14 days: 2 Sundays, 12 other days, 14 evenings; 14 * 24 hourly slots minus the missing 02:00 of 29 March.
    assert counts == {"full": 2, "differential": 12, "log": 335, "code": 14, "files": 14}


def test_spring_forward_log_slots():
    moments = occurrences(DEFAULT, "log", "2026-03-29T00:00:00+01:00", "2026-03-29T05:00:00+02:00")
    assert [moment.isoformat() for moment in moments] == [
        "2026-03-29T00:00:00+01:00",
        "2026-03-29T01:00:00+01:00",
        "2026-03-29T03:00:00+02:00",
        "2026-03-29T04:00:00+02:00",
    ]


def test_fall_back_ambiguous_slot_runs_once():
    moments = occurrences(DEFAULT, "log", "2026-10-25T01:00:00+02:00", "2026-10-25T04:00:00+01:00")
    assert [moment.isoformat() for moment in moments] == [
        "2026-10-25T01:00:00+02:00",
        "2026-10-25T02:00:00+02:00",
        "2026-10-25T03:00:00+01:00",
    ]


def test_nonexistent_time_moves_forward_by_the_gap():
    policy = effective_policy({"datacenters": DATACENTERS, "backup": {"files": {"snapshot": {"at": "02:30"}}}})
    moments = occurrences(policy, "files", "2026-03-28T12:00:00+01:00", "2026-03-30T12:00:00+02:00")
    assert [moment.isoformat() for moment in moments] == ["2026-03-29T03:30:00+02:00", "2026-03-30T02:30:00+02:00"]


def test_bounds_are_start_inclusive_end_exclusive():
    start = "2026-03-23T22:30:00+01:00"
    assert [m.isoformat() for m in occurrences(DEFAULT, "files", start, "2026-03-24T22:30:00+01:00")] == [start]


def test_accepts_datetimes_and_other_offsets():
    start = dt.datetime(2026, 3, 23, 21, 0, tzinfo=dt.UTC)
    moments = occurrences(DEFAULT, "files", start, "2026-03-24T00:00:00Z")
    assert [moment.isoformat() for moment in moments] == ["2026-03-23T22:30:00+01:00"]


def test_windows_anchor():
    assert windows_triggers(DEFAULT, "code", anchor="2027-02-01") == [
        {"start_boundary": "2027-02-01T22:00:00", "type": "daily"}
    ]


def test_systemd_log_every_two_hours_and_every_ninety_minutes():
    two = effective_policy({"datacenters": DATACENTERS, "backup": {"databases": {"log": {"every_minutes": 120}}}})
    assert systemd_on_calendar(two, "log") == ["*-*-* 00,02,04,06,08,10,12,14,16,18,20,22:00:00 Europe/Paris"]
    ninety = effective_policy(
        {"datacenters": DATACENTERS, "backup": {"databases": {"rpo_hours": 3, "log": {"every_minutes": 90}}}}
    )
    assert systemd_on_calendar(ninety, "log") == [
        "*-*-* 00,03,06,09,12,15,18,21:00:00 Europe/Paris",
        "*-*-* 01,04,07,10,13,16,19,22:30:00 Europe/Paris",
    ]


def test_sql_agent_log_in_minutes_when_not_whole_hours():
    schedules = sql_agent_schedules(VARIANT)
    assert schedules["log"][0]["frequency_subday_type"] == "Minutes"
    assert schedules["log"][0]["frequency_subday_interval"] == 15
    assert [s["frequency_interval"] for s in schedules["full"]] == ["Weekend"]
    assert [s["frequency_interval"] for s in schedules["diff"]] == ["Weekdays"]


def test_daily_log_has_no_repetition():
    daily = effective_policy(
        {"datacenters": DATACENTERS, "backup": {"databases": {"rpo_hours": 24, "log": {"every_minutes": 1440}}}}
    )
    assert windows_triggers(daily, "log") == [{"start_boundary": "2026-01-01T00:00:00", "type": "daily"}]
    assert "frequency_subday_type" not in sql_agent_schedules(daily)["log"][0]
    assert systemd_on_calendar(daily, "log") == ["*-*-* 00:00:00 Europe/Paris"]


HOUR = 3600


@pytest.mark.parametrize(
    "policy, job, expected",
    [
        # Daily at 22:00 / 22:30 Europe/Paris: the spring-forward day is 23 hours long.
        (DEFAULT, "code", 23 * HOUR),
        (DEFAULT, "files", 23 * HOUR),
        # Monday to Saturday: every gap is a whole day (the DST changes happen on Sundays, outside the gaps).
        (DEFAULT, "differential", 24 * HOUR),
        # Sunday to Sunday across the spring change.
        (DEFAULT, "full", 7 * 24 * HOUR - HOUR),
        # Every hour, and one hour across the spring gap (02:00 does not exist: 01:00 -> 03:00 CEST).
        (DEFAULT, "log", HOUR),
        (VARIANT, "log", 15 * 60),
        # Saturday and Sunday at 02:30: Saturday -> Sunday is one day, but 02:30 on the spring-forward Sunday
        # does not exist and moves to 03:30 CEST, which is still 24 h after Saturday 02:30 CET.
        (VARIANT, "full", 24 * HOUR),
        # Weekdays at 02:30 (Friday -> Monday is longer): 24 h.
        (VARIANT, "code", 24 * HOUR),
        # Saturdays only: one week, less the hour of the spring change.
        (VARIANT, "files", 7 * 24 * HOUR - HOUR),
    ],
)
def test_a_run_may_last_until_the_next_run_of_the_same_job(policy, job, expected):
    assert start_timeout(policy, job) == expected


def test_start_timeout_follows_the_time_zone():
    assert start_timeout(dict(DEFAULT, timezone="UTC"), "files") == 24 * HOUR


@pytest.mark.parametrize(
    "at, data_sets, expected",
    [
        ("06:00", ["code", "files"], 16 * HOUR),
        ("06:00", ["files"], 16 * HOUR + 1800),
        # After the day's backups: until the next day's code backup (23 h a day before the spring change).
        ("23:00", ["code", "files"], 22 * HOUR),
        # Nothing to lock: until the next check.
        ("06:00", [], 23 * HOUR),
    ],
)
def test_the_vault_check_may_run_until_the_next_backup_it_would_lock_out(at, data_sets, expected):
    assert check_schedule(DEFAULT, at, data_sets) == {
        "on_calendar": ["*-*-* %s:00 Europe/Paris" % at],
        "timeout_seconds": expected,
    }


@pytest.mark.parametrize(
    "seconds, expected",
    [(82800, "PT23H"), (601200, "P6DT23H"), (86400, "P1D"), (5430, "PT1H30M30S"), (59, "PT59S")],
)
def test_iso_duration(seconds, expected):
    assert iso_duration(seconds) == expected


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: iso_duration(0), "duration: expected a positive number of seconds, got 0"),
        (lambda: iso_duration(True), "duration: expected a positive number of seconds, got True"),
        (lambda: iso_duration("60"), "duration: expected a positive number of seconds, got '60'"),
        (lambda: check_schedule(DEFAULT, "24:00", ["code"]), "check time: expected HH:MM (24-hour clock), got '24:00'"),
        (
            lambda: check_schedule(DEFAULT, "x" * 500, ["code"]),
            # At most a short excerpt of a bad value.
            "check time: expected HH:MM (24-hour clock), got '%s..." % ("x" * 36),
        ),
        (lambda: check_schedule(DEFAULT, "06:00", ["databases"]), "check data sets: expected code or files, got"),
        (
            lambda: check_schedule(DEFAULT, "22:30", ["files"]),
            "check time 22:30: a backup of files starts at the same time, and restic check locks the repositories",
        ),
        (lambda: start_timeout(DEFAULT, "weekly"), "unknown backup job 'weekly'"),
        (
            lambda: occurrences(DEFAULT, "weekly", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"),
            "unknown backup job 'weekly': expected one of full, differential, log, code, files",
        ),
        (
            lambda: occurrences(DEFAULT, "log", "2026-01-01T00:00:00", "2026-01-02T00:00:00Z"),
            "start: expected an aware datetime (with a UTC offset), got 2026-01-01T00:00:00",
        ),
        (
            lambda: occurrences(DEFAULT, "log", "2026-01-01T00:00:00Z", "tomorrow"),
            "end: expected an ISO 8601 timestamp with offset, got 'tomorrow'",
        ),
        (lambda: occurrences(DEFAULT, "log", 5, "2026-01-02T00:00:00Z"), "start: expected a datetime, got 5"),
        (
            lambda: occurrences(
                dict(DEFAULT, timezone="Mars/Olympus"), "log", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"
            ),
            "backup timezone: unknown time zone 'Mars/Olympus'",
        ),
        (
            lambda: systemd_on_calendar(["not", "a", "policy"], "log"),
            "policy: expected the mapping returned by backup_policy.effective_policy",
        ),
    ],
)
def test_errors(call, message):
    with pytest.raises(BackupScheduleError) as caught:
        call()
    assert str(caught.value).startswith(message)
