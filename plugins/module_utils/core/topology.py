# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: machines, pools, HA pairs and who serves what.

Pure functions over the ``platform.yml`` document. The machines that serve an
environment are the members of its application pool and both members of its
SQL and file-server HA pairs. The DMZ reverse proxies are shared by every
environment of their datacenter: they are reached through
``role_reverse_proxy:&dc_<datacenter>``, not listed in each environment's
group (a proxy in thousands of groups would make every inventory load
quadratic in the number of environments).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

ENV_ORDER = ("production", "staging", "testing", "training", "setup")
# The security zones and the roles of their machines (seed: DMZ, processing pool, data zone).
ZONE_ROLES = {
    "dmz": ("reverse_proxy",),
    "processing": ("app",),
    "data": ("sql", "file", "backup_vault"),
}
ZONES = tuple(ZONE_ROLES)
ROLES = tuple(role for roles in ZONE_ROLES.values() for role in roles)
BACKUP_VAULT_ROLE = "backup_vault"


def pool_members(platform: Mapping[str, Any]) -> dict[str, list[str]]:
    """{pool name: sorted machine names} for every pool named by a machine."""
    members: dict[str, list[str]] = {}
    for name, machine in platform["machines"].items():
        pool = machine.get("pool")
        if pool:
            members.setdefault(pool, []).append(name)
    return {pool: sorted(names) for pool, names in members.items()}


def ha_pairs(platform: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """{pair name: {"members": {...}, "role", "datacenter"}} derived from the machines.

    ``members`` maps ``primary``/``secondary`` to lists of machine names, so an
    invalid pair (two primaries, a missing secondary) stays visible for checks.
    """
    pairs: dict[str, dict[str, Any]] = {}
    for name in sorted(platform["machines"]):
        machine = platform["machines"][name]
        pair = machine.get("ha_pair")
        if not pair:
            continue
        entry = pairs.setdefault(
            pair,
            {"members": {"primary": [], "secondary": []}, "roles": set(), "datacenters": set()},
        )
        entry["members"][machine["ha_member"]].append(name)
        entry["roles"].add(machine["role"])
        entry["datacenters"].add(machine["datacenter"])
    return pairs


def pair_storage_gb(platform: Mapping[str, Any], members: Iterable[str]) -> int:
    """Usable storage of a redundant pair: what its smallest member holds."""
    sizes = [platform["machines"][name]["capacity"]["storage_gb"] for name in members]
    return min(sizes) if sizes else 0


def machines_of(
    machines: Mapping[str, Mapping[str, Any]], role: str | None = None, datacenter: str | None = None
) -> list[str]:
    """Sorted names of the machines of ``role`` and ``datacenter`` (each when given) in ``machines``, a mapping
    of machine name to its ``divalto_machine`` variables (``platform["machines"]``)."""
    return sorted(
        name
        for name, machine in machines.items()
        if (role is None or machine.get("role") == role)
        and (datacenter is None or machine.get("datacenter") == datacenter)
    )


def backup_vault(machines: Mapping[str, Mapping[str, Any]], datacenter: str) -> str | None:
    """The backup vault of ``datacenter`` that receives the SQL Server backups, builds the D+1 packages and first
    serves their downloads: the first by name (``None`` when the datacenter has none). The others stand by."""
    vaults = machines_of(machines, role=BACKUP_VAULT_ROLE, datacenter=datacenter)
    return vaults[0] if vaults else None


def backup_vaults(machines: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """``{datacenter: backup_vault(machines, datacenter)}`` for every datacenter with a backup vault, in one pass."""
    vaults: dict[str, str] = {}
    for name in machines_of(machines, role=BACKUP_VAULT_ROLE):
        vaults.setdefault(machines[name]["datacenter"], name)
    return vaults


def backup_vault_addresses(machines: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """``{datacenter: address}`` of each datacenter's backup vault (:func:`backup_vaults`): where the file servers
    send their restic repositories and the restores read them back."""
    return {datacenter: machines[name]["address"] for datacenter, name in backup_vaults(machines).items()}


def proxies_by_datacenter(platform: Mapping[str, Any]) -> dict[str, list[str]]:
    proxies: dict[str, list[str]] = {}
    for name, machine in platform["machines"].items():
        if machine["role"] == "reverse_proxy":
            proxies.setdefault(machine["datacenter"], []).append(name)
    return {dc: sorted(names) for dc, names in proxies.items()}


def backend_name(key: str) -> str:
    """The proxies' name of the HTTPS backend of environment ``key`` (``be_acme_production``)."""
    return "be_%s" % key


def telnet_backend_name(key: str) -> str:
    """The proxies' name of the Telnet pass-through backend of environment ``key``."""
    return "be_%s_telnet" % key


def telnet_frontend_name(key: str) -> str:
    """The proxies' name of the Telnet pass-through frontend of environment ``key``."""
    return "fe_%s_telnet" % key


def wpf_backend_name(key: str) -> str:
    """The proxies' name of the WPF thin-client pass-through backend of environment ``key``."""
    return "be_%s_wpf" % key


def wpf_frontend_name(key: str) -> str:
    """The proxies' name of the WPF thin-client pass-through frontend of environment ``key``."""
    return "fe_%s_wpf" % key


def environment_backends(key: str, record: Mapping[str, Any], port_settings: Mapping[str, Any]) -> list[str]:
    """Sorted names of the proxies' backends of environment ``key`` (its ``divalto_environments`` record).

    ``be_<key>`` always, ``be_<key>_telnet`` when it has a Telnet port, ``be_<key>_wpf`` when the proxies route
    its WPF port (``platform.ports`` has a ``wpf_range``), as ``haproxy.build_model`` writes them.
    """
    ports = record.get("ports") or {}
    backends = [backend_name(key)]
    if ports.get("telnet") is not None:
        backends.append(telnet_backend_name(key))
    if "wpf_range" in port_settings and ports.get("wpf") is not None:
        backends.append(wpf_backend_name(key))
    return sorted(backends)


def environment_key(tenant: str, environment: str) -> str:
    return "%s_%s" % (tenant, environment)


def serving_machines(
    placement: Mapping[str, Any], pools: Mapping[str, Iterable[str]], pairs: Mapping[str, Mapping[str, Any]]
) -> list[str]:
    """Sorted machine names that serve an environment placed as ``placement``."""
    names = set(pools.get(placement["pool"], ()))
    for kind in ("sql", "files"):
        pair = pairs.get(placement[kind])
        if pair:
            for members in pair["members"].values():
                names.update(members)
    return sorted(names)


def safe_group_name(name: str) -> str:
    """Ansible group names allow letters, digits and underscores only."""
    return name.replace("-", "_").replace(".", "_")


def patch_cadences(platform: Mapping[str, Any], role: str) -> list[str]:
    """Sorted cadences (monthly, quarterly) that patch machines of ``role``."""
    return sorted(
        cadence
        for cadence, components in platform.get("patching", {}).items()
        if any(role in component["roles"] for component in components)
    )


# Where an environment record names its data pair, and which quota that pair holds, by pair role.
PAIR_PLACEMENT = {"sql": ("sql", "database_gb"), "file": ("files", "files_gb")}


def pair_allocation(environments: Mapping[str, Any], pair: str, role: str) -> dict[str, Any]:
    """The environments placed on data HA pair ``pair`` (of ``role`` sql or file) and the quotas they hold.

    ``environments`` is the ``divalto_environments`` inventory variable. Returns ``{"environments": sorted keys,
    "allocated_gb": quota sum, "extensions_gb": of which purchased extensions}``.
    """
    placement_kind, quota_kind = PAIR_PLACEMENT[role]
    placed = sorted(key for key, record in environments.items() if record["placement"].get(placement_kind) == pair)
    return {
        "environments": placed,
        "allocated_gb": sum(environments[key]["quota"][quota_kind] for key in placed),
        "extensions_gb": sum(environments[key]["quota"]["extensions"][quota_kind] for key in placed),
    }
