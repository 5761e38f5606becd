# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Monthly and quarterly patching: the pure logic (private to the divalto.cloud collection; API may change).

No Ansible imports. The playbooks ``patch_monthly.yml`` / ``patch_quarterly.yml`` call these functions through
the patching role's actions (``patch_arguments``, ``patch_targets``, ``patch_records``) and the
``divalto.cloud.patch_plan_input`` filter:

* :func:`rollout_machines` / :func:`rollout_pools` / :func:`serving_datacenters`: the input of
  ``divalto.cloud.rollout_plan`` (every machine of the inventory with a component in the cadence, so that pools
  count their unplanned members; the datacenters that serve environments, whose last DMZ proxy is not drained);
* :func:`patch_arguments`: per machine, the components of the cadence and the arguments of
  ``ansible.windows.win_updates`` (one call per component) or ``ansible.builtin.apt``;
* :func:`drain_targets`: the (proxy, backend, server) triples HAProxy must drain for a machine: every backend of
  every DMZ proxy of the machine's datacenter holding it, from the same model as ``haproxy.cfg``;
* :func:`run_records`: the run report's records from the plan and what happened to each machine, with what a
  ``win_updates`` task installed (:func:`win_updates_installed`; on Linux the ``divalto.cloud.package_versions``
  module reads it from dpkg, ``patching/packages.py``).

``patching:`` entries of ``platform.yml`` are ``{component, roles, categories?, accept?, reject?, packages?}``.
Defaults per component (decision, documented in docs/patching.md) are in :data:`COMPONENT_DEFAULTS`; a component
not listed there gets the ``os`` defaults. ``packages`` is for Linux: an empty list (the default) means a
``dist`` upgrade of everything, a list means those packages to their latest version only.
"""

from __future__ import annotations

from collections.abc import Mapping

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt
from ansible_collections.divalto.cloud.plugins.module_utils.core.topology import environment_backends

CADENCES = ("monthly", "quarterly")
_WINDOWS_SECURITY = ["SecurityUpdates", "CriticalUpdates", "UpdateRollups"]
COMPONENT_DEFAULTS = {
    "os": {"categories": _WINDOWS_SECURITY, "accept": [], "reject": [], "packages": []},
    "sqlserver": {
        "categories": _WINDOWS_SECURITY + ["Updates"],
        "accept": ["SQL Server"],
        "reject": [],
        "packages": [],
    },
    "hpf": {
        "categories": _WINDOWS_SECURITY + ["Updates"],
        "accept": [".NET Framework"],
        "reject": [],
        "packages": [],
    },
}
ROLLOUT_KEYS = ("role", "zone", "datacenter", "ring", "pool", "ha_pair", "ha_member")
LEFT_DRAINED = ("failed", "drained")


class PatchingError(DivaltoError):
    """Invalid patching settings or inputs."""


def _cadence(platform, cadence):
    if cadence not in CADENCES:
        raise PatchingError(f"cadence: expected one of {', '.join(CADENCES)}, got {cadence!r}")
    patching = platform.get("patching") or {}
    entries = patching.get(cadence) or []
    if not isinstance(entries, list):
        raise PatchingError(f"patching.{cadence}: expected a list, got {type(entries).__name__}")
    return entries


def _str_list(value, where):
    if not isinstance(value, (list, tuple)) or not all(isinstance(item, str) and item for item in value):
        raise PatchingError(f"{where}: expected a list of non-empty strings, got {value!r}")
    return list(value)


def components(platform, cadence, role):
    """The components of ``cadence`` that patch ``role``, with their defaults applied."""
    result = []
    for index, entry in enumerate(_cadence(platform, cadence)):
        where = f"patching.{cadence}[{index}]"
        if not isinstance(entry, Mapping) or "component" not in entry or "roles" not in entry:
            raise PatchingError(f"{where}: expected a mapping with component and roles")
        if role not in entry["roles"]:
            continue
        defaults = COMPONENT_DEFAULTS.get(entry["component"], COMPONENT_DEFAULTS["os"])
        component = {"component": entry["component"]}
        for key in ("categories", "accept", "reject", "packages"):
            component[key] = _str_list(entry.get(key, defaults[key]), f"{where}.{key}")
        if not component["categories"]:
            raise PatchingError(f"{where}.categories: must not be empty")
        result.append(component)
    return result


def _machine(platform, name):
    machine = (platform.get("machines") or {}).get(name)
    if not isinstance(machine, Mapping):
        raise PatchingError(f"machine {name}: not a machine of the tenant registry")
    return machine


def rollout_machines(platform, cadence):
    """Every machine of ``divalto_platform`` with a component in ``cadence``, in rollout_plan's shape, by name."""
    machines = []
    for name, machine in sorted((platform.get("machines") or {}).items()):
        if not components(platform, cadence, machine.get("role")):
            continue
        entry = {"name": name}
        entry.update({key: machine[key] for key in ROLLOUT_KEYS if machine.get(key) is not None})
        machines.append(entry)
    return machines


def rollout_pools(platform):
    """``{pool: {max_drained, min_capacity}}`` from ``divalto_platform.pools``."""
    return {
        name: {"max_drained": pool["max_drained"], "min_capacity": pool["min_capacity"]}
        for name, pool in sorted((platform.get("pools") or {}).items())
    }


def patch_arguments(name, platform, cadence):
    """What patching ``name`` in ``cadence`` means: components, and win_updates or apt arguments."""
    machine = _machine(platform, name)
    found = components(platform, cadence, machine.get("role"))
    result = {"machine": name, "os": machine.get("os"), "components": [c["component"] for c in found]}
    if machine.get("os") == "windows":
        result["windows"] = [
            {
                "component": c["component"],
                "category_names": c["categories"],
                "accept_list": c["accept"],
                "reject_list": c["reject"],
            }
            for c in found
        ]
        result["linux"] = None
    else:
        packages = sorted({package for c in found for package in c["packages"]})
        dist = any(not c["packages"] for c in found)
        result["windows"] = []
        result["linux"] = {"upgrade": "dist" if dist else None, "packages": [] if dist else packages} if found else None
    return result


def drain_targets(name, model):
    """Sorted ``{proxy, backend, server}`` for every backend holding ``name`` on the proxies of its datacenter.

    ``model`` is the domain model (``core.model.PlatformModel``). The backends are those the proxies' configuration
    has (``haproxy.build_model``): ``be_<key>`` of every environment of the datacenter whose application pool holds
    ``name``, ``be_<key>_telnet`` when it has a Telnet port, and ``be_<key>_wpf`` when the proxies route its WPF
    port (``platform.ports.wpf_range``). Data servers and proxies are in none.
    """
    machine = model.machine(name)
    backends = []
    # The environments it serves (the model's index: its slice only), of which those its pool runs.
    for key in model.served_keys(name):
        record = model.environments[key]
        if record["datacenter"] != machine["datacenter"]:
            continue
        if name not in (model.platform["pools"].get(record["placement"]["pool"], {}).get("members") or ()):
            continue
        backends.extend(environment_backends(key, record, model.settings["ports"]))
    return [
        {"proxy": proxy, "backend": backend, "server": name}
        for proxy in model.proxies(machine["datacenter"])
        for backend in sorted(backends)
    ]


def serving_datacenters(environments):
    """Sorted datacenters of the environment records of ``divalto_environments`` (those that serve environments)."""
    if not isinstance(environments, Mapping):
        raise PatchingError(f"divalto_environments: expected a mapping of records, got {type(environments).__name__}")
    datacenters = set()
    for key, record in sorted(environments.items()):
        datacenter = record.get("datacenter") if isinstance(record, Mapping) else None
        if not isinstance(datacenter, str) or not datacenter:
            raise PatchingError(f"divalto_environments[{key}]: expected a record with a datacenter")
        datacenters.add(datacenter)
    return sorted(datacenters)


def plan_input(platform, cadence, environments=None):
    """``{machines, pools, serving_datacenters}``: the options of ``divalto.cloud.rollout_plan`` for ``cadence``.

    ``serving_datacenters`` is ``None`` (no datacenter constrained) without ``environments``
    (``divalto_environments``).
    """
    return {
        "machines": rollout_machines(platform, cadence),
        "pools": rollout_pools(platform),
        "serving_datacenters": None if environments is None else serving_datacenters(environments),
    }


def _update_name(update_id, update):
    """The title of an update, else its KB numbers (win_updates gives ``kb`` as a list of digits), else its id."""
    kb = update.get("kb")
    if isinstance(kb, (list, tuple)):
        kb = ", ".join("KB%s" % number for number in kb)
    return str(update.get("title") or kb or update_id)


def win_updates_installed(result):
    """Titles of the updates a win_updates result installed (``updates`` keyed by id)."""
    updates = (result or {}).get("updates") or {}
    return sorted(
        _update_name(update_id, update)
        for update_id, update in updates.items()
        if isinstance(update, Mapping) and update.get("installed", True)
    )


def _windows_installed(name, results):
    """The updates every run of a machine's ``win_updates`` loop installed, component after component."""
    if not isinstance(results, list):
        raise PatchingError(
            "outcomes.%s.win_updates: expected the results of the win_updates loop, got %s" % (name, excerpt(results))
        )
    return [
        title for result in results for title in win_updates_installed(result if isinstance(result, Mapping) else {})
    ]


def run_records(plan, outcomes, previously_drained=()):
    """The run report records: one per planned machine, ``untouched`` when nothing happened to it.

    ``plan`` is rollout_plan's result (``waves``, ``last_proxy_drains``); ``outcomes`` maps machine names to what
    happened (``state``, ``installed``, ``reboots``, ``started``, ``ended``, ``message``, ``haproxy``; a Windows
    machine's ``installed`` is read from ``win_updates``, the registered results of its ``win_updates`` loop). The
    record of a proxy whose drain was forced (the last DMZ proxy of a datacenter that serves environments) carries
    ``details.last_proxy_drain`` ``{datacenter, reason}``.
    """
    records = []
    previously = set(previously_drained)
    forced = {
        proxy: {"datacenter": drain["datacenter"], "reason": drain["reason"]}
        for drain in plan.get("last_proxy_drains") or []
        for proxy in drain["proxies"]
    }
    for wave in plan.get("waves", []):
        for name in wave["machines"]:
            outcome = dict(outcomes.get(name) or {})
            if "win_updates" in outcome:
                outcome["installed"] = _windows_installed(name, outcome["win_updates"])
            if not outcome.get("state"):
                outcome["state"] = "drained" if name in previously else "untouched"
            record = {"subject": name, "subject_type": "machine", "wave": wave["index"], "ring": wave["ring"]}
            for key in ("state", "installed", "reboots", "started", "ended", "message", "haproxy"):
                if outcome.get(key) is not None:
                    record[key] = outcome[key]
            if name in forced:
                record["details"] = {"last_proxy_drain": forced[name]}
            records.append(record)
    return records


def left_drained(records):
    """Machines whose final state keeps them out of service."""
    return sorted(r["subject"] for r in records if r.get("state") in LEFT_DRAINED)
