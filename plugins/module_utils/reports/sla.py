# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Availability over service hours (private to the divalto.cloud collection; its API may change without notice).

Pure Python, no Ansible imports. Availability = (service time - critical outage time) / service time, where
service time comes from :class:`service_calendar.ServiceCalendar` (service hours minus public holidays).

Outage records (``parse_outages``) are mappings, e.g. ``csv.DictReader`` rows or JSON objects, with fields:

* ``environment`` (required): the environment the outage hit, e.g. ``acme_production``;
* ``start`` (required), ``end`` (empty or null = still open): ISO-8601 timestamps **with** an offset or ``Z``;
* ``severity`` (required): free text, compared case-insensitively;
* ``planned`` (optional, default false): true/false, yes/no, 1/0 (CSV text or JSON booleans);
* ``waiver_reason`` (optional): why a planned outage is not held against the service level;
* ``id``, ``description`` (optional): carried along, ``id`` is used in error messages.

Any other field is an error (a misspelt ``waiver_reason`` must not pass unnoticed).

Rules (also in docs/sla.md):

1. Only outages of severity ``critical`` count; other severities are ignored.
2. A planned outage counts like any other unless it has a non-empty ``waiver_reason``; a waiver on an
   unplanned outage has no effect (only planned maintenance can be waived).
3. An outage whose end is before its start is an error naming the record; an open outage (no end) is clipped
   to the end of the report period. Outages are clipped to the report period.
4. Counted outages of one environment that overlap or touch are merged first, so no second is counted twice.
5. Only the part of an outage inside service time counts (nights, weekends and holidays are free).
6. For each environment, totals are given for the whole period, per calendar year and per calendar month
   (months and years in the calendar's time zone, cut to the report period): ``service_seconds``,
   ``outage_seconds``, ``availability`` and ``compliant`` (availability >= target, default 0.994, compared
   exactly, without float rounding).
7. When a bucket contains no service time, availability is 1.0 (nothing was promised, nothing was missed).
8. The environments reported are ``environments`` when given (outages of other environments are ignored;
   environments without outages get availability 1.0), else every environment that appears in the outages.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.service_calendar import (
    UTC,
    CalendarError,
    parse_timestamp,
    to_utc,
)

DEFAULT_TARGET = 0.994
COUNTED_SEVERITY = "critical"
REQUIRED_FIELDS = ("environment", "start", "severity")
OPTIONAL_FIELDS = ("end", "planned", "waiver_reason", "id", "description")
_TRUE = ("true", "yes", "1", "y", "on")
_FALSE = ("false", "no", "0", "n", "off", "")


class SlaError(DivaltoError):
    """Invalid outage data or report parameters."""


@dataclass(frozen=True)
class Outage:
    """One outage record; ``start``/``end`` are aware UTC datetimes, ``end`` None while still open."""

    environment: str
    start: _dt.datetime
    end: _dt.datetime | None
    severity: str
    planned: bool = False
    waiver_reason: str | None = None
    record: str = ""

    @property
    def counts(self):
        """True when this outage is held against the service level (rules 1 and 2)."""
        if self.severity != COUNTED_SEVERITY:
            return False
        return not (self.planned and self.waiver_reason)


def _text(value):
    return value.strip() if isinstance(value, str) else value


def _is_empty(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _record_label(source, index, record):
    label = "%s record %d" % (source, index)
    if not _is_empty(record.get("id")):
        label += " (id %s)" % record["id"]
    return label


def _bool_field(value, label, field):
    if isinstance(value, bool):
        return value
    if value is None or (isinstance(value, str) and value.strip().lower() in _TRUE + _FALSE):
        return value is not None and value.strip().lower() in _TRUE
    raise SlaError("%s: field '%s': expected true or false, got %r" % (label, field, value))


def parse_outages(records, source="outages"):
    """Validate outage records (CSV rows or JSON objects) and return a list of :class:`Outage`.

    ``source`` names the input (a file name) in error messages, with the record's 0-based index.
    """
    outages = []
    for index, record in enumerate(records):
        label = "%s record %d" % (source, index)
        if not isinstance(record, Mapping):
            raise SlaError(
                "%s: expected a mapping with fields %s, got %r" % (label, ", ".join(REQUIRED_FIELDS), record)
            )
        label = _record_label(source, index, record)
        unknown = sorted(str(k) for k in record if k not in REQUIRED_FIELDS + OPTIONAL_FIELDS)
        if unknown:
            raise SlaError(
                "%s: unknown field '%s' (known fields: %s)"
                % (label, unknown[0], ", ".join(REQUIRED_FIELDS + OPTIONAL_FIELDS))
            )
        for field in REQUIRED_FIELDS:
            if _is_empty(record.get(field)):
                raise SlaError("%s: field '%s' is required" % (label, field))
            if not isinstance(record[field], str):
                raise SlaError("%s: field '%s': expected a string, got %r" % (label, field, record[field]))
        try:
            start = parse_timestamp(record["start"], "%s: field 'start'" % label)
            end = None if _is_empty(record.get("end")) else parse_timestamp(record["end"], "%s: field 'end'" % label)
        except CalendarError as exc:
            raise SlaError(str(exc)) from None
        environment = record["environment"].strip()
        if end is not None and end < start:
            raise SlaError(
                "%s (environment %s): end %s is before start %s" % (label, environment, record["end"], record["start"])
            )
        waiver = _text(record.get("waiver_reason"))
        if waiver is not None and not isinstance(waiver, str):
            raise SlaError("%s: field 'waiver_reason': expected a string, got %r" % (label, waiver))
        outages.append(
            Outage(
                environment=environment,
                start=start,
                end=end,
                severity=record["severity"].strip().lower(),
                planned=_bool_field(record.get("planned"), label, "planned"),
                waiver_reason=waiver or None,
                record=label,
            )
        )
    return outages


def merge_intervals(intervals):
    """Merge overlapping or touching (start, end) intervals; returns a sorted list."""
    merged = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _bucket(service_seconds, outage_seconds, target):
    if service_seconds > 0:
        exact = Fraction(service_seconds - outage_seconds) / Fraction(service_seconds)
    else:
        exact = Fraction(1)
    return {
        "service_seconds": service_seconds,
        "outage_seconds": outage_seconds,
        "availability": float(exact),
        "compliant": exact >= Fraction(repr(float(target))),
    }


def _local_month_starts(calendar, start, end):
    """(key, bucket start, bucket end) for each local month touching [start, end), cut to the period."""
    local = start.astimezone(calendar.tz)
    year, month = local.year, local.month
    buckets = []
    while True:
        first = _dt.datetime(year, month, 1, tzinfo=calendar.tz).astimezone(UTC)
        year_next, month_next = (year + 1, 1) if month == 12 else (year, month + 1)
        following = _dt.datetime(year_next, month_next, 1, tzinfo=calendar.tz).astimezone(UTC)
        if first >= end:
            break
        buckets.append(("%04d-%02d" % (year, month), max(first, start), min(following, end)))
        year, month = year_next, month_next
    return buckets


def _overlap_seconds(intervals, start, end):
    total = 0.0
    for a, b in intervals:
        lo, hi = max(a, start), min(b, end)
        if lo < hi:
            total += (hi - lo).total_seconds()
    return total


def compute_sla(outages, calendar, period_start, period_end, target=DEFAULT_TARGET, environments=None):
    """Availability per environment over [period_start, period_end), in total, per year and per month.

    ``outages`` are :class:`Outage` objects or raw records (parsed with :func:`parse_outages`).
    Returns a JSON-ready dict.
    """
    outages = list(outages)
    if not all(isinstance(o, Outage) for o in outages):
        outages = parse_outages(outages)
    if isinstance(environments, str):
        raise SlaError("environments: expected a list of environment names, got the string %r" % environments)
    try:
        start, end = to_utc(period_start, "period_start"), to_utc(period_end, "period_end")
    except CalendarError as exc:
        raise SlaError(str(exc)) from None
    if end <= start:
        raise SlaError("period_end (%s) must be after period_start (%s)" % (end.isoformat(), start.isoformat()))
    if isinstance(target, bool) or not isinstance(target, (int, float)) or not 0 <= target <= 1:
        raise SlaError("target: expected a number between 0 and 1, got %r" % (target,))
    names = sorted({o.environment for o in outages}) if environments is None else sorted(set(environments))

    service = calendar.service_intervals(start, end)
    months = _local_month_starts(calendar, start, end)
    service_by_month = {key: _overlap_seconds(service, lo, hi) for key, lo, hi in months}

    report = {}
    for name in names:
        counted = [(max(o.start, start), min(o.end or end, end)) for o in outages if o.environment == name and o.counts]
        down = merge_intervals([(a, b) for a, b in counted if a < b])
        # service time during which the environment was down
        lost = [(max(a, c), min(b, d)) for a, b in down for c, d in service if max(a, c) < min(b, d)]
        per_month = {key: _overlap_seconds(lost, lo, hi) for key, lo, hi in months}
        per_year = {}
        for key in per_month:
            service_year, lost_year = per_year.get(key[:4], (0.0, 0.0))
            per_year[key[:4]] = (service_year + service_by_month[key], lost_year + per_month[key])
        report[name] = {
            "total": _bucket(sum(service_by_month.values()), sum(per_month.values()), target),
            "years": {key: _bucket(s, o, target) for key, (s, o) in sorted(per_year.items())},
            "months": {key: _bucket(service_by_month[key], per_month[key], target) for key in sorted(per_month)},
        }
    return {
        "period": {"start": start.astimezone(calendar.tz).isoformat(), "end": end.astimezone(calendar.tz).isoformat()},
        "target": target,
        "environments": report,
    }
