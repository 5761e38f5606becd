# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""AWX schedules from platform.yml (private to the divalto.cloud collection; its API may change without notice).

Pure Python, no Ansible imports. It turns the ``schedules:`` section of ``platform.yml`` into AWX schedule
definitions whose ``rrule`` strings AWX accepts (``DTSTART;TZID=<zone>:<local time> RRULE:...;INTERVAL=n``),
and checks them against the service calendar (module_utils/core/service_calendar.py).

Settings shape (every key optional; without ``jobs`` the service's schedules below are used)::

    schedules:
      anchor: "2026-01-01"            # DTSTART is the first occurrence on or after this local date
      jobs:                           # replaces the default jobs as a whole when given
        patch_monthly_nonprod:
          job_template: patch_monthly # a job template of awx_config (a playbook's stem)
          ring: nonprod               # nonprod|prod: every run must fit in a window of the ring,
                                      # outside service hours; no ring: a read-only job, runs any time
          after_patch_tuesday: 1      # one of: after_patch_tuesday (days 0-14), weekly (days),
                                      # monthly (day 1-28), hourly (minute 0-59)
          every_months: 1             # after_patch_tuesday and monthly: 1, 2, 3, 4, 6 or 12
          at: "20:00"                 # local wall clock (not with hourly)
          duration_minutes: 300       # how long the run may take: start + duration must fit in the window
          extra_vars: {patch_ring: nonprod}
          enabled: true
          description: ...

Rules and decisions:

* Patch Tuesday is the second Tuesday of the month (days 8 to 14), so "N days after Patch Tuesday" is the weekday
  ``tue + N`` falling on days ``8 + N`` to ``14 + N``: ``BYDAY=<weekday>;BYMONTHDAY=<7 days>``. AWX refuses
  ``BYDAY`` with a numeric prefix (``2TU``), hence this form; N is at most 14 so that every month has the day.
* Times are local wall-clock times of the service-hours time zone (``TZID``): a run at 20:00 stays at 20:00 across
  daylight-saving changes. A start time that does not exist or is ambiguous on a DST night is a violation.
* ``check_schedules`` expands every schedule with a ring over a period and reports each run that starts outside a
  maintenance window of its ring, ends after that window, or touches service hours (holidays count as outside).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError

try:
    from dateutil import rrule as _rrule
    from dateutil import tz as _tz

    HAS_DATEUTIL = True
    DATEUTIL_IMPORT_ERROR = None
except ImportError as _exc:
    HAS_DATEUTIL = False
    DATEUTIL_IMPORT_ERROR = _exc

from ansible_collections.divalto.cloud.plugins.module_utils.core.service_calendar import (
    RINGS,
    ServiceCalendar,
    to_utc,
)

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
RECURRENCES = ("after_patch_tuesday", "weekly", "monthly", "hourly")
EVERY_MONTHS = (1, 2, 3, 4, 6, 12)
DEFAULT_ANCHOR = "2026-01-01"
DEFAULT_TIMEZONE = "Europe/Paris"
# Where the access reviews persist under AWX (a volume of the execution environment; docs/awx.md).
ACCESS_REVIEW_DIR = "/var/lib/divalto/access_review"
# Where DLMT drops its daily export of users, and where the sync keeps its reports and the leavers' state (volumes
# of the execution environment; docs/awx.md, docs/identity.md).
DLMT_EXPORT = "/var/lib/divalto/dlmt/users.csv"
DIRECTORY_SYNC_DIR = "/var/lib/divalto/directory_sync"
_CLOCK_RE = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")
_JOB_KEYS = (
    "job_template",
    "ring",
    "every_months",
    "at",
    "duration_minutes",
    "extra_vars",
    "enabled",
    "description",
) + RECURRENCES

# The service's schedules (issue #7): monthly patching one day after Patch Tuesday for the non-production ring,
# production three days later (the soak period) in its Saturday night window; quarterly patching the same way
# in January, April, July and October; the hourly backup-compliance check; the weekly restore test; the monthly
# SLA report; the quarterly access review; the daily DLMT membership sync, before service hours.
DEFAULT_JOBS = {
    "patch_monthly_nonprod": {
        "job_template": "patch_monthly",
        "ring": "nonprod",
        "after_patch_tuesday": 1,
        "at": "20:00",
        "duration_minutes": 300,
        "extra_vars": {"patch_ring": "nonprod"},
        "description": "Monthly patching of the non-production ring, the day after Patch Tuesday",
    },
    "patch_monthly_prod": {
        "job_template": "patch_monthly",
        "ring": "prod",
        "after_patch_tuesday": 4,
        "at": "20:30",
        "duration_minutes": 480,
        "extra_vars": {"patch_ring": "prod"},
        "description": "Monthly patching of production after a three-day soak of the non-production ring",
    },
    "patch_quarterly_nonprod": {
        "job_template": "patch_quarterly",
        "ring": "nonprod",
        "after_patch_tuesday": 2,
        "every_months": 3,
        "at": "20:00",
        "duration_minutes": 300,
        "extra_vars": {"patch_ring": "nonprod"},
        "description": "Quarterly patching (SQL Server, HPF) of the non-production ring",
    },
    "patch_quarterly_prod": {
        "job_template": "patch_quarterly",
        "ring": "prod",
        "after_patch_tuesday": 5,
        "every_months": 3,
        "at": "06:30",
        "duration_minutes": 420,
        "extra_vars": {"patch_ring": "prod"},
        "description": "Quarterly patching of production, Sunday morning after a soak of the non-production ring",
    },
    "backup_compliance": {
        "job_template": "backup_compliance",
        "hourly": 15,
        "description": "Hourly check of the backups against the policy (read-only)",
    },
    "backup_restore_test": {
        "job_template": "backup_restore_test",
        "ring": "nonprod",
        "weekly": ["tue"],
        "at": "21:00",
        "duration_minutes": 240,
        "description": "Weekly restore test of one production environment (rotation by ISO week)",
    },
    "directory_sync": {
        "job_template": "directory_sync",
        "weekly": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
        "at": "06:15",
        "extra_vars": {
            "directory_sync_export": DLMT_EXPORT,
            "directory_sync_apply": True,
            "directory_sync_report_dir": DIRECTORY_SYNC_DIR,
        },
        "description": "Daily DLMT membership sync (the guard stops a mass removal, an empty or a stale export)",
    },
    "access_review": {
        "job_template": "access_review",
        "monthly": 1,
        "every_months": 3,
        "at": "07:00",
        "extra_vars": {"access_review_report_dir": ACCESS_REVIEW_DIR},
        "description": "Quarterly access review of every tenant and environment (read-only)",
    },
    "sla_report": {
        "job_template": "sla_report",
        "monthly": 1,
        "at": "06:00",
        "extra_vars": {"sla_report_outages": "/runner/project/inventories/example/outages.csv"},
        "description": "Monthly service level report (read-only)",
    },
}


class ScheduleError(DivaltoError):
    """The schedules settings are invalid; the message names the field path."""


class MissingDependencyError(ScheduleError):
    """python-dateutil is not installed."""


def _require_dateutil():
    if not HAS_DATEUTIL:
        raise MissingDependencyError(
            "the Python package 'python-dateutil' is required for AWX schedules; install it on the controller"
            " (pip install python-dateutil): %s" % DATEUTIL_IMPORT_ERROR
        )


@dataclass(frozen=True)
class Schedule:
    """One AWX schedule: ``rrule`` as AWX stores it, plus what the checks need."""

    name: str
    job_template: str
    rrule: str
    ring: str | None
    duration_minutes: int
    enabled: bool = True
    description: str = ""
    extra_vars: dict = field(default_factory=dict)

    def to_dict(self):
        result = {
            "name": self.name,
            "job_template": self.job_template,
            "rrule": self.rrule,
            "enabled": self.enabled,
            "description": self.description,
            "extra_data": dict(sorted(self.extra_vars.items())),
            "ring": self.ring or "none",
            "duration_minutes": self.duration_minutes,
        }
        return result


# ------------------------------------------------------------------------------------------------ settings


def _err(path, expected, got=None):
    message = "%s: expected %s" % (path, expected)
    if got is not None:
        message += ", got %r" % (got,)
    return ScheduleError(message)


def _int(value, path, low, high):
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _err(path, "an integer from %d to %d" % (low, high), value)
    return value


def _clock(value, path):
    match = _CLOCK_RE.match(value) if isinstance(value, str) else None
    if not match:
        raise _err(path, "a quoted time of day 'HH:MM'", value)
    return _dt.time(int(match.group(1)), int(match.group(2)))


def _anchor(value, path):
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return value
    try:
        return _dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise _err(path, "a date 'YYYY-MM-DD'", value) from None


def _timezone_name(platform):
    hours = platform.get("service_hours") if isinstance(platform, Mapping) else None
    if isinstance(hours, Mapping) and isinstance(hours.get("timezone"), str):
        return hours["timezone"]
    return DEFAULT_TIMEZONE


def effective_settings(platform):
    """``{anchor, timezone, jobs}`` from the divalto_platform dict or the registry platform mapping, defaulted."""
    if not isinstance(platform, Mapping):
        raise _err("platform", "the divalto_platform mapping", platform)
    settings = platform.get("schedules") or {}
    if not isinstance(settings, Mapping):
        raise _err("schedules", "a mapping with keys anchor, jobs", settings)
    unknown = sorted(str(k) for k in settings if k not in ("anchor", "jobs"))
    if unknown:
        raise _err("schedules.%s" % unknown[0], "one of anchor, jobs (unknown key)")
    jobs = settings.get("jobs", DEFAULT_JOBS)
    if not isinstance(jobs, Mapping) or not jobs:
        raise _err("schedules.jobs", "a non-empty mapping of schedule name to job", jobs)
    return {
        "anchor": _anchor(settings.get("anchor", DEFAULT_ANCHOR), "schedules.anchor"),
        "timezone": _timezone_name(platform),
        "jobs": jobs,
    }


# ------------------------------------------------------------------------------------------------ rrules


def _rrule_body(job, path):
    kinds = [kind for kind in RECURRENCES if kind in job]
    if len(kinds) != 1:
        raise _err(path, "exactly one of %s" % ", ".join(RECURRENCES), sorted(kinds))
    kind = kinds[0]
    value = job[kind]
    every = job.get("every_months", 1)
    if every not in EVERY_MONTHS or isinstance(every, bool):
        raise _err(path + ".every_months", "one of %s" % ", ".join(str(m) for m in EVERY_MONTHS), every)
    if every != 1 and kind not in ("after_patch_tuesday", "monthly"):
        raise _err(path + ".every_months", "only with after_patch_tuesday or monthly", every)
    if kind == "after_patch_tuesday":
        days = _int(value, path + "." + kind, 0, 14)
        weekday = RRULE_DAYS[(1 + days) % 7]
        month_days = ",".join(str(d) for d in range(8 + days, 15 + days))
        return kind, "FREQ=MONTHLY;INTERVAL=%d;BYDAY=%s;BYMONTHDAY=%s" % (every, weekday, month_days)
    if kind == "monthly":
        return kind, "FREQ=MONTHLY;INTERVAL=%d;BYMONTHDAY=%d" % (every, _int(value, path + "." + kind, 1, 28))
    if kind == "weekly":
        if isinstance(value, str) or not isinstance(value, Sequence) or not value:
            raise _err(path + ".weekly", "a non-empty list of day names among %s" % ", ".join(DAY_NAMES), value)
        indexes = []
        for i, name in enumerate(value):
            if name not in DAY_NAMES or DAY_NAMES.index(name) in indexes:
                raise _err("%s.weekly[%d]" % (path, i), "a day name among %s, each once" % ", ".join(DAY_NAMES), name)
            indexes.append(DAY_NAMES.index(name))
        return kind, "FREQ=WEEKLY;INTERVAL=1;BYDAY=%s" % ",".join(RRULE_DAYS[i] for i in sorted(indexes))
    _int(value, path + ".hourly", 0, 59)
    return kind, "FREQ=HOURLY;INTERVAL=1"


def describe(kind, job, ring, timezone):
    """A sentence for the schedule's AWX description, e.g. 'patch_monthly: Patch Tuesday + 1 day at 20:00 ...'."""
    every = job.get("every_months", 1)
    months = "" if every == 1 else " every %d months" % every
    if kind == "after_patch_tuesday":
        when = "Patch Tuesday + %d day(s)%s at %s" % (job[kind], months, job.get("at"))
    elif kind == "monthly":
        when = "day %d of the month%s at %s" % (job[kind], months, job.get("at"))
    elif kind == "weekly":
        when = "every %s at %s" % (", ".join(job[kind]), job.get("at"))
    else:
        when = "every hour at minute %02d" % job[kind]
    ring_text = (
        "ring %s, in its maintenance windows" % ring if ring else "no ring: changes no machine, runs at any time"
    )
    return "%s: %s (%s), %s" % (job["job_template"], when, timezone, ring_text)


def _first_occurrence(body, tzinfo, anchor, clock):
    provisional = _dt.datetime.combine(anchor, clock).replace(tzinfo=tzinfo)
    rule = _rrule.rrulestr("RRULE:" + body, dtstart=provisional)
    return rule.after(provisional, inc=True)


def format_rrule(dtstart, timezone, body):
    """The AWX rrule string: ``DTSTART;TZID=<zone>:<YYYYMMDDTHHMMSS> RRULE:<body>``."""
    return "DTSTART;TZID=%s:%s RRULE:%s" % (timezone, dtstart.strftime("%Y%m%dT%H%M%S"), body)


def build_schedule(name, job, timezone, anchor):
    """One ``Schedule`` from a job of the settings; ScheduleError names ``schedules.jobs.<name>.<field>``."""
    _require_dateutil()
    path = "schedules.jobs.%s" % name
    if not isinstance(job, Mapping):
        raise _err(path, "a mapping", job)
    unknown = sorted(str(k) for k in job if k not in _JOB_KEYS)
    if unknown:
        raise _err("%s.%s" % (path, unknown[0]), "one of %s (unknown key)" % ", ".join(_JOB_KEYS))
    template = job.get("job_template")
    if not isinstance(template, str) or not template:
        raise _err(path + ".job_template", "the name of a job template", template)
    ring = job.get("ring")
    if ring is not None and ring not in RINGS:
        raise _err(path + ".ring", "one of %s, or no ring for a read-only job" % ", ".join(RINGS), ring)
    kind, body = _rrule_body(job, path)
    if kind == "hourly":
        if "at" in job:
            raise _err(path + ".at", "no 'at' with hourly (the minute is the value of hourly)", job["at"])
        clock = _dt.time(0, job["hourly"])
    else:
        if "at" not in job:
            raise _err(path + ".at", "a quoted time of day 'HH:MM' (required)")
        clock = _clock(job["at"], path + ".at")
    duration = _int(job.get("duration_minutes", 60), path + ".duration_minutes", 1, 24 * 60)
    extra_vars = job.get("extra_vars", {})
    if not isinstance(extra_vars, Mapping):
        raise _err(path + ".extra_vars", "a mapping of variable names to values", extra_vars)
    enabled = job.get("enabled", True)
    if not isinstance(enabled, bool):
        raise _err(path + ".enabled", "true or false", enabled)
    description = job.get("description", "")
    if not isinstance(description, str):
        raise _err(path + ".description", "a string", description)
    if not description:
        description = describe(kind, job, ring, timezone)
    tzinfo = _tz.gettz(timezone)
    if tzinfo is None:
        raise _err("service_hours.timezone", "an IANA time zone name such as 'Europe/Paris'", timezone)
    dtstart = _first_occurrence(body, tzinfo, anchor, clock)
    return Schedule(
        name=name,
        job_template=template,
        rrule=format_rrule(dtstart, timezone, body),
        ring=ring,
        duration_minutes=duration,
        enabled=enabled,
        description=description,
        extra_vars=dict(extra_vars),
    )


def build_schedules(platform):
    """All schedules of the platform (``schedules:`` or the defaults), sorted by name."""
    settings = effective_settings(platform)
    return [
        build_schedule(str(name), settings["jobs"][name], settings["timezone"], settings["anchor"])
        for name in sorted(settings["jobs"], key=str)
    ]


# ------------------------------------------------------------------------------------------------ AWX rules


_NUMERIC_BYDAY = re.compile(r"BYDAY=[^;]*[+-]?[0-9]+[A-Z]{2}")


def awx_rrule_problems(rrule):
    """What AWX's schedule serializer would refuse in ``rrule`` (empty list: accepted); parses it with dateutil."""
    problems = []
    text = rrule if isinstance(rrule, str) else ""
    dtstarts = re.findall(r"DTSTART[;:]", text)
    if len(dtstarts) != 1:
        problems.append("exactly one DTSTART is required")
    elif not re.match(r"^DTSTART(;TZID=[A-Za-z_/+-]+:[0-9]{8}T[0-9]{6}|:[0-9]{8}T[0-9]{6}Z)(\s|$)", text):
        problems.append("DTSTART must be first and aware: DTSTART;TZID=<zone>:YYYYMMDDTHHMMSS or DTSTART:...Z")
    rules = re.findall(r"RRULE:(\S+)", text)
    if not rules:
        problems.append("one or more RRULE is required")
    for rule in rules:
        if "INTERVAL=" not in rule:
            problems.append("INTERVAL required in rrule: %s" % rule)
        if "SECONDLY" in rule:
            problems.append("SECONDLY is not supported: %s" % rule)
        if _NUMERIC_BYDAY.search(rule):
            problems.append("BYDAY with numeric prefix not supported: %s" % rule)
        if "COUNT=" in rule and "UNTIL=" in rule:
            problems.append("RRULE may not contain both COUNT and UNTIL: %s" % rule)
        for banned in ("BYYEARDAY", "BYWEEKNO"):
            if banned in rule:
                problems.append("%s not supported: %s" % (banned, rule))
    for banned in ("EXDATE", "RDATE"):
        if banned + ":" in text:
            problems.append("%s not allowed in rrule" % banned)
    if not problems and HAS_DATEUTIL:
        try:
            _rrule.rrulestr(text)
        except (ValueError, TypeError) as exc:
            problems.append("rrule parsing failed validation: %s" % exc)
    return problems


# ------------------------------------------------------------------------------------------------ checks


def occurrences(schedule, start, end):
    """The aware local start datetimes of ``schedule`` in [start, end) (aware datetimes)."""
    _require_dateutil()
    rule = _rrule.rrulestr(schedule.rrule)
    lower, upper = to_utc(start, "start"), to_utc(end, "end")
    return [moment for moment in rule.between(lower, upper, inc=True) if moment < upper]


def add_months(day, months):
    """``day`` moved by ``months`` calendar months (day of month clamped to 28)."""
    index = day.year * 12 + day.month - 1 + months
    return _dt.date(index // 12, index % 12 + 1, min(day.day, 28))


def run_problem(calendar, schedule, moment):
    """Why a run of ``schedule`` starting at aware local ``moment`` is not allowed, or None."""
    local = moment.replace(tzinfo=None)
    when = "%s run of %s" % (local.strftime("%a %Y-%m-%d %H:%M"), schedule.name)
    if not _tz.datetime_exists(moment):
        return "%s: the local time does not exist (daylight-saving change)" % when
    if _tz.datetime_ambiguous(moment):
        return "%s: the local time is ambiguous (daylight-saving change)" % when
    start = to_utc(moment, "occurrence")
    end = start + _dt.timedelta(minutes=schedule.duration_minutes)
    window = calendar.in_maintenance_window(schedule.ring, start)
    if window is None:
        return "%s: starts outside the %s maintenance windows" % (when, schedule.ring)
    if end > window.end:
        return "%s: %d minutes end after the %s window closes at %s" % (
            when,
            schedule.duration_minutes,
            schedule.ring,
            window.end.astimezone(calendar.tz).strftime("%Y-%m-%d %H:%M %Z"),
        )
    if calendar.service_seconds(start, end) > 0:
        return "%s: runs inside service hours" % when
    return None


def check_schedules(platform, start, months=24, schedules=None):
    """Every run of every schedule with a ring in ``months`` months from ``start`` (aware): list of problems."""
    calendar = ServiceCalendar.from_settings(platform["service_hours"], platform["maintenance_windows"])
    if schedules is None:
        schedules = build_schedules(platform)
    lower = to_utc(start, "start")
    local_day = lower.astimezone(calendar.tz).date()
    upper = calendar.wall_clock(add_months(local_day, months), _dt.time(0, 0))
    problems = []
    for schedule in schedules:
        if schedule.ring is None or not schedule.enabled:
            continue
        for moment in occurrences(schedule, lower, upper):
            problem = run_problem(calendar, schedule, moment)
            if problem:
                problems.append(problem)
    return problems
