#!/usr/bin/env python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write a synthetic, valid tenant registry of any size.

Used by the benchmarks and by tests that need more than the example platform. The shape follows the
example platform (inventories/example/registry): its two datacenters, and every settings section of its
platform.yml (service hours, maintenance windows, patching, zone flows, backup, health checks, schedules,
whatever it has), copied as they are. Then, whatever the number of tenants, about 290 machines:

- in each datacenter, DMZ proxies, production application pools and smaller non-production ones, SQL
  Server HA pairs, and file-server HA pairs (Linux and Windows); the backup vaults in the recovery one;
- tenants placed in both datacenters (about 70% in the primary one), production on a production pool,
  every other environment on a non-production pool of the same datacenter, all on the tenant's SQL and
  file pairs; about 3.5 environments per tenant;
- custom host names, add-on directories (accented names included), storage extensions, a WPF port per
  environment, Telnet ports for
  the tenants with terminals, users of every profile, options and languages of the catalogue.

Data servers are sized after the tenants are placed, so that their quotas never overcommit them.
Deterministic: the same (tenants, seed) writes the same files.
"""

from __future__ import annotations

import argparse
import os
import random

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE_PLATFORM = os.path.join(os.path.dirname(HERE), "inventories", "example", "registry", "platform.yml")
# The sections of platform.yml that describe machines; every other one is a setting copied from the example.
TOPOLOGY = ("platform", "datacenters", "networks", "pools", "machines")

ENV_TYPES = ("staging", "testing", "training", "setup")
SERVICE_PACKS = {  # version: (kind, for production, for the other environments)
    "v2025_erpx12_p310": ("service_pack", True, False),
    "v2026_erpx13_p223a": ("service_pack", True, True),
    "v2026_erpx13_p224": ("hotfix", True, True),
    "v2026_erpx13_p230": ("service_pack", False, True),
    "v2026_erpx13_p231a": ("hotfix", False, True),
}
ADDONS = ("Dentelles", "Éditions spéciales", "Logistique", "Paie avancée", "EDI Transport", "Portail B2B")
WORDS = ("Acier", "Bois", "Cobalt", "Dentelles", "Épices", "Forges", "Granit", "Houblon", "Ivoire", "Jade")
KINDS = ("Industries", "Distribution", "Conseil", "Logistique", "Services", "Transports")
TELNET_RANGE = [20000, 29999]
WPF_RANGE = [30000, 49999]  # every environment has a WPF thin-client port
LAYOUT = {
    # Datacenter: proxies, production pools, non-production pools, SQL pairs, file pairs, vaults, tenant share.
    "par1": {"proxies": 4, "prod_pools": 14, "nonprod_pools": 4, "sql": 16, "files": 16, "vaults": 0, "share": 0.7},
    "sxb1": {"proxies": 2, "prod_pools": 6, "nonprod_pools": 2, "sql": 8, "files": 8, "vaults": 2, "share": 0.3},
}
ZONE_OFFSETS = {"dmz": 0, "processing": 4, "data": 8}


class _Addresses:
    """Hands out consecutive addresses of one datacenter's zone networks (/22 each)."""

    def __init__(self, index):
        self.prefix = "10.%d" % (index + 10)
        self.counters = dict.fromkeys(ZONE_OFFSETS, 10)

    def networks(self):
        return {zone: "%s.%d.0/22" % (self.prefix, offset) for zone, offset in ZONE_OFFSETS.items()}

    def next(self, zone):
        self.counters[zone] += 1
        value = self.counters[zone]
        return "%s.%d.%d" % (self.prefix, ZONE_OFFSETS[zone] + value // 250, value % 250)


def pool_name(dc, ring, number):
    """``app-par1-p01`` for a production pool, ``app-par1-n01`` for a non-production one."""
    return "app-%s-%s%02d" % (dc, "p" if ring == "prod" else "n", number)


def pair_name(kind, dc, number):
    return "%s-%s-%02d" % (kind, dc, number)


def _pools(dc, spec):
    """{pool: (ring, size, max_drained, min_capacity)}: production pools of 6 to 10 servers, others of 3 or 4."""
    pools = {}
    for number in range(1, spec["prod_pools"] + 1):
        size = 6 + number % 5
        drained = 1 + number % 2
        pools[pool_name(dc, "prod", number)] = ("prod", size, drained, size - drained - number % 2)
    for number in range(1, spec["nonprod_pools"] + 1):
        size = 3 + number % 2
        pools[pool_name(dc, "nonprod", number)] = ("nonprod", size, 1, size - 2)
    return pools


def _machine(address, dc, zone, role, os_name, cpu, memory_gb, storage_gb, **extra):
    capacity = {"cpu": cpu, "memory_gb": memory_gb, "storage_gb": storage_gb}
    return dict(zone=zone, role=role, os=os_name, datacenter=dc, address=address, capacity=capacity, **extra)


def _topology(demand):
    """(networks, pools, machines); ``demand`` is the GB placed on each data pair."""
    networks, pools, machines = {}, {}, {}
    for index, (dc, spec) in enumerate(LAYOUT.items()):
        addresses = _Addresses(index)
        networks[dc] = addresses.networks()
        for number in range(1, spec["proxies"] + 1):
            machines["dmz-%s-%02d" % (dc, number)] = _machine(
                addresses.next("dmz"), dc, "dmz", "reverse_proxy", "linux", 4, 8, 40
            )
        for pool, (ring, size, drained, minimum) in _pools(dc, spec).items():
            pools[pool] = {"datacenter": dc, "max_drained": drained, "min_capacity": minimum}
            cpu = 16 if ring == "prod" else 8
            for member in range(1, size + 1):
                machines["%s-%02d" % (pool, member)] = _machine(
                    addresses.next("processing"), dc, "processing", "app", "windows", cpu, cpu * 4, 200, pool=pool
                )
        for kind, role, count in (("sql", "sql", spec["sql"]), ("fs", "file", spec["files"])):
            for number in range(1, count + 1):
                pair = pair_name(kind, dc, number)
                os_name = "windows" if role == "sql" or number % 4 == 0 else "linux"
                storage = _pair_storage(demand.get(pair, 0), minimum=1000 if role == "sql" else 2000)
                for member, suffix in (("primary", "a"), ("secondary", "b")):
                    machines[pair + suffix] = _machine(
                        addresses.next("data"), dc, "data", role, os_name, 16 if role == "sql" else 4,
                        128 if role == "sql" else 16, storage, ha_pair=pair, ha_member=member,
                    )  # fmt: skip
        for number in range(1, spec["vaults"] + 1):
            machines["vault-%s-%02d" % (dc, number)] = _machine(
                addresses.next("data"), dc, "data", "backup_vault", "linux", 4, 16, 100000
            )
    return networks, pools, machines


def _pair_storage(demand_gb, minimum):
    """Room for the quotas placed on a pair plus a quarter, in steps of 500 GB."""
    return max(minimum, -(-demand_gb * 5 // 4 // 500) * 500)


def _example_platform():
    try:
        with open(EXAMPLE_PLATFORM, encoding="utf-8") as handle:
            example = yaml.safe_load(handle)
    except OSError as exc:
        raise SystemExit(
            "synthetic_registry: cannot read the example platform %s: %s" % (EXAMPLE_PLATFORM, exc)
        ) from exc
    if sorted(example["datacenters"]) != sorted(LAYOUT):
        raise SystemExit(
            "synthetic_registry: the example's datacenters (%s) are not the layout's (%s): update LAYOUT"
            % (", ".join(sorted(example["datacenters"])), ", ".join(LAYOUT))
        )
    return example


def _platform(example, demand):
    networks, pools, machines = _topology(demand)
    settings = dict(example["platform"], name="synthetic")
    settings["ports"] = dict(settings["ports"], telnet_range=TELNET_RANGE, wpf_range=WPF_RANGE)
    document = {key: value for key, value in example.items() if key not in TOPOLOGY}
    document.update(
        platform=settings,
        datacenters=example["datacenters"],
        networks=networks,
        pools=pools,
        machines=machines,
    )
    return document


def _placement_choices():
    """{datacenter: (production pools, non-production pools, SQL pairs, file pairs)}."""
    choices = {}
    for dc, spec in LAYOUT.items():
        pools = _pools(dc, spec)
        choices[dc] = (
            sorted(pool for pool, shape in pools.items() if shape[0] == "prod"),
            sorted(pool for pool, shape in pools.items() if shape[0] == "nonprod"),
            [pair_name("sql", dc, n) for n in range(1, spec["sql"] + 1)],
            [pair_name("fs", dc, n) for n in range(1, spec["files"] + 1)],
        )
    return choices


def _tenant(index, rng, settings, choices, next_port, next_wpf_port):
    name = "t%05d" % index
    dc = rng.choices(list(LAYOUT), weights=[spec["share"] for spec in LAYOUT.values()])[0]
    prod_pools, nonprod_pools, sql_pairs, file_pairs = choices[dc]
    pools = {True: rng.choice(prod_pools), False: rng.choice(nonprod_pools)}
    sql, files = rng.choice(sql_pairs), rng.choice(file_pairs)
    terminals = rng.random() < 0.1
    addons = rng.sample(ADDONS, k=rng.randint(1, 3)) if rng.random() < 0.2 else []
    domain = "%s-%s.fr" % (name, rng.choice(("corp", "groupe", "sa")))
    extra = sorted(rng.sample(ENV_TYPES, k=rng.choice((1, 2, 3, 4))))
    environments = {}
    for env in ("production", *extra):
        production = env == "production"
        packs = [version for version, spec in SERVICE_PACKS.items() if spec[1 if production else 2]]
        placement = {"pool": pools[production], "sql": sql, "files": files}
        spec = {"service_pack": rng.choice(packs), "placement": placement}
        if rng.random() < (0.4 if production else 0.15):
            spec["storage_extensions"] = {"database_gb": rng.choice((10, 20, 40)), "files_gb": rng.choice((50, 100))}
        hostnames = _hostnames(rng, env, domain)
        if hostnames:
            spec["hostnames"] = hostnames
        if addons:
            spec["addons"] = list(addons) if production or rng.random() < 0.8 else addons[:1]
        if terminals:
            spec["telnet_port"] = next_port()
        spec["wpf_port"] = next_wpf_port()
        environments[env] = spec
    subscription = {
        "business_profile": rng.choice(settings["business_profiles"]),
        "users": {
            profile: rng.randint(1, 60) for profile in rng.sample(settings["user_profiles"], k=rng.randint(1, 4))
        },
        "options": sorted(rng.sample(settings["licensed_options"], k=rng.randint(0, 3))),
        "languages": sorted(rng.sample(settings["languages"], k=rng.randint(1, 3))),
        "terminals": terminals,
    }
    document = {
        "tenant": name,
        "name": "%s %s %d" % (rng.choice(WORDS), rng.choice(KINDS), index),
        "subscription": subscription,
        "environments": environments,
    }
    return name, document


def _hostnames(rng, env, domain):
    """Custom host names: a third of the productions, a few other environments."""
    if env == "production":
        if rng.random() < 0.35:
            return ["erp.%s" % domain] + (["portail.%s" % domain] if rng.random() < 0.3 else [])
        return []
    return ["%s.erp.%s" % (env, domain)] if rng.random() < 0.05 else []


def _add_demand(demand, platform_settings, document):
    """Add the quotas of ``document``'s environments to the GB placed on its SQL and file pairs."""
    included = platform_settings["storage_included"]
    for spec in document["environments"].values():
        extensions = spec.get("storage_extensions", {})
        for kind, quota in (("sql", "database_gb"), ("files", "files_gb")):
            pair = spec["placement"][kind]
            demand[pair] = demand.get(pair, 0) + included[quota] + extensions.get(quota, 0)


def _dump(path, document):
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    with open(path, "w", encoding="utf-8") as handle:
        yaml.dump(document, handle, Dumper=dumper, sort_keys=True, allow_unicode=True, default_flow_style=False)


def write_registry(root, tenants=2000, seed=2026):
    """Write a registry with ``tenants`` tenants under ``root``; return ``root``."""
    rng = random.Random(seed)
    example = _example_platform()
    settings = example["platform"]
    ports = iter(range(TELNET_RANGE[0], TELNET_RANGE[1] + 1))
    wpf_ports = iter(range(WPF_RANGE[0], WPF_RANGE[1] + 1))
    choices = _placement_choices()
    os.makedirs(os.path.join(root, "tenants"), exist_ok=True)
    demand = {}
    for index in range(tenants):
        name, document = _tenant(index, rng, settings, choices, lambda: next(ports), lambda: next(wpf_ports))
        _add_demand(demand, settings, document)
        _dump(os.path.join(root, "tenants", name + ".yml"), document)
    _dump(os.path.join(root, "platform.yml"), _platform(example, demand))
    catalogue = {
        version: {
            "artifact": "divalto-%s.zip" % version,
            "sha256": "%064x" % number,
            "released": "2026-%02d-01" % (number + 1),
            "kind": kind,
        }
        for number, (version, (kind, _production, _other)) in enumerate(sorted(SERVICE_PACKS.items()))
    }
    _dump(os.path.join(root, "service_packs.yml"), {"service_packs": catalogue})
    return root


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", help="directory to write the registry into")
    parser.add_argument("--tenants", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    write_registry(args.root, args.tenants, args.seed)


if __name__ == "__main__":
    main()
