# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Disaster-recovery failover and drill plans and reports (private to the divalto.cloud collection).

Pure Python, no Ansible imports; its API may change without notice.

:func:`plan_failover` plans a failover (or a drill) into the recovery datacenter at a decision time:

* the environments not already in the recovery datacenter, in priority order: production environments first,
  ordered by ``priorities`` (tenant -> integer, lower first; tenants without one after those with one) then
  tenant name; then the other environments by tenant and type (staging, testing, training, setup);
* their new placement: the first (by name) application pool, SQL pair and file pair of the recovery datacenter;
* per environment, the latest restorable state at the decision time: for each database the chain up to the last
  continuous log backup finished at or before the decision (restore_plan.select_chain in ``latest`` mode), for
  each data set the latest restic snapshot; what cannot be restored is listed in ``errors`` (the environment is
  then ``incomplete``) without stopping the others;
* the achieved data loss per data set: decision time minus the last usable backup (for databases, the oldest
  restore point of the environment's databases), against the policy's RPO (3 h databases, 24 h code and files);
* the steps: restore every environment in order, repoint the DMZ (failover only: the reverse proxies of the
  recovery datacenter get the DR view of the environments), start services progressively, production first;
* the DR view (:func:`dr_view`) of divalto_environments: placement and datacenter moved, implicit search list
  pointing at the recovery pairs; in a drill the databases get a suffix (``_drill``) and the directories a root
  prefix (``drill/``), so nothing of production is overwritten, and no DMZ step exists.

:func:`dr_report` turns a plan and a recorded timeline (events ``restore_started``, ``restore_finished``,
``services_started`` per environment, ``dmz_repointed`` and ``full_capacity`` for the platform) into the measured
report: data loss per environment and data set against the RPO, restart time against 4 h and full capacity
against 24 h after the decision. :func:`render_markdown` renders it.
"""

from __future__ import annotations

import copy
import datetime as _dt
from collections.abc import Mapping

from ansible_collections.divalto.cloud.plugins.module_utils.backup.restore_plan import (
    DATA_SETS,
    RestorePlanError,
    chain_summary,
    normalise_history,
    parse_point_in_time,
    select_chain,
    select_snapshot,
    snapshot_summary,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.backup_policy import (
    BackupPolicyError,
    effective_policy,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt

UTC = _dt.timezone.utc
TYPE_ORDER = ("production", "staging", "testing", "training", "setup")
TARGETS = {"restart_hours": 4, "full_capacity_hours": 24}
ENVIRONMENT_EVENTS = ("restore_started", "restore_finished", "services_started")
PLATFORM_EVENTS = ("decision", "dmz_repointed", "full_capacity")


class DrError(DivaltoError):
    """A failover or drill cannot be planned or reported; the message says what and why."""


def _text(value):
    return value if isinstance(value, str) else str(value)


def _iso(value):
    return value.astimezone(UTC).isoformat() if value is not None else None


def _hours(delta):
    return round(delta.total_seconds() / 3600.0, 2)


def recovery_datacenter(platform):
    """The name of the one datacenter whose role is recovery."""
    datacenters = platform.get("datacenters") or {}
    names = sorted(_text(n) for n, d in datacenters.items() if _text((d or {}).get("role")) == "recovery")
    if len(names) != 1:
        raise DrError(
            "expected exactly one datacenter of role recovery in divalto_platform.datacenters, found %s"
            % (", ".join(names) or "none")
        )
    return names[0]


def recovery_placement(platform, datacenter):
    """Pool, SQL pair and file pair of ``datacenter`` (the first of each by name)."""
    pools = sorted(
        _text(n) for n, p in (platform.get("pools") or {}).items() if _text(p.get("datacenter")) == datacenter
    )
    pairs = platform.get("ha_pairs") or {}

    def pair(role):
        names = sorted(
            _text(n)
            for n, p in pairs.items()
            if _text(p.get("datacenter")) == datacenter and _text(p.get("role")) == role
        )
        return names[0] if names else None

    placement = {"pool": pools[0] if pools else None, "sql": pair("sql"), "files": pair("file")}
    missing = [
        what
        for what, name in (
            ("an application pool", placement["pool"]),
            ("an SQL pair", placement["sql"]),
            ("a file-server pair", placement["files"]),
        )
        if name is None
    ]
    if missing:
        raise DrError(
            "the recovery datacenter %s has no %s: nothing to fail over to" % (datacenter, " and no ".join(missing))
        )
    return placement


def failover_order(environments, datacenter, priorities=None, tenant=None):
    """Keys of the environments to fail over, production first (by priority, then tenant), then the others."""
    priorities = priorities or {}
    for name, value in priorities.items():
        if isinstance(value, bool) or not isinstance(value, int):
            raise DrError("priorities: expected an integer for tenant %s, got %r" % (name, value))
    keys = [
        _text(key)
        for key, env in environments.items()
        if _text(env.get("datacenter")) != datacenter and (tenant is None or _text(env.get("tenant")) == tenant)
    ]
    if tenant is not None and not keys:
        raise DrError("tenant %s has no environment outside the recovery datacenter %s" % (tenant, datacenter))

    def rank(key):
        env = environments[key]
        owner = _text(env.get("tenant"))
        kind = _text(env.get("type"))
        kind_rank = TYPE_ORDER.index(kind) if kind in TYPE_ORDER else len(TYPE_ORDER)
        if env.get("production"):
            if owner in priorities:
                return (0, 0, priorities[owner], owner, kind_rank)
            return (0, 1, 0, owner, kind_rank)
        return (1, 0, 0, owner, kind_rank)

    return sorted(keys, key=rank)


def _rewrite(line, old, new):
    return line.replace("\\\\%s\\" % old, "\\\\%s\\" % new).replace("//%s/" % old, "//%s/" % new)


def dr_view(environments, keys, placement, datacenter, database_suffix="", directory_prefix=""):
    """divalto_environments for ``keys`` as they run in the recovery datacenter (plain dicts, deep copies)."""
    view = {}
    for key in keys:
        env = copy.deepcopy(dict(environments[key]))
        old = {name: _text(value) for name, value in (env.get("placement") or {}).items()}
        env["placement"] = dict(placement)
        env["datacenter"] = datacenter
        search = []
        for line in env.get("implicit_search_list") or []:
            line = _text(line)
            for role in ("files", "sql"):
                if old.get(role):
                    line = _rewrite(line, old[role], placement[role])
            if database_suffix:
                for name in (env.get("databases") or {}).values():
                    if line.endswith("/" + _text(name)):
                        line += database_suffix
            search.append(line)
        env["implicit_search_list"] = search
        if database_suffix:
            env["databases"] = {role: _text(name) + database_suffix for role, name in env["databases"].items()}
        if directory_prefix:
            env["directories"] = {
                name: directory_prefix.rstrip("/") + "/" + _text(value) for name, value in env["directories"].items()
            }
        view[key] = env
    return view


def plan_failover(
    platform,
    environments,
    sql_history,
    restic_snapshots,
    decision_time=None,
    priorities=None,
    tenant=None,
    drill=False,
    drill_suffix="_drill",
    drill_root="drill",
    now=None,
):
    """Plan a failover (``drill`` false) or a drill into the recovery datacenter; see the module docstring.

    ``decision_time`` and ``now`` default to the current time.
    """
    try:
        policy = effective_policy(platform)
    except BackupPolicyError as exc:
        raise DrError("backup policy: %s" % exc) from exc
    datacenter = recovery_datacenter(platform)
    placement = recovery_placement(platform, datacenter)
    try:
        now = parse_point_in_time(now, "now") if now is not None else _dt.datetime.now(UTC)
        decision = parse_point_in_time(decision_time, "decision time") if decision_time is not None else now
        backups, snapshots = normalise_history(sql_history, restic_snapshots, policy["timezone"])
    except RestorePlanError as exc:
        raise DrError(str(exc)) from exc
    if decision > now:
        raise DrError("decision time %s is in the future (now is %s)" % (_iso(decision), _iso(now)))
    order = failover_order(environments, datacenter, priorities, tenant)
    suffix = drill_suffix if drill else ""
    prefix = drill_root if drill else ""
    view = dr_view(environments, order, placement, datacenter, suffix, prefix)
    rpo = {"databases": policy["databases"]["rpo_hours"]}
    rpo.update({data_set: policy[data_set]["rpo_hours"] for data_set in DATA_SETS})
    entries = []
    for rank, key in enumerate(order, 1):
        env = environments[key]
        errors = []
        databases = []
        points = []
        for role in sorted(env.get("databases") or {}):
            name = _text(env["databases"][role])
            try:
                chain = select_chain(backups, name, decision, now, latest=True)
            except RestorePlanError as exc:
                errors.append(str(exc))
                continue
            points.append(chain["restore_point"])
            databases.append(chain_summary(chain, role, name + suffix, policy["timezone"]))
        data_sets = []
        last = {"databases": min(points) if points and not errors else None}
        for data_set in DATA_SETS:
            try:
                snapshot = select_snapshot(snapshots, key, data_set, decision)
                data_sets.append(snapshot_summary(snapshot, env, env, data_set, prefix))
                last[data_set] = snapshot.time
            except RestorePlanError as exc:
                errors.append(str(exc))
                last[data_set] = None
        loss = {name: (_hours(decision - when) if when is not None else None) for name, when in last.items()}
        entries.append(
            {
                "rank": rank,
                "key": key,
                "tenant": _text(env.get("tenant")),
                "type": _text(env.get("type")),
                "production": bool(env.get("production")),
                "from": {name: _text(value) for name, value in (env.get("placement") or {}).items()},
                "to": dict(placement),
                "databases": databases,
                "data_sets": data_sets,
                "last_backup": {name: _iso(when) for name, when in last.items()},
                "data_loss_hours": loss,
                "within_rpo": {name: (loss[name] is not None and loss[name] <= rpo[name]) for name in loss},
                "errors": errors,
                "status": "incomplete" if errors else "ready",
            }
        )
    steps = [{"step": "restore", "environment": e["key"]} for e in entries]
    if not drill:
        steps.append({"step": "repoint_dmz", "proxies": "role_reverse_proxy:&dc_%s" % datacenter})
    steps.extend({"step": "start", "environment": e["key"], "production": e["production"]} for e in entries)
    plan = {
        "mode": "drill" if drill else "failover",
        "datacenter": datacenter,
        "decision_time": _iso(decision),
        "placement": placement,
        "rpo_hours": rpo,
        "targets": dict(TARGETS),
        "environments": entries,
        "steps": steps,
        "dmz_proxies": None if drill else "role_reverse_proxy:&dc_%s" % datacenter,
        "dr_environments": view,
    }
    plan["summary"] = summary_lines(plan)
    return plan


def summary_lines(plan):
    """The failover or drill plan in a few lines for people."""
    placement = plan["placement"]
    lines = [
        "%s into %s at decision time %s: pool %s, SQL pair %s, file pair %s"
        % (
            plan["mode"],
            plan["datacenter"],
            plan["decision_time"],
            placement["pool"],
            placement["sql"],
            placement["files"],
        )
    ]
    for entry in plan["environments"]:
        loss = entry["data_loss_hours"]
        lines.append(
            "%d. %s%s: %s; snapshots %s; data loss %s h (databases), %s h (code), %s h (files)%s"
            % (
                entry["rank"],
                entry["key"],
                " (production)" if entry["production"] else "",
                ", ".join("%s <- %d file(s)" % (d["target_database"], len(d["files"])) for d in entry["databases"])
                or "no database",
                ", ".join("%s %s" % (d["data_set"], d["short_id"]) for d in entry["data_sets"]) or "none",
                _cell(loss["databases"]),
                _cell(loss["code"]),
                _cell(loss["files"]),
                "" if not entry["errors"] else "; INCOMPLETE: " + "; ".join(entry["errors"]),
            )
        )
    if plan["dmz_proxies"]:
        lines.append("then repoint the DMZ: the reverse proxies %s serve the environments above" % plan["dmz_proxies"])
    else:
        lines.append("drill: the DMZ routing is not touched")
    lines.append("then start the environments in the order above, production first")
    return lines


def _event_time(record, index):
    try:
        return parse_point_in_time(record.get("at"), "timeline record %d, field 'at'" % index)
    except RestorePlanError as exc:
        raise DrError(str(exc)) from exc


def dr_report(plan, timeline, targets=None):
    """Measure a recorded failover or drill: data loss against RPO, restart against 4 h, capacity against 24 h."""
    if not isinstance(plan, Mapping) or "environments" not in plan or "decision_time" not in plan:
        raise DrError("plan: expected the plan returned by restore_plan in failover or drill mode")
    targets = dict(TARGETS, **(targets or {}))
    decision = parse_point_in_time(plan["decision_time"], "plan decision_time")
    keys = {entry["key"] for entry in plan["environments"]}
    events = {}
    platform_events = {}
    for index, record in enumerate(timeline or []):
        if not isinstance(record, Mapping):
            raise DrError("timeline record %d: expected a mapping, got %r" % (index, record))
        event = record.get("event")
        at = _event_time(record, index)
        if at < decision:
            raise DrError(
                "timeline record %d: %s at %s is before the decision (%s)" % (index, event, _iso(at), _iso(decision))
            )
        environment = record.get("environment")
        if environment:
            if environment not in keys:
                raise DrError("timeline record %d: environment %s is not in the plan" % (index, environment))
            if event not in ENVIRONMENT_EVENTS:
                raise DrError(
                    "timeline record %d: event %r of an environment: expected one of %s"
                    % (index, event, ", ".join(ENVIRONMENT_EVENTS))
                )
            events.setdefault(environment, {})[event] = at
        else:
            if event not in PLATFORM_EVENTS:
                raise DrError(
                    "timeline record %d: event %r without environment: expected one of %s"
                    % (index, event, ", ".join(PLATFORM_EVENTS))
                )
            platform_events[event] = at
    environments = []
    for entry in plan["environments"]:
        own = events.get(entry["key"], {})
        started = own.get("services_started")
        restart = _hours(started - decision) if started else None
        rpo_met = all(entry["within_rpo"].values())
        restart_met = restart is not None and restart <= targets["restart_hours"]
        environments.append(
            {
                "key": entry["key"],
                "rank": entry["rank"],
                "production": entry["production"],
                "status": entry["status"],
                "errors": entry["errors"],
                "last_backup": entry["last_backup"],
                "data_loss_hours": entry["data_loss_hours"],
                "within_rpo": entry["within_rpo"],
                "events": {name: _iso(at) for name, at in sorted(own.items())},
                "restart_hours": restart,
                "restart_within_target": restart_met,
                "met": rpo_met and restart_met and entry["status"] == "ready",
            }
        )
    capacity = platform_events.get("full_capacity")
    capacity_hours = _hours(capacity - decision) if capacity else None
    capacity_met = capacity_hours is not None and capacity_hours <= targets["full_capacity_hours"]
    return {
        "mode": plan.get("mode", "failover"),
        "datacenter": plan.get("datacenter"),
        "decision_time": _iso(decision),
        "rpo_hours": plan.get("rpo_hours"),
        "targets": targets,
        "platform_events": {name: _iso(at) for name, at in sorted(platform_events.items())},
        "full_capacity_hours": capacity_hours,
        "full_capacity_within_target": capacity_met,
        "environments": environments,
        "met": capacity_met and all(e["met"] for e in environments),
    }


def _cell(value, unit=""):
    return "-" if value is None else "%s%s" % (value, unit)


def render_markdown(report):
    """The report as Markdown (deterministic)."""
    rpo = report.get("rpo_hours") or {}
    lines = [
        "# Disaster recovery %s into %s" % (report["mode"], report["datacenter"]),
        "",
        "Decision: %s. Targets: data loss at most %s h (databases), %s h (code), %s h (files); services restarted "
        "within %s h; full capacity within %s h."
        % (
            report["decision_time"],
            rpo.get("databases"),
            rpo.get("code"),
            rpo.get("files"),
            report["targets"]["restart_hours"],
            report["targets"]["full_capacity_hours"],
        ),
        "",
        "Result: **%s**." % ("all targets met" if report["met"] else "targets MISSED"),
        "",
        "| # | environment | loss databases | loss code | loss files | restart | status |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for env in report["environments"]:
        loss = env["data_loss_hours"]
        ok = env["within_rpo"]
        lines.append(
            "| %d | %s%s | %s | %s | %s | %s | %s |"
            % (
                env["rank"],
                env["key"],
                " (production)" if env["production"] else "",
                _cell(loss.get("databases"), " h") + ("" if ok.get("databases") else " MISSED"),
                _cell(loss.get("code"), " h") + ("" if ok.get("code") else " MISSED"),
                _cell(loss.get("files"), " h") + ("" if ok.get("files") else " MISSED"),
                _cell(env["restart_hours"], " h") + ("" if env["restart_within_target"] else " MISSED"),
                "met" if env["met"] else env["status"] if env["status"] != "ready" else "missed",
            )
        )
    lines += [
        "",
        "Full capacity: %s%s."
        % (
            _cell(report["full_capacity_hours"], " h after the decision"),
            "" if report["full_capacity_within_target"] else " (target MISSED)",
        ),
    ]
    problems = [(env["key"], error) for env in report["environments"] for error in env["errors"]]
    if problems:
        lines += ["", "## Could not be restored", ""]
        lines += ["- %s: %s" % (key, error) for key, error in problems]
    return "\n".join(lines) + "\n"


def check_confirmation(platform, confirm):
    """A real failover needs the operator to type the recovery datacenter's name; returns that name."""
    datacenter = recovery_datacenter(platform)
    if confirm != datacenter:
        raise DrError(
            "failover refused: it moves every environment into the recovery datacenter; confirm with "
            "-e dr_confirm=%s (the recovery datacenter's name), got %s" % (datacenter, excerpt(confirm or ""))
        )
    return datacenter


def report_files(report):
    """{json: (file name, text), markdown: (file name, text)} of a report: ``<mode>-<decision YYYYmmddTHHMMSSZ>``."""
    import json

    stamp = parse_point_in_time(report["decision_time"], "decision_time").astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    base = "dr_%s-%s" % (report["mode"], stamp)
    return {
        "json": (base + ".json", json.dumps(report, indent=2, sort_keys=True) + "\n"),
        "markdown": (base + ".md", render_markdown(report)),
    }
