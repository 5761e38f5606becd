# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: may one environment be commissioned or decommissioned now.

The registry is validated when the inventory loads; what can still be wrong
when a playbook runs is checked here, before anything changes:

- ``commission_check``: the environment key is known, its application pool
  has members, its SQL and file HA pairs hold the database and file quotas of
  every environment placed on them (this one included) within their
  ``storage_gb``, and it is placed in a primary datacenter (the recovery
  datacenter only when explicitly allowed).
- ``decommission_check``: the key is known and the operator confirmed it by
  typing it again.

Both return a summary of the environment (its placement and the machines
that serve it); both raise ``CommissionError`` with every problem found.
"""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.topology import PAIR_PLACEMENT, pair_allocation

HOW_TO_FIND_KEYS = (
    "the keys are <tenant>_<environment>, the inventory's env_<key> groups:"
    " ansible-inventory -i <inventory> --graph | grep -o 'env_[a-z0-9_]*'"
)


class CommissionError(DivaltoError):
    """The environment cannot be commissioned or decommissioned now."""


def _record(environments, key):
    if not isinstance(environments, dict):
        raise CommissionError("expected the divalto_environments inventory variable (a dict), got %r" % (environments,))
    if not isinstance(key, str) or not key:
        raise CommissionError(
            "no environment key: run with -e environment_key=<tenant>_<environment> (%s)" % HOW_TO_FIND_KEYS
        )
    if key not in environments:
        raise CommissionError("unknown environment key %r: %s" % (key, HOW_TO_FIND_KEYS))
    record = environments[key]
    if not isinstance(record, dict) or record.get("key") != key:
        raise CommissionError(
            "divalto_environments[%r] is not the record of environment %s, got %r" % (key, key, record)
        )
    return record


def _section(platform, name):
    if not isinstance(platform, dict) or not isinstance(platform.get(name), dict):
        raise CommissionError("expected the divalto_platform inventory variable with its %s, got %r" % (name, platform))
    return platform[name]


def _summary(record, platform):
    pairs = _section(platform, "ha_pairs")
    pools = _section(platform, "pools")
    placement = record["placement"]
    for kind, table in (("pool", pools), ("sql", pairs), ("files", pairs)):
        if placement.get(kind) not in table:
            raise CommissionError(
                "environment %s: placement.%s %r is not in divalto_platform (inventory not from divalto.cloud.tenants?)"
                % (record["key"], kind, placement.get(kind))
            )
    return {
        "key": record["key"],
        "tenant": record["tenant"],
        "type": record["type"],
        "datacenter": record["datacenter"],
        "pool": placement["pool"],
        "pool_members": list(pools[placement["pool"]].get("members") or []),
        "sql": placement["sql"],
        "sql_primary": pairs[placement["sql"]]["primary"],
        "files": placement["files"],
        "files_primary": pairs[placement["files"]]["primary"],
    }


def _pair_usage(environments, pairs, pair, role):
    allocation = pair_allocation(environments, pair, role)
    return {
        "pair": pair,
        "storage_gb": pairs[pair]["storage_gb"],
        "quota_gb": allocation["allocated_gb"],
        "environments": len(allocation["environments"]),
    }


def commission_check(environments, platform, key, allow_recovery_datacenter=False):
    """Summary of environment ``key`` if it may be commissioned now; ``CommissionError`` listing every problem."""
    record = _record(environments, key)
    summary = _summary(record, platform)
    pairs = platform["ha_pairs"]
    problems = []
    if not summary["pool_members"]:
        problems.append(
            "application pool %s has no members: add application servers to it in the registry" % summary["pool"]
        )
    summary["capacity"] = {}
    for label, role in (("SQL", "sql"), ("file", "file")):
        placement_kind, quota_kind = PAIR_PLACEMENT[role]
        usage = _pair_usage(environments, pairs, summary[placement_kind], role)
        usage["requested_gb"] = record["quota"][quota_kind]
        summary["capacity"][placement_kind] = usage
        if usage["quota_gb"] > usage["storage_gb"]:
            problems.append(
                "%s pair %s over capacity: the %s quotas of its %d environments total %s GB, its storage is %s GB"
                " (%s asks %s GB): place the environment on another pair or lower a quota"
                % (
                    label,
                    usage["pair"],
                    quota_kind,
                    usage["environments"],
                    usage["quota_gb"],
                    usage["storage_gb"],
                    key,
                    usage["requested_gb"],
                )
            )
    datacenters = _section(platform, "datacenters")
    role = (datacenters.get(summary["datacenter"]) or {}).get("role")
    if role != "primary" and not allow_recovery_datacenter:
        problems.append(
            "placed in datacenter %s, whose role is %s, not primary: commission into it only with"
            " -e allow_recovery_datacenter=true" % (summary["datacenter"], role)
        )
    if problems:
        raise CommissionError("cannot commission %s: %s" % (key, "; ".join(problems)))
    return summary


def decommission_check(environments, platform, key, confirm):
    """Summary of environment ``key`` if the operator confirmed its decommissioning; ``CommissionError`` otherwise."""
    record = _record(environments, key)
    if confirm != key:
        raise CommissionError(
            "decommissioning %s removes its databases, share and IIS site: confirm with -e confirm=%s (the exact key)"
            % (key, key)
        )
    return _summary(record, platform)
