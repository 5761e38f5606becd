# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the plan and the run report of ``import_database.yml``.

:func:`import_plan` puts together, once every check passed (``import_file``, ``import_backup``), what the restore
role runs on the target's SQL primary: the safety backup of the database, the ``RESTORE ... WITH REPLACE, MOVE``
batch, the users step (``copy_users.import_users``: the client's users removed, the target's group granted), the
neutralisation steps of the imported database (``neutralise.copy_neutralisation``, as for a copy: an imported
database is not production) and the mark (``copy_marker.import_marker``), with the lines of the printed plan.
:func:`run_report` is the report (JSON): the file, its checksum, sizes, the backup's header facts, by whom, when,
how long, the outcome.

Pure Python, no Ansible import.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.backup.copy_marker import import_marker
from ansible_collections.divalto.cloud.plugins.module_utils.backup.copy_users import import_users
from ansible_collections.divalto.cloud.plugins.module_utils.backup.import_backup import restore_statement
from ansible_collections.divalto.cloud.plugins.module_utils.backup.import_file import ImportFileError
from ansible_collections.divalto.cloud.plugins.module_utils.backup.restore_report import requester
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt

UTC = _dt.timezone.utc
# The steps on the SQL primary whose completion the run records (the restore role's import_windows).
STEPS = ("safety_backup", "restore", "neutralisation", "users", "marker")


def import_plan(
    request: Mapping[str, Any],
    sha256: str,
    file_facts: Mapping[str, Any],
    backup: Mapping[str, Any],
    copy: str,
    environments: Mapping[str, Any],
    domain: Any,
    roles: Any,
    owner: str = "sa",
    recovery_model: str = "Full",
) -> dict[str, Any]:
    """``{target, database, file, sha256, copy, size, backup, safety_databases, restore, users, neutralise, marker,
    summary}`` of a checked request (``import_request``), the file's facts (``checked_file``), its SHA-256, the
    backup's facts (``backup_facts``) and the copy's path on the SQL primary; ``domain`` and ``roles`` as for a
    copy (``sqlserver_domain``, ``sqlserver_tenant_roles``), ``owner`` and ``recovery_model`` the ``sqlserver``
    role's (``sqlserver_database_owner``, ``sqlserver_nonproduction_recovery_model``)."""
    target, database = request["target"], request["database"]
    users = import_users(environments[target], [database], domain, roles)
    neutralisation = request.get("neutralisation") or {}
    steps, skipped = [], []
    for step in neutralisation.get("steps") or []:
        if step["database"] == request["database_role"]:
            steps.append(dict(step, database=database))
        else:
            skipped.append("%s (database %s is not imported)" % (step["name"], step["database"]))
    marker = import_marker(request, sha256, neutralisation, [database])
    files = ", ".join("%s -> %s" % (entry["logical_name"], entry["to"]) for entry in backup["files"])
    summary = [
        "import %s (sha256 %s, %d bytes) into %s of %s"
        % (request["file"], sha256, file_facts["size"], database, target),
        "backup: database %s from %s, SQL Server %s (instance %s), full, finished %s, %d bytes of files restored"
        % (
            backup["database_name"],
            backup.get("server_name") or "?",
            backup["version"],
            backup["instance_version"],
            backup.get("finished") or "?",
            backup["restored_size"],
        ),
        "safety backup first: %s (copy-only full)" % database,
        "restored WITH REPLACE, owned by %s, recovery model %s" % (owner, recovery_model),
        "files: %s" % files,
    ]
    summary += neutralisation.get("summary") or []
    summary += ["not run: %s" % ", ".join(skipped)] if skipped else []
    summary += users["summary"] + marker["summary"]
    return {
        "target": target,
        "database": database,
        "file": request["file"],
        "sha256": sha256,
        "copy": copy,
        "size": file_facts["size"],
        "backup": dict(backup),
        "safety_databases": [database],
        "restore": [
            {
                "name": "import_restore",
                "database": "master",
                "sql": restore_statement(database, copy, backup, owner, recovery_model),
            }
        ],
        "users": users,
        "neutralise": steps,
        "marker": marker,
        "summary": summary,
    }


def run_report(
    request: Mapping[str, Any],
    plan: Mapping[str, Any] | None,
    started: str,
    started_epoch: Any,
    awx_user: Any,
    controller_user: Any,
    failure: Any = None,
    finished: _dt.datetime | None = None,
    done: Any = None,
) -> dict[str, Any]:
    """The report of an import (``plan`` ``None`` when a check refused the file before anything was replaced).

    ``done``: the steps of :data:`STEPS` that ran to their end; the report's ``done`` says per step ``true``,
    ``false`` (planned, never finished: the run failed before or in it) or ``null`` (not planned: no
    neutralisation statement for the imported database)."""
    if not isinstance(request, Mapping) or "target" not in request or "file" not in request:
        raise ImportFileError("request: expected the request of import_database.yml, got %s" % excerpt(request))
    try:
        start = float(started_epoch)
    except (TypeError, ValueError):
        raise ImportFileError(
            "started_epoch: expected seconds since the epoch, got %s" % excerpt(started_epoch)
        ) from None
    end = finished if finished is not None else _dt.datetime.now(UTC)
    plan = plan or {}
    if done is None:
        done = ()
    if isinstance(done, (str, bytes)) or not isinstance(done, (list, tuple, set, frozenset)):
        raise ImportFileError("done: expected a list of the import's steps done, got %s" % excerpt(done))
    unknown = sorted(str(step) for step in done if step not in STEPS)
    if unknown:
        raise ImportFileError("done: unknown step(s) %s (known: %s)" % (", ".join(unknown), ", ".join(STEPS)))
    planned = dict.fromkeys(STEPS, bool(plan))
    planned["neutralisation"] = bool(plan.get("neutralise"))
    return {
        "kind": "import",
        "tenant": request["tenant"],
        "target": request["target"],
        "database": request["database"],
        "file": request["file"],
        "sha256": plan.get("sha256") or request.get("sha256"),
        "size": plan.get("size"),
        "copy": plan.get("copy"),
        "backup": plan.get("backup"),
        "users": (plan.get("users") or {}).get("summary"),
        "neutralised": [step["name"] for step in plan.get("neutralise") or []],
        "marker": (plan.get("marker") or {}).get("text"),
        "reason": request.get("reason"),
        "requested_by": requester(awx_user, controller_user),
        "started": started,
        "finished": end.astimezone(UTC).isoformat(),
        "duration_seconds": round(max(0.0, end.timestamp() - start), 1),
        "status": "failed" if failure else "succeeded",
        "error": str(failure) if failure else None,
        "done": {step: (step in done) if planned[step] else None for step in STEPS},
    }
