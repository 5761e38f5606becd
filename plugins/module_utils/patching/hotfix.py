# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the ring plan, the gate inputs and the report records of a hotfix rollout.

A hotfix is a new patch level, so a new version directory (docs/service_packs.md). Rolling it out moves
environments ring by ring by re-rendering their implicit files pointed at the new version
(``playbooks/hotfix_rollout.yml``, docs/hotfix.md). Everything that decides what moves, where and in which
order is computed here, from ``divalto_environments`` and ``divalto_service_packs``:

- ``rollout_plan``: the rings (environment types, default setup -> testing -> training and staging ->
  production), the environments each ring moves (those already on the version are ``unchanged``, those whose
  type is in no ring are left alone), the file-server pairs that must hold the new directory first, and the
  production gate request (a forced window needs a written reason). A hotfix never moves an environment back to
  an older version (``core/versions.py`` order) unless the downgrade is asked for with a written reason, which
  every record of a downgraded environment carries into the run report.
- ``health_urls``: the optional HTTP health URL of each environment of a ring.
- ``rollout_records``: the run report's records and status, from the outcome of each ring.

Standard library only; raises ``HotfixError`` with a message naming the bad input.
"""

from __future__ import annotations

import string

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.model import require_records
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt
from ansible_collections.divalto.cloud.plugins.module_utils.core.topology import ENV_ORDER as ENVIRONMENT_TYPES
from ansible_collections.divalto.cloud.plugins.module_utils.core.versions import VersionError, compare_versions

DEFAULT_RINGS = (("setup",), ("testing",), ("training", "staging"), ("production",))
ALL_TENANTS = "all"
URL_FIELDS = ("hostname", "key", "tenant", "type", "https_port")
NO_RING = "none"
RING_STATES = ("done", "rolled_back", "failed", "untouched", "planned")


# What rollout_plan reads of each environment record.
PLAN_KEYS = ("tenant", "type", "service_pack", "placement", "production")


class HotfixError(DivaltoError):
    """The hotfix request cannot be planned or reported; the message says what and where."""


def _check_version(version, catalogue):
    known = ", ".join(sorted(catalogue))
    if not isinstance(version, str) or not version:
        raise HotfixError("hotfix_version is required: a version of the service-pack catalogue (known: %s)" % known)
    if version not in catalogue:
        raise HotfixError("hotfix_version %s is not in the service-pack catalogue (known: %s)" % (version, known))


def _check_rings(rings):
    """The rings as a list of lists of types; every type known, none in two rings."""
    if rings is None:
        return [list(ring) for ring in DEFAULT_RINGS]
    if not isinstance(rings, (list, tuple)) or not rings:
        raise HotfixError("hotfix_rings: expected a non-empty list of lists of environment types, got %r" % (rings,))
    seen = {}
    checked = []
    for index, ring in enumerate(rings, start=1):
        if isinstance(ring, str) or not isinstance(ring, (list, tuple)) or not ring:
            raise HotfixError(
                "hotfix_rings ring %d: expected a non-empty list of environment types, got %r" % (index, ring)
            )
        for kind in ring:
            if kind not in ENVIRONMENT_TYPES:
                raise HotfixError(
                    "hotfix_rings ring %d: unknown environment type %r (known: %s)"
                    % (index, kind, ", ".join(ENVIRONMENT_TYPES))
                )
            if kind in seen:
                raise HotfixError(
                    "hotfix_rings: environment type %s is in ring %d and ring %d; a type moves in one ring"
                    % (kind, seen[kind], index)
                )
            seen[kind] = index
        checked.append(list(ring))
    return checked


def _check_tenant(environments, tenant):
    tenants = sorted({record["tenant"] for record in environments.values()})
    if tenant in (None, "", ALL_TENANTS):
        return None
    if tenant not in tenants:
        raise HotfixError("hotfix_tenant %r is not a tenant (known: all, %s)" % (tenant, ", ".join(tenants)))
    return tenant


def _check_request(environments, catalogue, version, tenant, rings, force_window, reason, allow, allow_reason):
    """``(ring types, tenant or None)`` of a request; every problem of it listed in one ``HotfixError``."""
    problems = []

    def attempt(check, *args):
        try:
            return check(*args)
        except HotfixError as exc:
            problems.append(str(exc))
            return None

    attempt(_check_version, version, catalogue)
    ring_types = attempt(_check_rings, rings)
    only = attempt(_check_tenant, environments, tenant)
    if force_window and not (isinstance(reason, str) and reason.strip()):
        problems.append(
            "hotfix_force_window needs hotfix_force_reason: say why production moves outside its maintenance window"
        )
    if not isinstance(allow, bool):
        problems.append("hotfix_allow_downgrade: expected true or false, got %s" % excerpt(allow))
    elif allow and not (isinstance(allow_reason, str) and allow_reason.strip()):
        problems.append(
            "hotfix_allow_downgrade needs hotfix_downgrade_reason: say why environments move back to an older version"
            " (the reason is kept in the run report)"
        )
    if len(problems) == 1:
        raise HotfixError(problems[0])
    if problems:
        raise HotfixError("%d problems: %s" % (len(problems), "; ".join(problems)))
    return ring_types, only


def rollout_plan(
    environments,
    catalogue,
    version,
    tenant=ALL_TENANTS,
    rings=None,
    current=None,
    force_window=False,
    reason="",
    pairs=None,
    allow_downgrade=False,
    downgrade_reason="",
):
    """The ring plan of a hotfix rollout, checked before anything changes.

    ``environments``/``catalogue``: the inventory's ``divalto_environments`` and ``divalto_service_packs``.
    ``tenant``: one tenant or ``all``. ``rings``: lists of environment types, in order (default
    ``DEFAULT_RINGS``). ``current``: ``{key: {"service_pack": ...}}`` read from the implicit files' headers; an
    environment without an entry (or with no version in its header) is taken to run its registry version.
    ``pairs``: the file-server pairs that have a file server in the run (``None``: all); an environment that
    must move on another pair is refused, so that a ``--limit`` never reports as moved what it did not reach.
    ``allow_downgrade``/``downgrade_reason``: without both, an environment that runs a newer version than
    ``version`` (or one that cannot be ordered against it) is refused, every such environment named with the
    version it runs.

    Returns ``{version, tenant, rings: [{ring, name, types, production, environments, unchanged, pairs}], moves:
    [{key, ring, from, to, pair}], unchanged, not_in_ring, pairs, overrides, force_window, reason, downgrades:
    [{key, from, to}], allow_downgrade, downgrade_reason}``, the moves ordered by ring, then key.
    """
    require_records(environments, PLAN_KEYS, "divalto_environments")
    ring_types, only = _check_request(
        environments, catalogue, version, tenant, rings, force_window, reason, allow_downgrade, downgrade_reason
    )
    current = current or {}
    ring_of = {kind: index for index, types in enumerate(ring_types, start=1) for kind in types}
    selected = sorted(key for key, record in environments.items() if only is None or record["tenant"] == only)
    plan_rings = [
        {
            "ring": index,
            "name": " + ".join(types),
            "types": types,
            "production": False,
            "environments": [],
            "unchanged": [],
            "pairs": [],
        }
        for index, types in enumerate(ring_types, start=1)
    ]
    moves, unchanged, not_in_ring = [], [], []
    for key in selected:
        record = environments[key]
        index = ring_of.get(record["type"])
        if index is None:
            not_in_ring.append(key)
            continue
        ring = plan_rings[index - 1]
        origin = (current.get(key) or {}).get("service_pack") or record["service_pack"]
        if origin == version:
            ring["unchanged"].append(key)
            unchanged.append(key)
            continue
        pair = record["placement"]["files"]
        ring["environments"].append(key)
        ring["production"] = ring["production"] or bool(record["production"])
        if pair not in ring["pairs"]:
            ring["pairs"].append(pair)
        moves.append({"key": key, "ring": index, "from": origin, "to": version, "pair": pair})
    if pairs is not None:
        unreached = {}
        for move in moves:
            if move["pair"] not in pairs:
                unreached.setdefault(move["pair"], []).append(move["key"])
        if unreached:
            raise HotfixError(
                "no file server of %s is in this run (--limit?), yet %s must move; nothing was changed"
                % (
                    ", ".join(sorted(unreached)),
                    ", ".join(sorted(key for keys in unreached.values() for key in keys)),
                )
            )
    downgrades = _downgrades(moves, version, allow_downgrade)
    for ring in plan_rings:
        ring["pairs"].sort()
    moves.sort(key=lambda move: (move["ring"], move["key"]))
    return {
        "version": version,
        "tenant": only or ALL_TENANTS,
        "rings": plan_rings,
        "moves": moves,
        "unchanged": unchanged,
        "not_in_ring": not_in_ring,
        "pairs": sorted({move["pair"] for move in moves}),
        "overrides": {move["key"]: version for move in moves},
        "force_window": bool(force_window),
        "reason": reason.strip() if force_window else "",
        "downgrades": downgrades,
        "allow_downgrade": allow_downgrade,
        "downgrade_reason": downgrade_reason.strip() if allow_downgrade else "",
    }


def _downgrades(moves, version, allow_downgrade):
    """``[{key, from, to}]`` of the moves to an older version; refused, all named, unless ``allow_downgrade``."""
    downgrades, refused = [], []
    for move in sorted(moves, key=lambda move: move["key"]):
        try:
            older = compare_versions(version, move["from"]) < 0
            why = "runs %s" % move["from"]
        except VersionError as exc:
            older = True
            why = "runs %s, which cannot be ordered against it: %s" % (excerpt(move["from"]), exc)
        if older:
            downgrades.append({"key": move["key"], "from": move["from"], "to": version})
            refused.append("%s (%s)" % (move["key"], why))
    if refused and not allow_downgrade:
        raise HotfixError(
            "hotfix_version %s is older than the version of %d environment(s): %s; a hotfix never moves an environment"
            " back unless hotfix_allow_downgrade=true with hotfix_downgrade_reason; nothing was changed"
            % (version, len(refused), "; ".join(refused))
        )
    return downgrades


def health_urls(environments, keys, template):
    """``[{key, url}]``: the health URL of each environment of ``keys`` from ``template`` (empty: none).

    ``template`` is a Python format string with the fields ``{hostname}`` (the environment's first host name),
    ``{key}``, ``{tenant}``, ``{type}`` and ``{https_port}``, e.g. ``https://{hostname}:{https_port}/health``.
    """
    if not template:
        return []
    fields = [name for _text, name, _spec, _conversion in string.Formatter().parse(template) if name is not None]
    unknown = sorted(set(fields) - set(URL_FIELDS))
    if unknown or "" in fields:
        raise HotfixError(
            "hotfix_health_url %r: unknown field %s (known: %s)"
            % (template, ", ".join(unknown) or "{}", ", ".join("{%s}" % name for name in URL_FIELDS))
        )
    urls = []
    for key in keys:
        if key not in environments:
            raise HotfixError("health URL: %s is not an environment of the inventory" % key)
        record = environments[key]
        hostnames = record.get("hostnames") or []
        if not hostnames and "hostname" in fields:
            raise HotfixError("health URL: environment %s has no host name" % key)
        values = {
            "hostname": hostnames[0] if hostnames else "",
            "key": key,
            "tenant": record["tenant"],
            "type": record["type"],
            "https_port": (record.get("ports") or {}).get("https", 443),
        }
        urls.append({"key": key, "url": template.format(**values)})
    return urls


def _outcome_map(plan, outcomes):
    known = {ring["ring"] for ring in plan["rings"]}
    by_ring = {}
    for index, outcome in enumerate(outcomes or []):
        if not isinstance(outcome, dict) or outcome.get("ring") not in known:
            raise HotfixError(
                "ring outcome %d: expected {ring, state, ...} with ring one of %s, got %r"
                % (index, sorted(known), outcome)
            )
        if outcome.get("state") not in RING_STATES:
            raise HotfixError(
                "ring outcome %d (ring %s): state %r is not one of %s"
                % (index, outcome["ring"], outcome.get("state"), ", ".join(RING_STATES))
            )
        by_ring[outcome["ring"]] = outcome
    return by_ring


def rollout_records(plan, outcomes, forced=None):
    """Records, status and summary of the run report of a rollout.

    ``outcomes``: one ``{ring, state, started, ended, message}`` per ring that ran (state ``done``,
    ``rolled_back`` (its gate failed and its implicit files were restored), ``failed`` (the restore failed too),
    ``untouched`` (stopped before it moved, e.g. outside the production window) or ``planned`` (check mode)).
    Rings without an outcome were not reached. ``forced``: the ``log_entry`` results of
    ``divalto.cloud.maintenance_window`` that were forced. Returns ``{records, status, summary, forced_windows}``.
    """
    by_ring = _outcome_map(plan, outcomes)
    failed = [ring for ring in sorted(by_ring) if by_ring[ring]["state"] in ("rolled_back", "failed", "untouched")]
    stop = failed[0] if failed else None
    planned = any(outcome["state"] == "planned" for outcome in by_ring.values())
    records = []
    moves = {move["key"]: move for move in plan["moves"]}
    downgraded = {entry["key"] for entry in plan.get("downgrades") or []}
    for ring in plan["rings"]:
        outcome = by_ring.get(ring["ring"])
        for key in ring["environments"]:
            move = moves[key]
            record = {
                "subject": key,
                "subject_type": "environment",
                "ring": ring_label(ring),
                "installed": [],
                "reboots": 0,
                "started": (outcome or {}).get("started"),
                "ended": (outcome or {}).get("ended"),
                "from_version": move["from"],
                "to_version": move["to"],
            }
            if outcome is None:
                record.update(state="untouched", message="not reached: ring %s stopped the rollout" % stop)
            elif outcome["state"] == "done":
                message = "moved to %s; health gate passed" % move["to"]
                if stop is not None:
                    message += "; stays moved although ring %d stopped the rollout later" % stop
                record.update(state="done", installed=[move["to"]], message=message)
            elif outcome["state"] == "planned":
                record.update(state="planned", message="check mode: would move from %s" % move["from"])
            else:
                record.update(state=outcome["state"], message=outcome.get("message") or outcome["state"])
            if key in downgraded:
                _mark_downgrade(record, move, plan.get("downgrade_reason") or "")
            records.append(record)
        for key in ring["unchanged"]:
            records.append(
                _quiet_record(key, ring_label(ring), plan["version"], "unchanged", "already on %s" % plan["version"])
            )
    for key in plan["not_in_ring"]:
        records.append(
            _quiet_record(key, NO_RING, None, "untouched", "its environment type is in no ring of hotfix_rings")
        )
    if planned:
        status = "planned"
    elif stop is not None:
        status = "failed"
    else:
        status = "succeeded"
    moved = sum(1 for record in records if record["state"] == "done")
    summary = "hotfix %s: %s; %d environment(s) moved, %d unchanged" % (
        plan["version"],
        status if stop is None else "%s at ring %d (%s)" % (status, stop, by_ring[stop]["state"]),
        moved,
        len(plan["unchanged"]),
    )
    if downgraded:
        summary += "; %d forced downgrade(s): %s" % (len(downgraded), plan.get("downgrade_reason") or "")
    return {
        "records": records,
        "status": status,
        "summary": summary,
        "forced_windows": [_forced_window(entry) for entry in forced or []],
    }


def _mark_downgrade(record, move, reason):
    """A record of an environment moved back to an older version: the message and ``details.downgrade`` say so."""
    if not reason.strip():
        raise HotfixError("plan: %s is a downgrade without downgrade_reason" % move["key"])
    record["message"] += "; DOWNGRADE from %s to %s forced: %s" % (move["from"], move["to"], reason)
    record["details"] = {"downgrade": {"from": move["from"], "to": move["to"], "reason": reason}}


def ring_label(ring):
    """The ``ring`` of a report record: ``"<number> <types>"``, e.g. ``"3 training + staging"``."""
    return "%d %s" % (ring["ring"], ring["name"])


def _quiet_record(key, ring, version, state, message):
    record = {
        "subject": key,
        "subject_type": "environment",
        "ring": ring,
        "state": state,
        "installed": [],
        "reboots": 0,
        "started": None,
        "ended": None,
        "message": message,
    }
    if version:
        record.update(from_version=version, to_version=version)
    return record


def _forced_window(entry):
    if not isinstance(entry, dict) or not entry.get("reason"):
        raise HotfixError("forced window: expected a maintenance_window log_entry with a reason, got %r" % (entry,))
    return {"ring": entry.get("ring"), "reason": entry["reason"], "at": entry.get("time"), "user": entry.get("user")}
