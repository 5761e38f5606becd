# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helpers shared by the benchmarks: measured child processes, sites, the machine, ratios, RESULTS.md.

Every figure a benchmark checks is a ratio against a baseline measured in the same run, so that a slow
or loaded machine changes the absolute times, not the verdicts. Keep this process small: the peak memory
of a child (ru_maxrss) starts from its parent's, so heavy work (building a model, converting an
inventory) runs in a spawned child (``in_child``).
"""

from __future__ import annotations

import datetime
import multiprocessing
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

from synthetic_registry import write_registry

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
RESULTS = os.path.join(HERE, "RESULTS.md")
COLLECTION = ("ansible_collections", "divalto", "cloud")

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


class BenchmarkError(Exception):
    """A benchmark cannot go on: the message says why (``run`` prints it and exits 2)."""


def run(main):
    """``sys.exit`` with ``main()``'s status, or 2 after printing a BenchmarkError's message."""
    try:
        status = main()
    except BenchmarkError as exc:
        print("benchmark: %s" % exc, file=sys.stderr)
        status = 2
    sys.exit(status)


class Measure:
    """Wall time (s), peak resident memory (MB) and CPU time (s, user and system) of one child process."""

    def __init__(self, seconds, peak_mb, cpu=None):
        self.seconds = seconds
        self.peak_mb = peak_mb
        self.cpu = seconds if cpu is None else cpu


def run_measured(command, env, stdout_path=os.devnull, cwd=None):
    """Run ``command``; return (exit code, Measure, stderr) (resource usage of that child only, through os.wait4)."""
    with open(stdout_path, "wb") as stdout, tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr, env=env, cwd=cwd)
        _pid, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        errors = stderr.read().decode("utf-8", "replace")
    cpu = usage.ru_utime + usage.ru_stime
    return process.returncode, Measure(elapsed, usage.ru_maxrss / 1024.0, cpu), errors


def checked(command, env, expected=(0,), stdout_path=os.devnull, cwd=None):
    """``run_measured``, failing the benchmark with the command's stderr on an unexpected exit code."""
    code, measure, errors = run_measured(command, env, stdout_path, cwd)
    if code not in expected:
        raise BenchmarkError("%s exited %d:\n%s" % (" ".join(command), code, errors[-4000:]))
    return measure


def best(measures):
    """The fastest run (its memory with it): the least disturbed by the rest of the machine; with the least CPU
    time of the runs (on a loaded machine, a run's CPU time varies less than its wall time)."""
    fastest = min(measures, key=lambda measure: measure.seconds)
    return Measure(fastest.seconds, fastest.peak_mb, min(measure.cpu for measure in measures))


def executable(name):
    """``name`` beside this Python (the venv's ansible-* commands), else on PATH."""
    beside = os.path.join(os.path.dirname(sys.executable), name)
    found = beside if os.path.exists(beside) else shutil.which(name)
    if not found:
        raise BenchmarkError("%s not found beside %s nor on PATH: run through `make bench`" % (name, sys.executable))
    return found


def in_child(function, *args):
    """``function(*args)`` in a spawned child process, so that its memory never counts in later children."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(function, args)


def collections_root():
    """The directory holding the ansible_collections/divalto/cloud that Ansible loads (ANSIBLE_COLLECTIONS_PATH)."""
    paths = os.environ.get("ANSIBLE_COLLECTIONS_PATH") or os.environ.get("ANSIBLE_COLLECTIONS_PATHS") or ""
    candidates = [path for path in paths.split(os.pathsep) if path]
    candidates += [os.path.expanduser("~/.ansible/collections"), "/usr/share/ansible/collections"]
    for path in candidates:
        if os.path.isdir(os.path.join(path, *COLLECTION)):
            return os.path.abspath(path)
    raise BenchmarkError(
        "divalto.cloud not found under %s: run through `make bench`, or set ANSIBLE_COLLECTIONS_PATH to a "
        "directory holding ansible_collections/divalto/cloud" % os.pathsep.join(candidates)
    )


def collection_dir():
    return os.path.join(collections_root(), *COLLECTION)


def build_model(registry, model_path):
    """Write the JSON of the tenants plugin's model of ``registry`` to ``model_path`` (run it ``in_child``): the
    plugin's own build (``build_inventory_model`` and what it adds, such as ``divalto_identity``)."""
    import json

    sys.path.insert(0, collections_root())
    from ansible_collections.divalto.cloud.plugins.inventory.tenants import InventoryModule

    model = InventoryModule._build(registry)
    with open(model_path, "w", encoding="utf-8") as handle:
        json.dump(model, handle, ensure_ascii=False)
    return len(model["hosts"]), len(model["vars"]["divalto_environments"])


def prepare_site(directory, tenants):
    """A synthetic registry of ``tenants`` tenants under ``directory``/registry, its plugin config (tenants.yml)
    and a cached one (cached-tenants.yml, cache in ``directory``/cache); returns ``directory``."""
    write_registry(os.path.join(directory, "registry"), tenants)
    write_text(os.path.join(directory, "tenants.yml"), PLUGIN_CONFIG)
    cache = CACHE_CONFIG.format(cache=os.path.join(directory, "cache"))
    write_text(os.path.join(directory, "cached-tenants.yml"), PLUGIN_CONFIG + cache)
    return directory


def empty_cache(site):
    shutil.rmtree(os.path.join(site, "cache"), ignore_errors=True)
    os.makedirs(os.path.join(site, "cache"))


def write_text(path, text):
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def ansible_env(**settings):
    """This process's environment with ANSIBLE_<KEY>=value for every ``settings`` item."""
    env = dict(os.environ)
    env.setdefault("LANG", "C.UTF-8")
    env["ANSIBLE_INVENTORY_UNPARSED_FAILED"] = "true"
    env["ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED"] = "true"
    for key, value in settings.items():
        env["ANSIBLE_%s" % key.upper()] = value
    return env


def machine_description():
    """Date, CPUs, versions and the load average when the benchmark started."""
    version = subprocess.run(
        [executable("ansible"), "--version"], capture_output=True, text=True, check=False
    ).stdout.splitlines()
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "ansible_core": version[0].split("[core ")[-1].rstrip("]") if version else "unknown",
        "platform": platform.platform(),
        "load": os.getloadavg()[0],
    }


def machine_line(machine):
    """One sentence on the machine, saying whether other work was loading it."""
    loaded = machine["load"] >= 0.5 * machine["nproc"]
    return (
        "Machine: %(nproc)s CPUs, Python %(python)s, ansible-core %(ansible_core)s, %(platform)s; "
        "load average %(load).1f when the run started" % machine
    ) + (" (loaded by other work: absolute times are slow, the ratios are the figures)." if loaded else ".")


def verdict(value, target):
    """``(met, text)`` of ``value <= target``."""
    met = value <= target
    return met, "met: %s" % ("yes" if met else "NO")


def ratio_table(rows):
    """Markdown lines of [(name, value, target or None)]; returns (lines, every target met)."""
    lines = ["| Ratio | Measured | Target | Met |", "|---|---:|---:|---|"]
    all_met = True
    for name, value, target in rows:
        if target is None:
            lines.append("| %s | %.2f | - | - |" % (name, value))
            continue
        met, _text = verdict(value, target)
        all_met = all_met and met
        lines.append("| %s | %.2f | <= %.2f | %s |" % (name, value, target, "yes" if met else "**NO**"))
    return lines, all_met


def print_ratios(rows):
    """One line per ratio, with "met: yes/no" when it has a target."""
    for name, value, target in rows:
        if target is None:
            print("%-64s %7.2fx" % (name, value))
        else:
            print("%-64s %7.2fx  target <= %.2fx  %s" % (name, value, target, verdict(value, target)[1]))


def write_section(path, text):
    """Replace the section of ``path`` that starts with ``text``'s first line (a "# " title), or append it."""
    title = text.splitlines()[0]
    sections, current = [], None
    if os.path.exists(path):
        with open(path, encoding="utf-8") as handle:
            for line in handle.read().splitlines(keepends=True):
                if line.startswith("# ") or current is None:
                    current = []
                    sections.append(current)
                current.append(line)
    blocks = ["".join(section).rstrip("\n") + "\n" for section in sections]
    replaced = [text if block.splitlines()[0] == title else block for block in blocks]
    if text not in replaced:
        replaced.append(text)
    write_text(path, "\n".join(replaced))
