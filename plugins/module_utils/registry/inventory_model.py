# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the inventory derived from a validated registry.

The model is plain, JSON-serialisable data, sorted everywhere::

    {"hosts": {name: hostvars},
     "groups": {name: {"hosts": [...], "children": [...]}},
     "vars": {...}}                       # variables of the ``all`` group

Hosts are machines. A machine is in ring ``prod`` when it serves a production
environment (a DMZ proxy serves every environment of its datacenter), else in
ring ``nonprod``. Per-environment data is stored once, in
``divalto_environments`` of the ``all`` group, never copied into the vars of
the machines that serve it; the ``env_<tenant>_<env>`` groups say which
machines those are. ``divalto_platform.machines`` holds every machine's facts
(the ``divalto_machine`` of its host, address included), so that no consumer
needs another host's variables (``core.model.PlatformModel`` reads it back).
The same model feeds the inventory plugin, the inventory-diff tool and the
cache.
"""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.module_utils.core.model import INDEX_KEY, MODEL_VERSION, model_index
from ansible_collections.divalto.cloud.plugins.module_utils.core.topology import (
    ENV_ORDER,
    ha_pairs,
    pair_storage_gb,
    patch_cadences,
    pool_members,
    proxies_by_datacenter,
    safe_group_name,
    serving_machines,
)
from ansible_collections.divalto.cloud.plugins.module_utils.registry.environment import describe_environment

PLATFORM_SETTINGS = (
    "service_hours",
    "maintenance_windows",
    "patching",
    "zone_flows",
    "backup",
    "health_checks",
    "antivirus",
    "schedules",
    "neutralisation",
    "client_access",
)


def build_inventory_model(registry):
    """Return the inventory model of a validated ``Registry``."""
    platform = registry.platform
    pools = pool_members(platform)
    pairs = ha_pairs(platform)
    proxies = proxies_by_datacenter(platform)
    groups = {}
    environments = {}
    tenants = {}
    served = {name: set() for name in platform["machines"]}

    for tenant_name in sorted(registry.tenants):
        tenant = registry.tenants[tenant_name]
        tenant_group = "tenant_%s" % tenant_name
        env_types = [env for env in ENV_ORDER if env in tenant["environments"]]
        for env in env_types:
            record = describe_environment(platform, tenant_name, tenant, env, tenant["environments"][env])
            key = record["key"]
            environments[key] = record
            machines = serving_machines(record["placement"], pools, pairs)
            env_group = "env_%s" % key
            _group(groups, env_group)["hosts"] = machines
            _add_child(groups, tenant_group, env_group)
            _add_child(groups, "envtype_%s" % env, env_group)
            for machine in machines + proxies.get(record["datacenter"], []):
                served[machine].add(env)
        tenants[tenant_name] = {
            "name": tenant["name"],
            "subscription": tenant["subscription"],
            "environments": env_types,
        }

    hosts = {}
    facts = {}
    for name in sorted(platform["machines"]):
        machine = platform["machines"][name]
        ring = "prod" if "production" in served[name] else "nonprod"
        cadences = patch_cadences(platform, machine["role"])
        facts[name] = _machine_vars(name, machine, ring, cadences)
        hosts[name] = {"ansible_host": machine["address"], "divalto_machine": facts[name]}
        memberships = [
            "zone_%s" % machine["zone"],
            "role_%s" % machine["role"],
            "dc_%s" % machine["datacenter"],
            "os_%s" % machine["os"],
            "ring_%s" % ring,
        ]
        memberships.extend("patch_%s" % cadence for cadence in cadences)
        if machine.get("pool"):
            memberships.append("pool_%s" % safe_group_name(machine["pool"]))
        if machine.get("ha_pair"):
            memberships.append("ha_%s" % safe_group_name(machine["ha_pair"]))
        for group in memberships:
            _group(groups, group)["hosts"].append(name)

    for group in groups.values():
        group["hosts"] = sorted(group["hosts"])
        group["children"] = sorted(group["children"])
    return {
        "version": MODEL_VERSION,
        "hosts": hosts,
        "groups": {name: groups[name] for name in sorted(groups)},
        "vars": {
            "divalto_platform": _platform_vars(platform, pools, pairs, facts, environments),
            "divalto_service_packs": {v: registry.service_packs[v] for v in sorted(registry.service_packs)},
            "divalto_tenants": tenants,
            "divalto_environments": {key: environments[key] for key in sorted(environments)},
        },
    }


def _group(groups, name):
    if name not in groups:
        groups[name] = {"hosts": [], "children": []}
    return groups[name]


def _add_child(groups, parent, child):
    _group(groups, parent)["children"].append(child)


def _machine_vars(name, machine, ring, cadences):
    facts = {
        "name": name,
        "zone": machine["zone"],
        "role": machine["role"],
        "os": machine["os"],
        "datacenter": machine["datacenter"],
        "address": machine["address"],
        "capacity": dict(machine["capacity"]),
        "ring": ring,
        "patch_cadences": cadences,
    }
    for optional in ("pool", "ha_pair", "ha_member"):
        if machine.get(optional):
            facts[optional] = machine[optional]
    return facts


def _platform_vars(platform, pools, pairs, facts, environments):
    settings = dict(platform["platform"])
    result = {
        "settings": settings,
        "machines": facts,
        "datacenters": platform["datacenters"],
        "networks": platform["networks"],
        "pools": {
            name: dict(platform["pools"][name], members=pools.get(name, [])) for name in sorted(platform["pools"])
        },
        "ha_pairs": {
            name: {
                "role": sorted(pair["roles"])[0],
                "datacenter": sorted(pair["datacenters"])[0],
                "primary": pair["members"]["primary"][0],
                "secondary": pair["members"]["secondary"][0],
                "storage_gb": pair_storage_gb(platform, pair["members"]["primary"] + pair["members"]["secondary"]),
            }
            for name, pair in sorted(pairs.items())
        },
    }
    for key in PLATFORM_SETTINGS:
        if key in platform:
            result[key] = platform[key]
    result[INDEX_KEY] = model_index(result, environments)
    return result
