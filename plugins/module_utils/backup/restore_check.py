# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: whether a database restore did what its plan said, from what msdb says was restored.

``roles/restore/files/sql_restore.ps1`` restores one database of a restore plan (``restore_plan.chain_summary``)
and reads back, from ``msdb.dbo.restorehistory``, every backup set restored into it (type, last LSN, stop point,
file) and the database's state. The restore is accepted only when:

* the database is ``ONLINE``;
* the files restored are exactly the plan's (no file skipped, none taken from another chain);
* the last backup set restored is the plan's last backup (same last LSN);
* its stop point is the plan's restore time (a point-in-time restore), or there is none (to the end of the last
  backup).

Anything else (dbatools restoring nothing, a log left out, the wrong point) fails with what differs.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.core import powershell as ps
from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt


class RestoreCheckError(DivaltoError):
    """The restore did not do what its plan said (or its plan or result is malformed)."""


def _file_key(path: str) -> str:
    """Windows paths compare without case and with either slash."""
    return path.replace("/", "\\").lower()


def _planned_last_lsn(plan: Mapping[str, Any]) -> str:
    last = (plan.get("logs") or [None])[-1] or plan.get("differential") or plan.get("full")
    if not isinstance(last, Mapping) or not isinstance(last.get("last_lsn"), str):
        raise RestoreCheckError("plan of %s: no last backup with a last_lsn" % excerpt(plan.get("target_database")))
    return last["last_lsn"]


def _planned_stop(plan: Mapping[str, Any]) -> str:
    """The plan's restore time (``HH:MM:SS MM/DD/YYYY``) as msdb writes ``stop_at`` (``YYYY-MM-DDTHH:MM:SS``)."""
    text = plan.get("restore_time")
    if not text:
        return ""
    try:
        return _dt.datetime.strptime(text, "%H:%M:%S %m/%d/%Y").strftime("%Y-%m-%dT%H:%M:%S")
    except (TypeError, ValueError) as exc:
        raise RestoreCheckError("plan: restore_time %s is not HH:MM:SS MM/DD/YYYY" % excerpt(text)) from exc


def check_restore(result: Any, plan: Mapping[str, Any]) -> dict[str, Any]:
    """The restore of ``plan`` (one database of a restore plan) as ``result`` reports it, checked."""
    if not isinstance(result, Mapping):
        raise RestoreCheckError("result: expected the object the restore script returns, got %s" % excerpt(result))
    files = plan.get("files")
    if not isinstance(files, list) or not files or not all(isinstance(f, str) for f in files):
        raise RestoreCheckError("plan: files: expected a non-empty list of paths, got %s" % excerpt(files))
    database = ps.string(result, "Database", "result")
    state = ps.string(result, "State", "result")
    rows = []
    for index, row in enumerate(ps.records(result.get("Restored"), "result.Restored")):
        where = "result.Restored[%d]" % index
        rows.append(
            {
                "type": ps.string(row, "Type", where),
                "last_lsn": ps.string(row, "LastLsn", where),
                "stop_at": ps.string(row, "StopAt", where) if row.get("StopAt") not in (None, "") else "",
                "file": ps.string(row, "File", where),
            }
        )
    problems = []
    if state != "ONLINE":
        problems.append("the database is %s, not ONLINE" % state)
    restored = {_file_key(row["file"]) for row in rows}
    planned = {_file_key(path) for path in files}
    missing = [path for path in files if _file_key(path) not in restored]
    extra = sorted({row["file"] for row in rows if _file_key(row["file"]) not in planned})
    if not rows:
        problems.append("nothing was restored (msdb has no restore of it)")
    else:
        if missing:
            problems.append("planned files not restored: %s" % ", ".join(missing))
        if extra:
            problems.append("files restored that are not in the plan: %s" % ", ".join(extra))
        last = rows[-1]
        wanted_lsn = _planned_last_lsn(plan)
        if last["last_lsn"] != wanted_lsn:
            problems.append(
                "the last backup restored ends at LSN %s, the plan's at %s" % (last["last_lsn"], wanted_lsn)
            )
        wanted_stop = _planned_stop(plan)
        if last["stop_at"] != wanted_stop:
            problems.append(
                "it stopped at %s, the plan says %s"
                % (last["stop_at"] or "the end of the backup", wanted_stop or "the end of the last backup")
            )
    if problems:
        raise RestoreCheckError("%s was not restored as planned: %s" % (database, "; ".join(problems)))
    return {"database": database, "state": state, "restored": rows}
