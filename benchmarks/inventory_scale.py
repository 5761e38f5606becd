# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark the tenants inventory plugin at scale against a static YAML inventory (run by `make bench`).

For a synthetic registry of --tenants tenants (benchmarks/synthetic_registry.py) it measures the wall
time and peak memory of ``ansible-inventory --list --export`` with the plugin and a cold cache (jsonfile
cache in an empty directory), with the plugin and a warm cache (second run), and with the same inventory
written out as a static YAML inventory read by ansible.builtin.yaml; then the plugin's cold time at
--small tenants (growth), and ``tools/inventory-diff`` between two registries that differ by one tenant's
service pack. It prints a table and the ratios against their targets, writes them to
benchmarks/RESULTS.md, and exits 1 when a target is missed.

Needs divalto.cloud importable from ANSIBLE_COLLECTIONS_PATH (the Makefile exports it after `make setup`).
"""

from __future__ import annotations

import argparse
import datetime
import json
import multiprocessing
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

from synthetic_registry import write_registry  # noqa: E402

DIFF_TOOL = os.path.join(ROOT, "tools", "inventory-diff")
RESULTS = os.path.join(HERE, "RESULTS.md")
# (name, numerator, denominator, target): numerator / denominator must be <= target.
TARGETS = (
    ("cold / static", "cold", "static", 1.5),
    ("warm / static", "warm", "static", 0.5),
    ("growth small -> large (cold)", "cold", "cold_small", 4.4),
    ("diff / cold", "diff", "cold", 2.5),
)
LABELS = {
    "cold": "plugin, cold cache",
    "warm": "plugin, warm cache",
    "static": "static YAML inventory",
    "cold_small": "plugin, cold cache",
    "diff": "tools/inventory-diff",
}
PLUGIN_CONFIG = """\
plugin: divalto.cloud.tenants
registry: registry
strict: true
"""
CACHE_CONFIG = """\
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: {cache}
cache_timeout: 0
"""


class Measure:
    """Wall time (s) and peak resident memory (MB) of one child process."""

    def __init__(self, seconds, peak_mb):
        self.seconds = seconds
        self.peak_mb = peak_mb


def run_measured(command, env, stdout_path=os.devnull):
    """Run ``command``; return its Measure (resource usage of that child only, through os.wait4)."""
    with open(stdout_path, "wb") as stdout, tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr, env=env)
        _pid, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        errors = stderr.read().decode("utf-8", "replace")
    return process.returncode, Measure(elapsed, usage.ru_maxrss / 1024.0), errors


def checked(command, env, expected=(0,), stdout_path=os.devnull):
    code, measure, errors = run_measured(command, env, stdout_path)
    if code not in expected:
        raise SystemExit("benchmark: %s exited %d:\n%s" % (" ".join(command), code, errors[-4000:]))
    return measure


def best(measures):
    """The fastest run (its memory with it): the least disturbed by the rest of the machine."""
    return min(measures, key=lambda measure: measure.seconds)


def executable(name):
    beside = os.path.join(os.path.dirname(sys.executable), name)
    return beside if os.path.exists(beside) else shutil.which(name) or name


def ansible_env():
    env = dict(os.environ)
    env["ANSIBLE_INVENTORY_ENABLED"] = "divalto.cloud.tenants,ansible.builtin.yaml"
    env["ANSIBLE_INVENTORY_UNPARSED_FAILED"] = "true"
    env["ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED"] = "true"
    return env


def prepare_site(directory, tenants):
    """Registry, uncached plugin config (tenants.yml) and cached one (cached-tenants.yml) under ``directory``."""
    write_registry(os.path.join(directory, "registry"), tenants)
    with open(os.path.join(directory, "tenants.yml"), "w", encoding="utf-8") as handle:
        handle.write(PLUGIN_CONFIG)
    with open(os.path.join(directory, "cached-tenants.yml"), "w", encoding="utf-8") as handle:
        handle.write(PLUGIN_CONFIG + CACHE_CONFIG.format(cache=os.path.join(directory, "cache")))
    return directory


def list_command(source):
    return [executable("ansible-inventory"), "-i", source, "--list", "--export"]


def measure_plugin(site, env, repeat, export_path):
    """(cold, warm) measures of the cached plugin config; the cache is emptied before each cold run."""
    config = os.path.join(site, "cached-tenants.yml")
    cold, warm = [], []
    for _run in range(repeat):
        shutil.rmtree(os.path.join(site, "cache"), ignore_errors=True)
        os.makedirs(os.path.join(site, "cache"))
        cold.append(checked(list_command(config), env, stdout_path=export_path))
        warm.append(checked(list_command(config), env))
    return best(cold), best(warm)


def static_inventory(export):
    """The YAML inventory (all.hosts with hostvars, all.vars, all.children) of an --list --export output."""
    hostvars = export.get("_meta", {}).get("hostvars", {})
    children = {}
    for name, group in sorted(export.items()):
        if name in ("_meta", "all"):
            continue
        entry = {}
        if group.get("hosts"):
            entry["hosts"] = {host: None for host in group["hosts"]}
        if group.get("children"):
            entry["children"] = {child: None for child in group["children"]}
        if group.get("vars"):
            entry["vars"] = group["vars"]
        children[name] = entry or None
    return {
        "all": {
            "hosts": {host: hostvars[host] or None for host in sorted(hostvars)},
            "vars": export.get("all", {}).get("vars", {}),
            "children": children,
        }
    }


def write_static(export_path, static_path):
    """Convert in a child process: a parent grown by the conversion would inflate the peak memory of the
    children it forks afterwards (a forked child starts with its parent's resident pages)."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        return pool.apply(_write_static, (export_path, static_path))


def _write_static(export_path, static_path):
    with open(export_path, encoding="utf-8") as handle:
        export = json.load(handle)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    with open(static_path, "w", encoding="utf-8") as handle:
        yaml.dump(static_inventory(export), handle, Dumper=dumper, default_flow_style=False, sort_keys=True)
    return len(export.get("_meta", {}).get("hostvars", {}))


def one_tenant_change(base_site, head_site):
    """Copy ``base_site`` to ``head_site`` and switch the production service pack of one tenant."""
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
        yaml.safe_dump(tenant, handle, sort_keys=True)


def measure_diff(base_site, head_site, env, repeat):
    command = [sys.executable, DIFF_TOOL, base_site, head_site, "--inventory", "tenants.yml"]
    return best([checked(command, env, expected=(1,)) for _run in range(repeat)])


def run_benchmark(args, workdir):
    env = ansible_env()
    results = {}
    large = prepare_site(os.path.join(workdir, "large"), args.tenants)
    export_path = os.path.join(workdir, "export.json")
    results["cold"], results["warm"] = measure_plugin(large, env, args.repeat, export_path)
    static_path = os.path.join(workdir, "static.yml")
    hosts = write_static(export_path, static_path)
    results["static"] = best([checked(list_command(static_path), env) for _run in range(args.repeat)])
    small = prepare_site(os.path.join(workdir, "small"), args.small)
    results["cold_small"], _warm = measure_plugin(small, env, args.repeat, os.devnull)
    head = os.path.join(workdir, "large-head")
    one_tenant_change(large, head)
    results["diff"] = measure_diff(large, head, env, args.repeat)
    return results, hosts


def ratios(results):
    """[(name, value, target, met)] for every target."""
    rows = []
    for name, numerator, denominator, target in TARGETS:
        value = results[numerator].seconds / results[denominator].seconds
        rows.append((name, value, target, value <= target))
    return rows


def machine_description():
    version = subprocess.run(
        [executable("ansible-inventory"), "--version"], capture_output=True, text=True, check=False
    ).stdout.splitlines()
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "ansible_core": version[0].split("[core ")[-1].rstrip("]") if version else "unknown",
        "platform": platform.platform(),
    }


def table_lines(results, args):
    tenants = {"cold_small": args.small}
    lines = [
        "| Measurement | Tenants | Wall time (s) | Peak memory (MB) |",
        "|---|---:|---:|---:|",
    ]
    for key in ("cold", "warm", "static", "cold_small", "diff"):
        measure = results[key]
        lines.append(
            "| %s | %d | %.1f | %.0f |"
            % (LABELS[key], tenants.get(key, args.tenants), measure.seconds, measure.peak_mb)
        )
    return lines


def ratio_lines(rows):
    lines = ["| Ratio | Measured | Target | Met |", "|---|---:|---:|---|"]
    for name, value, target, met in rows:
        lines.append("| %s | %.2f | <= %.1f | %s |" % (name, value, target, "yes" if met else "**NO**"))
    return lines


def report(results, hosts, args, machine):
    rows = ratios(results)
    lines = [
        "# Inventory scale benchmark",
        "",
        "Measured by `make bench` (benchmarks/inventory_scale.py) on %s." % machine["date"],
        "",
        "Machine: %(nproc)s CPUs, Python %(python)s, ansible-core %(ansible_core)s, %(platform)s." % machine,
        "Registry: synthetic (benchmarks/synthetic_registry.py), %d tenants, %d machines; best of %d run(s)."
        % (args.tenants, hosts, args.repeat),
        "Each figure is `ansible-inventory --list --export` (wall time, peak RSS of that process), except the diff:"
        " `tools/inventory-diff` between two directories differing by one tenant's service pack.",
        "",
    ]
    lines.extend(table_lines(results, args))
    lines.append("")
    lines.extend(ratio_lines(rows))
    return "\n".join(lines) + "\n", all(met for _name, _value, _target, met in rows)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tenants", type=int, default=2000, help="tenants of the large registry (default 2000)")
    parser.add_argument("--small", type=int, default=500, help="tenants of the growth check's small one (default 500)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each measurement; the fastest is kept")
    parser.add_argument("--results", default=RESULTS, help="Markdown file to write (default benchmarks/RESULTS.md)")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    machine = machine_description()
    with tempfile.TemporaryDirectory(prefix="inventory-scale-") as workdir:
        results, hosts = run_benchmark(args, workdir)
    text, met = report(results, hosts, args, machine)
    print(text, end="")
    if args.results:
        with open(args.results, "w", encoding="utf-8") as handle:
            handle.write(text)
    if not met:
        print("benchmark: a target was missed", file=sys.stderr)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
