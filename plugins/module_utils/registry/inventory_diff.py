# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: what a registry change changes in the inventory, for change reviews.

Pure Python over two *normalised* inventories (the shape of the inventory
model, see ``inventory_model``)::

    {"hosts": {name: hostvars},
     "groups": {name: {"hosts": [...], "children": [...]}},
     "vars": {...}}                       # variables of the ``all`` group

``diff_inventories(base, head)`` returns a deterministic, JSON-serialisable
result: machines added and removed, group and membership changes, variable
changes as dotted paths (``hosts.<name>.<path>`` for host variables,
``<var>.<path>`` for variables of ``all``), a summary per tenant and
environment, and the blast radius: the machines the change touches when the
playbooks next run. The ``render_*`` functions turn it into text, Markdown
(a merge-request comment) or JSON.

Scopes: a change under ``divalto_environments.<tenant>_<env>``, of the group
``env_<tenant>_<env>``, or of an environment group's membership of another
group (``tenant_<t>``, ``envtype_<type>``) belongs to that environment; a
change under ``divalto_tenants.<tenant>`` or of the group ``tenant_<tenant>``
to that tenant; anything else to the platform.
"""

from __future__ import annotations

import datetime
import json

from ansible_collections.divalto.cloud.plugins.module_utils.core.model import INDEX_KEY
from ansible_collections.divalto.cloud.plugins.module_utils.core.topology import ENV_ORDER

# Variables Ansible sets on every host itself: they name the source file, so
# they differ between two checkouts without any change to the inventory.
MAGIC_HOST_VARS = frozenset(("inventory_file", "inventory_dir"))
# Derived lookups, left out of the diff: the model's index (``core.model.model_index``) says again which machine
# serves which environment, which the environments' records and groups already show (one tenant added would
# otherwise list its datacenter's whole environment list as changed).
DERIVED_PATHS = frozenset({("divalto_platform", INDEX_KEY)})
# Groups every inventory has; their membership is implied by the others.
IMPLICIT_GROUPS = frozenset(("all", "ungrouped"))
PLATFORM = "(platform)"
# A merge-request comment must stay readable (and under the forges' size limits):
# the Markdown report cuts its table and its list of changes; text and JSON never do.
MARKDOWN_ROWS = 50
MARKDOWN_CHANGES = 200


# ---------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------


def to_plain(value):
    """``value`` as plain JSON types (dict, list, str, int, float, bool, None).

    Ansible 2.19 wraps inventory values in tagged subclasses of the built-in
    types; a JSON round trip drops the tags. Dates become ISO strings, sets
    sorted lists, anything else its ``str``.
    """
    return json.loads(json.dumps(value, default=_json_fallback))


def _json_fallback(value):
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return sorted(value, key=str)
    return str(value)


def normalise_inventory(hosts, groups, all_vars):
    """The normalised inventory of Ansible's host and group objects.

    ``hosts`` and ``groups`` are iterables of objects with ``name`` and ``vars``
    (hosts) or ``name``, ``hosts`` and ``child_groups`` (groups), as Ansible's
    ``InventoryManager`` holds them; ``all_vars`` the variables of ``all``.
    Ansible's own per-host source variables and the implicit groups ``all``
    and ``ungrouped`` are left out.
    """
    return {
        "hosts": {
            host.name: to_plain({key: value for key, value in host.vars.items() if key not in MAGIC_HOST_VARS})
            for host in sorted(hosts, key=lambda item: item.name)
        },
        "groups": {
            group.name: {
                "hosts": sorted(member.name for member in group.hosts),
                "children": sorted(child.name for child in group.child_groups),
            }
            for group in sorted(groups, key=lambda item: item.name)
            if group.name not in IMPLICIT_GROUPS
        },
        "vars": to_plain(dict(all_vars)),
    }


# ---------------------------------------------------------------------------
# Diff
# ---------------------------------------------------------------------------


def diff_inventories(base, head):
    """The difference from inventory ``base`` to inventory ``head`` (see the module docstring)."""
    context = _Context(base, head)
    changes = []
    changes.extend(_machine_changes(context))
    changes.extend(_group_changes(context))
    changes.extend(_membership_changes(context))
    changes.extend(_variable_changes(context))
    for change in changes:
        change.scope = context.scope_of(change)
        change.touches = context.touches_of(change)
    radius = _BlastRadius(context, changes)
    return {
        "changed": bool(changes),
        "counts": _counts(changes, radius),
        "machines": {
            "added": [c.name for c in changes if c.kind == "machine" and c.change == "added"],
            "removed": [c.name for c in changes if c.kind == "machine" and c.change == "removed"],
        },
        "groups": {
            "added": [c.name for c in changes if c.kind == "group" and c.change == "added"],
            "removed": [c.name for c in changes if c.kind == "group" and c.change == "removed"],
            "memberships": [c.as_membership() for c in changes if c.kind in ("host", "child")],
        },
        "variables": [c.as_variable() for c in changes if c.kind == "variable"],
        "tenants": radius.tenant_summary(),
        "platform": radius.platform_summary(),
        "blast_radius": radius.as_dict(),
    }


class _Change:
    """One change; ``scope`` is (tenant, environment), either or both None for the platform/tenant level."""

    __slots__ = ("kind", "name", "change", "group", "parts", "old", "new", "scope", "touches")

    def __init__(self, kind, change, name=None, group=None, parts=None, old=None, new=None):
        self.kind = kind  # machine, group, host, child or variable
        self.change = change  # added, removed or changed
        self.name = name
        self.group = group
        self.parts = parts
        self.old = old
        self.new = new
        self.scope = (None, None)
        self.touches = []

    @property
    def path(self):
        return ".".join(str(part) for part in self.parts)

    def as_membership(self):
        return {"group": self.group, "type": self.kind, "member": self.name, "change": self.change}

    def as_variable(self):
        entry = {"path": self.path, "change": self.change}
        if self.change != "added":
            entry["old"] = self.old
        if self.change != "removed":
            entry["new"] = self.new
        return entry


class _Context:
    """Both inventories and the lookups that scope changes and find the machines they touch."""

    def __init__(self, base, head):
        self.base = base
        self.head = head
        self.environments = self._environment_keys()
        self._by_tenant = None

    def _environment_keys(self):
        keys = {}
        for side in (self.base, self.head):
            for key, record in side["vars"].get("divalto_environments", {}).items():
                if isinstance(record, dict) and "tenant" in record and "type" in record:
                    keys[key] = (record["tenant"], record["type"])
        return keys

    def environment(self, key):
        """(tenant, environment) of an environment key such as ``acme_staging``, or None."""
        if key in self.environments:
            return self.environments[key]
        for env in ENV_ORDER:
            suffix = "_" + env
            if key.endswith(suffix) and len(key) > len(suffix):
                return key[: -len(suffix)], env
        return None

    def group_scope(self, group):
        if group.startswith("env_") and self.environment(group[4:]):
            return self.environment(group[4:])
        if group.startswith("tenant_") and len(group) > 7:
            return group[7:], None
        return None, None

    def scope_of(self, change):
        if change.kind == "child" and change.name.startswith("env_") and self.environment(change.name[4:]):
            return self.environment(change.name[4:])
        if change.kind in ("group", "host", "child"):
            return self.group_scope(change.group if change.kind != "group" else change.name)
        if change.kind == "variable" and len(change.parts) >= 2:
            if change.parts[0] == "divalto_environments" and self.environment(change.parts[1]):
                return self.environment(change.parts[1])
            if change.parts[0] == "divalto_tenants":
                return change.parts[1], None
        return None, None

    def group_members(self, group):
        """Hosts of ``group`` in HEAD, or in BASE when HEAD no longer has it."""
        for side in (self.head, self.base):
            if group in side["groups"]:
                return side["groups"][group]["hosts"]
        return []

    def both_group_members(self, group):
        names = set()
        for side in (self.base, self.head):
            names.update(side["groups"].get(group, {}).get("hosts", []))
        return names

    def tenant_environments(self, tenant):
        """Sorted environment keys of ``tenant`` in BASE or HEAD (records and env_* groups)."""
        if self._by_tenant is None:
            self._by_tenant = {}
            keys = set(self.environments)
            for side in (self.base, self.head):
                keys.update(group[4:] for group in side["groups"] if group.startswith("env_"))
            for key in keys:
                scope = self.environment(key)
                if scope:
                    self._by_tenant.setdefault(scope[0], set()).add(key)
        return sorted(self._by_tenant.get(tenant, ()))

    def platform_value(self, section, name, field):
        values = []
        for side in (self.base, self.head):
            entry = side["vars"].get("divalto_platform", {}).get(section, {}).get(name)
            if isinstance(entry, dict) and field in entry:
                values.append(entry[field])
        return values

    def touches_of(self, change):
        """(machine, reason) pairs a change touches directly (scope-wide rules are applied later)."""
        if change.kind == "machine":
            return [(change.name, "added")] if change.change == "added" else []
        if change.kind == "host":
            verb = "joined" if change.change == "added" else "left"
            return [(change.name, "%s %s" % (verb, change.group))]
        if change.kind == "variable" and change.parts[0] == "hosts":
            return [(change.parts[1], "vars changed")]
        if change.kind == "variable" and change.scope == (None, None):
            return self._platform_touches(change.parts)
        return []

    def _platform_touches(self, parts):
        """pools.<p> -> its members, ha_pairs.<x> -> both members, datacenters/networks.<dc> -> its machines."""
        if parts[0] == "divalto_platform" and len(parts) >= 3:
            section, name = parts[1], parts[2]
            members = None
            if section == "pools":
                members = {machine for value in self.platform_value(section, name, "members") for machine in value}
                reason = "pool %s" % name
            elif section == "ha_pairs":
                members = set(self.platform_value(section, name, "primary"))
                members.update(self.platform_value(section, name, "secondary"))
                reason = "ha pair %s" % name
            elif section in ("datacenters", "networks"):
                members = self.both_group_members("dc_%s" % name)
                reason = "datacenter %s" % name
            if members is not None:
                return [(machine, reason) for machine in sorted(members)]
        return [(machine, "platform") for machine in self.head["hosts"]]


def _machine_changes(context):
    base, head = set(context.base["hosts"]), set(context.head["hosts"])
    changes = [_Change("machine", "added", name=name) for name in sorted(head - base)]
    changes.extend(_Change("machine", "removed", name=name) for name in sorted(base - head))
    return changes


def _group_changes(context):
    base, head = set(context.base["groups"]), set(context.head["groups"])
    changes = [_Change("group", "added", name=name) for name in sorted(head - base)]
    changes.extend(_Change("group", "removed", name=name) for name in sorted(base - head))
    return changes


def _membership_changes(context):
    """Hosts and children that joined or left a group; a missing group counts as empty."""
    changes = []
    empty = {"hosts": [], "children": []}
    for group in sorted(set(context.base["groups"]) | set(context.head["groups"])):
        old = context.base["groups"].get(group, empty)
        new = context.head["groups"].get(group, empty)
        for field, kind in (("hosts", "host"), ("children", "child")):
            before, after = set(old[field]), set(new[field])
            changes.extend(_Change(kind, "added", name=name, group=group) for name in sorted(after - before))
            changes.extend(_Change(kind, "removed", name=name, group=group) for name in sorted(before - after))
    return changes


def _variable_changes(context):
    changes = []
    base_hosts, head_hosts = context.base["hosts"], context.head["hosts"]
    for host in sorted(set(base_hosts) & set(head_hosts)):
        _diff_values(base_hosts[host], head_hosts[host], ("hosts", host), changes)
    _diff_values(context.base["vars"], context.head["vars"], (), changes)
    return changes


def _diff_values(old, new, parts, changes):
    """Append a variable change for every difference; dicts are recursed, anything else compared whole."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(set(old) | set(new), key=str):
            sub = parts + (key,)
            if sub in DERIVED_PATHS:
                continue
            if key not in new:
                changes.append(_Change("variable", "removed", parts=sub, old=old[key]))
            elif key not in old:
                changes.append(_Change("variable", "added", parts=sub, new=new[key]))
            else:
                _diff_values(old[key], new[key], sub, changes)
    elif old != new or type(old) is not type(new):
        changes.append(_Change("variable", "changed", parts=parts, old=old, new=new))


# ---------------------------------------------------------------------------
# Summary and blast radius
# ---------------------------------------------------------------------------


class _BlastRadius:
    """Machines touched, by reason, overall and per scope."""

    def __init__(self, context, changes):
        self.context = context
        self.changes = changes
        self.removed = sorted(c.name for c in changes if c.kind == "machine" and c.change == "removed")
        self.present = set(context.head["hosts"])
        self.by_scope = {}
        self.counts = {}
        self.whole = {}
        self.platform_wide = False
        for change in changes:
            self.counts[change.scope] = self.counts.get(change.scope, 0) + 1
            self._note_whole(change)
            self._touch(change.scope, change.touches)
            if any(reason == "platform" for _machine, reason in change.touches):
                self.platform_wide = True
        for scope in sorted(self.by_scope, key=_scope_key):
            self._apply_scope_rule(scope)

    def _note_whole(self, change):
        """Remember additions and removals of whole tenant/environment records and groups."""
        if change.change == "changed":
            return
        if change.kind == "group":
            self.whole[("group", change.name)] = change.change
        elif change.kind == "variable" and len(change.parts) == 2:
            self.whole[("variable",) + change.parts] = change.change

    def _touch(self, scope, touches):
        reasons = self.by_scope.setdefault(scope, {})
        for machine, reason in touches:
            if machine in self.present:
                reasons.setdefault(machine, set()).add(reason)

    def _apply_scope_rule(self, scope):
        tenant, env = scope
        if tenant is None:
            return
        if env is not None:
            key = "%s_%s" % (tenant, env)
            self._touch(scope, [(m, "serves %s" % key) for m in self.context.group_members("env_%s" % key)])
            return
        for key in self.context.tenant_environments(tenant):
            self._touch(scope, [(m, "tenant %s" % tenant) for m in self.context.group_members("env_%s" % key)])

    def machines(self, scopes=None):
        names = set()
        for scope in self.by_scope if scopes is None else scopes:
            names.update(self.by_scope.get(scope, ()))
        return sorted(names)

    def as_dict(self):
        reasons = {}
        for scope_reasons in self.by_scope.values():
            for machine, why in scope_reasons.items():
                reasons.setdefault(machine, set()).update(why)
        return {
            "machines": sorted(reasons),
            "platform_wide": self.platform_wide,
            "reasons": {machine: sorted(reasons[machine]) for machine in sorted(reasons)},
            "removed_machines": self.removed,
        }

    def tenant_summary(self):
        envs = {}
        for tenant, env in self.by_scope:
            if tenant is not None:
                envs.setdefault(tenant, set())
                if env is not None:
                    envs[tenant].add(env)
        return {tenant: self._tenant(tenant, sorted(envs[tenant], key=_env_rank)) for tenant in sorted(envs)}

    def _tenant(self, tenant, envs):
        scopes = [(tenant, None)] + [(tenant, env) for env in envs]
        return {
            "status": self._status(("variable", "divalto_tenants", tenant), ("group", "tenant_%s" % tenant)),
            "changes": self.counts.get((tenant, None), 0),
            "machines": self.machines(scopes),
            "environments": {env: self._environment(tenant, env) for env in envs},
        }

    def _environment(self, tenant, env):
        key = "%s_%s" % (tenant, env)
        return {
            "status": self._status(("variable", "divalto_environments", key), ("group", "env_%s" % key)),
            "changes": self.counts.get((tenant, env), 0),
            "machines": self.machines([(tenant, env)]),
        }

    def _status(self, record, group):
        """added or removed when the tenant's (environment's) record or group is, else changed."""
        return self.whole.get(record) or self.whole.get(group) or "changed"

    def platform_summary(self):
        scope = (None, None)
        return {"changes": self.counts.get(scope, 0), "machines": self.machines([scope])}


def _env_rank(env):
    return (ENV_ORDER.index(env) if env in ENV_ORDER else len(ENV_ORDER), env)


def _scope_key(scope):
    return (scope[0] or "", scope[1] or "")


def _counts(changes, radius):
    def count(kind, change=None):
        return sum(1 for c in changes if c.kind in kind and (change is None or c.change == change))

    return {
        "changes": len(changes),
        "machines_added": count(("machine",), "added"),
        "machines_removed": count(("machine",), "removed"),
        "groups_added": count(("group",), "added"),
        "groups_removed": count(("group",), "removed"),
        "memberships": count(("host", "child")),
        "variables": count(("variable",)),
        "tenants": len({c.scope[0] for c in changes if c.scope[0] is not None}),
        "environments": len({c.scope for c in changes if c.scope[1] is not None}),
        "machines_touched": len(radius.machines()),
    }


# ---------------------------------------------------------------------------
# Renderers
# ---------------------------------------------------------------------------


def render_json(result):
    """The result as JSON with sorted keys (ends with a newline)."""
    return json.dumps(result, sort_keys=True, indent=2) + "\n"


def _value(value):
    return json.dumps(value, sort_keys=True)


def _plural(count, word):
    return "%d %s%s" % (count, word, "" if count == 1 else "s")


def headline(result):
    """One sentence: how many changes, of which kinds, and how many machines they touch."""
    counts = result["counts"]
    if not result["changed"]:
        return "no changes"
    return "%s (machines +%d -%d, groups +%d -%d, memberships %d, variables %d); %s touched" % (
        _plural(counts["changes"], "change"),
        counts["machines_added"],
        counts["machines_removed"],
        counts["groups_added"],
        counts["groups_removed"],
        counts["memberships"],
        counts["variables"],
        _plural(counts["machines_touched"], "machine"),
    )


def change_lines(result):
    """Every change, one per line: ``+`` added, ``-`` removed, ``~`` changed."""
    lines = []
    for name in result["machines"]["added"]:
        lines.append("+ machine %s" % name)
    for name in result["machines"]["removed"]:
        lines.append("- machine %s" % name)
    for name in result["groups"]["added"]:
        lines.append("+ group %s" % name)
    for name in result["groups"]["removed"]:
        lines.append("- group %s" % name)
    for entry in result["groups"]["memberships"]:
        sign = "+" if entry["change"] == "added" else "-"
        lines.append("%s %s %s in group %s" % (sign, entry["type"], entry["member"], entry["group"]))
    for entry in result["variables"]:
        if entry["change"] == "added":
            lines.append("+ %s: %s" % (entry["path"], _value(entry["new"])))
        elif entry["change"] == "removed":
            lines.append("- %s: %s" % (entry["path"], _value(entry["old"])))
        else:
            lines.append("~ %s: %s -> %s" % (entry["path"], _value(entry["old"]), _value(entry["new"])))
    return lines


def summary_rows(result):
    """(tenant, environment, status, changes, machines touched) rows; tenant-level rows have environment ''."""
    rows = []
    for tenant, summary in result["tenants"].items():
        if summary["changes"] or summary["status"] != "changed":
            rows.append((tenant, "", summary["status"], summary["changes"], len(summary["machines"])))
        for env, env_summary in summary["environments"].items():
            rows.append((tenant, env, env_summary["status"], env_summary["changes"], len(env_summary["machines"])))
    platform = result["platform"]
    if platform["changes"]:
        rows.append((PLATFORM, "", "changed", platform["changes"], len(platform["machines"])))
    return rows


def render_text(result):
    """Plain-text report for a terminal or a CI log."""
    lines = ["inventory diff: %s" % headline(result)]
    if not result["changed"]:
        return lines[0] + "\n"
    lines.append("")
    lines.append("changes:")
    lines.extend("  %s" % line for line in change_lines(result))
    lines.append("")
    lines.append("by tenant:")
    for tenant, env, status, changes, machines in summary_rows(result):
        label = "%s/%s" % (tenant, env) if env else tenant
        lines.append("  %s: %s, %s, %s" % (label, status, _plural(changes, "change"), _plural(machines, "machine")))
    lines.extend(_text_radius(result["blast_radius"]))
    return "\n".join(lines) + "\n"


def _text_radius(radius):
    lines = ["", "blast radius: %s%s" % (_plural(len(radius["machines"]), "machine"), _wide_note(radius))]
    for machine in radius["machines"]:
        lines.append("  %s (%s)" % (machine, ", ".join(radius["reasons"][machine])))
    if radius["removed_machines"]:
        lines.append("removed machines (gone, not touched): %s" % ", ".join(radius["removed_machines"]))
    return lines


def _wide_note(radius):
    return " (platform-wide: every machine)" if radius["platform_wide"] else ""


def _capped(lines, limit, what):
    if len(lines) <= limit:
        return lines
    return lines[:limit] + ["... and %d more %s (see the text or JSON output)" % (len(lines) - limit, what)]


def render_markdown(result):
    """Markdown for a merge-request comment: headline, per-tenant table, blast radius, the changes folded.

    The table keeps its first MARKDOWN_ROWS rows and the changes their first MARKDOWN_CHANGES lines.
    """
    lines = ["### Inventory diff", "", "**%s**" % headline(result)]
    if not result["changed"]:
        return "\n".join(lines) + "\n"
    rows = summary_rows(result)
    if rows:
        lines.extend(["", "| Tenant | Environment | Status | Changes | Machines touched |", "|---|---|---|---:|---:|"])
        table = []
        for tenant, env, status, changes, machines in rows:
            label = env or ("" if tenant == PLATFORM else "(tenant)")
            table.append("| %s | %s | %s | %d | %d |" % (tenant, label, status, changes, machines))
        lines.extend(_capped(table, MARKDOWN_ROWS, "rows"))
    radius = result["blast_radius"]
    lines.extend(["", "**Blast radius**: %s%s" % (_plural(len(radius["machines"]), "machine"), _wide_note(radius))])
    if radius["machines"]:
        lines.extend(["", ", ".join("`%s`" % machine for machine in radius["machines"])])
    if radius["removed_machines"]:
        removed = ", ".join("`%s`" % machine for machine in radius["removed_machines"])
        lines.extend(["", "**Removed machines** (gone, not touched): %s" % removed])
    lines.extend(["", "<details><summary>All changes</summary>", "", "```diff"])
    lines.extend(_capped(change_lines(result), MARKDOWN_CHANGES, "changes"))
    lines.extend(["```", "", "</details>"])
    return "\n".join(lines) + "\n"
