# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: a summary of the platform for people.

Built from the inventory's own variables (``divalto_platform``,
``divalto_tenants``, ``divalto_environments``) and group membership, so it
shows exactly what the playbooks will see.
"""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.module_utils.core.topology import (
    ENV_ORDER,
    PAIR_PLACEMENT,
    pair_allocation,
)


def summarize(platform, tenants, environments, groups):
    """Return the summary as plain data (see ``render_text`` for the layout)."""
    return {
        "tenants": _tenants(tenants),
        "environments_by_type": _environments_by_type(environments),
        "machines": _machines(environments, groups),
        "storage": _storage(platform, environments),
    }


def _tenants(tenants):
    rows = []
    for name in sorted(tenants):
        tenant = tenants[name]
        subscription = tenant["subscription"]
        rows.append(
            {
                "tenant": name,
                "name": tenant["name"],
                "business_profile": subscription["business_profile"],
                "users": sum(subscription["users"].values()),
                "options": sorted(subscription.get("options", [])),
                "terminals": bool(subscription.get("terminals", False)),
                "environments": list(tenant["environments"]),
            }
        )
    return rows


def _environments_by_type(environments):
    counts = {env: 0 for env in ENV_ORDER}
    for record in environments.values():
        counts[record["type"]] += 1
    return counts


def _machines(environments, groups):
    """Each machine with the environments it serves (from the env_* groups).

    Role, datacenter and pool or HA pair come from the ``role_*``, ``dc_*``,
    ``pool_*`` and ``ha_*`` groups. DMZ proxies serve every environment of
    their datacenter.
    """
    served = {}
    by_datacenter = {}
    for key in sorted(environments):
        by_datacenter.setdefault(environments[key]["datacenter"], []).append(key)
        for host in groups.get("env_%s" % key, []):
            served.setdefault(host, []).append(key)
    facts = {}
    for group in sorted(groups):
        prefix, _sep, value = group.partition("_")
        if prefix in ("role", "dc", "pool", "ha") and value:
            for host in groups[group]:
                facts.setdefault(host, {})[prefix] = value
    rows = []
    for name in sorted(facts):
        fact = facts[name]
        environments_served = served.get(name, [])
        if fact.get("role") == "reverse_proxy":
            environments_served = by_datacenter.get(fact.get("dc"), [])
        rows.append(
            {
                "name": name,
                "role": fact.get("role", "?"),
                "datacenter": fact.get("dc", "?"),
                "unit": fact.get("pool") or fact.get("ha") or "-",
                "environments": environments_served,
            }
        )
    return rows


def _storage(platform, environments):
    """Per data HA pair: quotas placed on it (included + extensions) against its capacity."""
    rows = []
    for pair_name in sorted(platform["ha_pairs"]):
        pair = platform["ha_pairs"][pair_name]
        if pair["role"] not in PAIR_PLACEMENT:
            continue
        allocation = pair_allocation(environments, pair_name, pair["role"])
        allocated, extensions = allocation["allocated_gb"], allocation["extensions_gb"]
        capacity = pair["storage_gb"]
        rows.append(
            {
                "ha_pair": pair_name,
                "role": pair["role"],
                "datacenter": pair["datacenter"],
                "environments": len(allocation["environments"]),
                "included_gb": allocated - extensions,
                "extensions_gb": extensions,
                "allocated_gb": allocated,
                "capacity_gb": capacity,
                "percent": round(100.0 * allocated / capacity, 1) if capacity else None,
            }
        )
    return rows


def render_text(summary):
    """The summary as lines of text, one table per section."""
    lines = [
        "Registry valid: %d tenants, %d environments, %d machines"
        % (len(summary["tenants"]), sum(summary["environments_by_type"].values()), len(summary["machines"])),
        "Tenants (%d)" % len(summary["tenants"]),
    ]
    for row in summary["tenants"]:
        lines.append(
            "  %-12s %-28s %-13s %4d users  envs: %-40s options: %s%s"
            % (
                row["tenant"],
                row["name"],
                row["business_profile"],
                row["users"],
                ", ".join(row["environments"]),
                ", ".join(row["options"]) or "-",
                "  (Telnet terminals)" if row["terminals"] else "",
            )
        )
    counts = summary["environments_by_type"]
    lines.append("Environments by type (%d)" % sum(counts.values()))
    lines.extend("  %-11s %d" % (env, count) for env, count in counts.items())
    lines.append("Machines and the environments they serve")
    for row in summary["machines"]:
        lines.append(
            "  %-14s %-13s %-5s %-11s %2d  %s"
            % (
                row["name"],
                row["role"],
                row["datacenter"],
                row["unit"],
                len(row["environments"]),
                ", ".join(row["environments"]) or "-",
            )
        )
    lines.append("Storage: quotas (included + extensions) against data-server capacity")
    for row in summary["storage"]:
        lines.append(
            "  %-11s %-4s %-5s %2d envs  %6d GB = %6d included + %6d extensions  of %6d GB  (%s%%)"
            % (
                row["ha_pair"],
                row["role"],
                row["datacenter"],
                row["environments"],
                row["allocated_gb"],
                row["included_gb"],
                row["extensions_gb"],
                row["capacity_gb"],
                row["percent"],
            )
        )
    return lines
