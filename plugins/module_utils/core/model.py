# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the domain model, as the inventory plugin stores it, read back.

The inventory plugin builds the model once (``inventory_model.build_inventory_model``) and stores it in the
variables of the ``all`` group: ``divalto_platform`` (settings, datacenters, networks, pools with their members,
HA pairs, and every machine with its address) and ``divalto_environments`` (one record per environment). A
``PlatformModel`` answers the questions every capability asks (a machine, the proxies of a datacenter, the
machines that serve an environment, the environments a machine serves) from those two variables only: no other
host's variables, and no rebuilding of the platform.

Each question costs at most one pass over the environments, and a model answers it once (the indexes are
built on first use). Build one ``PlatformModel`` per task, from the task's variables.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import ModelError
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt

PROXY_ROLE = "reverse_proxy"
PLATFORM_VAR = "divalto_platform"
ENVIRONMENTS_VAR = "divalto_environments"
_REQUIRED_PLATFORM_KEYS = ("settings", "machines", "pools", "ha_pairs", "networks")


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
        self._by_datacenter: dict[str, list[str]] | None = None
        self._by_machine: dict[str, list[str]] | None = None

    @classmethod
    def from_vars(cls, variables: Mapping[str, Any]) -> PlatformModel:
        """The model of a host's variables (an action plugin's ``task_vars``)."""
        for name in (PLATFORM_VAR, ENVIRONMENTS_VAR):
            if name not in variables:
                raise ModelError("%s is not defined: the inventory is not divalto.cloud.tenants" % name)
        return cls(variables[PLATFORM_VAR], variables[ENVIRONMENTS_VAR])

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
        return sorted(
            name
            for name, machine in self.platform["machines"].items()
            if (role is None or machine["role"] == role) and (datacenter is None or machine["datacenter"] == datacenter)
        )

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
        placement = self.environment(key)["placement"]
        names = set(self.platform["pools"].get(placement["pool"], {}).get("members") or [])
        for kind in ("sql", "files"):
            names.update(self.pair_members(placement.get(kind)))
        return sorted(names)

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
            return {key: record for key, record in self.environments.items() if record["placement"].get(kind) == pair}
        result = {}
        for key in selected:
            placed = self.environment(key)["placement"].get(kind)
            if placed != pair:
                raise ModelError("environment %s: its %s pair is %s, not %s" % (key, kind, placed, pair))
            result[key] = self.environments[key]
        return result

    def environments_in(self, datacenter: str) -> list[str]:
        """Sorted keys of the environments of ``datacenter``."""
        if self._by_datacenter is None:
            index: dict[str, list[str]] = {}
            for key, record in self.environments.items():
                index.setdefault(record["datacenter"], []).append(key)
            self._by_datacenter = {dc: sorted(keys) for dc, keys in index.items()}
        return self._by_datacenter.get(datacenter, [])

    def served_keys(self, name: str) -> list[str]:
        """Sorted keys of the environments machine ``name`` serves.

        A proxy serves every environment of its datacenter; any other machine, the environments whose pool or
        data pairs it is in.
        """
        machine = self.machine(name)
        if machine["role"] == PROXY_ROLE:
            return self.environments_in(machine["datacenter"])
        if self._by_machine is None:
            index: dict[str, list[str]] = {}
            for key in self.environments:
                for member in self.serving_machines(key):
                    index.setdefault(member, []).append(key)
            self._by_machine = {member: sorted(keys) for member, keys in index.items()}
        return self._by_machine.get(name, [])

    def served_records(self, name: str) -> list[Mapping[str, Any]]:
        """The records of the environments machine ``name`` serves, sorted by key (see ``served_keys``)."""
        return [self.environments[key] for key in self.served_keys(name)]
