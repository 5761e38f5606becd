# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark the controller-side cost of the roles' value computations at scale (run by `make bench`).

Every role listed in ROLES may have ``roles/<role>/tasks/values.yml``: set_fact and assert tasks only, that
compute from inventory variables every value the role derives (for patching: the drain and enable targets
of the machine named by ``patching_machine``). For each size of --sizes (synthetic registries,
benchmarks/synthetic_registry.py), real ``ansible-playbook`` runs, with no remote connection
(``gather_facts: false``, controller-side tasks only), measure:

- per role, on that role's hosts (ROLES): the wall time of ``import_role: tasks_from: values`` per host,
  against a trivial ``set_fact`` on the same hosts in the same play (run before and after it; their mean);
- patching, for one application server and one SQL server: the same, on that one machine;
- the total: a play per machine kind as in playbooks/site.yml, importing the values of its roles, against
  the same plays with a trivial ``set_fact`` in place of each role's values (the target: what the values
  cost beyond the task runs any playbook of that shape makes), and, for reference, against the same plays
  with one trivial ``set_fact`` each (that ratio counts the roles per play, whatever the platform's size);
  plays' time and whole runs, and how many task runs (a task on a host) each makes;
- the growth of each of these ratios from one size to the next.

The values are imported (``import_role``), as playbooks/site.yml does: its ``roles:`` are static and every
role's main tasks import ``values.yml``. (An ``include_role`` would add a task run per role and host that
site.yml does not make.)

Task times come from benchmarks/callback_plugins/bench_timer.py. Roles without a values file are skipped
with a line saying so. It prints the figures and the ratios against their targets, writes its section of
benchmarks/RESULTS.md, and exits 1 when a target is missed.

Needs divalto.cloud under ANSIBLE_COLLECTIONS_PATH (the Makefile exports it after `make setup`).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile

import yaml
from benchlib import (
    HERE,
    RESULTS,
    BenchmarkError,
    ansible_env,
    best,
    checked,
    collection_dir,
    empty_cache,
    executable,
    machine_description,
    machine_line,
    prepare_site,
    print_ratios,
    ratio_table,
    run,
    run_measured,
    write_section,
)
from synthetic_registry import pair_name, pool_name

TITLE = "# Playbook scale benchmark"
ROLES = {  # role: host pattern of its values (where playbooks/site.yml or its own playbook applies it)
    "reverse_proxy": "role_reverse_proxy",
    "firewall": "all",
    "tenant_storage": "role_file",
    "sqlserver": "role_sql",
    "iis": "role_app",
    "hpf": "role_app",
    "service_pack": "role_file",
    "file_backup": "role_file",
    "sql_backup": "role_sql",
    "antivirus": "os_windows",
}
PATCHED = {  # figure: the machine patched (in every synthetic registry)
    "patching, app server": pool_name("par1", "prod", 1) + "-01",
    "patching, SQL server": pair_name("sql", "par1", 1) + "a",
}
SITE = (  # (host pattern, roles) of the plays of playbooks/site.yml, plus the backup roles of backup_configure.yml
    ("role_file", ("tenant_storage", "service_pack", "file_backup", "firewall")),
    ("role_file:&os_windows", ("antivirus",)),
    ("role_sql", ("sqlserver", "sql_backup", "antivirus", "firewall")),
    ("role_backup_vault", ("firewall",)),
    ("role_app", ("hpf", "iis", "antivirus", "firewall")),
    ("role_reverse_proxy", ("reverse_proxy", "firewall")),
)
# The roles' own site variables, which a real inventory sets in group_vars (see playbooks/site.yml).
GROUP_VARS = {"sqlserver_domain": "BENCH", "iis_default_certificate": "0123456789abcdef0123456789abcdef01234567"}
TRIVIAL = {"name": "trivial", "ansible.builtin.set_fact": {"bench_trivial": "{{ inventory_hostname }}"}}
ROLE_TARGET = 10.0
TOTAL_TARGET = 3.0
GROWTH_MARGIN = 1.1  # growth target: 1.1 x the tenant ratio (2.2 from 1,000 to 2,000 tenants)


def values_task(role):
    return {
        "name": "values",
        "ansible.builtin.import_role": {"name": "divalto.cloud.%s" % role, "tasks_from": "values"},
    }


def play(name, hosts, tasks, variables=None):
    entry = {"name": name, "hosts": hosts, "gather_facts": False}
    if variables:
        entry["vars"] = variables
    entry["tasks"] = tasks
    return entry


def discover_roles():
    """(roles of the table that have a tasks/values.yml in the collection Ansible loads, roles of the table
    that have none, roles that have one but are not in the table)."""
    roles_dir = os.path.join(collection_dir(), "roles")

    def has_values(role):
        return os.path.isfile(os.path.join(roles_dir, role, "tasks", "values.yml"))

    table = list(ROLES) + ["patching"]
    found = [role for role in table if has_values(role)]
    missing = [role for role in table if not has_values(role)]
    unlisted = [role for role in sorted(os.listdir(roles_dir)) if role not in table and has_values(role)]
    for role in missing:
        print("skipped %s: no %s" % (role, os.path.join(roles_dir, role, "tasks", "values.yml")))
    for role in unlisted:
        print("skipped %s: it has a tasks/values.yml, but no host pattern in ROLES" % role)
    return found, missing, unlisted


def figure_plays(roles):
    """{figure: play} measuring each role's values between two trivial tasks."""
    plays = {}
    for role in roles:
        tasks = [dict(TRIVIAL), values_task(role), dict(TRIVIAL)]
        if role in ROLES:
            plays[role] = play(role, ROLES[role], tasks)
        else:
            for figure, machine in PATCHED.items():
                plays[figure] = play(figure, machine, tasks, {"patching_machine": "{{ inventory_hostname }}"})
    return plays


def site_playbooks(roles):
    """{kind: playbook} over the same hosts: ``values``, the site-like plays of the values files of ``roles``;
    ``matched``, the same plays with a trivial task in place of each role's values; ``trivial``, the same
    plays with one trivial task each."""
    playbooks = {"values": [], "matched": [], "trivial": []}
    for hosts, members in SITE:
        present = [role for role in members if role in roles]
        if present:
            playbooks["values"].append(play("values of %s" % hosts, hosts, [values_task(role) for role in present]))
            playbooks["matched"].append(play("matched on %s" % hosts, hosts, [dict(TRIVIAL) for _role in present]))
            playbooks["trivial"].append(play("trivial on %s" % hosts, hosts, [dict(TRIVIAL)]))
    return playbooks


def write_playbook(path, document):
    """Write a playbook (or any YAML document) to ``path``; return ``path``."""
    with open(path, "w", encoding="utf-8") as handle:
        yaml.safe_dump(document, handle, sort_keys=False)
    return path


class Runner:
    """Runs ansible-playbook on one site's cached inventory, with the timing callback."""

    def __init__(self, site, forks):
        self.site = site
        self.forks = forks

    def env(self, timings):
        env = ansible_env(
            inventory_enabled="divalto.cloud.tenants",
            callback_plugins=os.path.join(HERE, "callback_plugins"),
            callbacks_enabled="bench_timer",
            forks=str(self.forks),
            retry_files_enabled="false",
            gathering="explicit",
        )
        env["BENCH_TIMER_OUTPUT"] = timings
        return env

    def warm_cache(self):
        empty_cache(self.site)
        command = [executable("ansible-inventory"), "-i", self.inventory(), "--graph"]
        checked(command, self.env(os.devnull))

    def inventory(self):
        return os.path.join(self.site, "cached-tenants.yml")

    def play(self, playbook):
        """(Measure of the whole run, task records, run record) of one ansible-playbook run."""
        timings = playbook + ".timings"
        log = playbook + ".log"
        if os.path.exists(timings):
            os.remove(timings)
        command = [executable("ansible-playbook"), "-i", self.inventory(), playbook]
        code, measure, errors = run_measured(command, self.env(timings), stdout_path=log)
        if code != 0:
            raise BenchmarkError("%s exited %d:\n%s%s" % (" ".join(command), code, failures(log), errors[-2000:]))
        with open(timings, encoding="utf-8") as handle:
            records = [json.loads(line) for line in handle]
        return measure, [r for r in records if not r.get("run")], next(r for r in records if r.get("run"))


def failures(log):
    """The lines of an ansible-playbook output that say what failed (else its end)."""
    with open(log, encoding="utf-8", errors="replace") as handle:
        lines = handle.read().splitlines()
    marks = ("fatal:", "failed:", "[ERROR]", "ERROR!", "TASK [", "PLAY [")
    said = [line for line in lines if line.startswith(marks)]
    failed = [index for index, line in enumerate(said) if not line.startswith(("TASK [", "PLAY ["))]
    if not failed:
        return "\n".join(lines[-8:]) + "\n"
    return "\n".join(said[max(0, failed[0] - 2) : failed[0] + 10])[:6000] + "\n(full output: %s)\n" % log


def figure_costs(records, plays):
    """{figure: (hosts, trivial seconds per host, values seconds per host)} from a run of ``plays``."""
    costs = {}
    for figure, entry in plays.items():
        tasks = [record for record in records if record["play"] == entry["name"]]
        trivial = [record for record in tasks if record["task"] == "trivial"]
        if len(trivial) != 2 or tasks[0] is not trivial[0] or tasks[-1] is not trivial[1]:
            raise BenchmarkError("play %r: expected a trivial task first and last, got %s" % (figure, tasks))
        hosts = trivial[0]["ok"]
        if hosts == 0:
            raise BenchmarkError("play %r: no host matches %r" % (figure, entry["hosts"]))
        baseline = sum(record["end"] - record["start"] for record in trivial) / 2
        values = sum(record["end"] - record["start"] for record in tasks[1:-1])
        costs[figure] = (hosts, baseline / hosts, values / hosts)
    return costs


def measure_size(tenants, roles, args, workdir):
    """Figures of one registry size: {figure: (hosts, trivial s/host, values s/host)}, and the totals."""
    site = prepare_site(os.path.join(workdir, "t%d" % tenants), tenants)
    os.makedirs(os.path.join(site, "group_vars"))
    write_playbook(os.path.join(site, "group_vars", "all.yml"), GROUP_VARS)
    runner = Runner(site, args.forks)
    runner.warm_cache()
    plays = figure_plays(roles)
    _measure, records, _run = runner.play(write_playbook(os.path.join(site, "figures.yml"), list(plays.values())))
    costs = figure_costs(records, plays)
    paths = {
        kind: write_playbook(os.path.join(site, "site-%s.yml" % kind), playbook)
        for kind, playbook in site_playbooks(roles).items()
    }
    runs = {kind: [] for kind in paths}
    for _attempt in range(args.repeat):
        for key in ("trivial", "matched", "values"):
            measure, records, record = runner.play(paths[key])
            runs[key].append((measure, record["end"] - record["start"], task_runs(records)))
    totals = {
        key: (
            best([measure for measure, _plays, _runs in entries]).seconds,
            min(plays for _measure, plays, _runs in entries),
            entries[0][2],
        )
        for key, entries in runs.items()
    }
    return costs, totals


def task_runs(records):
    """How many times a task ran on a host (ok, failed, skipped or unreachable) in a run's task records."""
    return sum(record[status] for record in records for status in ("ok", "failed", "skipped", "unreachable"))


def size_rows(costs, totals):
    """[(figure, ratio, target or None)] of one size."""
    rows = [
        ("%s, per host / trivial" % figure, values / trivial, ROLE_TARGET)
        for figure, (_h, trivial, values) in costs.items()
    ]
    rows.append(("total, plays / same plays trivial", totals["values"][1] / totals["matched"][1], TOTAL_TARGET))
    rows.append(("total, whole run / same plays trivial", totals["values"][0] / totals["matched"][0], None))
    rows.append(("total, plays / one trivial per play", totals["values"][1] / totals["trivial"][1], None))
    rows.append(("total, task runs / one trivial per play", totals["values"][2] / totals["trivial"][2], None))
    rows.append(("total, plays per task run / one trivial per play", per_task_run(totals), None))
    return rows


def per_task_run(totals):
    """What a value task run costs against a trivial one, in the site-like plays (their time per task run)."""
    values, trivial = totals["values"], totals["trivial"]
    return (values[1] / values[2]) / (trivial[1] / trivial[2])


def growth_rows(results):
    """[(name, growth, target)]: how each ratio with a target grows from one size to the next.

    The target is GROWTH_MARGIN times the tenant ratio (so 2.2 from 1,000 to 2,000 tenants).
    """
    rows = []
    sizes = sorted(results)
    for small, large in zip(sizes, sizes[1:], strict=False):
        after = {figure: value for figure, value, _target in results[large]}
        for figure, value, target in results[small]:
            if target is not None:
                label = "growth %d -> %d: %s" % (small, large, figure)
                rows.append((label, after[figure] / value, GROWTH_MARGIN * large / small))
    return rows


def cost_lines(tenants, costs, totals):
    lines = [
        "%d tenants:" % tenants,
        "",
        "| Figure | Hosts | Trivial set_fact (ms/host) | Values (ms/host) | Ratio |",
        "|---|---:|---:|---:|---:|",
    ]
    for figure, (hosts, trivial, values) in costs.items():
        lines.append(
            "| %s | %d | %.1f | %.1f | %.2f |" % (figure, hosts, trivial * 1000, values * 1000, values / trivial)
        )
    for baseline, name in (("matched", "same plays trivial"), ("trivial", "one trivial per play")):
        for label, index in (("plays", 1), ("whole run", 0)):
            lines.append(
                "| total (site-like) against %s, %s, s | - | %.1f | %.1f | %.2f |"
                % (
                    name,
                    label,
                    totals[baseline][index],
                    totals["values"][index],
                    totals["values"][index] / totals[baseline][index],
                )
            )
    lines.append(
        "| total (site-like) against one trivial per play, task runs | - | %d | %d | %.2f |"
        % (totals["trivial"][2], totals["values"][2], totals["values"][2] / totals["trivial"][2])
    )
    lines.append(
        "| total (site-like) against one trivial per play, plays per task run, ms | - | %.1f | %.1f | %.2f |"
        % (
            1000 * totals["trivial"][1] / totals["trivial"][2],
            1000 * totals["values"][1] / totals["values"][2],
            per_task_run(totals),
        )
    )
    return lines + [""]


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="500,1000,2000", help="tenant counts, comma-separated (default 500,1000,2000)"
    )
    parser.add_argument("--forks", type=int, default=5, help="ansible forks (default 5, Ansible's own default)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each total playbook; the fastest is kept")
    parser.add_argument("--keep", action="store_true", help="keep the registries, playbooks and logs (path printed)")
    parser.add_argument("--results", default=RESULTS, help="Markdown file to update (default benchmarks/RESULTS.md)")
    args = parser.parse_args(argv)
    try:
        args.sizes = sorted({int(size) for size in args.sizes.split(",") if size.strip()})
    except ValueError:
        parser.error("--sizes: comma-separated tenant counts, got %r" % args.sizes)
    if not args.sizes or min(args.sizes) < 1:
        parser.error("--sizes: at least one tenant count, each at least 1")
    return args


def main(argv=None):
    args = parse_args(argv)
    roles, missing, unlisted = discover_roles()
    if not roles:
        print("nothing to measure: no role has a tasks/values.yml yet (%s left unchanged)" % args.results)
        return 0
    machine = machine_description()
    results, lines = {}, []
    workdir = tempfile.mkdtemp(prefix="playbook-scale-")
    try:
        for tenants in args.sizes:
            print("measuring %d tenants..." % tenants, flush=True)
            costs, totals = measure_size(tenants, roles, args, workdir)
            results[tenants] = size_rows(costs, totals)
            lines.extend(cost_lines(tenants, costs, totals))
            print("\n".join(cost_lines(tenants, costs, totals)), flush=True)
    finally:
        if args.keep:
            print("kept %s" % workdir)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    rows = [
        ("%s (%d tenants)" % (figure, tenants), value, target)
        for tenants in args.sizes
        for figure, value, target in results[tenants]
    ]
    rows += growth_rows(results)
    print_ratios(rows)
    table, met = ratio_table(rows)
    text = [
        TITLE,
        "",
        "Measured by `make bench` (benchmarks/playbook_scale.py --sizes %s --forks %d --repeat %d) on %s."
        % (",".join(map(str, args.sizes)), args.forks, args.repeat, machine["date"]),
        "",
        machine_line(machine),
        "Registries: synthetic (benchmarks/synthetic_registry.py). Real ansible-playbook runs, no remote connection, "
        "inventory from the plugin's warm cache. Each role's values (import_role tasks_from: values, static as in "
        "playbooks/site.yml) per host, against a trivial set_fact on the same hosts in the same play; the totals "
        "are site-like plays of every values file against the same plays with a trivial set_fact in place of each "
        "role's values (target), and against the same plays with one trivial set_fact each (for reference: that "
        "ratio counts the roles per play), and the task runs (a task on a host) that each makes.",
        "Measured: %s. Skipped, no tasks/values.yml: %s. Not in the table (ROLES): %s."
        % (", ".join(roles), ", ".join(missing) or "none", ", ".join(unlisted) or "none"),
        "",
    ]
    text = "\n".join(text + lines + table) + "\n"
    if args.results:
        write_section(args.results, text)
    if not met:
        print("benchmark: a target was missed", file=sys.stderr)
    return 0 if met else 1


if __name__ == "__main__":
    run(main)
