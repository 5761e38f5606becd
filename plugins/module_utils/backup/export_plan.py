# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: what the D+1 backup package of an environment holds (docs/backup_export.md).

The package is the environment's last weekly full: for each of its databases the newest ``FULL`` backup that
Ola Hallengren's jobs wrote to the vault's SQL backup share
(``<share>/<HA pair>/<server[$instance]>/<database>/FULL/<server>_<database>_FULL_<yyyymmdd>_<hhmmss>.bak``,
the time in the SQL Server's wall clock, the platform's time zone), and, for each file data set, the restic
snapshot of the same night: the first one taken at or after the first database's full and within
:data:`SAME_NIGHT_HOURS` of it. A database without a full, a newest full that is not whole (striped, with a
gap) or older than :data:`MAX_AGE_DAYS`, databases whose newest fulls are not of one night, or a data set without
a snapshot that night, is an error naming what is missing: a package is complete or not built. Files still being
written are left out by the module before the plan (their modification time is too recent).

Pure Python; the module ``divalto.cloud.backup_export`` lists the share and the snapshots and builds the package.
"""

from __future__ import annotations

import datetime as _dt
import os
import posixpath
import re
from collections.abc import Iterable, Mapping
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.backup.restic import (
    DATA_SETS,
    ResticError,
    snapshot_instant,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt

SAME_NIGHT_HOURS = 24
# The newest full of a database older than this: the weekly fulls have stopped, the package would not be D+1.
MAX_AGE_DAYS = 8
# <anything>_FULL_<yyyymmdd>_<hhmmss>[_<stripe>].bak: Ola Hallengren's file name of a full backup (a striped one
# ends with its file number).
_FULL_FILE = re.compile(r"_FULL_(\d{8})_(\d{6})(?:_(\d{1,2}))?\.bak\Z", re.IGNORECASE)
_KEY = re.compile(r"\A[a-z0-9][a-z0-9_-]{0,63}\Z")


class ExportPlanError(DivaltoError):
    """The backups or arguments a package cannot be planned from; the message names what is missing."""


def _zone(name: str) -> _dt.tzinfo:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ExportPlanError("timezone: unknown time zone %s" % excerpt(name)) from None


def full_backups(files: Iterable[str], share_root: str, database: str, zone: _dt.tzinfo) -> list[dict[str, Any]]:
    """The full backups of ``database`` among ``files`` (paths below ``share_root``, the pair's directory), oldest
    first.

    Each is ``{time (aware), files (sorted paths: one, or the stripes of a striped backup), whole}``: ``whole`` is
    false for stripes that are not numbered 1 to n without a gap. Only files in a ``<database>/FULL`` directory
    (not ``FULL_COPY_ONLY``) count.
    """
    sets: dict[str, list[str]] = {}
    root = share_root.rstrip("/") + "/"
    for path in files:
        if not isinstance(path, str) or not path.startswith(root):
            continue
        # <server[$instance]>/<database>/FULL/<file> below the pair's directory
        parts = path[len(root) :].split("/")
        if len(parts) != 4 or parts[1] != database or parts[2] != "FULL":
            continue
        match = _FULL_FILE.search(parts[3])
        if not match:
            continue
        sets.setdefault(match.group(1) + match.group(2), []).append((match.group(3), path))
    backups = []
    for stamp, found in sorted(sets.items()):
        try:
            wall = _dt.datetime.strptime(stamp, "%Y%m%d%H%M%S")
        except ValueError:
            continue
        stripes = sorted(int(number) for number, _path in found if number is not None)
        # One file without a number, or the stripes 1..n without a gap; anything else is not a whole backup.
        whole = (len(found) == 1 and not stripes) or stripes == list(range(1, len(found) + 1))
        backups.append(
            {"time": wall.replace(tzinfo=zone), "files": sorted(path for _number, path in found), "whole": whole}
        )
    return backups


def same_night_snapshot(
    snapshots: Iterable[Mapping[str, Any]], key: str, data_set: str, start: _dt.datetime
) -> Mapping[str, Any]:
    """The first snapshot of ``key``/``data_set`` taken at or after ``start`` and before ``start`` + 24 hours."""
    end = start + _dt.timedelta(hours=SAME_NIGHT_HOURS)
    wanted = {"env:%s" % key, "set:%s" % data_set}
    timed = []
    for index, snapshot in enumerate(snapshots or []):
        try:
            instant = snapshot_instant(snapshot, index)
        except ResticError as exc:
            raise ExportPlanError("%s %s snapshots: %s" % (key, data_set, exc)) from None
        if wanted <= set(snapshot.get("tags") or []):
            timed.append((instant, snapshot))
    night = sorted((pair for pair in timed if start <= pair[0] < end), key=lambda pair: pair[0])
    if not night:
        others = ", ".join(pair[0].isoformat() for pair in sorted(timed, key=lambda pair: pair[0])[-3:]) or "none"
        raise ExportPlanError(
            "%s: no %s snapshot in the night of the full backup (%s to %s); the latest snapshots: %s"
            % (key, data_set, start.isoformat(), end.isoformat(), others)
        )
    return night[0][1]


def plan_package(
    record: Mapping[str, Any],
    backup_files: Iterable[str],
    share_root: str,
    snapshots: Mapping[str, Iterable[Mapping[str, Any]]],
    now: _dt.datetime,
    days: int,
    timezone: str,
    data_sets: Iterable[str] = DATA_SETS,
) -> dict[str, Any]:
    """The package of environment ``record`` built at ``now``, published for ``days`` days.

    ``backup_files``: every file below ``share_root/<the environment's SQL pair>``; ``snapshots``: per data set,
    ``restic snapshots --json`` of its repository. Returns ``{key, tenant, name, full_time, expires, databases:
    [{database, time, files: [{source, name}]}], snapshots: [{data_set, id, short_id, time, name}]}``; names are
    relative to the package's directory.
    """
    key = record.get("key") if isinstance(record, Mapping) else None
    if not isinstance(key, str) or not _KEY.match(key):
        raise ExportPlanError("record: expected an environment record with a key, got %s" % excerpt(key))
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 90:
        raise ExportPlanError("days: expected a number of days from 1 to 90, got %s" % excerpt(days))
    if not isinstance(now, _dt.datetime) or now.tzinfo is None:
        raise ExportPlanError("now: expected an aware date and time, got %s" % excerpt(now))
    zone = _zone(timezone)
    files = list(backup_files)
    pair_root = posixpath.join(share_root.rstrip("/"), record["placement"]["sql"])
    databases = []
    for database in sorted(record["databases"].values()):
        fulls = [backup for backup in full_backups(files, pair_root, database, zone) if backup["time"] <= now]
        if not fulls:
            raise ExportPlanError(
                "%s: database %s has no FULL backup under %s/*/%s/FULL" % (key, database, pair_root, database)
            )
        latest = fulls[-1]
        if not latest["whole"]:
            raise ExportPlanError(
                "%s: the newest FULL backup of %s (%s) is not whole: its stripes are %s"
                % (key, database, latest["time"].isoformat(), ", ".join(os.path.basename(p) for p in latest["files"]))
            )
        if now - latest["time"] > _dt.timedelta(days=MAX_AGE_DAYS):
            raise ExportPlanError(
                "%s: the newest FULL backup of %s is of %s, more than %d days before %s: the weekly fulls have stopped"
                % (key, database, latest["time"].isoformat(), MAX_AGE_DAYS, now.isoformat(timespec="seconds"))
            )
        databases.append(
            {
                "database": database,
                "time": latest["time"].isoformat(),
                "files": [{"source": path, "name": "databases/" + os.path.basename(path)} for path in latest["files"]],
            }
        )
    times = sorted(_dt.datetime.fromisoformat(entry["time"]) for entry in databases)
    start = times[0]
    if times[-1] - start >= _dt.timedelta(hours=SAME_NIGHT_HOURS):
        raise ExportPlanError(
            "%s: the newest FULL backups of its databases are not of the same night (%s to %s): a package holds one"
            " night" % (key, start.isoformat(), times[-1].isoformat())
        )
    chosen = []
    for data_set in data_sets:
        snapshot = same_night_snapshot(snapshots.get(data_set) or [], key, data_set, start)
        chosen.append(
            {
                "data_set": data_set,
                "id": snapshot["id"],
                "short_id": snapshot.get("short_id") or snapshot["id"][:8],
                "time": snapshot_instant(snapshot, 0).isoformat(),
                "name": "files/%s.zip" % data_set,
            }
        )
    return {
        "key": key,
        "tenant": record["tenant"],
        "name": "%s_%s" % (key, start.astimezone(zone).strftime("%Y%m%d")),
        "full_time": start.isoformat(),
        "created": now.isoformat(timespec="seconds"),
        "expires": (now + _dt.timedelta(days=days)).isoformat(timespec="seconds"),
        "databases": databases,
        "snapshots": chosen,
    }


def readme(plan: Mapping[str, Any]) -> str:
    """The README.txt of a package: what it holds, how to check it, when it goes."""
    lines = [
        "Backup package of environment %s" % plan["key"],
        "",
        "The last weekly full backup of the environment, taken on %s:" % plan["full_time"],
        "",
        "databases/  SQL Server full backups (restore with RESTORE DATABASE ... FROM DISK), one per database:",
    ]
    for entry in plan["databases"]:
        lines.append("    %s (%s)" % (entry["database"], ", ".join(item["name"] for item in entry["files"])))
    lines.extend(["", "files/      the environment's files of the same night, one zip per data set:"])
    for snapshot in plan["snapshots"]:
        lines.append("    %s: snapshot %s of %s" % (snapshot["name"], snapshot["short_id"], snapshot["time"]))
    lines.extend(
        [
            "",
            "SHA256SUMS  the SHA-256 of every other file. Check the download with:",
            "    sha256sum -c SHA256SUMS                (Linux)",
            "    Get-FileHash -Algorithm SHA256 <file>  (Windows PowerShell; compare with the line of the file)",
            "",
            "This package is removed from the download area on %s." % plan["expires"],
            "",
        ]
    )
    return "\n".join(lines)


def sha256sums(entries: Iterable[tuple[str, str]]) -> str:
    """``sha256sum``'s format (two spaces, text mode) for ``(name, hex digest)`` pairs, sorted by name."""
    return "".join("%s  %s\n" % (digest, name) for name, digest in sorted(entries))


def parse_sha256sums(text: str) -> dict[str, str]:
    """name -> digest from a ``SHA256SUMS`` file; a line that is not ``<64 hex>  <relative name>`` is an error."""
    result = {}
    for number, line in enumerate(text.splitlines(), 1):
        match = re.match(r"\A([0-9a-f]{64}) [ *]([^/\x00][^\x00]*)\Z", line)
        if not match or ".." in match.group(2).split("/"):
            raise ExportPlanError("SHA256SUMS line %d: expected '<sha256>  <name>', got %s" % (number, excerpt(line)))
        result[match.group(2)] = match.group(1)
    return result
