# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark the tenants inventory plugin at scale against the same inventory from cheaper sources (make bench).

For a synthetic registry of --tenants tenants (benchmarks/synthetic_registry.py) it measures the wall time and
peak memory of ``ansible-inventory --list --export`` with the plugin and a cold cache (jsonfile cache in an
empty directory), with the plugin and a warm cache (second run), and with three baselines that hold the same
inventory, all written from the model the plugin builds (``build_inventory_model``):

- the floor: benchmarks/inventory_plugins/model_replay.py, which reads that model as JSON and populates the
  inventory with the tenants plugin's own code (same add_group/add_host/set_variable/add_child calls), with
  no registry, no validation and no cache;
- a script inventory printing the inventory as JSON (ansible.builtin.script);
- a static YAML inventory with plain strings (ansible.builtin.yaml).

The four sources must give the same ``--list --export`` output (checked, unsafe markers aside). Then the
plugin's cold time at --small tenants (growth), and ``tools/inventory-diff`` between two registries that
differ by one tenant's service pack. Measurements are interleaved and repeated (--repeat); the fastest of
each is kept. It prints the ratios against their targets, writes its section of benchmarks/RESULTS.md, and
exits 1 when a target is missed.

Needs divalto.cloud under ANSIBLE_COLLECTIONS_PATH (the Makefile exports it after `make setup`).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import stat
import sys
import tempfile

import yaml
from benchlib import (
    HERE,
    RESULTS,
    ROOT,
    BenchmarkError,
    ansible_env,
    best,
    build_model,
    checked,
    empty_cache,
    executable,
    in_child,
    machine_description,
    machine_line,
    prepare_site,
    print_ratios,
    ratio_table,
    run,
    write_section,
    write_text,
)

DIFF_TOOL = os.path.join(ROOT, "tools", "inventory-diff")
TITLE = "# Inventory scale benchmark"
SOURCES = {  # key: (label, inventory source under the large site)
    "cold": ("plugin, cold cache", "cached-tenants.yml"),
    "warm": ("plugin, warm cache", "cached-tenants.yml"),
    "floor": ("floor: model replayed by a plugin", "floor-model_replay.yml"),
    "script": ("script inventory (JSON)", "inventory.sh"),
    "yaml": ("static YAML inventory, plain strings", "static.yml"),
}
FLOOR_CONFIG = """\
plugin: model_replay
model: model.json
strict: true
"""
SCRIPT = """\
#!/bin/sh
# Prints the inventory whatever the arguments (--list; --host is never asked: _meta is there).
exec cat "$(dirname "$0")/inventory.json"
"""


def inventory_env():
    return ansible_env(
        inventory_enabled="divalto.cloud.tenants,model_replay,ansible.builtin.script,ansible.builtin.yaml",
        inventory_plugins=os.path.join(HERE, "inventory_plugins"),
    )


def list_command(source):
    return [executable("ansible-inventory"), "-i", source, "--list", "--export"]


def write_baselines(site):
    """Floor config, script inventory and static YAML of ``site``/model.json (run it ``in_child``)."""
    with open(os.path.join(site, "model.json"), encoding="utf-8") as handle:
        model = json.load(handle)
    write_text(os.path.join(site, "floor-model_replay.yml"), FLOOR_CONFIG)
    with open(os.path.join(site, "inventory.json"), "w", encoding="utf-8") as handle:
        json.dump(script_inventory(model), handle, ensure_ascii=False)
    script = os.path.join(site, "inventory.sh")
    write_text(script, SCRIPT)
    os.chmod(script, os.stat(script).st_mode | stat.S_IXUSR)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    with open(os.path.join(site, "static.yml"), "w", encoding="utf-8") as handle:
        yaml.dump(static_inventory(model), handle, Dumper=dumper, allow_unicode=True, sort_keys=False)


def script_inventory(model):
    """The script-inventory JSON of a model: its groups, ``all``'s vars, and every host's vars in ``_meta``."""
    inventory = {"_meta": {"hostvars": model["hosts"]}, "all": {"vars": model["vars"]}}
    for name, group in model["groups"].items():
        inventory[name] = {"hosts": group["hosts"], "children": group["children"]}
    return inventory


def static_inventory(model):
    """The YAML inventory of a model: all.hosts with their vars, all.vars, and the groups nested as in the model
    (a group is defined under its first parent, and only named under the others)."""
    groups = model["groups"]
    nested = {child for group in groups.values() for child in group["children"]}
    defined = set()

    def entry(name):
        defined.add(name)
        group = groups[name]
        result = {}
        if group["hosts"]:
            result["hosts"] = dict.fromkeys(group["hosts"])
        if group["children"]:
            result["children"] = {child: None if child in defined else entry(child) for child in group["children"]}
        return result or None

    children = {name: entry(name) for name in groups if name not in nested}
    return {"all": {"hosts": model["hosts"], "vars": model["vars"], "children": children}}


def same_inventories(paths):
    """The first of ``paths`` (--list --export outputs) that differs from the first one, or None (``in_child``)."""
    with open(paths[0], encoding="utf-8") as handle:
        reference = _plain(json.load(handle))
    for path in paths[1:]:
        with open(path, encoding="utf-8") as handle:
            if _plain(json.load(handle)) != reference:
                return path
    return None


def _plain(value):
    """``value`` without ansible-core's ``{"__ansible_unsafe": ...}`` wrappers."""
    if isinstance(value, dict):
        if len(value) == 1 and "__ansible_unsafe" in value:
            return value["__ansible_unsafe"]
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def measure_sources(sites, env, repeat, workdir):
    """{key: best Measure} of every source of SOURCES, the small site's cold run and the diff, interleaved
    (so that a change of the machine's load between them weighs on all alike); checks that the sources give
    the same output."""
    large, small, head = sites
    runs = {key: [] for key in list(SOURCES) + ["cold_small", "diff"]}
    exports = {key: os.path.join(workdir, "%s.json" % key) for key in SOURCES if key != "warm"}
    diff = [sys.executable, DIFF_TOOL, large, head, "--inventory", "tenants.yml"]
    for attempt in range(repeat):
        for key, (_label, source) in SOURCES.items():
            if key == "cold":
                empty_cache(large)
            output = exports.get(key, os.devnull) if attempt == 0 else os.devnull
            runs[key].append(checked(list_command(os.path.join(large, source)), env, stdout_path=output))
        empty_cache(small)
        runs["cold_small"].append(checked(list_command(os.path.join(small, "cached-tenants.yml")), env))
        runs["diff"].append(checked(diff, env, expected=(1,)))
    different = in_child(same_inventories, list(exports.values()))
    if different:
        raise BenchmarkError("%s is not the plugin's inventory (%s)" % (different, exports["cold"]))
    return {key: best(measures) for key, measures in runs.items()}


def one_tenant_change(base_site, head_site):
    """Copy ``base_site``'s registry to ``head_site`` and switch the production service pack of one tenant."""
    shutil.copytree(os.path.join(base_site, "registry"), os.path.join(head_site, "registry"))
    shutil.copy(os.path.join(base_site, "tenants.yml"), os.path.join(head_site, "tenants.yml"))
    path = os.path.join(head_site, "registry", "tenants", "t00007.yml")
    with open(path, encoding="utf-8") as handle:
        tenant = yaml.safe_load(handle)
    with open(os.path.join(head_site, "registry", "service_packs.yml"), encoding="utf-8") as handle:
        packs = sorted(yaml.safe_load(handle)["service_packs"])
    production = tenant["environments"]["production"]
    production["service_pack"] = next(pack for pack in packs if pack != production["service_pack"])
    with open(path, "w", encoding="utf-8") as handle:
        yaml.safe_dump(tenant, handle, sort_keys=True, allow_unicode=True)


def run_benchmark(args, workdir):
    env = inventory_env()
    large = prepare_site(os.path.join(workdir, "large"), args.tenants)
    shape = in_child(build_model, os.path.join(large, "registry"), os.path.join(large, "model.json"))
    in_child(write_baselines, large)
    small = prepare_site(os.path.join(workdir, "small"), args.small)
    head = os.path.join(workdir, "large-head")
    one_tenant_change(large, head)
    return measure_sources((large, small, head), env, args.repeat, workdir), shape


def ratios(results, args):
    """[(name, value, target or None)]: the plugin against each baseline, its growth, and the diff tool."""
    seconds = {key: measure.seconds for key, measure in results.items()}
    cpu = {key: measure.cpu for key, measure in results.items()}
    rows = []
    for plugin in ("cold", "warm"):
        for baseline, target in (("floor", 1.10 if plugin == "cold" else 1.0), ("script", None), ("yaml", None)):
            rows.append(("%s / %s" % (plugin, baseline), seconds[plugin] / seconds[baseline], target))
        rows.append(("%s / floor, CPU time" % plugin, cpu[plugin] / cpu["floor"], None))
    growth_target = 1.1 * args.tenants / args.small
    rows.append(
        (
            "growth %d -> %d tenants (cold)" % (args.small, args.tenants),
            seconds["cold"] / seconds["cold_small"],
            growth_target,
        )
    )
    rows.append(("diff / cold", seconds["diff"] / seconds["cold"], 2.5))
    return rows


def report(results, shape, args, machine):
    hosts, environments = shape
    labels = {key: label for key, (label, _source) in SOURCES.items()}
    labels.update(cold_small="plugin, cold cache", diff="tools/inventory-diff (one tenant changed)")
    lines = [
        TITLE,
        "",
        "Measured by `make bench` (benchmarks/inventory_scale.py --tenants %d --small %d --repeat %d) on %s."
        % (args.tenants, args.small, args.repeat, machine["date"]),
        "",
        machine_line(machine),
        "Registry: synthetic (benchmarks/synthetic_registry.py), %d tenants, %d environments, %d machines; "
        "fastest of %d interleaved run(s)." % (args.tenants, environments, hosts, args.repeat),
        "Each figure is `ansible-inventory --list --export` (wall time of the fastest run and its peak RSS, least "
        "CPU time, user and system, of the runs), except the diff. Targets are on wall time. "
        "The floor, script and static YAML sources are written from the plugin's model and give the same "
        "`--list --export` output as the plugin (checked, unsafe markers aside).",
        "",
        "| Measurement | Tenants | Wall time (s) | CPU time (s) | Peak memory (MB) |",
        "|---|---:|---:|---:|---:|",
    ]
    for key, measure in results.items():
        tenants = args.small if key == "cold_small" else args.tenants
        lines.append(
            "| %s | %d | %.1f | %.1f | %.0f |" % (labels[key], tenants, measure.seconds, measure.cpu, measure.peak_mb)
        )
    rows = ratios(results, args)
    table, met = ratio_table(rows)
    return "\n".join(lines) + "\n", "\n".join(table) + "\n", rows, met


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tenants", type=int, default=2000, help="tenants of the large registry (default 2000)")
    parser.add_argument("--small", type=int, default=500, help="tenants of the growth check's small one (default 500)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement; the fastest is kept")
    parser.add_argument("--results", default=RESULTS, help="Markdown file to update (default benchmarks/RESULTS.md)")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    machine = machine_description()
    with tempfile.TemporaryDirectory(prefix="inventory-scale-") as workdir:
        results, shape = run_benchmark(args, workdir)
    measurements, table, rows, met = report(results, shape, args, machine)
    print(measurements)
    print_ratios(rows)
    if args.results:
        write_section(args.results, measurements + "\n" + table)
    if not met:
        print("benchmark: a target was missed", file=sys.stderr)
    return 0 if met else 1


if __name__ == "__main__":
    run(main)
