#!/usr/bin/env python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write a synthetic, valid tenant registry of any size.

Used by the benchmarks and by tests that need more than the example platform.
About 3.5 environments per tenant and about 300 machines, whatever the number
of tenants; data servers are sized so that the quotas never overcommit them.
"""

from __future__ import annotations

import argparse
import os
import random

import yaml

ENV_TYPES = ("staging", "testing", "training", "setup")
OPTIONS = ["payroll", "wms", "extranet_portal", "ebics_ts", "bi", "edi"]
SERVICE_PACKS = {
    "v2025_erpx12_p310": "service_pack",
    "v2026_erpx13_p223a": "service_pack",
    "v2026_erpx13_p224": "hotfix",
}
LAYOUT = {  # datacenter: (role, proxies, pools, apps per pool, sql pairs, file pairs, vaults)
    "par1": ("primary", 4, 20, 8, 20, 20, 0),
    "sxb1": ("recovery", 2, 4, 5, 6, 6, 2),
}


class _Addresses:
    """Hands out consecutive addresses of one datacenter's zone networks."""

    OFFSETS = {"dmz": 0, "processing": 4, "data": 8}

    def __init__(self, index):
        self.index = index
        self.counters = dict.fromkeys(self.OFFSETS, 10)

    def networks(self):
        return {zone: "10.%d.%d.0/22" % (self.index + 10, offset) for zone, offset in self.OFFSETS.items()}

    def next(self, zone):
        self.counters[zone] += 1
        value = self.counters[zone]
        return "10.%d.%d.%d" % (self.index + 10, self.OFFSETS[zone] + value // 250, value % 250)


def _machine(addresses, datacenter, zone, role, os_name, storage, **extra):
    return dict(
        zone=zone,
        role=role,
        os=os_name,
        datacenter=datacenter,
        address=addresses.next(zone),
        capacity={"cpu": 8, "memory_gb": 32, "storage_gb": storage},
        **extra,
    )


def _platform(size_gb):
    machines = {}
    pools = {}
    networks = {}
    for index, (dc, (_role, proxies, pool_count, apps, sql_pairs, file_pairs, vaults)) in enumerate(LAYOUT.items()):
        addresses = _Addresses(index)
        networks[dc] = addresses.networks()
        for n in range(proxies):
            machines["dmz-%s-%02d" % (dc, n + 1)] = _machine(addresses, dc, "dmz", "reverse_proxy", "linux", 40)
        for p in range(pool_count):
            pool = "app-%s-%02d" % (dc, p + 1)
            pools[pool] = {"datacenter": dc, "max_drained": 2, "min_capacity": apps - 2}
            for n in range(apps):
                machines["app-%s-%02d-%02d" % (dc, p + 1, n + 1)] = _machine(
                    addresses, dc, "processing", "app", "windows", 200, pool=pool
                )
        for kind, role_name, count, os_name in (
            ("sql", "sql", sql_pairs, "windows"),
            ("fs", "file", file_pairs, "linux"),
        ):
            for p in range(count):
                pair = "%s-%s-%02d" % (kind, dc, p + 1)
                for member, suffix in (("primary", "a"), ("secondary", "b")):
                    machines[pair + suffix] = _machine(
                        addresses, dc, "data", role_name, os_name, size_gb, ha_pair=pair, ha_member=member
                    )
        for n in range(vaults):
            machines["vault-%s-%02d" % (dc, n + 1)] = _machine(addresses, dc, "data", "backup_vault", "linux", 100000)
    return {
        "platform": {
            "name": "synthetic",
            "domain": "erp.example.net",
            "storage_included": {"database_gb": 10, "files_gb": 50},
            "business_profiles": ["industry", "distribution", "services"],
            "user_profiles": ["full", "limited", "mobile", "portal"],
            "licensed_options": OPTIONS,
            "languages": ["fr", "en", "de"],
            "ports": {"https": 443, "http": 80, "wpf": 8420, "xlan": 1235, "telnet_range": [20000, 29999]},
            "service_pack_share": "divalto_sp",
            "service_pack_search_dirs": ["erp", "std", "sys"],
        },
        "datacenters": {dc: {"role": spec[0]} for dc, spec in LAYOUT.items()},
        "networks": networks,
        "pools": pools,
        "machines": machines,
        "patching": {
            "monthly": [{"component": "os", "roles": ["reverse_proxy", "app", "sql", "file", "backup_vault"]}],
            "quarterly": [{"component": "sqlserver", "roles": ["sql"]}, {"component": "hpf", "roles": ["app"]}],
        },
    }


def _tenant(index, rng, next_port):
    name = "t%05d" % index
    primary = LAYOUT["par1"]
    slot = index % primary[2]
    placement = {
        "pool": "app-par1-%02d" % (slot + 1),
        "sql": "sql-par1-%02d" % (index % primary[4] + 1),
        "files": "fs-par1-%02d" % (index % primary[5] + 1),
    }
    terminals = index % 10 == 0
    extra = rng.sample(ENV_TYPES, k=rng.choice((1, 2, 3, 4)))
    environments = {}
    for env in ("production",) + tuple(sorted(extra)):
        spec = {"service_pack": rng.choice(sorted(SERVICE_PACKS)), "placement": dict(placement)}
        if rng.random() < 0.4:
            spec["storage_extensions"] = {"database_gb": rng.choice((10, 20)), "files_gb": rng.choice((50, 100))}
        if terminals:
            spec["telnet_port"] = next_port()
        environments[env] = spec
    return name, {
        "tenant": name,
        "name": "Tenant %d" % index,
        "subscription": {
            "business_profile": rng.choice(["industry", "distribution", "services"]),
            "users": {"full": rng.randint(1, 50), "limited": rng.randint(0, 80)},
            "options": sorted(rng.sample(OPTIONS, k=rng.randint(0, 3))),
            "languages": ["fr"],
            "terminals": terminals,
        },
        "environments": environments,
    }


def write_registry(root, tenants=2000, seed=2026):
    """Write a registry with ``tenants`` tenants under ``root``; return ``root``."""
    rng = random.Random(seed)
    ports = iter(range(20000, 30000))
    os.makedirs(os.path.join(root, "tenants"), exist_ok=True)
    # Data servers sized for the heaviest pair: every environment at its largest quota.
    per_pair = -(-tenants // LAYOUT["par1"][4]) * 5 * 150
    with open(os.path.join(root, "platform.yml"), "w", encoding="utf-8") as handle:
        yaml.safe_dump(_platform(max(per_pair, 1000)), handle, sort_keys=True)
    catalogue = {
        version: {
            "artifact": "divalto-%s.zip" % version,
            "sha256": "%064x" % n,
            "released": "2026-0%d-01" % (n + 1),
            "kind": kind,
        }
        for n, (version, kind) in enumerate(sorted(SERVICE_PACKS.items()))
    }
    with open(os.path.join(root, "service_packs.yml"), "w", encoding="utf-8") as handle:
        yaml.safe_dump({"service_packs": catalogue}, handle, sort_keys=True)
    for index in range(tenants):
        name, document = _tenant(index, rng, lambda: next(ports))
        with open(os.path.join(root, "tenants", name + ".yml"), "w", encoding="utf-8") as handle:
            yaml.safe_dump(document, handle, sort_keys=True)
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
