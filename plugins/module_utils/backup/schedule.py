# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Backup schedules (private to the divalto.cloud collection; its API may change without notice).

Pure Python, no Ansible imports. Turns the effective backup policy (``backup_policy.effective_policy``)
into the schedules of the tools that run the backups:

* :func:`occurrences`: the instants of one job between two aware instants (DST exact);
* :func:`systemd_on_calendar`: ``OnCalendar=`` expressions of a systemd timer (Linux file servers);
* :func:`windows_triggers`: ``triggers`` of ``community.windows.win_scheduled_task`` (Windows file servers);
* :func:`sql_agent_schedules`: arguments of ``lowlydba.sqlserver.agent_job_schedule`` for the Ola Hallengren
  jobs (FULL, DIFF, LOG);
* :func:`start_timeout`: how long one run of a job may take before its service is stopped;
* :func:`check_schedule`: the daily ``restic check`` of a vault, and how long it may run.

How long a run may take (``TimeoutStartSec=`` of the systemd unit, ``execution_time_limit`` of the scheduled
task) is decided by the policy, never by the service manager's default (90 s for most systemd units), so a
large tree is never killed for being large:

* a backup run may last until the next run of the same job is due: the shortest interval between two
  consecutive occurrences over a whole year (23 hours for a daily job, since the spring-forward day is 23 hours
  long). A run still going then is hung or can no longer meet its RPO, which the compliance check reports;
* the vault's ``restic check`` locks each repository exclusively, so it may last until the first backup of a
  data set the vault receives is due (or until the next check when the vault receives none).

Jobs: ``full``, ``differential``, ``log`` (databases), ``code`` and ``files`` (restic snapshots).

Rules (the same as SQL Server Agent, systemd and the Task Scheduler, which all follow the wall clock):

* Times are wall-clock times in the policy's time zone.
* A wall-clock time that does not exist (02:30 on the spring-forward day) is read with the offset in force
  before the change, so it moves forward by the length of the gap (03:30 CEST); two slots that land on the
  same instant are one occurrence.
* An ambiguous wall-clock time (02:30 on the fall-back day) is its first occurrence only (``fold=0``).
* Log backups run every ``every_minutes`` from local midnight (``every_minutes`` divides a day).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError

try:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    HAS_ZONEINFO = True
except ImportError:  # Python 3.8
    HAS_ZONEINFO = False

UTC = _dt.timezone.utc
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
FULL_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SYSTEMD_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
JOBS = ("full", "differential", "log", "code", "files")
DEFAULT_ANCHOR = "2026-01-01"
SQL_JOB_KEYS = {"full": "full", "diff": "differential", "log": "log"}
_CLOCK_RE = re.compile(r"\A([01][0-9]|2[0-3]):([0-5][0-9])\Z")


class BackupScheduleError(DivaltoError):
    """A job name, time zone or instant is not usable."""


def _zone(policy):
    name = policy.get("timezone") or "Europe/Paris"
    if not HAS_ZONEINFO:
        raise BackupScheduleError("the zoneinfo module (Python 3.9+) is needed to compute backup occurrences")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise BackupScheduleError("backup timezone: unknown time zone %r (%s)" % (name, exc)) from None


def job_spec(policy, job):
    """Return ``(days, minutes_of_day)`` of a job: the days (names) and wall-clock slots in minutes."""
    if job not in JOBS:
        raise BackupScheduleError("unknown backup job %r: expected one of %s" % (job, ", ".join(JOBS)))
    if not isinstance(policy, Mapping):
        raise BackupScheduleError("policy: expected the mapping returned by backup_policy.effective_policy")
    if job == "log":
        every = policy["databases"]["log"]["every_minutes"]
        return list(DAY_NAMES), list(range(0, 1440, every))
    if job in ("full", "differential"):
        spec = policy["databases"][job]
    else:
        spec = policy[job]["snapshot"]
    hours, minutes = spec["at"].split(":")
    return list(spec["days"]), [int(hours) * 60 + int(minutes)]


def _aware(value, name):
    if isinstance(value, str):
        try:
            value = _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise BackupScheduleError(
                "%s: expected an ISO 8601 timestamp with offset, got %r" % (name, value)
            ) from None
    if not isinstance(value, _dt.datetime):
        raise BackupScheduleError("%s: expected a datetime, got %r" % (name, value))
    if value.tzinfo is None or value.utcoffset() is None:
        raise BackupScheduleError(
            "%s: expected an aware datetime (with a UTC offset), got %s" % (name, value.isoformat())
        )
    return value


def occurrences(policy, job, start, end):
    """Return the occurrences of ``job`` with ``start <= t < end`` as aware datetimes in the policy's zone."""
    days, slots = job_spec(policy, job)
    return _wall_clock_occurrences(_zone(policy), days, slots, start, end)


def _wall_clock_occurrences(zone, days, slots, start, end):
    start = _aware(start, "start").astimezone(UTC)
    end = _aware(end, "end").astimezone(UTC)
    day = start.astimezone(zone).date() - _dt.timedelta(days=1)
    last = end.astimezone(zone).date() + _dt.timedelta(days=1)
    seen = set()
    result = []
    while day <= last:
        if DAY_NAMES[day.weekday()] in days:
            for minute in slots:
                wall = _dt.datetime.combine(day, _dt.time(minute // 60, minute % 60)).replace(tzinfo=zone, fold=0)
                instant = wall.astimezone(UTC)
                if start <= instant < end and instant not in seen:
                    seen.add(instant)
                    result.append(instant)
        day += _dt.timedelta(days=1)
    return [instant.astimezone(zone) for instant in sorted(result)]


# One year from a Monday: every weekday, both DST changes, and a full week after the last one.
_YEAR_START = _dt.datetime(2026, 1, 5, tzinfo=UTC)
_YEAR_END = _dt.datetime(2027, 1, 11, tzinfo=UTC)


def _year_of(policy, job):
    # In UTC: Python subtracts two datetimes of the same zone as wall-clock times, ignoring DST.
    return [instant.astimezone(UTC) for instant in occurrences(policy, job, _YEAR_START, _YEAR_END)]


def start_timeout(policy, job):
    """Seconds one run of ``job`` may last: the shortest interval between two of its consecutive occurrences."""
    instants = _year_of(policy, job)
    if len(instants) < 2:
        raise BackupScheduleError("backup job %s: fewer than two occurrences in a year, no interval" % job)
    return int(min((later - earlier).total_seconds() for earlier, later in zip(instants, instants[1:])))


def iso_duration(seconds):
    """``seconds`` as an ISO 8601 duration (``PT23H``), the form of the Task Scheduler's time limits."""
    if isinstance(seconds, bool) or not isinstance(seconds, int) or seconds <= 0:
        raise BackupScheduleError("duration: expected a positive number of seconds, got %s" % _excerpt(seconds))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    time = "".join("%d%s" % (value, unit) for value, unit in ((hours, "H"), (minutes, "M"), (secs, "S")) if value)
    return "P" + ("%dD" % days if days else "") + ("T" + time if time else "")


def check_schedule(policy, at, data_sets):
    """The daily ``restic check`` of a vault at wall-clock ``at`` (``HH:MM``, the policy's zone).

    ``data_sets`` are the data sets whose repositories the vault holds (``code``, ``files``). Returns
    ``{"on_calendar": [...], "timeout_seconds": int}``: the timeout is the shortest time from a check's start to
    the next backup of one of ``data_sets``, or to the next check when there is none.
    """
    match = _CLOCK_RE.match(at) if isinstance(at, str) else None
    if not match:
        raise BackupScheduleError("check time: expected HH:MM (24-hour clock), got %s" % _excerpt(at))
    unknown = [data_set for data_set in data_sets if data_set not in ("code", "files")]
    if unknown:
        raise BackupScheduleError("check data sets: expected code or files, got %s" % _excerpt(unknown))
    slot = int(match.group(1)) * 60 + int(match.group(2))
    zone = policy.get("timezone") or "Europe/Paris"
    checks = [
        instant.astimezone(UTC)
        for instant in _wall_clock_occurrences(_zone(policy), DAY_NAMES, [slot], _YEAR_START, _YEAR_END)
    ]
    backups = sorted(instant for data_set in data_sets for instant in _year_of(policy, data_set))
    limits = []
    for start, following in zip(checks, checks[1:]):
        after = [instant for instant in backups if instant > start][:1]
        if any(instant == start for instant in backups):
            raise BackupScheduleError(
                "check time %s: a backup of %s starts at the same time, and restic check locks the repositories"
                % (at, " or ".join(data_sets))
            )
        limits.append(min([following] + after) - start)
    return {
        "on_calendar": ["*-*-* %s %s" % (_clock(slot), zone)],
        "timeout_seconds": int(min(limits).total_seconds()),
    }


def _excerpt(value, limit=40):
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _clock(minute, seconds=True):
    text = "%02d:%02d" % (minute // 60, minute % 60)
    return text + ":00" if seconds else text


def _systemd_days(days):
    if len(days) == 7:
        return ""
    return ",".join(SYSTEMD_DAY_NAMES[DAY_NAMES.index(day)] for day in days) + " "


def systemd_on_calendar(policy, job):
    """Return the ``OnCalendar=`` expressions (a list) of a job, with the policy's time zone appended."""
    days, slots = job_spec(policy, job)
    zone = policy.get("timezone") or "Europe/Paris"
    prefix = _systemd_days(days) + "*-*-* "
    if job != "log":
        return ["%s%s %s" % (prefix, _clock(slots[0]), zone)]
    every = slots[1] - slots[0] if len(slots) > 1 else 1440
    if 60 % every == 0:
        minutes = ",".join("%02d" % minute for minute in range(0, 60, every))
        return ["%s*:%s:00 %s" % (prefix, minutes, zone)]
    if every % 60 == 0:
        hours = ",".join("%02d" % (minute // 60) for minute in slots)
        return ["%s%s:00:00 %s" % (prefix, hours, zone)]
    by_minute = {}
    for minute in slots:
        by_minute.setdefault(minute % 60, []).append(minute // 60)
    return [
        "%s%s:%02d:00 %s" % (prefix, ",".join("%02d" % hour for hour in hours), minute, zone)
        for minute, hours in sorted(by_minute.items())
    ]


def windows_triggers(policy, job, anchor=DEFAULT_ANCHOR):
    """Return the ``triggers`` list of ``community.windows.win_scheduled_task`` for a job.

    ``start_boundary`` is local time without offset (the Task Scheduler reads it in the server's zone, which
    must be the policy's zone); ``anchor`` is the date from which the trigger is active.
    """
    days, slots = job_spec(policy, job)
    trigger = {"start_boundary": "%sT%s" % (anchor, _clock(slots[0]))}
    if len(days) == 7:
        trigger["type"] = "daily"
    else:
        trigger["type"] = "weekly"
        trigger["days_of_week"] = ",".join(FULL_DAY_NAMES[DAY_NAMES.index(day)] for day in days)
        trigger["weeks_interval"] = 1
    if job == "log":
        every = slots[1] - slots[0] if len(slots) > 1 else 1440
        if every < 1440:
            trigger["repetition"] = {"interval": "PT%dM" % every, "duration": "P1D", "stop_at_duration_end": False}
    return [trigger]


_AGENT_DAY_SETS = (
    (tuple(DAY_NAMES), "EveryDay"),
    (("mon", "tue", "wed", "thu", "fri"), "Weekdays"),
    (("sat", "sun"), "Weekend"),
)


def _agent_intervals(days):
    for day_set, interval in _AGENT_DAY_SETS:
        if tuple(days) == day_set:
            return [(None, interval)]
    # agent_job_schedule's frequency_interval is a single value: one schedule per day otherwise
    return [(day, FULL_DAY_NAMES[DAY_NAMES.index(day)].capitalize()) for day in days]


def sql_agent_schedules(policy, prefix="divalto_backup", start_date="20260101"):
    """Return ``{full: [...], diff: [...], log: [...]}``: lists of ``lowlydba.sqlserver.agent_job_schedule``
    arguments (``schedule``, ``frequency_*``, ``start_date``, ``start_time``, ``end_time``, ``enabled``).

    A list because ``frequency_interval`` takes one value (a day, ``Weekdays``, ``Weekend`` or ``EveryDay``):
    a set of days that none of these names covers (Monday to Saturday) becomes one schedule per day.
    """
    result = {}
    for key, job in SQL_JOB_KEYS.items():
        days, slots = job_spec(policy, job)
        schedules = []
        if job == "log":
            every = slots[1] - slots[0] if len(slots) > 1 else 1440
            schedule = {
                "schedule": "%s_log" % prefix,
                "frequency_type": "Daily",
                "frequency_interval": "EveryDay",
                "start_date": start_date,
                "start_time": "000000",
                "end_time": "235959",
                "enabled": True,
            }
            if every < 1440:
                hours = every % 60 == 0
                schedule["frequency_subday_type"] = "Hours" if hours else "Minutes"
                schedule["frequency_subday_interval"] = every // 60 if hours else every
            schedules.append(schedule)
        else:
            for day, interval in _agent_intervals(days):
                name = "%s_%s" % (prefix, key) if day is None else "%s_%s_%s" % (prefix, key, day)
                schedules.append(
                    {
                        "schedule": name,
                        "frequency_type": "Weekly",
                        "frequency_interval": interval,
                        "frequency_recurrence_factor": 1,
                        "start_date": start_date,
                        "start_time": _clock(slots[0]).replace(":", ""),
                        "end_time": "235959",
                        "enabled": True,
                    }
                )
        result[key] = schedules
    return result
