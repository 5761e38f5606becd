# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the memberships DLMT's export asks for, against what the directory holds.

Inputs: the directory model (``divalto_identity``), the parsed export (``dlmt_export.parse_export``), the managed
groups read under the tenants' OU and the user accounts of the domain (as ``community.general.ldap_search`` returns
them), the leavers' state of the previous applied run, the time, and the guard's settings. The output is the
per-tenant plan (``add``, ``remove``, ``leavers``, ``refused``, ``licences``), the guard's findings, the
memberships to change (only when nothing stops the run) and the state to keep. The rules (docs/identity.md):

- The collection owns the memberships of its groups (an environment's ``gg_``, a licence profile's ``gl_``): a
  person DLMT exports as enabled, enabled in AD, gets its profile's group and its environments' groups; any other
  member of a managed group loses it.
- A member that is still an active user of the export (moved to another environment, profile or tenant) loses
  the group at once. A **leaver** (disabled in DLMT's export, disabled in AD, or not in the export at all) loses it
  once the grace period has passed since the first applied run that saw it as a leaver (the state keeps that
  date; ``now`` is an argument, so the rule is tested without waiting).
- **Refused**, the tenant changing nothing (its adds, removals and leavers wait; the other tenants proceed, status
  ``partial``; ``refused`` when no other tenant has anything to change): a line that grants an environment of another
  tenant; an environment the tenant does not have; a profile the tenant's subscription does not license; an enabled
  account DLMT exports but the directory does not hold; an account outside its tenant's OU; one of the collection's own
  (marked) accounts; more enabled named users of a profile than the subscription licenses.
- **Guard**: a run that would remove more than ``max_removal_share`` of a group's members (and at least
  ``mass_removal_min`` of them) or all the members of a group (however few), more than ``max_run_removal_share`` of
  all the managed memberships, an export without any user or without any line of a tenant whose groups have
  members, or an export older than ``max_export_age_hours`` stops, unless ``allow_mass_removal`` is given with a
  ``reason`` (kept in the plan, for the run report).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.request import MAX_PROBLEMS
from ansible_collections.divalto.cloud.plugins.module_utils.core.service_calendar import parse_timestamp
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt
from ansible_collections.divalto.cloud.plugins.module_utils.identity.dn import dn_under
from ansible_collections.divalto.cloud.plugins.module_utils.identity.plan import MARKER, values_of

ACCOUNTDISABLE = 0x2
# An export dated more than this after the controller's clock is refused (the clocks disagree).
CLOCK_SKEW = _dt.timedelta(minutes=5)
STATE_VERSION = 1


class SyncPlanError(DivaltoError):
    """The entries read, the state or the settings are not what the sync plan is computed from."""


@dataclass(frozen=True)
class Guard:
    """The guard's settings: when a run stops unless ``allow_mass_removal`` is given with a ``reason``."""

    max_removal_share: float = 0.25
    mass_removal_min: int = 2
    max_run_removal_share: float = 0.25
    max_export_age_hours: float = 26
    grace_days: float = 7
    allow_mass_removal: bool = False
    reason: str = ""

    def check(self) -> None:
        for name in ("max_removal_share", "max_run_removal_share"):
            if not 0 <= getattr(self, name) <= 1:
                raise SyncPlanError("%s: expected a share from 0 to 1, got %s" % (name, excerpt(getattr(self, name))))
        for name in ("mass_removal_min", "max_export_age_hours", "grace_days"):
            if getattr(self, name) < 0:
                raise SyncPlanError("%s: expected 0 or more, got %s" % (name, excerpt(getattr(self, name))))
        if self.allow_mass_removal and not self.reason.strip():
            raise SyncPlanError(
                "allow_mass_removal needs a reason (directory_allow_mass_removal_reason), kept in the run report"
            )


def _by_dn(entries: Any, what: str) -> dict[str, Mapping[str, Any]]:
    if not isinstance(entries, Sequence) or isinstance(entries, (str, bytes)):
        raise SyncPlanError("%s must be the list of an ldap_search, got %s" % (what, excerpt(entries)))
    found = {}
    for index, entry in enumerate(entries):
        if not isinstance(entry, Mapping) or not isinstance(entry.get("dn"), str) or not entry["dn"]:
            raise SyncPlanError("%s[%d] must be a mapping with a dn, got %s" % (what, index, excerpt(entry)))
        found[entry["dn"].lower()] = entry
    return found


def _disabled(entry: Mapping[str, Any]) -> bool:
    flags = values_of(entry, "userAccountControl")
    if len(flags) != 1 or not flags[0].lstrip("-").isdigit():
        raise SyncPlanError("%s: userAccountControl must be one integer, got %s" % (entry["dn"], excerpt(flags)))
    return bool(int(flags[0]) & ACCOUNTDISABLE)


def _members(entry: Mapping[str, Any]) -> list[str]:
    if any(name.lower().startswith("member;range=") for name in entry):
        raise SyncPlanError(
            "%s: the directory answered a ranged member list (more than its page of values); the sync reads "
            "complete member lists only" % entry["dn"]
        )
    return values_of(entry, "member")


def _managed_groups(identity: Mapping[str, Any], groups: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Every group of the model with its tenant and current members; a missing or unmarked one stops the sync."""
    managed = []
    for tenant in sorted(identity["tenants"]):
        for name, group in sorted(identity["tenants"][tenant]["groups"].items()):
            entry = groups.get(group["dn"].lower())
            if entry is None:
                raise SyncPlanError(
                    "%s is not in the directory: apply the directory role (structure) before the sync" % group["dn"]
                )
            if MARKER not in values_of(entry, "adminDescription"):
                raise SyncPlanError("%s is not marked %s: the sync changes only its own groups" % (entry["dn"], MARKER))
            managed.append(
                {
                    "tenant": tenant,
                    "name": name,
                    "dn": entry["dn"],
                    "members": {member.lower(): member for member in _members(entry)},
                }
            )
    return managed


def _state(state: Any) -> tuple[dict[str, Mapping[str, Any]], _dt.datetime | None]:
    """(the leavers' records by DN, the ``exported_at`` of the export last applied, or None)."""
    if state is None:
        return {}, None
    if (
        not isinstance(state, Mapping)
        or state.get("version") != STATE_VERSION
        or not isinstance(state.get("leavers"), Mapping)
    ):
        raise SyncPlanError("state: expected {version: %d, leavers: {...}}, got %s" % (STATE_VERSION, excerpt(state)))
    leavers = {}
    for key, record in state["leavers"].items():
        if not isinstance(record, Mapping):
            raise SyncPlanError("state: leavers[%s] must be a mapping, got %s" % (excerpt(key), excerpt(record)))
        try:
            first_seen = parse_timestamp(record.get("first_seen"), "state: leavers[%s].first_seen" % excerpt(key))
        except DivaltoError as exc:
            raise SyncPlanError(str(exc)) from None
        leavers[str(key).lower()] = dict(record, first_seen=first_seen)
    applied = None
    if state.get("exported_at") is not None:
        try:
            applied = parse_timestamp(state["exported_at"], "state: exported_at")
        except DivaltoError as exc:
            raise SyncPlanError(str(exc)) from None
    return leavers, applied


class _Sync:
    """One computation of the plan."""

    def __init__(self, identity: Mapping[str, Any], export: Mapping[str, Any], now: _dt.datetime, guard: Guard):
        self.identity = identity
        self.export = export
        self.now = now
        self.guard = guard
        self.tenants: dict[str, dict[str, Any]] = {
            tenant: {"add": [], "remove": [], "leavers": [], "refused": [], "licences": {}}
            for tenant in sorted(identity["tenants"])
        }
        self.groups_by_env = {
            "%s_%s" % (tenant, group["environment"]): name
            for tenant, record in identity["tenants"].items()
            for name, group in record["groups"].items()
            if group["kind"] == "environment"
        }

    def refuse(self, tenant: str, user: Mapping[str, Any] | None, why: str) -> None:
        self.tenants[tenant]["refused"].append(
            {"account": user["account"] if user else None, "line": user["line"] if user else None, "why": why}
        )

    def wanted(self, users: Mapping[str, Mapping[str, Any]]) -> tuple[dict[str, set], dict[str, str]]:
        """(group name -> DNs it should hold, DN -> account) of the active users; refusals as found."""
        wanted: dict[str, set] = {}
        active: dict[str, str] = {}
        by_name = {}
        for entry in users.values():
            for name in values_of(entry, "sAMAccountName"):
                by_name[name.lower()] = entry
        for user in self.export["users"]:
            tenant, record = user["tenant"], self.identity["tenants"][user["tenant"]]
            groups = self.user_groups(user, record)
            entry = by_name.get(user["account"].lower())
            if entry is None:
                if user["enabled"]:
                    self.refuse(tenant, user, "is not in the directory (DLMT has not written it yet?)")
                continue
            if not dn_under(entry["dn"], record["ou"]):
                self.refuse(tenant, user, "is outside the tenant's OU: %s" % excerpt(entry["dn"]))
                continue
            if MARKER in values_of(entry, "adminDescription"):
                self.refuse(tenant, user, "is an account of the collection (marked %s), not a person" % MARKER)
                continue
            if user["enabled"] and not _disabled(entry) and groups is not None:
                active[entry["dn"].lower()] = user["account"]
                for group in groups:
                    wanted.setdefault(group, set()).add(entry["dn"].lower())
        return wanted, active

    def user_groups(self, user: Mapping[str, Any], record: Mapping[str, Any]) -> list[str] | None:
        """The groups a line grants (profile first), or None when the line is refused."""
        tenant = user["tenant"]
        groups = []
        refused = False
        profiles = {group["profile"]: name for name, group in record["groups"].items() if group["kind"] == "licence"}
        if user["profile"] in profiles:
            groups.append(profiles[user["profile"]])
        else:
            self.refuse(tenant, user, "has profile %s, which the subscription does not license" % user["profile"])
            refused = True
        for key in user["environments"]:
            owner = key.partition("_")[0]
            if owner != tenant:
                group = self.groups_by_env.get(key, "the group of %s" % key)
                self.refuse(tenant, user, "is placed in another tenant's group: %s (tenant %s)" % (group, owner))
                refused = True
            elif key not in self.groups_by_env:
                self.refuse(tenant, user, "is granted %s, an environment the tenant does not have" % key)
                refused = True
            else:
                groups.append(self.groups_by_env[key])
        return None if refused else groups

    def licences(self) -> None:
        """Enabled named users per profile against the subscription's seats; over-use is refused."""
        for tenant, record in self.identity["tenants"].items():
            for name, group in sorted(record["groups"].items()):
                if group["kind"] != "licence":
                    continue
                named = sum(
                    1
                    for user in self.export["users"]
                    if user["tenant"] == tenant and user["profile"] == group["profile"] and user["enabled"]
                )
                over = max(0, named - int(group["seats"]))
                self.tenants[tenant]["licences"][group["profile"]] = {
                    "group": name,
                    "seats": int(group["seats"]),
                    "named": named,
                    "over": over,
                }
                if over:
                    self.refuse(
                        tenant,
                        None,
                        "%d enabled named users of profile %s, the subscription licenses %d"
                        % (named, group["profile"], int(group["seats"])),
                    )


def _leaver_why(user: Mapping[str, Any] | None, entry: Mapping[str, Any] | None) -> str:
    if user is None:
        return "not in DLMT's export"
    if not user["enabled"]:
        return "disabled in DLMT's export"
    if entry is not None and _disabled(entry):
        return "disabled in AD"
    return "not granted by DLMT's export"


def sync_plan(
    identity: Mapping[str, Any],
    export: Mapping[str, Any],
    groups: Any,
    users: Any,
    state: Any = None,
    now: _dt.datetime | None = None,
    guard: Guard | None = None,
) -> dict[str, Any]:
    """The sync's plan (module docstring); ``changes`` is empty unless ``status`` is ``ready`` or ``partial`` (some
    tenants refused, named in ``refused_tenants``: none of their groups is in ``changes``)."""
    if not isinstance(identity, Mapping) or not isinstance(identity.get("tenants"), Mapping):
        raise SyncPlanError("identity must be the divalto_identity variable, got %s" % excerpt(identity))
    guard = guard or Guard()
    guard.check()
    now = now or _dt.datetime.now(_dt.timezone.utc)
    found_users = _by_dn(users, "users")
    managed = _managed_groups(identity, _by_dn(groups, "groups"))
    previous, last_applied = _state(state)
    _check_order(export, last_applied)
    sync = _Sync(identity, export, now, guard)
    wanted, active = sync.wanted(found_users)
    sync.licences()
    refused_tenants = {tenant for tenant, record in sync.tenants.items() if record["refused"]}
    export_by_name = {user["account"].lower(): user for user in export["users"]}
    leavers: dict[str, dict[str, Any]] = {}
    changes: dict[str, list] = {"add": [], "remove": []}
    findings = _export_findings(export, now, guard) + _missing_tenants(export, managed)
    managed_count = removal_count = 0
    for group in managed:
        tenant_plan = sync.tenants[group["tenant"]]
        want = wanted.get(group["name"], set())
        adds = sorted(want - set(group["members"]))
        for key in adds:
            tenant_plan["add"].append({"group": group["name"], "account": active[key], "dn": found_users[key]["dn"]})
        removals = []
        for key in sorted(set(group["members"]) - want):
            dn = group["members"][key]
            if key in active:
                tenant_plan["remove"].append({"group": group["name"], "account": active[key], "dn": dn})
                removals.append(dn)
                continue
            entry = found_users.get(key)
            account = (values_of(entry, "sAMAccountName") or [dn])[0] if entry else dn
            leaver = leavers.setdefault(key, _leaver(key, dn, account, entry, export_by_name, previous, now, guard))
            leaver["groups"].append(group["name"])
            leaver.setdefault("tenants", set()).add(group["tenant"])
            if leaver["grace_over"] and group["tenant"] not in refused_tenants:
                removals.append(dn)
        if group["tenant"] in refused_tenants:
            continue  # a refused tenant changes nothing; the plan above still shows what it would have done
        findings.extend(_group_findings(group, removals, guard))
        managed_count += len(group["members"])
        removal_count += len(removals)
        if adds:
            changes["add"].append({"dn": group["dn"], "members": [found_users[key]["dn"] for key in adds]})
        if removals:
            changes["remove"].append({"dn": group["dn"], "members": removals})
    findings.extend(_run_findings(removal_count, managed_count, guard))
    for leaver in sorted(leavers.values(), key=lambda item: item["dn"].lower()):
        leaver["tenants_seen"] = sorted(leaver.pop("tenants"))
        for tenant in leaver["tenants_seen"]:
            sync.tenants[tenant]["leavers"].append({k: v for k, v in leaver.items() if k != "tenants_seen"})
    return _result(sync, findings, changes, leavers, export, refused_tenants)


def _leaver(
    key: str,
    dn: str,
    account: str,
    entry: Mapping[str, Any] | None,
    export_by_name: Mapping[str, Mapping[str, Any]],
    previous: Mapping[str, Mapping[str, Any]],
    now: _dt.datetime,
    guard: Guard,
) -> dict[str, Any]:
    # A first_seen after now (a clock set back, a hand-edited state) is capped at now: never a longer grace.
    first_seen = min(previous[key]["first_seen"], now) if key in previous else now
    due = first_seen + _dt.timedelta(days=guard.grace_days)
    return {
        "account": account,
        "dn": dn,
        "why": _leaver_why(export_by_name.get(account.lower()) if entry else None, entry),
        "first_seen": _iso(first_seen),
        "due": _iso(due),
        "grace_over": now >= due,
        "groups": [],
    }


def _group_findings(group: Mapping[str, Any], removals: list[str], guard: Guard) -> list[dict[str, Any]]:
    """A group losing all its members (however few), or more than the share and at least the minimum."""
    count, members = len(removals), len(group["members"])
    if not count:
        return []
    if count == members:
        why = "would remove all the %d member(s) of %s" % (members, group["name"])
    elif count >= guard.mass_removal_min and count > guard.max_removal_share * members:
        why = "would remove %d of the %d members of %s (more than %g%%)" % (
            count,
            members,
            group["name"],
            guard.max_removal_share * 100,
        )
    else:
        return []
    return [{"what": "mass_removal", "group": group["name"], "why": why}]


def _run_findings(removals: int, managed: int, guard: Guard) -> list[dict[str, Any]]:
    """The run-wide limit: more than ``max_run_removal_share`` of all the managed memberships removed at once."""
    if removals and removals > guard.max_run_removal_share * managed:
        return [
            {
                "what": "mass_removal",
                "group": None,
                "why": "would remove %d of the %d memberships of the managed groups (more than %g%% in one run)"
                % (removals, managed, guard.max_run_removal_share * 100),
            }
        ]
    return []


def _missing_tenants(export: Mapping[str, Any], managed: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A tenant whose managed groups have members but which has no line in the export (dropped by DLMT?)."""
    exported = {user["tenant"] for user in export["users"]}
    populated = sorted({group["tenant"] for group in managed if group["members"]})
    return [
        {
            "what": "missing_tenant",
            "tenant": tenant,
            "why": "tenant %s has members in its managed groups but no line in %s" % (tenant, export["source"]),
        }
        for tenant in populated
        if tenant not in exported
    ]


def _check_order(export: Mapping[str, Any], last_applied: _dt.datetime | None) -> None:
    """An export older than the one last applied (kept in the state) is never applied: it would undo newer grants."""
    exported_at = export.get("exported_at")
    if last_applied is not None and (exported_at is None or exported_at < last_applied):
        raise SyncPlanError(
            "%s: exported at %s, before the export last applied (%s, in the state): an older export is never applied"
            % (export["source"], _iso(exported_at) if exported_at else "at no date", _iso(last_applied))
        )


def _export_findings(export: Mapping[str, Any], now: _dt.datetime, guard: Guard) -> list[dict[str, Any]]:
    findings = []
    if not export["users"]:
        findings.append({"what": "empty_export", "why": "%s holds no user" % export["source"]})
    exported_at = export.get("exported_at")
    if exported_at is None:
        findings.append({"what": "stale_export", "why": "%s has no date (no exported_at line)" % export["source"]})
    elif exported_at - now > CLOCK_SKEW:
        raise SyncPlanError(
            "%s: exported at %s, after the controller's clock %s: one of the clocks is wrong"
            % (export["source"], _iso(exported_at), _iso(now))
        )
    elif (now - exported_at).total_seconds() > guard.max_export_age_hours * 3600:
        findings.append(
            {
                "what": "stale_export",
                "why": "%s was exported at %s (%s), %.1f hours ago, more than %g"
                % (
                    export["source"],
                    _iso(exported_at),
                    export.get("exported_at_from"),
                    (now - exported_at).total_seconds() / 3600,
                    guard.max_export_age_hours,
                ),
            }
        )
    return findings


def _result(
    sync: _Sync,
    findings: list[dict[str, Any]],
    changes: dict[str, list],
    leavers: Mapping[str, Mapping[str, Any]],
    export: Mapping[str, Any],
    refused_tenants: set[str],
) -> dict[str, Any]:
    refused = [
        dict(item, tenant=tenant, message=_refusal_message(tenant, item))
        for tenant, plan in sync.tenants.items()
        for item in plan["refused"]
    ]
    overridden = bool(findings) and sync.guard.allow_mass_removal
    if refused and not (changes["add"] or changes["remove"]):
        status = "refused"
    elif findings and not overridden:
        status = "stopped"
    elif refused:
        status = "partial"
    else:
        status = "ready"
    # A leaver of a refused tenant keeps its date (its removal waits for a run that is not refused there).
    pending = {
        key: leaver
        for key, leaver in leavers.items()
        if not leaver["grace_over"] or refused_tenants & set(leaver["tenants_seen"])
    }
    quiet = not (refused or findings or changes["add"] or changes["remove"] or leavers) and not any(
        licence["over"] for plan in sync.tenants.values() for licence in plan["licences"].values()
    )
    return {
        "status": status,
        "now": _iso(sync.now),
        "export": {
            "source": export["source"],
            "exported_at": _iso(export["exported_at"]) if export.get("exported_at") else None,
            "exported_at_from": export.get("exported_at_from"),
            "users": len(export["users"]),
        },
        "tenants": sync.tenants,
        "refused": refused,
        "refused_tenants": sorted(refused_tenants),
        "guard": {
            "findings": findings,
            "overridden": overridden,
            "reason": sync.guard.reason if overridden else "",
            "max_removal_share": sync.guard.max_removal_share,
            "mass_removal_min": sync.guard.mass_removal_min,
            "max_run_removal_share": sync.guard.max_run_removal_share,
            "max_export_age_hours": sync.guard.max_export_age_hours,
            "grace_days": sync.guard.grace_days,
        },
        "changes": changes if status in ("ready", "partial") else {"add": [], "remove": []},
        "state": {
            "version": STATE_VERSION,
            "exported_at": _iso(export["exported_at"]) if export.get("exported_at") else None,
            "leavers": {
                key: {"account": leaver["account"], "dn": leaver["dn"], "first_seen": leaver["first_seen"]}
                for key, leaver in sorted(pending.items())
            },
        },
        "quiet": quiet,
        "problems": _problems([item["message"] for item in refused] + [item["why"] for item in findings]),
        "shown": _shown(sync.tenants),
    }


def _problems(messages: list[str]) -> list[str]:
    """The refusals and findings for the run's failure message: at most MAX_PROBLEMS, then how many more."""
    if len(messages) <= MAX_PROBLEMS:
        return messages
    return messages[:MAX_PROBLEMS] + [
        "... and %d more (the run report lists them all)" % (len(messages) - MAX_PROBLEMS)
    ]


def _refusal_message(tenant: str, item: Mapping[str, Any]) -> str:
    if item["account"] is None:
        return "tenant %s: %s" % (tenant, item["why"])
    return "tenant %s: %s (line %d) %s" % (tenant, item["account"], item["line"], item["why"])


def _shown(tenants: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, list[str]]]:
    """One line per change, leaver and refusal, for the tenants that have any (what the dry run shows)."""
    shown = {}
    for tenant, plan in tenants.items():
        lines = {
            "add": ["%s: %s" % (item["group"], item["account"]) for item in plan["add"]],
            "remove": ["%s: %s" % (item["group"], item["account"]) for item in plan["remove"]],
            "leavers": [
                "%s (%s): %s, %s"
                % (
                    item["account"],
                    item["why"],
                    ", ".join(item["groups"]),
                    "grace over" if item["grace_over"] else "kept until %s" % item["due"],
                )
                for item in plan["leavers"]
            ],
            "refused": [_refusal_message(tenant, item) for item in plan["refused"]],
        }
        if any(lines.values()):
            shown[tenant] = {kind: entries for kind, entries in lines.items() if entries}
    return shown


def _iso(moment: _dt.datetime) -> str:
    return moment.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
