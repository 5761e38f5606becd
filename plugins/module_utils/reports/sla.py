# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Availability over service hours (private to the divalto.cloud collection; its API may change without notice).

Pure Python, no Ansible imports. Availability = (service time - critical outage time) / service time, where
service time comes from :class:`service_calendar.ServiceCalendar` (service hours minus public holidays).

Outage records (``parse_outages``) are mappings, e.g. ``csv.DictReader`` rows or JSON objects, with fields:

* ``environment`` (required): the environment the outage hit, e.g. ``acme_production``;
* ``start`` (required), ``end`` (required key, empty or null = still open): strict ISO-8601 timestamps
  (``2026-04-02T09:15:00+02:00``) **with** an offset or ``Z``;
* ``severity`` (required): free text, compared case-insensitively;
* ``planned`` (optional, default false): true/false, yes/no, 1/0 (CSV text or JSON booleans);
* ``waiver_reason`` (optional): why a planned outage is not held against the service level;
* ``id``, ``description`` (optional): carried along, ``id`` is used in error messages.

Any other field is an error (a misspelt ``waiver_reason`` must not pass unnoticed). With ``known_environments``,
an outage of any other environment is an error (a typo must not be dropped). Every problem of every record is
collected, then one :class:`SlaError` lists them (``problems_message``: the first :data:`MAX_PROBLEMS`, then how
many more). ``load_outages`` reads a whole export file (UTF-8 bytes, CSV with a header that has at least
:data:`REQUIRED_COLUMNS`, or JSON) and names CSV problems by line and column; an empty export is an error unless
``allow_empty``.

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

import csv
import datetime as _dt
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.request import STRICT_TIME, suggestion
from ansible_collections.divalto.cloud.plugins.module_utils.core.service_calendar import (
    UTC,
    CalendarError,
    NaiveDatetimeError,
    parse_timestamp,
    to_utc,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import NotUtf8Error, excerpt, utf8_text

DEFAULT_TARGET = 0.994
COUNTED_SEVERITY = "critical"
REQUIRED_FIELDS = ("environment", "start", "severity")
OPTIONAL_FIELDS = ("end", "planned", "waiver_reason", "id", "description")
# The columns a CSV header must have: ``end`` may be empty on a line (outage still open), never missing.
REQUIRED_COLUMNS = ("environment", "start", "end", "severity")
# At most this many problems are listed in one error (then how many more there are).
MAX_PROBLEMS = 50
# An ``id`` or field name longer than this is shown as an excerpt.
ID_LENGTH = 40
_TRUE = ("true", "yes", "1", "y", "on")
_FALSE = ("false", "no", "0", "n", "off", "")


class SlaError(DivaltoError):
    """Invalid outage data or report parameters; ``problems`` lists each problem (one when not a list)."""

    def __init__(self, message, problems=None):
        super().__init__(message)
        self.problems = list(problems) if problems else [message]


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


def problems_message(source, problems, limit=MAX_PROBLEMS):
    """One message for ``problems`` of ``source``: the problem itself when alone, else a counted list.

    At most ``limit`` problems are listed, followed by how many more there are.
    """
    if len(problems) == 1:
        return problems[0]
    lines = ["%s: %d problems" % (source, len(problems))]
    lines.extend("  - %s" % problem for problem in problems[:limit])
    if len(problems) > limit:
        lines.append("  ... and %d more" % (len(problems) - limit))
    return "\n".join(lines)


def _fail(source, problems):
    raise SlaError(problems_message(source, problems), problems=problems)


class _Where:
    """How a record is named in messages: ``<source> record <i>`` (JSON) or ``<source> line <n> (record <i>)`` (CSV)."""

    def __init__(self, source, index, line, record):
        ident = record.get("id") if isinstance(record, Mapping) else None
        ident = None if _is_empty(ident) else str(ident).strip()
        if ident is not None and len(ident) > ID_LENGTH:
            ident = excerpt(ident, ID_LENGTH)
        if line is None:
            self.place, self.details, self.field_word = "%s record %d" % (source, index), [], "field"
        else:
            self.place, self.details, self.field_word = "%s line %d" % (source, line), ["record %d" % index], "column"
        if ident is not None:
            self.details.append("id %s" % ident)
        self.label = self.with_details()

    def with_details(self, *more):
        """The label, with ``more`` details in its parentheses."""
        details = self.details + list(more)
        return "%s (%s)" % (self.place, ", ".join(details)) if details else self.place

    def field(self, name):
        return "%s: %s '%s'" % (self.label, self.field_word, name)


def _bool_field(value, where, field, problems):
    if isinstance(value, bool):
        return value
    if value is None or (isinstance(value, str) and value.strip().lower() in _TRUE + _FALSE):
        return value is not None and value.strip().lower() in _TRUE
    problems.append("%s: expected true or false, got %s" % (where.field(field), excerpt(value)))
    return False


def _timestamp(value, what, problems):
    """``value`` as an aware UTC datetime, or None after adding a problem: ISO-8601, ``T``, offset or ``Z``."""
    if not isinstance(value, str):
        problems.append("%s: expected an ISO-8601 timestamp string with an offset, got %s" % (what, excerpt(value)))
        return None
    try:
        parsed = parse_timestamp(value, what)
    except NaiveDatetimeError:
        problems.append("%s: timestamp %s has no UTC offset; add one such as '+01:00' or 'Z'" % (what, excerpt(value)))
        return None
    except CalendarError:
        parsed = None
    if parsed is None or not STRICT_TIME.match(value.strip()):
        problems.append(
            "%s: %s is not an ISO-8601 timestamp (expected e.g. '2026-03-29T08:00:00+02:00' or '...Z')"
            % (what, excerpt(value))
        )
        return None
    return parsed


def _unknown_environment(environment, known):
    return "environment %s is not an environment of the inventory%s" % (
        excerpt(environment),
        suggestion(environment, sorted(known)),
    )


def _check_record(record, where, known, problems):
    """The :class:`Outage` of one record, or None after adding its problems to ``problems``."""
    before = len(problems)
    unknown = sorted(str(k) for k in record if k not in REQUIRED_FIELDS + OPTIONAL_FIELDS)
    if unknown:
        problems.append(
            "%s: unknown field%s %s (known fields: %s)"
            % (
                where.label,
                "s" if len(unknown) > 1 else "",
                ", ".join("'%s'" % name if len(name) <= ID_LENGTH else excerpt(name, ID_LENGTH) for name in unknown),
                ", ".join(REQUIRED_FIELDS + OPTIONAL_FIELDS),
            )
        )
    for field in REQUIRED_FIELDS:
        if _is_empty(record.get(field)):
            problems.append("%s is required" % where.field(field))
        elif not isinstance(record[field], str):
            problems.append("%s: expected a string, got %s" % (where.field(field), excerpt(record[field])))
    if "end" not in record:
        problems.append(
            "%s is missing: give it empty (null in JSON) for an outage still open, never leave it out"
            % where.field("end")
        )
    start = end = None
    if isinstance(record.get("start"), str) and not _is_empty(record["start"]):
        start = _timestamp(record["start"], where.field("start"), problems)
    if not _is_empty(record.get("end")):
        end = _timestamp(record["end"], where.field("end"), problems)
    environment = record.get("environment")
    environment = environment.strip() if isinstance(environment, str) else ""
    if start is not None and end is not None and end < start:
        problems.append(
            "%s: end %s is before start %s"
            % (where.with_details("environment %s" % environment), record["end"].strip(), record["start"].strip())
        )
    if environment and known is not None and environment not in known:
        problems.append("%s: %s" % (where.label, _unknown_environment(environment, known)))
    waiver = _text(record.get("waiver_reason"))
    if waiver is not None and not isinstance(waiver, str):
        problems.append("%s: expected a string, got %s" % (where.field("waiver_reason"), excerpt(waiver)))
    planned = _bool_field(record.get("planned"), where, "planned", problems)
    if len(problems) > before:
        return None
    return Outage(
        environment=environment,
        start=start,
        end=end,
        severity=record["severity"].strip().lower(),
        planned=planned,
        waiver_reason=waiver or None,
        record=where.label,
    )


def _check_records(records, source, known, lines, problems):
    """Outages of ``records``; every problem is added to ``problems`` (records with problems are left out).

    ``lines``: the line number of each record (CSV), or None (JSON: records are named by their index). A CSV
    row of the wrong length is a :class:`_BadRow`, whose problem is added in its place.
    """
    outages = []
    for index, record in enumerate(records):
        if isinstance(record, _BadRow):
            problems.append(record.problem)
            continue
        where = _Where(source, index, None if lines is None else lines[index], record)
        if not isinstance(record, Mapping):
            problems.append(
                "%s: expected a mapping with fields %s, got %s"
                % (where.label, ", ".join(REQUIRED_FIELDS), excerpt(record))
            )
            continue
        outage = _check_record(record, where, known, problems)
        if outage is not None:
            outages.append(outage)
    return outages


def parse_outages(records, source="outages", known_environments=None):
    """Validate outage records (CSV rows or JSON objects) and return a list of :class:`Outage`.

    ``source`` names the input (a file name) in error messages, with the record's 0-based index.
    ``known_environments``: when given, an outage of any other environment is an error (a typo is never dropped).
    Every problem of every record is collected, then one :class:`SlaError` lists them all.
    """
    problems = []
    known = None if known_environments is None else set(known_environments)
    outages = _check_records(list(records), source, known, None, problems)
    if problems:
        _fail(source, problems)
    return outages


def _decode(data, source):
    """``data`` (bytes) as UTF-8 text (a byte-order mark is dropped); an undecodable byte names its line."""
    try:
        return utf8_text(data)
    except NotUtf8Error as exc:
        raise SlaError(
            "%s %s; save the export as UTF-8 (it looks like Latin-1 or Windows-1252)" % (source, exc)
        ) from None


class _BadRow:
    """A CSV row that cannot be read as a record; ``problem`` says why."""

    def __init__(self, problem):
        self.problem = problem


def _csv_records(text, source, problems):
    """(records, line of each record, no header at all) of a CSV export.

    Header problems are raised at once (every row would repeat them); a row of the wrong length becomes a
    :class:`_BadRow`; a CSV syntax error is added to ``problems`` and ends the reading.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    header = None
    records, lines = [], []
    last = 0
    try:
        for row in reader:
            line, last = last + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = [cell.strip() for cell in row]
                _check_header(header, line, source)
                continue
            lines.append(line)
            if len(row) != len(header):
                records.append(
                    _BadRow(
                        "%s line %d (record %d): %d fields, the header has %d"
                        % (source, line, len(records), len(row), len(header))
                    )
                )
            else:
                records.append(dict(zip(header, row)))
    except csv.Error as exc:
        problems.append("%s line %d: not readable as CSV: %s" % (source, last + 1, exc))
    return records, lines, header is None


def _check_header(header, line, source):
    problems = []
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        problems.append(
            "%s line %d: missing column%s %s (the header needs %s; an empty end means an outage still open)"
            % (source, line, "s" if len(missing) > 1 else "", ", ".join(missing), ", ".join(REQUIRED_COLUMNS))
        )
    unknown = [name for name in header if name not in REQUIRED_FIELDS + OPTIONAL_FIELDS]
    if unknown:
        problems.append(
            "%s line %d: unknown column%s %s (known columns: %s)"
            % (
                source,
                line,
                "s" if len(unknown) > 1 else "",
                ", ".join(excerpt(name, ID_LENGTH) for name in unknown),
                ", ".join(REQUIRED_FIELDS + OPTIONAL_FIELDS),
            )
        )
    repeated = sorted({name for name in header if header.count(name) > 1 and name})
    if repeated:
        problems.append(
            "%s line %d: column%s %s given twice"
            % (source, line, "s" if len(repeated) > 1 else "", ", ".join(repeated))
        )
    if problems:
        _fail(source, problems)


def load_outages(data, source, known_environments=None, allow_empty=False):
    """Outages of an export file's content ``data`` (bytes, UTF-8), named ``source`` (``*.csv`` or ``*.json``).

    CSV: a header line with at least the columns ``environment, start, end, severity``, then one line per outage;
    JSON: a list of objects. ``known_environments``: as in :func:`parse_outages`. An empty file, a header alone or
    an empty JSON list is an error unless ``allow_empty``. Every problem of the file is collected, then one
    :class:`SlaError` lists them (the first :data:`MAX_PROBLEMS`); a bad CSV header is reported alone.
    """
    text = _decode(data, source)
    problems = []
    if source.lower().endswith(".json"):
        empty = not text.strip()
        records = []
        if not empty:
            try:
                records = json.loads(text)
            except ValueError as exc:
                raise SlaError("%s: not valid JSON: %s" % (source, exc)) from None
            if not isinstance(records, list):
                raise SlaError("%s: expected a JSON list of outage objects, got %s" % (source, excerpt(records)))
        lines = None
        what = "the file is empty" if empty else "an empty list"
    else:
        records, lines, empty = _csv_records(text, source, problems)
        what = "the file is empty" if empty else "a header line and no outage"
    if not records and not problems and not allow_empty:
        raise SlaError(
            "%s: %s; a report without any outage needs allow_empty=true (playbook: -e sla_report_allow_empty=true),"
            " so that an empty or truncated export never passes for 100 %% availability" % (source, what)
        )
    known = None if known_environments is None else set(known_environments)
    outages = _check_records(records, source, known, lines, problems)
    if problems:
        _fail(source, problems)
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
