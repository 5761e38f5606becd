# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Recorded-history builder for the restore and DR tests: dbatools-style backup sets and restic snapshots."""

from __future__ import annotations

import datetime as dt
import hashlib
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
DIRECTORIES = {"code": ("config", "overrides", "addons"), "files": ("erp_files", "portal_files")}


def paris(*args):
    """An aware Europe/Paris datetime."""
    return dt.datetime(*args, tzinfo=PARIS)


def policy_events(first_day, days, full_days=("sun",), at=21, log_minutes=60):
    """(time, kind) of a policy run: logs every hour from first_day 00:00, full/diff at 21:00 wall clock."""
    names = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    events = []
    for offset in range(days):
        day = first_day + dt.timedelta(days=offset)
        for hour in range(24):
            for minute in range(0, 60, log_minutes):
                events.append((paris(day.year, day.month, day.day, hour, minute), "log"))
        kind = "full" if names[day.weekday()] in full_days else "diff"
        events.append((paris(day.year, day.month, day.day, at, 0, 30), kind))
    return sorted(events)


def sql_history(database, events, duration=dt.timedelta(minutes=5), first_full_only=True):
    """dbatools Get-DbaDbBackupHistory records for ``events``; LSNs grow with time, logs are continuous.

    Differentials taken before any full are skipped (there is no base). Times are ISO 8601 with offset.
    """
    records = []
    current = 1000
    log_from = 1000
    checkpoint = None
    for start, kind in events:
        current += 100
        end = start + duration
        record = {
            "Database": database,
            "Type": {"full": "Full", "diff": "Differential", "log": "Log"}[kind],
            "Start": start.isoformat(),
            "End": end.isoformat(),
            "IsCopyOnly": False,
            "SqlInstance": "sql-par1-01",
        }
        stamp = start.astimezone(dt.UTC).strftime("%Y%m%d_%H%M%S")
        if kind == "log":
            record.update(FirstLsn=log_from, LastLsn=current, DatabaseBackupLsn=checkpoint, CheckpointLsn=None)
            record["Path"] = ["\\\\vault\\sql\\%s\\LOG\\%s_LOG_%s.trn" % (database, database, stamp)]
            log_from = current
        elif kind == "full":
            record.update(FirstLsn=current, LastLsn=current + 10, CheckpointLsn=current, DatabaseBackupLsn=checkpoint)
            record["Path"] = ["\\\\vault\\sql\\%s\\FULL\\%s_FULL_%s.bak" % (database, database, stamp)]
            checkpoint = current
            current += 10
        else:
            if checkpoint is None:
                continue
            record.update(FirstLsn=current, LastLsn=current + 10, CheckpointLsn=current, DatabaseBackupLsn=checkpoint)
            record["Path"] = ["\\\\vault\\sql\\%s\\DIFF\\%s_DIFF_%s.bak" % (database, database, stamp)]
            current += 10
        records.append(record)
    return records


def snapshots(environment, times, data_sets=("code", "files"), root="/srv/divalto/tenants"):
    """restic snapshots --json objects of ``environment`` taken at ``times`` (aware datetimes)."""
    result = []
    for index, when in enumerate(times):
        for data_set in data_sets:
            ident = hashlib.sha256(("%s/%s/%d" % (environment, data_set, index)).encode()).hexdigest()
            result.append(
                {
                    "id": ident,
                    "short_id": ident[:8],
                    "time": when.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
                    "tags": ["env:%s" % environment, "set:%s" % data_set],
                    "paths": [
                        "%s/%s/%s" % (root, environment.replace("_", "/", 1), name) for name in DIRECTORIES[data_set]
                    ],
                    "hostname": "fs-par1-01",
                }
            )
    return result
