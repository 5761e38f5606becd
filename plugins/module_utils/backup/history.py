# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Backup history records, normalised (private to the divalto.cloud collection; its API may change without notice).

Pure Python, no Ansible imports. Two sources are read:

``normalise_sql_history(records, default_timezone="Europe/Paris")``
    SQL Server backup sets as dbatools ``Get-DbaDbBackupHistory | ConvertTo-Json`` prints them (PascalCase keys:
    ``Database``, ``Type``, ``Start``, ``End``, ``FirstLsn``, ``LastLsn``, ``DatabaseBackupLsn``, ``CheckpointLsn``,
    ``Path``, ``IsCopyOnly``, ``SqlInstance``), snake_case equivalents (``database``, ``type``, ``start``,
    ``first_lsn`` ...) or raw ``msdb.dbo.backupset`` columns (``database_name``, ``type`` ``D``/``I``/``L``,
    ``backup_start_date``, ``backup_finish_date``, ``physical_device_name``, ``server_name``). Key matching ignores
    case and underscores. Optional ``environment``: the environment key the record belongs to.

    * ``type``: ``Full``/``Database``/``D`` -> ``full``; ``Differential``/``Database Differential``/``I`` ->
      ``diff``; ``Log``/``Transaction Log``/``L`` -> ``log``; anything else (file, partial backups) is an error.
    * ``start``/``end``: ISO 8601 strings (an offset or ``Z`` is honoured; a naive time is wall-clock time in
      ``default_timezone``, which is what msdb stores), PowerShell 5 ``/Date(ms)/`` strings (UTC), or the
      ``{"value": ..., "DateTime": ...}`` objects PowerShell makes of wrapped dates.
    * LSNs: integers or strings of digits (msdb ``numeric(25,0)``); floats are refused (they lose precision).
      ``first_lsn``/``last_lsn`` are required; ``database_backup_lsn``/``checkpoint_lsn`` may be null.
    * ``path``: a string or a list of strings (striped backups); ``is_copy_only``: boolean, 0/1 or "true"/"false".
    * ``present`` (optional, also ``Exists``): whether the backup files are still there (msdb keeps the history of
      files the cleanup deleted); the script of the sql_backup role (``files/backup_history.ps1``) adds it. Absent
      or null: unknown (``None``). ``unreadable`` (optional): a list of the files that could not be read, each with
      its reason; a record with one has ``present`` null (could not read is never absent). A string is refused: it is
      what ``win_powershell`` makes of a list below its ``depth`` (the elements joined by spaces).
    * A value that Windows PowerShell 5.1 could not serialise is refused with its field named: a ``BigInteger`` LSN
      prints as ``{"IsPowerOfTwo": ...}`` (the number is lost; cast it with ``[string]`` at the source).
    * Times are returned in UTC (so that differences are true durations, whatever the DST changes).

    Returns :class:`SqlBackup` tuples sorted by start, database, first LSN; exact duplicates (same database, kind,
    LSN range and start) are merged, their paths united.

``normalise_restic_snapshots(snapshots)``
    ``restic snapshots --json`` objects (``id``, ``short_id``, ``time`` with nanoseconds, ``tags``, ``paths``,
    ``hostname``); times are returned in UTC. The environment comes from the tag ``env:<environment key>`` and
    the data set from the tag ``set:<code|files>``; both are required. Returns :class:`Snapshot` tuples sorted by time.

Every error is a :class:`BackupHistoryError` naming the record index and field, e.g.
``sql history record 3, field 'start': expected an ISO 8601 time, got 'yesterday'``.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import namedtuple
from collections.abc import Mapping

from ansible_collections.divalto.cloud.plugins.module_utils.core import powershell
from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt

try:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    HAS_ZONEINFO = True
    ZONEINFO_IMPORT_ERROR = None
except ImportError as _exc:  # Python 3.8
    HAS_ZONEINFO = False
    ZONEINFO_IMPORT_ERROR = _exc

UTC = _dt.timezone.utc
DEFAULT_TIMEZONE = "Europe/Paris"
KINDS = ("full", "diff", "log")
DATA_SETS = ("code", "files")

SqlBackup = namedtuple(
    "SqlBackup",
    [
        "database",
        "kind",
        "start",
        "end",
        "first_lsn",
        "last_lsn",
        "database_backup_lsn",
        "checkpoint_lsn",
        "paths",
        "copy_only",
        "server",
        "environment",
        "present",
        "unreadable",
    ],
    defaults=(None, None, None, ()),
)
SqlBackup.__doc__ = (
    "One SQL Server backup set; times are aware UTC datetimes, LSNs integers (or None), paths a tuple,"
    " present True/False when the record says whether its files still exist, else None (unknown); unreadable the"
    " files that could not be read (with the reason), which make present None."
)

Snapshot = namedtuple("Snapshot", ["id", "short_id", "time", "environment", "data_set", "paths", "hostname", "tags"])
Snapshot.__doc__ = "One restic snapshot; time is an aware UTC datetime, paths and tags tuples."

_TYPE_MAP = {
    "full": "full",
    "database": "full",
    "d": "full",
    "differential": "diff",
    "databasedifferential": "diff",
    "diff": "diff",
    "i": "diff",
    "log": "log",
    "transactionlog": "log",
    "l": "log",
}

# normalised key (lower case, no underscores/spaces) -> field
_SQL_ALIASES = {
    "database": ("database", "databasename", "dbname"),
    "type": ("type", "backuptype"),
    "start": ("start", "backupstartdate", "startdate"),
    "end": ("end", "backupfinishdate", "finishdate"),
    "first_lsn": ("firstlsn",),
    "last_lsn": ("lastlsn",),
    "database_backup_lsn": ("databasebackuplsn",),
    "checkpoint_lsn": ("checkpointlsn",),
    "path": ("path", "physicaldevicename", "devicename", "fullname"),
    "copy_only": ("iscopyonly", "copyonly"),
    "server": ("sqlinstance", "server", "servername", "instancename"),
    "environment": ("environment",),
    "present": ("present", "exists", "fileexists"),
    "unreadable": ("unreadable",),
}
_MSDATE_RE = re.compile(r"^\\?/Date\((-?\d+)([+-]\d{4})?\)\\?/$")
_FRACTION_RE = re.compile(r"(\.\d{1,6})\d*")


class BackupHistoryError(DivaltoError):
    """A history record does not have the expected shape; the message names the record index and field."""

    def __init__(self, source, index, field, message):
        self.source = source
        self.index = index
        self.field = field
        super().__init__("%s record %s, field '%s': %s" % (source, index, field, message))


def _norm_key(key):
    return re.sub(r"[\s_\-]", "", str(key)).lower()


def _timezone(name):
    if not HAS_ZONEINFO:
        raise BackupHistoryError(
            "settings",
            "-",
            "timezone",
            "the Python module 'zoneinfo' (Python >= 3.9) is required: %s" % ZONEINFO_IMPORT_ERROR,
        )
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise BackupHistoryError("settings", "-", "timezone", "unknown time zone %r (%s)" % (name, exc)) from exc


def parse_time(value, tzinfo=None):
    """Parse one timestamp into an aware datetime; naive values get ``tzinfo`` (or raise ValueError when None).

    Accepts datetimes, ISO 8601 strings (fractions beyond microseconds are cut: restic prints nanoseconds),
    ``/Date(ms)/`` strings and PowerShell ``{"value": ...}`` wrappers.
    """
    if isinstance(value, Mapping):
        for key in ("value", "Value", "DateTime"):
            if key in value:
                return parse_time(value[key], tzinfo)
        raise ValueError("expected a time, got an object without 'value': %r" % (dict(value),))
    if isinstance(value, _dt.datetime):
        parsed = value
    elif isinstance(value, str):
        text = value.strip()
        match = _MSDATE_RE.match(text)
        if match:
            return _dt.datetime(1970, 1, 1, tzinfo=UTC) + _dt.timedelta(milliseconds=int(match.group(1)))
        text = _FRACTION_RE.sub(lambda m: m.group(1), text, count=1)
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        try:
            parsed = _dt.datetime.fromisoformat(text)
        except ValueError:
            raise ValueError("expected an ISO 8601 time, got %r" % (value,)) from None
    else:
        raise ValueError("expected an ISO 8601 time, got %r" % (value,))
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        if tzinfo is None:
            raise ValueError("expected a time with a UTC offset, got %r" % (value,))
        parsed = parsed.replace(tzinfo=tzinfo)
    return parsed


def _lsn(value, required):
    if value is None or value == "":
        if required:
            raise ValueError("is required")
        return None
    if isinstance(value, bool):
        raise ValueError("expected an LSN (integer), got %r" % (value,))
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        raise ValueError(
            "expected an LSN as an integer or a string of digits, got the float %r (loses precision)" % value
        )
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    if powershell.is_biginteger(value):
        raise ValueError(
            "expected an LSN (integer or string of digits), got a BigInteger as Windows PowerShell 5.1's"
            " ConvertTo-Json writes it (the number is lost): cast it with [string] in the script"
        )
    raise ValueError("expected an LSN (integer or string of digits), got %s" % excerpt(value))


def _bool(value):
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "yes", "no", "1", "0"):
        return value.strip().lower() in ("true", "yes", "1")
    raise ValueError("expected a boolean, got %r" % (value,))


def _paths(value):
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, (list, tuple)) and all(isinstance(item, str) for item in value):
        return tuple(value)
    raise ValueError("expected a string or a list of strings, got %r" % (value,))


def _file_list(value):
    """``unreadable``: a list of strings (or null); a string is a list ``win_powershell`` cut at its ``depth``."""
    if isinstance(value, str):
        raise ValueError(
            "expected a list of strings, got the string %s: a list below win_powershell's depth is written as its"
            " elements joined by spaces (raise the task's depth)" % excerpt(value)
        )
    return _paths(value)


def _pick(normalised, aliases):
    for alias in aliases:
        if normalised.get(alias) is not None:
            return normalised[alias]
    return None


def normalise_sql_history(records, default_timezone=DEFAULT_TIMEZONE):
    """Return the SQL Server backup sets of ``records`` as sorted :class:`SqlBackup` tuples (see module doc)."""
    source = "sql history"
    if records is None:
        return []
    if isinstance(records, Mapping):
        records = [records]  # ConvertTo-Json prints a single object, not a list, when there is one backup
    if not isinstance(records, (list, tuple)):
        raise BackupHistoryError(source, "-", "-", "expected a list of records, got %s" % type(records).__name__)
    tzinfo = _timezone(default_timezone)
    merged = {}
    for index, record in enumerate(records):
        if not isinstance(record, Mapping):
            raise BackupHistoryError(source, index, "-", "expected a mapping, got %r" % (record,))
        normalised = {_norm_key(key): value for key, value in record.items()}
        values = {field: _pick(normalised, aliases) for field, aliases in _SQL_ALIASES.items()}

        def fail(field, message, index=index):
            raise BackupHistoryError(source, index, field, message)

        database = values["database"]
        if not isinstance(database, str) or not database:
            fail("database", "expected a database name, got %r" % (database,))
        raw_type = values["type"]
        kind = _TYPE_MAP.get(_norm_key(raw_type)) if isinstance(raw_type, str) else None
        if kind is None:
            fail("type", "expected Full, Differential or Log (msdb D, I or L), got %r" % (raw_type,))
        parsed = {}
        for field in ("start", "end"):
            if values[field] is None:
                fail(field, "is required")
            try:
                parsed[field] = parse_time(values[field], tzinfo)
            except ValueError as exc:
                fail(field, str(exc))
        if parsed["end"] < parsed["start"]:
            fail("end", "ends (%s) before it starts (%s)" % (parsed["end"].isoformat(), parsed["start"].isoformat()))
        lsns = {}
        for field in ("first_lsn", "last_lsn", "database_backup_lsn", "checkpoint_lsn"):
            try:
                lsns[field] = _lsn(values[field], field in ("first_lsn", "last_lsn"))
            except ValueError as exc:
                fail(field, str(exc))
        if lsns["last_lsn"] < lsns["first_lsn"]:
            fail("last_lsn", "last LSN %s is below first LSN %s" % (lsns["last_lsn"], lsns["first_lsn"]))
        try:
            paths = _paths(values["path"])
        except ValueError as exc:
            fail("path", str(exc))
        try:
            copy_only = _bool(values["copy_only"])
        except ValueError as exc:
            fail("is_copy_only", str(exc))
        try:
            present = None if values["present"] is None else _bool(values["present"])
        except ValueError as exc:
            fail("present", str(exc))
        try:
            unreadable = _file_list(values["unreadable"])
        except ValueError as exc:
            fail("unreadable", str(exc))
        if unreadable and present is not None:
            fail(
                "present", "expected null when files could not be read (%s), got %r" % (excerpt(unreadable[0]), present)
            )
        for field in ("server", "environment"):
            if values[field] is not None and not isinstance(values[field], str):
                fail(field, "expected a string, got %r" % (values[field],))
        backup = SqlBackup(
            database=database,
            kind=kind,
            start=parsed["start"].astimezone(UTC),
            end=parsed["end"].astimezone(UTC),
            first_lsn=lsns["first_lsn"],
            last_lsn=lsns["last_lsn"],
            database_backup_lsn=lsns["database_backup_lsn"],
            checkpoint_lsn=lsns["checkpoint_lsn"],
            paths=paths,
            copy_only=copy_only,
            server=values["server"],
            environment=values["environment"] or None,
            present=present,
            unreadable=unreadable,
        )
        key = (backup.environment, database, kind, backup.first_lsn, backup.last_lsn, backup.start)
        if key in merged:
            previous = merged[key]
            union = previous.paths + tuple(p for p in paths if p not in previous.paths)
            merged[key] = previous._replace(paths=union)
        else:
            merged[key] = backup
    return sorted(merged.values(), key=lambda b: (b.start, b.database, b.first_lsn, KINDS.index(b.kind)))


def normalise_restic_snapshots(snapshots):
    """Return ``restic snapshots --json`` objects as :class:`Snapshot` tuples sorted by time (see module doc)."""
    source = "restic snapshot"
    if snapshots is None:
        return []
    if not isinstance(snapshots, (list, tuple)):
        raise BackupHistoryError(source, "-", "-", "expected a list of snapshots, got %s" % type(snapshots).__name__)
    result = {}
    for index, item in enumerate(snapshots):
        if not isinstance(item, Mapping):
            raise BackupHistoryError(source, index, "-", "expected a mapping, got %r" % (item,))
        snap_id = item.get("id")
        if not isinstance(snap_id, str) or not re.match(r"^[0-9a-f]{8,64}$", snap_id):
            raise BackupHistoryError(source, index, "id", "expected a hexadecimal snapshot id, got %r" % (snap_id,))
        short_id = item.get("short_id") or snap_id[:8]
        if not isinstance(short_id, str):
            raise BackupHistoryError(source, index, "short_id", "expected a string, got %r" % (short_id,))
        try:
            when = parse_time(item.get("time"))
        except ValueError as exc:
            raise BackupHistoryError(source, index, "time", str(exc)) from None
        tags = item.get("tags") or []
        if not isinstance(tags, (list, tuple)) or not all(isinstance(tag, str) for tag in tags):
            raise BackupHistoryError(source, index, "tags", "expected a list of strings, got %r" % (tags,))
        envs = [tag[4:] for tag in tags if tag.startswith("env:")]
        sets = [tag[4:] for tag in tags if tag.startswith("set:")]
        if len(envs) != 1 or not envs[0]:
            raise BackupHistoryError(
                source, index, "tags", "expected exactly one tag 'env:<environment key>', got %r" % (list(tags),)
            )
        if len(sets) != 1 or sets[0] not in DATA_SETS:
            raise BackupHistoryError(
                source, index, "tags", "expected exactly one tag 'set:code' or 'set:files', got %r" % (list(tags),)
            )
        paths = item.get("paths") or []
        if not isinstance(paths, (list, tuple)) or not all(isinstance(path, str) for path in paths):
            raise BackupHistoryError(source, index, "paths", "expected a list of strings, got %r" % (paths,))
        hostname = item.get("hostname")
        if hostname is not None and not isinstance(hostname, str):
            raise BackupHistoryError(source, index, "hostname", "expected a string, got %r" % (hostname,))
        result[snap_id] = Snapshot(
            id=snap_id,
            short_id=short_id,
            time=when.astimezone(UTC),
            environment=envs[0],
            data_set=sets[0],
            paths=tuple(paths),
            hostname=hostname,
            tags=tuple(tags),
        )
    return sorted(result.values(), key=lambda s: (s.time, s.id))
