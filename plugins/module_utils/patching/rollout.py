# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: plan patching rollouts in waves (rings, pools, HA pairs, DMZ).

Pure Python (standard library only); ``plan_rollout`` is the only entry point
the plugins should call. See ``docs/rollout.md`` for the operator's view.

Input
-----
``machines`` is a list of plain dicts: ``name``, ``role`` (reverse_proxy, app,
sql, file, backup_vault), ``zone`` (dmz, processing, data; must match the
role: reverse_proxy in dmz, app in processing, the others in data),
``datacenter``, ``ring`` (nonprod, prod), and optionally ``pool`` (app servers
only), ``ha_pair`` and ``ha_member`` (primary or secondary; sql and file
servers only). Other keys are ignored. ``pools`` maps a pool name to
``{max_drained: int >= 1, min_capacity: int >= 0}``; the members of a pool
are all the machines naming it, whatever their ring or datacenter.
``serving_datacenters`` lists the datacenters that serve environments (the
patching role passes the datacenters of ``divalto_environments``); ``None``,
the default, names none. The DMZ proxies of a datacenter are all the machines
of role reverse_proxy in it in ``machines`` (as for pools, ``limit`` and
``ring`` do not shrink them: a proxy left out of the plan stays in service).

Service
-------
The *service* of a machine is what constraint (e) is about:

* ``("pool", <pool>)`` for an app server in a pool;
* ``("role", <role>)`` for everything else: reverse proxies, sql and file
  servers (so every SQL Server machine, paired or not, is service ``sql``,
  every file server is service ``file``), the backup vault and app servers
  without a pool.

Constraints met by every plan
-----------------------------
a. a wave drains at most ``L(pool) = min(max_drained, size - min_capacity)``
   machines of a pool, where ``size`` counts all the pool's members in the
   input (``limit`` and ``ring`` do not shrink it: unplanned members stay in
   service). ``L < 1`` raises ``RolloutError``.
b. an HA pair patches its secondary (passive) node in one wave and its
   primary in a strictly later wave; that later wave starts with a
   ``failover`` action whose targets include the secondary.
c. at most one reverse proxy per datacenter per wave (in fact at most one per
   wave, because of e).
d. all ``nonprod`` waves come before every ``prod`` wave; each wave has one
   ring.
e. within a wave, the machines of one service are all in one datacenter.
f. every planned machine is in exactly one wave.
g. a wave never drains every DMZ proxy of a datacenter that serves
   environments. With two proxies or more this follows from c and e (one
   proxy per wave, so the proxies of a datacenter are always split across
   waves); the single proxy of a datacenter cannot be patched without
   draining it, so a plan that patches it is refused (``RolloutError`` naming
   the wave, the proxy and the datacenter) unless ``allow_last_proxy_drain``
   is true with a non-empty ``last_proxy_drain_reason``: the plan then lists
   the drain in ``last_proxy_drains`` with that reason. A datacenter serving
   no environment is not constrained. ``g`` adds no wave and moves none: the
   waves and the lower bound below are the same with or without it.

Actions of a wave, always in this order (targets are sorted machine names):

1. ``failover`` -- only if the wave patches HA primaries: targets are the
   secondaries of those pairs (already patched in an earlier wave) which take
   the active role (SQL Server and Windows clusters run a planned failover
   from the node that becomes active). If ``limit`` left the secondary out,
   the failover still happens but to an unpatched secondary.
2. ``drain`` -- every machine of the wave is taken out of service (load
   balancer for app servers and proxies; what draining means for other roles
   is the orchestrator's business, HA primaries are passive by then).
3. ``patch`` -- every machine of the wave.
4. ``health_check`` -- every machine of the wave.
5. ``enable`` -- every machine of the wave is put back in service.

No failback is planned: after the rollout the former secondary is active, and
the inventory's ``ha_member`` must be updated before the next rollout.

Lower bound (exact)
-------------------
Each ring is planned separately and rings add up. In a ring, a service needs
at least ``need(service)`` waves, and different services share waves freely
(no constraint couples two services), so the ring's bound is the maximum of
``need`` over its services:

* pool ``P``: ``sum over datacenters d of ceil(n(P, d) / L(P))`` -- a wave
  holds at most ``L`` members, all from one datacenter;
* reverse proxies: their number -- one per datacenter per wave, and one
  datacenter per wave;
* other non-HA services (backup vault, app servers without pool, sql/file
  when no HA pair is planned): the number of datacenters where they are;
* ``sql`` / ``file`` with HA pairs: ``#datacenters + |D|`` where ``D`` is the
  smallest set of datacenters that must be visited twice. A datacenter holding
  both nodes of one pair is in ``D``. A pair with its secondary in ``a`` and
  its primary in ``b`` requires ``first(a) < last(b)``; the datacenters
  visited only once must therefore have no cycle of such requirements (pairs
  from ``a`` to ``b`` and others from ``b`` to ``a`` need three waves, not
  two). ``D`` is a minimum feedback vertex set of that small graph, found by
  trying subsets of datacenters by increasing size.

This is a lower bound (each argument above holds for any valid plan) and the
planner meets it exactly: each service is scheduled alone in ``need`` steps
(pools: per datacenter, balanced chunks of at most ``L``; proxies: one by one;
HA services: a topological order of first/last datacenter visits, secondaries
in the first visit of their datacenter, primaries in the last), and step ``i``
of every service goes into wave ``i`` of the ring. So
``wave_count == lower_bound`` always.

Output is deterministic: machines, datacenters and services are sorted by
name at every step.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError

ROLE_ZONES = {
    "reverse_proxy": "dmz",
    "app": "processing",
    "sql": "data",
    "file": "data",
    "backup_vault": "data",
}
ZONES = ("dmz", "processing", "data")
RINGS = ("nonprod", "prod")
HA_ROLES = ("sql", "file")
HA_MEMBERS = ("primary", "secondary")
ACTIONS = ("failover", "drain", "patch", "health_check", "enable")


class RolloutError(DivaltoError):
    """The input cannot be planned; the message names the machine or pool and the field."""


@dataclass(frozen=True)
class Machine:
    """One validated machine."""

    name: str
    role: str
    zone: str
    datacenter: str
    ring: str
    pool: str | None = None
    ha_pair: str | None = None
    ha_member: str | None = None


@dataclass(frozen=True)
class PoolSettings:
    """Validated settings of one pool."""

    max_drained: int
    min_capacity: int


# --------------------------------------------------------------------------- validation


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _validate_pool(name: Any, settings: Any) -> PoolSettings:
    if not isinstance(name, str) or not name:
        raise RolloutError(f"pools: pool name {name!r} must be a non-empty string")
    if not isinstance(settings, dict):
        raise RolloutError(f"pool {name!r}: settings must be a mapping, got {settings!r}")
    values = {}
    for field, minimum in (("max_drained", 1), ("min_capacity", 0)):
        value = settings.get(field)
        if not _is_int(value) or value < minimum:
            raise RolloutError(f"pool {name!r}: field {field!r} must be an integer >= {minimum}, got {value!r}")
        values[field] = value
    return PoolSettings(**values)


def validate_pools(pools: dict[str, Any] | None) -> dict[str, PoolSettings]:
    """Return the validated pool settings by name."""
    if pools is None:
        return {}
    if not isinstance(pools, dict):
        raise RolloutError(f"pools must be a mapping of pool name to settings, got {pools!r}")
    return {name: _validate_pool(name, pools[name]) for name in sorted(pools, key=str)}


def _machine_error(label: str, field: str, problem: str) -> RolloutError:
    return RolloutError(f"machine {label}: field {field!r} {problem}")


def _choice(raw: dict[str, Any], label: str, field: str, choices: Sequence[str]) -> str:
    value = raw.get(field)
    if value not in choices:
        raise _machine_error(label, field, f"must be one of {', '.join(sorted(choices))}, got {value!r}")
    return value


def _optional_name(raw: dict[str, Any], label: str, field: str) -> str | None:
    value = raw.get(field)
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise _machine_error(label, field, f"must be a non-empty string, got {value!r}")
    return value


def _validate_machine(index: int, raw: Any, pools: dict[str, PoolSettings]) -> Machine:
    if not isinstance(raw, dict):
        raise RolloutError(f"machines[{index}] must be a mapping, got {raw!r}")
    name = raw.get("name")
    if not isinstance(name, str) or not name:
        raise _machine_error(f"machines[{index}]", "name", f"must be a non-empty string, got {name!r}")
    label = repr(name)
    role = _choice(raw, label, "role", tuple(ROLE_ZONES))
    zone = _choice(raw, label, "zone", ZONES)
    if zone != ROLE_ZONES[role]:
        raise _machine_error(label, "zone", f"must be {ROLE_ZONES[role]!r} for role {role!r}, got {zone!r}")
    datacenter = _optional_name(raw, label, "datacenter")
    if datacenter is None:
        raise _machine_error(label, "datacenter", "is required")
    ring = _choice(raw, label, "ring", RINGS)
    pool = _validate_pool_reference(raw, label, role, pools)
    ha_pair, ha_member = _validate_ha_reference(raw, label, role)
    return Machine(name, role, zone, datacenter, ring, pool, ha_pair, ha_member)


def _validate_pool_reference(raw: dict[str, Any], label: str, role: str, pools: dict[str, PoolSettings]) -> str | None:
    pool = _optional_name(raw, label, "pool")
    if pool is None:
        return None
    if role != "app":
        raise _machine_error(label, "pool", f"is only allowed for role 'app', not {role!r}")
    if pool not in pools:
        known = ", ".join(sorted(pools)) or "(none)"
        raise _machine_error(label, "pool", f"names unknown pool {pool!r} (known pools: {known})")
    return pool


def _validate_ha_reference(raw: dict[str, Any], label: str, role: str) -> tuple[str | None, str | None]:
    ha_pair = _optional_name(raw, label, "ha_pair")
    if ha_pair is None:
        if raw.get("ha_member") is not None:
            raise _machine_error(label, "ha_member", "is set but 'ha_pair' is not")
        return None, None
    if role not in HA_ROLES:
        raise _machine_error(label, "ha_pair", f"is only allowed for roles {', '.join(HA_ROLES)}, not {role!r}")
    return ha_pair, _choice(raw, label, "ha_member", HA_MEMBERS)


def _check_unique_names(machines: list[Machine]) -> None:
    first_index: dict[str, int] = {}
    for index, machine in enumerate(machines):
        if machine.name in first_index:
            raise _machine_error(
                repr(machine.name),
                "name",
                f"is duplicated (machines[{first_index[machine.name]}] and machines[{index}])",
            )
        first_index[machine.name] = index


def _group_ha_pairs(machines: list[Machine]) -> dict[str, list[Machine]]:
    pairs: dict[str, list[Machine]] = {}
    for machine in machines:
        if machine.ha_pair is not None:
            pairs.setdefault(machine.ha_pair, []).append(machine)
    return pairs


def _check_ha_pair(pair: str, members: list[Machine]) -> None:
    by_member = {kind: sorted(m.name for m in members if m.ha_member == kind) for kind in HA_MEMBERS}
    if any(len(names) != 1 for names in by_member.values()):
        found = "; ".join(f"{kind}: {', '.join(by_member[kind]) or '(none)'}" for kind in HA_MEMBERS)
        raise RolloutError(
            f"HA pair {pair!r}: field 'ha_member' must give exactly one primary and one secondary, got {found}"
        )
    for field in ("role", "ring"):
        values = {getattr(m, field) for m in members}
        if len(values) > 1:
            detail = ", ".join(f"{m.name}={getattr(m, field)}" for m in sorted(members, key=_by_name))
            raise RolloutError(f"HA pair {pair!r}: field {field!r} must be the same on both members, got {detail}")


def validate_machines(machines: Any, pools: dict[str, PoolSettings]) -> list[Machine]:
    """Return the validated machines (input order), raising ``RolloutError`` on the first problem."""
    if not isinstance(machines, list):
        raise RolloutError(f"machines must be a list of mappings, got {machines!r}")
    result = [_validate_machine(index, raw, pools) for index, raw in enumerate(machines)]
    _check_unique_names(result)
    for pair, members in sorted(_group_ha_pairs(result).items()):
        _check_ha_pair(pair, members)
    return result


def _select(machines: list[Machine], limit: Sequence[str] | None, ring: str | None) -> list[Machine]:
    if ring is not None and ring not in RINGS:
        raise RolloutError(f"ring must be one of {', '.join(RINGS)}, got {ring!r}")
    selected = machines
    if limit is not None:
        if not isinstance(limit, (list, tuple)) or not all(isinstance(name, str) for name in limit):
            raise RolloutError(f"limit must be a list of machine names, got {limit!r}")
        known = {m.name for m in machines}
        unknown = sorted(set(limit) - known)
        if unknown:
            raise RolloutError(f"limit names unknown machine(s): {', '.join(unknown)}")
        wanted = set(limit)
        selected = [m for m in selected if m.name in wanted]
    if ring is not None:
        selected = [m for m in selected if m.ring == ring]
    return sorted(selected, key=_by_name)


# --------------------------------------------------------------------------- pools


def _pool_sizes(machines: list[Machine]) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for machine in machines:
        if machine.pool is not None:
            sizes[machine.pool] = sizes.get(machine.pool, 0) + 1
    return sizes


def pool_limits(pools: dict[str, PoolSettings], machines: list[Machine], planned: list[Machine]) -> dict[str, int]:
    """Return the per-wave limit of each pool with planned members; raise if one is below 1."""
    sizes = _pool_sizes(machines)
    limits = {}
    for name in sorted({m.pool for m in planned if m.pool is not None}):
        settings, size = pools[name], sizes[name]
        limit = min(settings.max_drained, size - settings.min_capacity)
        if limit < 1:
            raise RolloutError(
                f"pool {name!r} cannot be patched: it has {size} machine(s), max_drained={settings.max_drained}, "
                f"min_capacity={settings.min_capacity}, so at most min({settings.max_drained}, {size} - "
                f"{settings.min_capacity}) = {limit} machine(s) may be drained per wave (at least 1 needed)"
            )
        limits[name] = limit
    return limits


# --------------------------------------------------------------------------- services


def service_of(machine: Machine) -> tuple[str, str]:
    """Return the service of a machine, the unit of constraint (e): the pool, else the role."""
    if machine.pool is not None:
        return ("pool", machine.pool)
    return ("role", machine.role)


def _by_name(machine: Machine) -> str:
    return machine.name


def _ceil_div(numerator: int, denominator: int) -> int:
    return -(-numerator // denominator)


def _by_datacenter(machines: list[Machine]) -> dict[str, list[Machine]]:
    groups: dict[str, list[Machine]] = {}
    for machine in sorted(machines, key=lambda m: (m.datacenter, m.name)):
        groups.setdefault(machine.datacenter, []).append(machine)
    return groups


def _balanced_chunks(machines: list[Machine], count: int) -> list[list[Machine]]:
    """Split sorted machines into ``count`` consecutive chunks whose sizes differ by at most one."""
    size, extra = divmod(len(machines), count)
    chunks, start = [], 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        chunks.append(machines[start:end])
        start = end
    return chunks


def _schedule_pool(machines: list[Machine], limit: int) -> list[list[Machine]]:
    steps: list[list[Machine]] = []
    for members in _by_datacenter(machines).values():
        steps.extend(_balanced_chunks(members, _ceil_div(len(members), limit)))
    return steps


def _schedule_one_by_one(machines: list[Machine]) -> list[list[Machine]]:
    return [[machine] for machine in sorted(machines, key=lambda m: (m.datacenter, m.name))]


def _schedule_per_datacenter(machines: list[Machine]) -> list[list[Machine]]:
    return list(_by_datacenter(machines).values())


# --------------------------------------------------------------------------- HA services


@dataclass(frozen=True)
class HaShape:
    """What matters about an HA service for its schedule: datacenters and pair requirements."""

    datacenters: tuple[str, ...]
    same_dc: frozenset[str]  # datacenters holding both nodes of a planned pair
    cross: frozenset[tuple[str, str]]  # (secondary's datacenter, primary's datacenter) of planned pairs


def _complete_pairs(machines: list[Machine]) -> dict[str, dict[str, Machine]]:
    pairs: dict[str, dict[str, Machine]] = {}
    for machine in machines:
        if machine.ha_pair is not None:
            pairs.setdefault(machine.ha_pair, {})[machine.ha_member] = machine
    return {pair: nodes for pair, nodes in pairs.items() if len(nodes) == 2}


def ha_shape(machines: list[Machine]) -> HaShape:
    """Summarise an HA service: pairs with both nodes planned give ordering requirements."""
    same_dc, cross = set(), set()
    for nodes in _complete_pairs(machines).values():
        edge = (nodes["secondary"].datacenter, nodes["primary"].datacenter)
        if edge[0] == edge[1]:
            same_dc.add(edge[0])
        else:
            cross.add(edge)
    datacenters = tuple(sorted({m.datacenter for m in machines}))
    return HaShape(datacenters, frozenset(same_dc), frozenset(cross))


def _has_cycle(nodes: set[str], edges: frozenset[tuple[str, str]]) -> bool:
    successors = {node: sorted(b for a, b in edges if a == node and b in nodes) for node in nodes}
    indegree = {node: 0 for node in nodes}
    for targets in successors.values():
        for target in targets:
            indegree[target] += 1
    ready = [node for node in nodes if indegree[node] == 0]
    seen = 0
    while ready:
        node = ready.pop()
        seen += 1
        for target in successors[node]:
            indegree[target] -= 1
            if indegree[target] == 0:
                ready.append(target)
    return seen < len(nodes)


def twice_visited(shape: HaShape) -> frozenset[str]:
    """Return the smallest set of datacenters visited twice (minimum feedback vertex set, forced ones included).

    Datacenters are few (two in practice), so subsets are tried by increasing size, in sorted order.
    """
    forced = set(shape.same_dc)
    optional = [dc for dc in shape.datacenters if dc not in forced]
    for size in range(len(optional) + 1):
        for extra in itertools.combinations(optional, size):
            twice = forced | set(extra)
            if not _has_cycle(set(shape.datacenters) - twice, shape.cross):
                return frozenset(twice)
    raise AssertionError("unreachable: visiting every datacenter twice removes every cycle")


def ha_visit_order(shape: HaShape) -> tuple[dict[str, int], dict[str, int]]:
    """Return (first visit step, last visit step) of each datacenter, steps numbered from 0.

    Events are ``first``/``last`` of twice-visited datacenters and ``once`` of the others; edges are
    ``first(x) -> last(x)`` and ``first(a) -> last(b)`` per requirement; Kahn's algorithm, ties broken
    by (first before once before last, datacenter name).
    """
    twice = twice_visited(shape)
    rank = {"first": 0, "once": 1, "last": 2}

    def first(dc: str) -> tuple[int, str]:
        return (rank["first"], dc) if dc in twice else (rank["once"], dc)

    def last(dc: str) -> tuple[int, str]:
        return (rank["last"], dc) if dc in twice else (rank["once"], dc)

    edges = {(first(dc), last(dc)) for dc in twice} | {(first(a), last(b)) for a, b in shape.cross}
    events = {first(dc) for dc in shape.datacenters} | {last(dc) for dc in shape.datacenters}
    order = _topological_order(events, edges)
    step = {event: index for index, event in enumerate(order)}
    return (
        {dc: step[first(dc)] for dc in shape.datacenters},
        {dc: step[last(dc)] for dc in shape.datacenters},
    )


def _topological_order(nodes: set[Any], edges: set[tuple[Any, Any]]) -> list[Any]:
    indegree = {node: 0 for node in nodes}
    for _source, target in edges:
        indegree[target] += 1
    order = []
    ready = sorted(node for node in nodes if indegree[node] == 0)
    while ready:
        node = ready.pop(0)
        order.append(node)
        for source, target in sorted(edges):
            if source == node:
                indegree[target] -= 1
                if indegree[target] == 0:
                    ready.append(target)
        ready.sort()
    return order


def _schedule_ha(machines: list[Machine]) -> list[list[Machine]]:
    shape = ha_shape(machines)
    first, last = ha_visit_order(shape)
    steps: list[list[Machine]] = [[] for _step in range(len(shape.datacenters) + len(twice_visited(shape)))]
    for machine in machines:
        late = machine.ha_member == "primary"
        steps[(last if late else first)[machine.datacenter]].append(machine)
    return [sorted(step, key=_by_name) for step in steps]


# --------------------------------------------------------------------------- per-service need and schedule


def _group_services(machines: list[Machine]) -> dict[tuple[str, str], list[Machine]]:
    services: dict[tuple[str, str], list[Machine]] = {}
    for machine in machines:
        services.setdefault(service_of(machine), []).append(machine)
    return services


def _is_ha_service(machines: list[Machine]) -> bool:
    return any(m.ha_pair is not None for m in machines)


def service_need(service: tuple[str, str], machines: list[Machine], limits: dict[str, int]) -> int:
    """Return the minimum number of waves a service needs within one ring (see the module docstring)."""
    datacenters = _by_datacenter(machines)
    if service[0] == "pool":
        return sum(_ceil_div(len(members), limits[service[1]]) for members in datacenters.values())
    if service == ("role", "reverse_proxy"):
        return len(machines)
    if _is_ha_service(machines):
        shape = ha_shape(machines)
        return len(shape.datacenters) + len(twice_visited(shape))
    return len(datacenters)


def schedule_service(service: tuple[str, str], machines: list[Machine], limits: dict[str, int]) -> list[list[Machine]]:
    """Return the steps of one service within one ring, each step a non-empty list from one datacenter."""
    if service[0] == "pool":
        return _schedule_pool(machines, limits[service[1]])
    if service == ("role", "reverse_proxy"):
        return _schedule_one_by_one(machines)
    if _is_ha_service(machines):
        return _schedule_ha(machines)
    return _schedule_per_datacenter(machines)


# --------------------------------------------------------------------------- waves


def _secondaries(machines: list[Machine]) -> dict[str, str]:
    return {m.ha_pair: m.name for m in machines if m.ha_pair is not None and m.ha_member == "secondary"}


def _failover_targets(wave: list[Machine], secondaries: dict[str, str]) -> list[str]:
    return sorted(secondaries[m.ha_pair] for m in wave if m.ha_pair is not None and m.ha_member == "primary")


def wave_actions(names: list[str], failover_targets: list[str]) -> list[dict[str, Any]]:
    """Return the ordered actions of a wave: failover (if any), drain, patch, health_check, enable."""
    actions = []
    if failover_targets:
        actions.append({"action": "failover", "targets": list(failover_targets)})
    for action in ACTIONS[1:]:
        actions.append({"action": action, "targets": list(names)})
    return actions


def _ring_steps(ring_machines: list[Machine], limits: dict[str, int]) -> tuple[list[list[Machine]], int]:
    """Merge every service's steps (step i into wave i); return the waves and the ring's lower bound."""
    waves: list[list[Machine]] = []
    bound = 0
    for service, members in sorted(_group_services(ring_machines).items()):
        bound = max(bound, service_need(service, members, limits))
        for index, step in enumerate(schedule_service(service, members, limits)):
            if index == len(waves):
                waves.append([])
            waves[index].extend(step)
    return waves, bound


# --------------------------------------------------------------------------- (g) last DMZ proxy of a datacenter


def _validate_serving_datacenters(serving_datacenters: Any) -> frozenset[str]:
    if serving_datacenters is None:
        return frozenset()
    if not isinstance(serving_datacenters, (list, tuple)) or not all(
        isinstance(name, str) and name for name in serving_datacenters
    ):
        raise RolloutError(f"serving_datacenters must be a list of datacenter names, got {serving_datacenters!r}")
    return frozenset(serving_datacenters)


def _validate_last_proxy_drain(allow: Any, reason: Any) -> str:
    """Return the stripped reason when the drain is allowed, ``""`` otherwise; refuse a flag without a reason."""
    if not isinstance(allow, bool):
        raise RolloutError(f"allow_last_proxy_drain must be true or false, got {allow!r}")
    if not allow:
        return ""
    if not isinstance(reason, str) or not reason.strip():
        raise RolloutError(
            "allow_last_proxy_drain needs last_proxy_drain_reason: say why the only DMZ proxy of a datacenter "
            "that serves environments may be drained (the reason is kept in the plan and the run report)"
        )
    return reason.strip()


def last_proxy_drains(
    machines: list[Machine], serving: frozenset[str], waves: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Return ``[{datacenter, proxies, wave, ring}]``: the waves draining every DMZ proxy of a serving datacenter.

    ``machines`` are all the validated machines (a proxy left out of the plan stays in service), ``waves`` the
    planned waves. A datacenter's proxies are all drained by one wave only when every one of them is in it.
    """
    proxies: dict[str, list[str]] = {}
    for machine in machines:
        if machine.role == "reverse_proxy" and machine.datacenter in serving:
            proxies.setdefault(machine.datacenter, []).append(machine.name)
    wave_of = {name: wave for wave in waves for name in wave["machines"]}
    drains = []
    for datacenter, names in sorted(proxies.items()):
        if all(name in wave_of for name in names) and len({wave_of[name]["index"] for name in names}) == 1:
            wave = wave_of[names[0]]
            drains.append(
                {"datacenter": datacenter, "proxies": sorted(names), "wave": wave["index"], "ring": wave["ring"]}
            )
    return drains


def _refuse_last_proxy_drains(drains: list[dict[str, Any]]) -> None:
    details = "; ".join(
        f"wave {d['wave']} ({d['ring']}) drains {', '.join(d['proxies'])}, "
        + ("the only DMZ proxy" if len(d["proxies"]) == 1 else "all the DMZ proxies")
        + f" of datacenter {d['datacenter']!r}"
        for d in drains
    )
    raise RolloutError(
        f"refusing to drain the last DMZ proxy of a datacenter that serves environments: {details}; the "
        "datacenter's environments would have no proxy in service during that wave. Add a proxy to the datacenter, "
        "leave the proxy out (limit), or set allow_last_proxy_drain with last_proxy_drain_reason (playbooks: "
        "patch_allow_last_proxy_drain, patch_last_proxy_drain_reason)"
    )


# --------------------------------------------------------------------------- entry point


def plan_rollout(
    machines: Any,
    pools: dict[str, Any] | None = None,
    limit: Sequence[str] | None = None,
    ring: str | None = None,
    serving_datacenters: Sequence[str] | None = None,
    allow_last_proxy_drain: bool = False,
    last_proxy_drain_reason: str = "",
) -> dict[str, Any]:
    """Plan the waves for ``machines`` (optionally only those in ``limit`` and in ``ring``).

    ``serving_datacenters``: the datacenters that serve environments, whose DMZ proxies are never all drained by
    one wave unless ``allow_last_proxy_drain`` with a ``last_proxy_drain_reason`` (constraint g).

    Return ``{"waves": [...], "wave_count": int, "lower_bound": int, "last_proxy_drains": [{datacenter, proxies,
    wave, ring, reason}], "last_proxy_drain_reason": str}``; raise ``RolloutError``.
    """
    serving = _validate_serving_datacenters(serving_datacenters)
    reason = _validate_last_proxy_drain(allow_last_proxy_drain, last_proxy_drain_reason)
    pool_settings = validate_pools(pools)
    valid = validate_machines(machines, pool_settings)
    planned = _select(valid, limit, ring)
    limits = pool_limits(pool_settings, valid, planned)
    secondaries = _secondaries(valid)
    waves: list[dict[str, Any]] = []
    lower_bound = 0
    for ring_name in RINGS:
        steps, bound = _ring_steps([m for m in planned if m.ring == ring_name], limits)
        lower_bound += bound
        for step in steps:
            names = sorted(m.name for m in step)
            waves.append(
                {
                    "index": len(waves) + 1,
                    "ring": ring_name,
                    "machines": names,
                    "actions": wave_actions(names, _failover_targets(step, secondaries)),
                }
            )
    drains = last_proxy_drains(valid, serving, waves)
    if drains and not reason:
        _refuse_last_proxy_drains(drains)
    return {
        "waves": waves,
        "wave_count": len(waves),
        "lower_bound": lower_bound,
        "last_proxy_drains": [dict(drain, reason=reason) for drain in drains],
        "last_proxy_drain_reason": reason,
    }
