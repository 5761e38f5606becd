# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the run report of ``playbooks/restore.yml``, the basis for billing a restore.

:func:`run_report` is the plan (``restore_plan.plan_restore``) with what the run did: ``restored`` (what, from which
backups: per database its chain's files and restore point, per data set the snapshot and the directories or paths
with where each landed), ``copy`` (a copy into another environment: see :func:`copy_report`), ``requested_by``
(AWX's ``awx_user_name``/``tower_user_name`` when the job ran in AWX, else the controller's user), ``started``,
``finished``, ``duration_seconds``, ``status`` (``succeeded`` or ``failed`` with ``error``) and ``haproxy`` (the
rows of the environment's backends read while drained and once back).

Pure Python, no Ansible import.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt

UTC = _dt.timezone.utc


class RestoreReportError(DivaltoError):
    """A plan or a time the report cannot be written from."""


def requester(awx_user, controller_user):
    """``{user, via}``: the AWX user who launched the job when given, else the controller's user."""
    if isinstance(awx_user, str) and awx_user.strip():
        return {"user": awx_user.strip(), "via": "awx"}
    if isinstance(controller_user, str) and controller_user.strip():
        return {"user": controller_user.strip(), "via": "controller"}
    return {"user": "unknown", "via": "controller"}


def restored(plan):
    """What the plan restores, from which backups: ``{databases: [...], files: [...]}``."""
    return {
        "databases": [
            {
                "database": database["target_database"],
                "from": database["source_database"],
                "restore_point": database["restore_point"],
                "backups": list(database["files"]),
            }
            for database in plan.get("databases") or []
        ],
        "files": [
            {
                "data_set": data_set["data_set"],
                "snapshot": data_set["snapshot"],
                "snapshot_time": data_set["time"],
                "entries": [
                    {"path": entry.get("path") or entry["name"], "target": entry["target"]}
                    for entry in data_set["directories"]
                ],
            }
            for data_set in plan.get("data_sets") or []
        ],
    }


# The steps of a copy whose completion the run records (playbooks/restore.yml, restore_copy_done).
COPY_STEPS = ("neutralisation", "users", "marker", "implicit_file")


def copy_done(request, copy, done):
    """Per step of :data:`COPY_STEPS`: True when it ran to its end, False when planned but not (the run failed
    before or in it), None when this run has no such step (nothing to neutralise, no database restored)."""
    if done is None:
        done = ()
    if isinstance(done, (str, bytes)) or not isinstance(done, (list, tuple, set, frozenset)):
        raise RestoreReportError("done: expected a list of the copy's steps done, got %s" % excerpt(done))
    unknown = sorted(str(step) for step in done if step not in COPY_STEPS)
    if unknown:
        raise RestoreReportError("done: unknown step(s) %s (known: %s)" % (", ".join(unknown), ", ".join(COPY_STEPS)))
    planned = {
        "neutralisation": bool((request.get("neutralisation") or {}).get("steps")),
        "users": bool(((copy or {}).get("users") or {}).get("statements")),
        "marker": bool(((copy or {}).get("marker") or {}).get("statements")),
        "implicit_file": True,
    }
    return {step: (step in done) if planned[step] else None for step in COPY_STEPS}


def copy_report(request, copy, done=None):
    """What a copy into another environment did, or None for a restore into the same environment.

    ``request``: the checked request (``restore_request``); ``copy``: the result of the ``restore_copy`` filter
    (``users``, ``marker``); ``done``: the steps of :data:`COPY_STEPS` that ran to their end (set by the run from
    its tasks' results). Returns ``{source, target, service_packs, force_older_service_pack, reason, neutralised,
    not_neutralised, users_removed, users_granted, service_account, marker, done}``: the options, users and mark
    are what the copy planned, ``done`` (:func:`copy_done`) says which of its steps did run - after a failure the
    planned ones that did not are false.
    """
    if not isinstance(request, Mapping) or "source" not in request or "target" not in request:
        raise RestoreReportError("request: expected the request of restore_request, got %s" % excerpt(request))
    if request["source"] == request["target"]:
        return None
    options = (request.get("neutralisation") or {}).get("options") or []
    users = (copy or {}).get("users") or {}
    return {
        "source": request["source"],
        "target": request["target"],
        "service_packs": request.get("service_packs"),
        "force_older_service_pack": bool(request.get("force_older_service_pack")),
        "reason": request.get("reason"),
        "neutralised": [option["option"] for option in options if option["applied"]],
        "not_neutralised": [
            {"option": option["option"], "reason": option["reason"]} for option in options if not option["applied"]
        ],
        "users_removed": list(users.get("removed") or []),
        "users_granted": list(users.get("granted") or []),
        "service_account": users.get("service_account"),
        "marker": ((copy or {}).get("marker") or {}).get("text"),
        "done": copy_done(request, copy, done),
    }


def run_report(
    plan,
    started,
    started_epoch,
    awx_user,
    controller_user,
    failure=None,
    haproxy_rows=(),
    finished=None,
    request=None,
    copy=None,
    done=None,
):
    """The report: the plan plus what the run did (see the module's docstring).

    ``started``: ISO 8601 (UTC) of the run's start; ``started_epoch``: the same as seconds since the epoch (a
    number or its text, as a fact holds it); ``finished``: an aware datetime (default: now); ``request`` and
    ``copy``, ``done``: see :func:`copy_report` (without ``request``, no ``copy`` key).
    """
    if not isinstance(plan, Mapping) or "target" not in plan or "data_sets" not in plan:
        raise RestoreReportError("plan: expected the plan of divalto.cloud.restore_plan, got %s" % excerpt(plan))
    try:
        start = float(started_epoch)
    except (TypeError, ValueError):
        raise RestoreReportError(
            "started_epoch: expected seconds since the epoch, got %s" % excerpt(started_epoch)
        ) from None
    end = finished if finished is not None else _dt.datetime.now(UTC)
    report = dict(plan)
    report.update(
        {
            "restored": restored(plan),
            "requested_by": requester(awx_user, controller_user),
            "started": started,
            "finished": end.astimezone(UTC).isoformat(),
            "duration_seconds": round(max(0.0, end.timestamp() - start), 1),
            "status": "failed" if failure else "succeeded",
            "error": failure or None,
            "haproxy": list(haproxy_rows or []),
        }
    )
    if request is not None:
        report["copy"] = copy_report(request, copy, done)
    return report
