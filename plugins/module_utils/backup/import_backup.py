# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: what a client's backup file holds, and the T-SQL that restores it into the target.

The restore role's ``import_read_windows.yml`` runs, on the target's SQL primary, ``RESTORE VERIFYONLY``,
``RESTORE HEADERONLY`` and ``RESTORE FILELISTONLY`` of the copied file and reads the instance's version and default
data and log directories (``import_backup.ps1``, every value cast to a string at the source).
:func:`backup_facts` reads that result: the file holds exactly one backup set, a full database backup, from a SQL
Server not newer than the instance, whose files (data and log only) fit in the target's database quota; each
logical file is moved into the instance's data or log directory under the target database's name.
:func:`restore_statement` is the ``RESTORE DATABASE ... WITH REPLACE, MOVE ...`` batch (names and texts quoted by
``core.tsql``), run with ``lowlydba.sqlserver.nonquery`` in ``master`` after the safety backup.

Pure Python, no Ansible import.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.backup.import_file import GIB, ImportFileError
from ansible_collections.divalto.cloud.plugins.module_utils.core import winpath
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt
from ansible_collections.divalto.cloud.plugins.module_utils.core.tsql import TsqlError, identifier, literal

# RESTORE HEADERONLY's BackupType: 1 is a full database backup.
BACKUP_TYPES = {
    "1": "full database",
    "2": "transaction log",
    "4": "file",
    "5": "differential database",
    "6": "differential file",
    "7": "partial",
    "8": "differential partial",
}
FULL = "1"
# RESTORE FILELISTONLY's Type: D data, L log (F full-text catalog, S FILESTREAM: refused).
FILE_TYPES = ("D", "L")
_VERSION = re.compile(r"\A([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,6})(?:\.[0-9]{1,6})?\Z")
_INTEGER = re.compile(r"\A[0-9]{1,20}\Z")
MAX_FILES = 256
# The sqlserver role's recovery models (data_servers.sqlserver.RECOVERY_MODELS) in T-SQL.
RECOVERY = {"Full": "FULL", "Simple": "SIMPLE", "BulkLogged": "BULK_LOGGED"}
# SQL Server's major versions, to name them in a message.
SQL_VERSIONS = {
    "10": "2008",
    "11": "2012",
    "12": "2014",
    "13": "2016",
    "14": "2017",
    "15": "2019",
    "16": "2022",
    "17": "2025",
}


class ImportBackupError(ImportFileError):
    """A backup file (or the SQL Server's answer about it) that cannot be restored into the target."""


def _rows(result: Mapping[str, Any], field: str, where: str) -> list[Mapping[str, Any]]:
    rows = result.get(field)
    # Windows PowerShell 5.1 hands a one-element array over as the element itself.
    if isinstance(rows, Mapping):
        rows = [rows]
    if not isinstance(rows, list) or not all(isinstance(row, Mapping) for row in rows):
        raise ImportBackupError("%s: %s is not a list of rows: %s" % (where, field, excerpt(rows)))
    return rows


def _text(row: Mapping[str, Any], field: str, where: str) -> str:
    value = row.get(field)
    if not isinstance(value, str) or not value.strip():
        raise ImportBackupError("%s: %s is not a text: %s" % (where, field, excerpt(value)))
    return value.strip()


def _integer(row: Mapping[str, Any], field: str, where: str) -> int:
    value = _text(row, field, where)
    if not _INTEGER.match(value):
        raise ImportBackupError("%s: %s is not a whole number: %s" % (where, field, excerpt(value)))
    return int(value)


def _version(text: str, what: str, where: str) -> tuple[int, int, int]:
    match = _VERSION.match(text)
    if not match:
        raise ImportBackupError("%s: %s is not a SQL Server version (16.0.4135.4): %s" % (where, what, excerpt(text)))
    return int(match.group(1)), int(match.group(2)), int(match.group(3))


def _named(version: tuple[int, int, int]) -> str:
    name = SQL_VERSIONS.get(str(version[0]))
    return "%d.%d.%d%s" % (version + (" (SQL Server %s)" % name if name else "",))


def _header(result: Mapping[str, Any], where: str) -> dict[str, Any]:
    headers = _rows(result, "Headers", where)
    if len(headers) != 1:
        raise ImportBackupError(
            "%s holds %d backup sets: exactly one (a full backup) is imported; ask the client for a file with only "
            "that one" % (where, len(headers))
        )
    row = headers[0]
    kind = _text(row, "BackupType", where)
    if kind != FULL:
        raise ImportBackupError(
            "%s is a %s backup (BackupType %s): only a full database backup is imported"
            % (where, BACKUP_TYPES.get(kind, "unknown"), excerpt(kind))
        )
    version = tuple(
        _integer(row, name, where) for name in ("SoftwareVersionMajor", "SoftwareVersionMinor", "SoftwareVersionBuild")
    )
    return {
        "database_name": _text(row, "DatabaseName", where),
        "server_name": str(row.get("ServerName") or "").strip() or None,
        "backup_type": BACKUP_TYPES[FULL],
        "position": _integer(row, "Position", where),
        "version": version,
        "backup_size": _integer(row, "BackupSize", where),
        "compressed_size": _integer(row, "CompressedBackupSize", where),
        "finished": str(row.get("BackupFinishDate") or "").strip() or None,
        "checksums": _text(row, "HasBackupChecksums", where).lower() == "true",
        "copy_only": _text(row, "IsCopyOnly", where).lower() == "true",
    }


def _physical(database: str, kind: str, index: int, data_dir: str, log_dir: str) -> str:
    if kind == "L":
        return winpath.join(log_dir, "%s_log%s.ldf" % (database, "" if index == 0 else "_%d" % index))
    return winpath.join(data_dir, "%s.mdf" % database if index == 0 else "%s_%d.ndf" % (database, index))


def _files(result: Mapping[str, Any], where: str, database: str, data_dir: str, log_dir: str) -> list[dict]:
    rows = _rows(result, "Files", where)
    if not rows or len(rows) > MAX_FILES:
        raise ImportBackupError("%s lists %d database files (1 to %d expected)" % (where, len(rows), MAX_FILES))
    files, seen, counts = [], set(), {"D": 0, "L": 0}
    for row in sorted(rows, key=lambda r: _integer(r, "FileId", where)):
        logical, kind = _text(row, "LogicalName", where), _text(row, "Type", where).upper()
        if kind not in FILE_TYPES:
            raise ImportBackupError(
                "%s: the file %s is of type %s (full-text catalog or FILESTREAM): only data and log files are "
                "imported" % (where, excerpt(logical), excerpt(kind))
            )
        if logical.lower() in seen:
            raise ImportBackupError("%s: the logical file name %s appears twice" % (where, excerpt(logical)))
        seen.add(logical.lower())
        try:
            identifier(logical)
        except TsqlError as exc:
            raise ImportBackupError("%s: logical file name: %s" % (where, exc)) from None
        files.append(
            {
                "logical_name": logical,
                "type": kind,
                "size": _integer(row, "Size", where),
                "from": str(row.get("PhysicalName") or "").strip(),
                "to": _physical(database, kind, counts[kind], data_dir, log_dir),
            }
        )
        counts[kind] += 1
    if not counts["D"] or not counts["L"]:
        raise ImportBackupError("%s: a database backup has data and log files, got %s" % (where, excerpt(rows)))
    return files


def backup_facts(result: Any, copy: str, database: str, quota_gb: Any, target: str) -> dict[str, Any]:
    """What the copied backup ``copy`` holds, checked for a restore into ``database`` of ``target``.

    ``result``: ``import_backup.ps1``'s ``$Ansible.Result`` (``Verified``, ``Version``, ``DataPath``, ``LogPath``,
    ``Headers``, ``Files``). Returns ``{verified, database_name, server_name, backup_type, version,
    instance_version, backup_size, compressed_size, restored_size, finished, checksums, copy_only, position, files}``
    (versions as text), or ImportBackupError naming what is wrong.
    """
    where = "the backup %s" % copy
    if not isinstance(result, Mapping):
        raise ImportBackupError("%s: no result from the SQL primary: %s" % (where, excerpt(result)))
    if str(result.get("Verified", "")).lower() != "true":
        raise ImportBackupError("%s: RESTORE VERIFYONLY did not succeed: %s" % (where, excerpt(result.get("Verified"))))
    instance = _version(_text(result, "Version", where), "the instance's version", where)
    try:
        data_dir = winpath.check_absolute("the instance's data directory", _text(result, "DataPath", where))
        log_dir = winpath.check_absolute("the instance's log directory", _text(result, "LogPath", where))
    except winpath.WindowsPathError as exc:
        raise ImportBackupError("%s: %s" % (where, exc)) from None
    header = _header(result, where)
    if header["version"] > instance:
        raise ImportBackupError(
            "%s was taken by SQL Server %s, newer than the target's instance %s: SQL Server restores no backup of a "
            "newer version; the client takes it on an older version, or the instance is upgraded first"
            % (where, _named(header["version"]), _named(instance))
        )
    files = _files(result, where, database, data_dir, log_dir)
    restored = sum(entry["size"] for entry in files)
    if not isinstance(quota_gb, (int, float)) or isinstance(quota_gb, bool) or restored > quota_gb * GIB:
        raise ImportBackupError(
            "%s restores into %d bytes (%.2f GiB of data and log files), more than the database quota of %s "
            "(%s GB = %s bytes): refused; the client shrinks the database, or the tenant buys a storage extension"
            % (
                where,
                restored,
                restored / GIB,
                target,
                excerpt(quota_gb),
                int(quota_gb * GIB) if isinstance(quota_gb, (int, float)) else "?",
            )
        )
    header.update(
        verified=True,
        version=_named(header["version"]),
        instance_version=_named(instance),
        restored_size=restored,
        files=files,
    )
    return header


def restore_statement(
    database: str, copy: str, facts: Mapping[str, Any], owner: str = "sa", recovery_model: str = "Full"
) -> str:
    """The batch restoring ``copy`` over ``database`` (run in ``master``): the database set single-user (other
    connections rolled back), ``RESTORE DATABASE ... FROM DISK ... WITH FILE, REPLACE, MOVE ..., RECOVERY`` (and
    ``CHECKSUM`` when the backup has checksums), then multi-user again whatever the client's backup had, owned by
    ``owner`` (the ``sqlserver`` role's ``sqlserver_database_owner``: the client's owner is no login here) and in
    the platform's ``recovery_model`` (``Full``, ``Simple`` or ``BulkLogged``) instead of the client's."""
    if recovery_model not in RECOVERY:
        raise ImportBackupError(
            "recovery model: expected one of %s, got %s" % (", ".join(sorted(RECOVERY)), excerpt(recovery_model))
        )
    try:
        name, owner_name = identifier(database), identifier(owner)
    except TsqlError as exc:
        raise ImportBackupError("the database or its owner: %s" % exc) from None
    files: Sequence[Mapping[str, Any]] = facts["files"]
    moves = ["MOVE %s TO %s" % (literal(entry["logical_name"]), literal(entry["to"])) for entry in files]
    options = ["FILE = %d" % int(facts["position"]), "REPLACE"] + (["CHECKSUM"] if facts["checksums"] else [])
    options += moves + ["RECOVERY", "STATS = 10"]
    return "\n".join(
        [
            "IF DB_ID(%s) IS NOT NULL" % literal(database),
            "    ALTER DATABASE %s SET SINGLE_USER WITH ROLLBACK IMMEDIATE;" % name,
            "RESTORE DATABASE %s FROM DISK = %s" % (name, literal(copy)),
            "    WITH " + ",\n         ".join(options) + ";",
            "ALTER DATABASE %s SET MULTI_USER;" % name,
            "ALTER AUTHORIZATION ON DATABASE::%s TO %s;" % (name, owner_name),
            "ALTER DATABASE %s SET RECOVERY %s;" % (name, RECOVERY[recovery_model]),
        ]
    )
