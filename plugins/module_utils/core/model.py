# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the domain model, as the inventory plugin stores it, read back.

The inventory plugin builds the model once (``inventory_model.build_inventory_model``) and stores it in the
variables of the ``all`` group: ``divalto_platform`` (settings, datacenters, networks, pools with their members,
HA pairs, and every machine with its address) and ``divalto_environments`` (one record per environment). A
``PlatformModel`` answers the questions every capability asks (a machine, the proxies of a datacenter, the
machines that serve an environment, the environments a machine serves) from those two variables only: no other
host's variables, and no rebuilding of the platform.

The inventory plugin also stores ``divalto_platform.index`` (``model_index``): which environments each
datacenter holds, each machine serves and each data pair holds. A task then reads only its own machine's slice:
at 2,000 tenants an Ansible worker is a forked process, and every object it touches for the first time costs a
copied memory page, so walking the 7,000 environment records took longer than any computation on them. Without
a stored index (a model built by hand, as in the unit tests), the model computes the same index on first use.
Build one ``PlatformModel`` per task, from the task's variables.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import ModelError
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt
from ansible_collections.divalto.cloud.plugins.module_utils.core.topology import machines_of

PROXY_ROLE = "reverse_proxy"
PLATFORM_VAR = "divalto_platform"
ENVIRONMENTS_VAR = "divalto_environments"
_REQUIRED_PLATFORM_KEYS = ("settings", "machines", "pools", "ha_pairs", "networks")
# The version of the model the inventory plugin stores (and caches): 2 divalto_platform.machines; 3 service_account,
# divalto_identity; 4 divalto_platform.index. A cache of another version is rebuilt.
MODEL_VERSION = 4
INDEX_KEY = "index"
INDEX_PARTS = ("datacenters", "served", "placed")
PLACED_KINDS = ("sql", "files")


def require_records(records: Any, keys: Iterable[str], what: str) -> None:
    """Fail with a ``ModelError`` naming the record unless ``records`` maps keys to mappings holding ``keys``."""
    if not isinstance(records, Mapping):
        raise ModelError("%s: expected a mapping of records, got %s" % (what, excerpt(records)))
    wanted = list(keys)
    for key, record in records.items():
        if not isinstance(record, Mapping):
            raise ModelError("%s[%s]: expected a record (a mapping), got %s" % (what, excerpt(key), excerpt(record)))
        missing = [name for name in wanted if name not in record]
        if missing:
            raise ModelError("%s[%s]: has no %s" % (what, excerpt(key), ", ".join(missing)))


def placement_members(platform: Mapping[str, Any], placement: Mapping[str, Any]) -> set[str]:
    """The machines that run or hold an environment placed as ``placement``: its pool's members and its data
    pairs' (``divalto_platform``'s shape; the DMZ proxies of its datacenter route it too, but are not listed)."""
    names = set(platform["pools"].get(placement["pool"], {}).get("members") or [])
    for kind in PLACED_KINDS:
        entry = platform["ha_pairs"].get(placement.get(kind))
        if entry:
            names.update((entry["primary"], entry["secondary"]))
    return names


def model_index(platform: Mapping[str, Any], environments: Mapping[str, Any]) -> dict[str, Any]:
    """The lookups every consumer needs, in one pass over the environments (keys sorted in each list).

    ``datacenters``: ``{datacenter: [keys]}``; ``served``: ``{machine: [keys]}``, the environments whose pool or
    data pairs the machine is in (``placement_members``; a DMZ proxy serves its whole datacenter: not listed
    here); ``placed``: ``{"sql" or "files": {pair: [keys]}}``.
    """
    datacenters: dict[str, list[str]] = {}
    served: dict[str, list[str]] = {}
    placed: dict[str, dict[str, list[str]]] = {kind: {} for kind in PLACED_KINDS}
    for key in sorted(environments):
        record = environments[key]
        placement = record["placement"]
        datacenters.setdefault(record["datacenter"], []).append(key)
        for kind in PLACED_KINDS:
            if placement.get(kind) is not None:
                placed[kind].setdefault(placement[kind], []).append(key)
        for member in placement_members(platform, placement):
            served.setdefault(member, []).append(key)
    return {
        "environments": len(environments),
        "datacenters": datacenters,
        "served": dict(sorted(served.items())),
        "placed": placed,
    }


def stored_index(platform: Mapping[str, Any], environments: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """``platform``'s stored index when it is whole and made for as many environments as ``environments`` holds
    (a model whose environments were filtered or extended after the inventory built it computes its own)."""
    stored = platform.get(INDEX_KEY)
    if not isinstance(stored, Mapping) or not all(isinstance(stored.get(part), Mapping) for part in INDEX_PARTS):
        return None
    return stored if stored.get("environments") == len(environments) else None


class PlatformModel:
    """Read-only questions over ``divalto_platform`` and ``divalto_environments``."""

    def __init__(self, platform: Mapping[str, Any], environments: Mapping[str, Any]) -> None:
        if not isinstance(platform, Mapping):
            raise ModelError("%s: expected the inventory variable of divalto.cloud.tenants (a dict)" % PLATFORM_VAR)
        missing = [key for key in _REQUIRED_PLATFORM_KEYS if not isinstance(platform.get(key), Mapping)]
        if missing:
            raise ModelError(
                "%s: has no %s; the inventory was not made by this version of divalto.cloud.tenants "
                "(refresh its cache: ansible-inventory --flush-cache)" % (PLATFORM_VAR, ", ".join(missing))
            )
        if not isinstance(environments, Mapping):
            raise ModelError("%s: expected the inventory variable of divalto.cloud.tenants (a dict)" % ENVIRONMENTS_VAR)
        self.platform = platform
        self.environments = environments
        self._index: Mapping[str, Any] | None = stored_index(platform, environments)

    @classmethod
    def from_vars(cls, variables: Mapping[str, Any]) -> PlatformModel:
        """The model of a host's variables (an action plugin's ``task_vars``)."""
        for name in (PLATFORM_VAR, ENVIRONMENTS_VAR):
            if name not in variables:
                raise ModelError("%s is not defined: the inventory is not divalto.cloud.tenants" % name)
        return cls(variables[PLATFORM_VAR], variables[ENVIRONMENTS_VAR])

    @property
    def index(self) -> Mapping[str, Any]:
        """The stored ``model_index`` of the inventory, or the same computed once from the model."""
        if self._index is None:
            self._index = model_index(self.platform, self.environments)
        return self._index

    @property
    def settings(self) -> Mapping[str, Any]:
        """The platform settings (``platform:`` of ``platform.yml``)."""
        return self.platform["settings"]

    def machine(self, name: str) -> Mapping[str, Any]:
        """The facts of machine ``name`` (its ``divalto_machine``)."""
        machine = self.platform["machines"].get(name)
        if machine is None:
            raise ModelError("machine %s: not a machine of the tenant registry" % name)
        return machine

    def machines(self, role: str | None = None, datacenter: str | None = None) -> list[str]:
        """Sorted names of the machines of ``role`` and ``datacenter`` (each when given)."""
        return machines_of(self.platform["machines"], role=role, datacenter=datacenter)

    def proxies(self, datacenter: str) -> list[str]:
        """Sorted names of the DMZ reverse proxies of ``datacenter``."""
        return self.machines(role=PROXY_ROLE, datacenter=datacenter)

    def pool_members(self, pool: str) -> list[str]:
        """Sorted names of the members of application pool ``pool``."""
        if pool not in self.platform["pools"]:
            raise ModelError("pool %s: not a pool of %s" % (pool, PLATFORM_VAR))
        return sorted(self.platform["pools"][pool].get("members") or [])

    def pair_members(self, pair: str | None) -> list[str]:
        """``[primary, secondary]`` of HA pair ``pair``, or ``[]`` when no such pair exists."""
        entry = self.platform["ha_pairs"].get(pair)
        return [entry["primary"], entry["secondary"]] if entry else []

    def serving_machines(self, key: str) -> list[str]:
        """Sorted names of the machines that run or hold environment ``key`` (its pool and its data pairs).

        The DMZ proxies of its datacenter route it too, but are not listed: see ``proxies``.
        """
        return sorted(placement_members(self.platform, self.environment(key)["placement"]))

    def environment(self, key: str) -> Mapping[str, Any]:
        """The record of environment ``key``."""
        record = self.environments.get(key)
        if record is None:
            raise ModelError("environment %s: not an environment of the tenant registry" % key)
        return record

    def placed(self, kind: str, pair: str | None, selected: Iterable[str] | None = None) -> dict[str, Any]:
        """``{key: record}`` of the environments whose ``placement[kind]`` (``sql``, ``files``) is ``pair``.

        With ``selected`` (environment keys), exactly those, each of which must be placed there.
        """
        if not selected:
            if pair is None or kind not in PLACED_KINDS:
                return {
                    key: record for key, record in self.environments.items() if record["placement"].get(kind) == pair
                }
            return {key: self.environments[key] for key in self.index["placed"][kind].get(pair, [])}
        result = {}
        for key in selected:
            placed = self.environment(key)["placement"].get(kind)
            if placed != pair:
                raise ModelError("environment %s: its %s pair is %s, not %s" % (key, kind, placed, pair))
            result[key] = self.environments[key]
        return result

    def environments_in(self, datacenter: str) -> list[str]:
        """Sorted keys of the environments of ``datacenter``."""
        return list(self.index["datacenters"].get(datacenter, []))

    def served_keys(self, name: str) -> list[str]:
        """Sorted keys of the environments machine ``name`` serves.

        A proxy serves every environment of its datacenter; any other machine, the environments whose pool or
        data pairs it is in.
        """
        machine = self.machine(name)
        if machine["role"] == PROXY_ROLE:
            return self.environments_in(machine["datacenter"])
        return list(self.index["served"].get(name, []))

    def served_records(self, name: str) -> list[Mapping[str, Any]]:
        """The records of the environments machine ``name`` serves, sorted by key (see ``served_keys``)."""
        return [self.environments[key] for key in self.served_keys(name)]
