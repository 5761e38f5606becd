# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Service calendar (private to the divalto.cloud collection; its API may change without notice).

Pure Python, no Ansible imports. It answers three questions from the ``service_hours`` and
``maintenance_windows`` sections of the platform registry (``platform.yml``):

* is a moment inside the guaranteed service time, and how many service seconds lie between two moments;
* is a date a public holiday (``holidays`` package, French names);
* which maintenance window of a ring is open at a moment, and which ones come next.

Settings shape (validated by :meth:`ServiceCalendar.from_settings`, errors name the field path)::

    service_hours:
      timezone: Europe/Paris
      days: [mon, tue, wed, thu, fri]
      start: "08:00"                  # HH:MM, quoted (YAML 1.1 reads 19:00 unquoted as an integer)
      end: "18:00"                    # must be after start: service hours never cross midnight
      holidays: {country: FR, subdivision: "57"}   # subdivision optional
    maintenance_windows:              # rings nonprod and prod, each a non-empty list
      nonprod:
        - {days: [mon, tue, wed, thu, fri], start: "19:00", end: "07:00"}
      prod:
        - {days: [sat], start: "20:00", end: "06:00"}
        - {days: [sun], start: "06:00", end: "14:00"}

Rules and decisions:

* All instants must be timezone-aware; naive datetimes and timestamps without an offset are rejected.
  Instants returned by this module are aware datetimes in UTC (so that subtracting them is exact across
  DST changes); ``WindowOccurrence.to_dict()`` renders them in the calendar's time zone with their offset.
* Times of day are wall-clock times in the calendar's time zone. A local time that does not exist (02:30 on
  the spring-forward day in Paris) is read with the offset in force before the change, i.e. it moves forward
  by the length of the gap (02:30 becomes 03:30 CEST); an ambiguous local time (02:30 on the fall-back day)
  is its first occurrence (PEP 495 ``fold=0``). So on the DST change nights a window 20:00-06:00 lasts
  9 hours (spring) or 11 hours (autumn); an occurrence that becomes empty through this rule is skipped.
* A window whose end is earlier than or equal to its start crosses midnight (end == start: 24 hours); it
  belongs to the day it starts on (``days: [sat]`` with 20:00-06:00 runs Saturday evening to Sunday morning).
* Windows of one ring must not overlap each other (adjacent is fine); nothing is merged: adjacent windows are
  reported as separate occurrences.
* Only ring ``nonprod`` may have windows that overlap service hours; such a window in ring ``prod`` is a
  settings error. The overlap check is made on the weekly wall-clock pattern and ignores holidays.
* The ``holidays`` package is needed only for service-time questions; maintenance-window questions work
  without it.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError

try:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    HAS_ZONEINFO = True
    ZONEINFO_IMPORT_ERROR = None
except ImportError as _exc:  # Python 3.8
    HAS_ZONEINFO = False
    ZONEINFO_IMPORT_ERROR = _exc

try:
    import holidays

    HAS_HOLIDAYS = True
    HOLIDAYS_IMPORT_ERROR = None
except ImportError as _exc:
    HAS_HOLIDAYS = False
    HOLIDAYS_IMPORT_ERROR = _exc

UTC = _dt.timezone.utc
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
RINGS = ("nonprod", "prod")
RINGS_ALLOWED_IN_SERVICE_TIME = ("nonprod",)
HOLIDAY_LANGUAGE = "fr"
_MINUTES_PER_DAY = 24 * 60
_MINUTES_PER_WEEK = 7 * _MINUTES_PER_DAY
_CLOCK_RE = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")
_ALSACE_MOSELLE = "'57' (Moselle) or '6AE' (Alsace: departments 67 and 68)"
_SUBDIVISION_PROBLEMS = {
    "GES": "'GES' (the former Grand Est code) is rejected: the holidays package silently returns only the"
    " national days for it, without Good Friday and 26 December",
    "67": "the holidays package has no subdivision '67' (it raises)",
    "68": "the holidays package has no subdivision '68' (it raises)",
}


class CalendarError(DivaltoError):
    """Base class of the errors raised by this module."""


class CalendarSettingsError(CalendarError):
    """The settings do not have the expected shape; names the field path and what was expected."""

    def __init__(self, path: str, expected: str, got: Any = None, problem: str | None = None) -> None:
        self.path = path
        self.expected = expected
        self.got = got
        self.problem = problem
        message = "%s: %sexpected %s" % (path, problem + "; " if problem else "", expected)
        if got is not None:
            message += ", got %r" % (got,)
        super().__init__(message)


class NaiveDatetimeError(CalendarError):
    """A datetime or timestamp without a UTC offset was given."""


class UnknownRingError(CalendarError):
    """The ring has no maintenance windows in the settings."""


class MissingDependencyError(CalendarError):
    """A Python package needed at use time is not installed."""


def _require_zoneinfo() -> None:
    if not HAS_ZONEINFO:
        raise MissingDependencyError(
            "the Python standard module 'zoneinfo' (Python >= 3.9) is required: %s" % ZONEINFO_IMPORT_ERROR
        )


def _require_holidays() -> None:
    if not HAS_HOLIDAYS:
        raise MissingDependencyError(
            "the Python package 'holidays' (>= 0.76) is required for service-time calculations; install it"
            " on the controller (pip install 'holidays>=0.76'): %s" % HOLIDAYS_IMPORT_ERROR
        )


# ---------------------------------------------------------------------------------------------- parsing helpers


def to_utc(value: Any, what: str = "datetime") -> _dt.datetime:
    """Return an aware datetime converted to UTC; reject naive datetimes and other types."""
    if not isinstance(value, _dt.datetime):
        raise CalendarError("%s: expected an aware datetime, got %r" % (what, value))
    if value.tzinfo is None or value.utcoffset() is None:
        raise NaiveDatetimeError(
            "%s: naive datetime %s has no time zone; give an aware datetime (with tzinfo)" % (what, value.isoformat())
        )
    return value.astimezone(UTC)


def parse_timestamp(value: Any, what: str = "timestamp") -> _dt.datetime:
    """Parse an ISO-8601 timestamp with an offset or 'Z' (or take an aware datetime); return it in UTC."""
    if isinstance(value, _dt.datetime):
        return to_utc(value, what)
    if not isinstance(value, str) or not value.strip():
        raise CalendarError("%s: expected an ISO-8601 timestamp string with an offset, got %r" % (what, value))
    text = value.strip()
    if text[-1] in "Zz":
        text = text[:-1] + "+00:00"
    try:
        parsed = _dt.datetime.fromisoformat(text)
    except ValueError:
        raise CalendarError(
            "%s: %r is not an ISO-8601 timestamp (expected e.g. '2026-03-29T08:00:00+02:00' or '...Z')" % (what, value)
        ) from None
    if parsed.tzinfo is None:
        raise NaiveDatetimeError("%s: timestamp %r has no UTC offset; add one such as '+01:00' or 'Z'" % (what, value))
    return parsed.astimezone(UTC)


def _mapping(value: Any, path: str, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise CalendarSettingsError(path, "a mapping with keys %s" % ", ".join(required + optional), value)
    unknown = sorted(str(k) for k in value if k not in required and k not in optional)
    if unknown:
        raise CalendarSettingsError(
            "%s.%s" % (path, unknown[0]), "one of %s" % ", ".join(required + optional), problem="unknown key"
        )
    for key in required:
        if key not in value:
            raise CalendarSettingsError("%s.%s" % (path, key), "a value", problem="required key is missing")
    return value


def _days(value: Any, path: str) -> tuple[int, ...]:
    if isinstance(value, str) or not isinstance(value, Sequence) or not value:
        raise CalendarSettingsError(path, "a non-empty list of day names among %s" % ", ".join(DAY_NAMES), value)
    days: list[int] = []
    for i, name in enumerate(value):
        if not isinstance(name, str) or name.lower() not in DAY_NAMES:
            raise CalendarSettingsError("%s[%d]" % (path, i), "one of %s" % ", ".join(DAY_NAMES), name)
        day = DAY_NAMES.index(name.lower())
        if day in days:
            raise CalendarSettingsError("%s[%d]" % (path, i), "each day at most once", name)
        days.append(day)
    return tuple(sorted(days))


def _clock(value: Any, path: str) -> _dt.time:
    if isinstance(value, int) and not isinstance(value, bool):
        raise CalendarSettingsError(
            path, "a quoted 'HH:MM' string (YAML 1.1 reads an unquoted 19:00 as the integer 1140)", value
        )
    match = _CLOCK_RE.match(value) if isinstance(value, str) else None
    if not match:
        raise CalendarSettingsError(path, "a time of day 'HH:MM' between 00:00 and 23:59", value)
    return _dt.time(int(match.group(1)), int(match.group(2)))


def _minutes(clock: _dt.time) -> int:
    return clock.hour * 60 + clock.minute


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return max(a_start, b_start) < min(a_end, b_end)


# ----------------------------------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class HolidaySettings:
    country: str
    subdivision: str | None = None


@dataclass(frozen=True)
class ServiceHours:
    timezone: str
    days: tuple[int, ...]
    start: _dt.time
    end: _dt.time
    holidays: HolidaySettings

    def describe(self) -> str:
        days = ",".join(DAY_NAMES[d] for d in self.days)
        return "%s %s-%s %s" % (days, self.start.strftime("%H:%M"), self.end.strftime("%H:%M"), self.timezone)


@dataclass(frozen=True)
class MaintenanceWindow:
    """One configured window of a ring: on each of ``days``, from ``start`` to ``end`` (local wall clock)."""

    ring: str
    index: int
    days: tuple[int, ...]
    start: _dt.time
    end: _dt.time

    @property
    def path(self) -> str:
        return "maintenance_windows.%s[%d]" % (self.ring, self.index)

    @property
    def crosses_midnight(self) -> bool:
        return self.end <= self.start

    @property
    def wall_minutes(self) -> int:
        """Nominal length in minutes (wall clock, ignoring DST changes)."""
        length = _minutes(self.end) - _minutes(self.start)
        return length if length > 0 else length + _MINUTES_PER_DAY

    def weekly_spans(self) -> list[tuple[int, int]]:
        """(start, end) minutes from Monday 00:00 for each day of the window; end may pass the week's end."""
        starts = [d * _MINUTES_PER_DAY + _minutes(self.start) for d in self.days]
        return [(start, start + self.wall_minutes) for start in starts]

    def describe(self) -> str:
        days = ",".join(DAY_NAMES[d] for d in self.days)
        suffix = " (next day)" if self.crosses_midnight else ""
        return "%s %s-%s%s" % (days, self.start.strftime("%H:%M"), self.end.strftime("%H:%M"), suffix)


@dataclass(frozen=True)
class WindowOccurrence:
    """A dated occurrence of a window; ``start`` and ``end`` are aware UTC datetimes."""

    window: MaintenanceWindow
    start: _dt.datetime
    end: _dt.datetime
    tz: _dt.tzinfo

    @property
    def ring(self) -> str:
        return self.window.ring

    @property
    def duration(self) -> _dt.timedelta:
        return self.end - self.start

    def to_dict(self) -> dict[str, str]:
        """{start, end, ring} with ISO-8601 timestamps in the calendar's time zone (with offset)."""
        return {
            "start": self.start.astimezone(self.tz).isoformat(),
            "end": self.end.astimezone(self.tz).isoformat(),
            "ring": self.ring,
        }


def _weekly_overlap(spans_a: Iterable[tuple[int, int]], spans_b: Iterable[tuple[int, int]]) -> bool:
    for a_start, a_end in spans_a:
        for b_start, b_end in spans_b:
            for shift in (-_MINUTES_PER_WEEK, 0, _MINUTES_PER_WEEK):
                if _overlap(a_start + shift, a_end + shift, b_start, b_end):
                    return True
    return False


def _parse_service_hours(settings: Any) -> ServiceHours:
    path = "service_hours"
    _mapping(settings, path, ("timezone", "days", "start", "end", "holidays"))
    tz_name = settings["timezone"]
    _timezone(tz_name, path + ".timezone")
    start = _clock(settings["start"], path + ".start")
    end = _clock(settings["end"], path + ".end")
    if end <= start:
        raise CalendarSettingsError(
            path + ".end",
            "a time after service_hours.start (%s); service hours never cross midnight" % settings["start"],
            settings["end"],
        )
    return ServiceHours(
        timezone=tz_name,
        days=_days(settings["days"], path + ".days"),
        start=start,
        end=end,
        holidays=_parse_holidays(settings["holidays"], path + ".holidays"),
    )


def _timezone(name: Any, path: str) -> _dt.tzinfo:
    _require_zoneinfo()
    if not isinstance(name, str) or not name:
        raise CalendarSettingsError(path, "an IANA time zone name such as 'Europe/Paris'", name)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise CalendarSettingsError(path, "an IANA time zone name such as 'Europe/Paris'", name) from None


def _parse_holidays(settings: Any, path: str) -> HolidaySettings:
    _mapping(settings, path, ("country",), ("subdivision",))
    country = settings["country"]
    if not isinstance(country, str) or not country:
        raise CalendarSettingsError(path + ".country", "an ISO 3166-1 country code such as 'FR'", country)
    subdivision = settings.get("subdivision")
    if isinstance(subdivision, int) and not isinstance(subdivision, bool):
        subdivision = str(subdivision)  # YAML reads an unquoted 57 as an integer
    if subdivision is not None and (not isinstance(subdivision, str) or not subdivision):
        raise CalendarSettingsError(path + ".subdivision", "a subdivision code such as '57' or '6AE'", subdivision)
    if subdivision in _SUBDIVISION_PROBLEMS:
        raise CalendarSettingsError(
            path + ".subdivision", _ALSACE_MOSELLE + " for Alsace-Moselle", problem=_SUBDIVISION_PROBLEMS[subdivision]
        )
    if HAS_HOLIDAYS:
        try:
            holidays.country_holidays(country, subdiv=subdivision, years=2000)
        except NotImplementedError as exc:
            raise CalendarSettingsError(
                path, "a country and subdivision known to the holidays package (%s)" % exc, dict(settings)
            ) from None
    return HolidaySettings(country=country, subdivision=subdivision)


def _parse_windows(settings: Any, service_hours: ServiceHours) -> dict[str, tuple[MaintenanceWindow, ...]]:
    path = "maintenance_windows"
    _mapping(settings, path, RINGS)
    rings: dict[str, tuple[MaintenanceWindow, ...]] = {}
    for ring in RINGS:
        ring_path = "%s.%s" % (path, ring)
        entries = settings[ring]
        if isinstance(entries, (str, Mapping)) or not isinstance(entries, Sequence) or not entries:
            raise CalendarSettingsError(ring_path, "a non-empty list of windows {days, start, end}", entries)
        windows: list[MaintenanceWindow] = []
        for index, entry in enumerate(entries):
            entry_path = "%s[%d]" % (ring_path, index)
            _mapping(entry, entry_path, ("days", "start", "end"))
            window = MaintenanceWindow(
                ring=ring,
                index=index,
                days=_days(entry["days"], entry_path + ".days"),
                start=_clock(entry["start"], entry_path + ".start"),
                end=_clock(entry["end"], entry_path + ".end"),
            )
            for other in windows:
                if _weekly_overlap(window.weekly_spans(), other.weekly_spans()):
                    raise CalendarSettingsError(
                        entry_path,
                        "a window that does not overlap %s (%s); windows of one ring may touch but not overlap"
                        % (other.path, other.describe()),
                        window.describe(),
                    )
            if ring not in RINGS_ALLOWED_IN_SERVICE_TIME and _window_overlaps_hours(window, service_hours):
                raise CalendarSettingsError(
                    entry_path,
                    "a window outside service hours (%s); only ring(s) %s may have windows inside service hours"
                    % (service_hours.describe(), ", ".join(RINGS_ALLOWED_IN_SERVICE_TIME)),
                    window.describe(),
                )
            windows.append(window)
        rings[ring] = tuple(windows)
    return rings


def _window_overlaps_hours(window: MaintenanceWindow, service_hours: ServiceHours) -> bool:
    service_spans = [
        (d * _MINUTES_PER_DAY + _minutes(service_hours.start), d * _MINUTES_PER_DAY + _minutes(service_hours.end))
        for d in service_hours.days
    ]
    return _weekly_overlap(window.weekly_spans(), service_spans)


# ----------------------------------------------------------------------------------------------------- calendar


class ServiceCalendar:
    """Service hours, holidays and maintenance windows of the platform. Build it with :meth:`from_settings`."""

    def __init__(
        self, service_hours: ServiceHours, windows: Mapping[str, Sequence[MaintenanceWindow]] | None = None
    ) -> None:
        self.service_hours = service_hours
        self.tz = _timezone(service_hours.timezone, "service_hours.timezone")
        self._windows: dict[str, Sequence[MaintenanceWindow]] = dict(windows or {})
        self._holiday_years: dict[int, Mapping[_dt.date, str]] = {}

    @classmethod
    def from_settings(cls, service_hours: Any, maintenance_windows: Any = None) -> ServiceCalendar:
        """Validate the two registry sections and build a calendar; ``maintenance_windows`` may be None."""
        hours = _parse_service_hours(service_hours)
        windows = None if maintenance_windows is None else _parse_windows(maintenance_windows, hours)
        return cls(hours, windows)

    # ------------------------------------------------------------------------------------------ local time

    def local(self, moment: _dt.datetime) -> _dt.datetime:
        """An aware datetime converted to the calendar's time zone (for display)."""
        return to_utc(moment, "moment").astimezone(self.tz)

    def describe_local(self, moment: _dt.datetime) -> str:
        """Human-readable local time, e.g. 'fri 2026-03-27 14:05:00 CET (+01:00)'."""
        local = self.local(moment)
        return "%s %s %s (%s)" % (
            DAY_NAMES[local.weekday()],
            local.strftime("%Y-%m-%d %H:%M:%S"),
            local.tzname(),
            local.strftime("%z")[:3] + ":" + local.strftime("%z")[3:],
        )

    def wall_clock(self, day: _dt.date, clock: _dt.time) -> _dt.datetime:
        """The UTC instant of local wall-clock ``clock`` on ``day`` (gap: moved forward; fold: first)."""
        return _dt.datetime.combine(day, clock, tzinfo=self.tz).astimezone(UTC)

    # ------------------------------------------------------------------------------------------ holidays

    def is_holiday(self, day: _dt.date) -> str | None:
        """The holiday's name (French) if ``day`` (a date, or an aware datetime read locally) is one, else None."""
        if isinstance(day, _dt.datetime):
            day = self.local(day).date()
        elif not isinstance(day, _dt.date):
            raise CalendarError("day: expected a date or an aware datetime, got %r" % (day,))
        _require_holidays()
        year = day.year
        if year not in self._holiday_years:
            settings = self.service_hours.holidays
            try:
                self._holiday_years[year] = holidays.country_holidays(
                    settings.country, subdiv=settings.subdivision, years=year, language=HOLIDAY_LANGUAGE
                )
            except NotImplementedError as exc:  # only when the settings were built without the package
                raise CalendarSettingsError(
                    "service_hours.holidays", "a country and subdivision known to the holidays package (%s)" % exc
                ) from None
        return self._holiday_years[year].get(day)

    def is_service_day(self, day: _dt.date) -> bool:
        return day.weekday() in self.service_hours.days and not self.is_holiday(day)

    # ------------------------------------------------------------------------------------------ service time

    def is_service_time(self, moment: _dt.datetime) -> bool:
        """True when the aware datetime ``moment`` is inside service hours (start included, end excluded)."""
        instant = to_utc(moment, "moment")
        day = instant.astimezone(self.tz).date()
        if not self.is_service_day(day):
            return False
        return self.wall_clock(day, self.service_hours.start) <= instant < self.wall_clock(day, self.service_hours.end)

    def service_intervals(self, start: _dt.datetime, end: _dt.datetime) -> list[tuple[_dt.datetime, _dt.datetime]]:
        """Service time between two aware moments, as a list of (start, end) UTC datetimes in order."""
        lower, upper = to_utc(start, "start"), to_utc(end, "end")
        if upper < lower:
            raise CalendarError("end (%s) is before start (%s)" % (upper.isoformat(), lower.isoformat()))
        intervals: list[tuple[_dt.datetime, _dt.datetime]] = []
        day = lower.astimezone(self.tz).date()
        last = upper.astimezone(self.tz).date()
        while day <= last:
            if self.is_service_day(day):
                open_at = max(lower, self.wall_clock(day, self.service_hours.start))
                close_at = min(upper, self.wall_clock(day, self.service_hours.end))
                if open_at < close_at:
                    intervals.append((open_at, close_at))
            day += _dt.timedelta(days=1)
        return intervals

    def service_seconds(self, start: _dt.datetime, end: _dt.datetime) -> float:
        """Seconds of service time between two aware moments (float, exact across DST changes)."""
        return sum((b - a).total_seconds() for a, b in self.service_intervals(start, end))

    # ------------------------------------------------------------------------------------------ maintenance

    @property
    def rings(self) -> tuple[str, ...]:
        return tuple(sorted(self._windows))

    def windows(self, ring: str) -> Sequence[MaintenanceWindow]:
        """The configured windows of ``ring``; UnknownRingError when it has none."""
        if ring not in self._windows:
            known = ", ".join(self.rings) or "none: maintenance_windows were not given"
            raise UnknownRingError(
                "unknown ring %r: no maintenance windows defined for it (known rings: %s)" % (ring, known)
            )
        return self._windows[ring]

    def window_overlaps_service_time(self, window: MaintenanceWindow) -> bool:
        """True when the window's weekly wall-clock pattern overlaps service hours (holidays ignored).

        Only ring ``nonprod`` may have such windows; :meth:`from_settings` rejects them for ``prod``.
        """
        return _window_overlaps_hours(window, self.service_hours)

    def occurrences_on(self, ring: str, day: _dt.date) -> list[WindowOccurrence]:
        """The occurrences of the ring's windows that start on local date ``day``, in start order."""
        found: list[WindowOccurrence] = []
        for window in self.windows(ring):
            if day.weekday() not in window.days:
                continue
            end_day = day + _dt.timedelta(days=1) if window.crosses_midnight else day
            start, end = self.wall_clock(day, window.start), self.wall_clock(end_day, window.end)
            if start < end:
                found.append(WindowOccurrence(window, start, end, self.tz))
        return sorted(found, key=lambda o: (o.start, o.window.index))

    def in_maintenance_window(self, ring: str, moment: _dt.datetime) -> WindowOccurrence | None:
        """The occurrence of a window of ``ring`` that contains ``moment`` (start included, end excluded), or None."""
        instant = to_utc(moment, "moment")
        day = instant.astimezone(self.tz).date()
        for candidate_day in (day - _dt.timedelta(days=1), day):
            for occurrence in self.occurrences_on(ring, candidate_day):
                if occurrence.start <= instant < occurrence.end:
                    return occurrence
        return None

    def next_windows(self, ring: str, after: _dt.datetime, count: int = 1) -> list[WindowOccurrence]:
        """The next ``count`` occurrences of the ring's windows that have not ended at ``after``, in start order.

        A window already open at ``after`` comes first, with its real start. Adjacent windows stay separate.
        """
        instant = to_utc(after, "after")
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise CalendarError("count: expected a positive integer, got %r" % (count,))
        self.windows(ring)
        found: list[WindowOccurrence] = []
        day = instant.astimezone(self.tz).date() - _dt.timedelta(days=1)
        while len(found) < count:
            found.extend(o for o in self.occurrences_on(ring, day) if o.end > instant)
            day += _dt.timedelta(days=1)
        return found[:count]


# --------------------------------------------------------------------------------------------- maintenance gate


@dataclass(frozen=True)
class GateDecision:
    """Where ``now`` stands for a ring: the open occurrence (or None) and the next one to start."""

    ring: str
    now: _dt.datetime
    current: WindowOccurrence | None
    next_window: WindowOccurrence

    @property
    def is_open(self) -> bool:
        return self.current is not None

    @property
    def seconds_until_next(self) -> float:
        return (self.next_window.start - self.now).total_seconds()


def evaluate_gate(calendar: ServiceCalendar, ring: str, now: _dt.datetime) -> GateDecision:
    """Decide whether maintenance of ``ring`` may run at ``now`` (an aware datetime)."""
    instant = to_utc(now, "now")
    current = calendar.in_maintenance_window(ring, instant)
    upcoming = [o for o in calendar.next_windows(ring, instant, 2) if o.start > instant]
    return GateDecision(ring=ring, now=instant, current=current, next_window=upcoming[0])
