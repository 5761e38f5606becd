#!/usr/bin/env python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark the rollout planner on a generated platform (not a test: it prints, it asserts nothing).

Run with the collection importable as ``ansible_collections.divalto.cloud``, e.g.::

    PYTHONPATH=/path/to/collections python benchmarks/rollout_plan.py --machines 5000

It prints the planning time, the wave count and lower bound, and the ratio of the planning time to a
baseline measured in the same run: sorting the machines and grouping them by (ring, service, datacenter),
which any planner has to do at least.
"""

from __future__ import annotations

import argparse
import random
import time

from ansible_collections.divalto.cloud.plugins.module_utils.patching.rollout import plan_rollout

DATACENTERS = ("dc-primary", "dc-recovery")
ZONES = {"reverse_proxy": "dmz", "app": "processing", "sql": "data", "file": "data", "backup_vault": "data"}


def _machine(name, role, datacenter, ring, **extra):
    return dict(name=name, role=role, zone=ZONES[role], datacenter=datacenter, ring=ring, **extra)


def _ring(rng):
    return "nonprod" if rng.random() < 0.25 else "prod"


def generate_platform(count, seed):
    """Return (machines, pools): about 0.4% proxies, 1% vaults, 27% data servers in pairs, the rest app pools."""
    rng = random.Random(seed)
    machines, pools = [], {}
    for index in range(max(2, count // 250)):
        machines.append(_machine(f"px{index:05d}", "reverse_proxy", DATACENTERS[index % 2], _ring(rng)))
    for index in range(max(1, count // 100)):
        machines.append(_machine(f"vault{index:05d}", "backup_vault", DATACENTERS[index % 2], "prod"))
    for index in range(count * 27 // 200):
        role, ring = rng.choice(("sql", "file")), _ring(rng)
        for member in ("secondary", "primary"):
            datacenter = rng.choice(DATACENTERS)
            machines.append(
                _machine(
                    f"{role}{index:05d}{member[0]}", role, datacenter, ring, ha_pair=f"ha{index}", ha_member=member
                )
            )
    pool_index = 0
    while len(machines) < count:
        size = min(rng.randint(4, 40), count - len(machines))
        name = f"pool{pool_index:04d}"
        pools[name] = {"max_drained": rng.randint(1, 5), "min_capacity": rng.randint(0, size - 1)}
        ring = _ring(rng)
        for member in range(size):
            datacenter = DATACENTERS[member % 2]
            machines.append(_machine(f"app{pool_index:04d}-{member:03d}", "app", datacenter, ring, pool=name))
        pool_index += 1
    rng.shuffle(machines)
    return machines, pools


def baseline(machines):
    """Sort the machines and group them by (ring, service, datacenter): the least work of any planner."""
    groups = {}
    for machine in sorted(machines, key=lambda m: m["name"]):
        service = machine.get("pool") or machine["role"]
        groups.setdefault((machine["ring"], service, machine["datacenter"]), []).append(machine["name"])
    return groups


def best_time(function, repeat):
    """Return (smallest wall time in seconds over ``repeat`` runs, last result)."""
    best, result = float("inf"), None
    for _round in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--machines", type=int, default=5000, help="number of machines to generate (default 5000)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed of the generated platform")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each measurement; the best is kept")
    args = parser.parse_args(argv)

    machines, pools = generate_platform(args.machines, args.seed)
    base_time, _result = best_time(lambda: baseline(machines), args.repeat)
    plan_time, plan = best_time(lambda: plan_rollout(machines, pools), args.repeat)

    print(f"machines:       {len(machines)} ({len(pools)} pools)")
    print(f"planning time:  {plan_time * 1000:.1f} ms (best of {args.repeat})")
    print(f"baseline time:  {base_time * 1000:.1f} ms (sort + group by ring, service, datacenter)")
    print(f"ratio:          {plan_time / base_time:.1f}x baseline")
    print(f"wave count:     {plan['wave_count']}")
    print(f"lower bound:    {plan['lower_bound']}")


if __name__ == "__main__":
    main()
