# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: what a quiesce really stops, and what resume brings back, from the state read first.

``restore_quiesce.quiesce_targets`` says what an environment's quiesce *may* touch. Before anything is touched,
the restore reads the state of each of those things, and this module decides from it:

* an IIS application pool is stopped only if it exists and runs (``Started``, ``Starting``). A pool that does not
  exist is never created (``microsoft.iis.web_app_pool`` creates a missing pool for ``state: stopped``), and a pool
  an operator had stopped stays stopped after the restore;
* an HPF service is stopped only if it exists and runs; a stopped or disabled one is left as it was and is not
  started at the end;
* an HAProxy server is drained only if it is in service; one an operator had put in maintenance (``MAINT``, or
  draining) stays so: resume never enables a server the restore did not take out.

Resume undoes exactly what was done, in reverse order. Everything left alone is listed with its state and why.

The inputs are the registered results of the reading tasks, replayed as the modules return them:
``microsoft.iis.web_app_pool_info`` (no ``name``: every pool of the machine, ``app_pools[].attributes.state``
``Started`` / ``Stopped`` / ...), ``ansible.windows.win_service_info`` (``exists``, ``services[].state``, where a
running service is ``started``, and ``start_mode``) and ``divalto.cloud.haproxy_stat`` (``rows[]`` of ``{backend,
server, status}``). A result that failed or has another shape is an error naming the machine and the field: the
restore stops before anything is changed, rather than guess what to bring back.

Pure Python, no Ansible import.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt

# IIS's states of a pool (ObjectState): one that runs or starts is stopped and started again; a stopped one is left
# alone; one stopping or unknown is refused (the restore waits for no one: run it again when IIS has settled).
RUNNING_POOL_STATES = ("Started", "Starting")
STOPPED_POOL_STATE = "Stopped"
# win_service_info's states: every state but stopped has a process that may hold files, so it is stopped; resume
# starts again those that ran (a paused service is stopped and left stopped: it is reported).
STOPPED_SERVICE_STATE = "stopped"
RESUMED_SERVICE_STATES = ("started", "start_pending", "continue_pending")
# What win_service_info warns when it could not open a service it found (it then says exists: false).
UNREADABLE_SERVICE_WARNING = "failed to open service"
# HAProxy's status of a server an operator took out of service (``MAINT``, ``MAINT (via ...)``, ``DRAIN``).
OUT_OF_SERVICE_PREFIXES = ("MAINT", "DRAIN")


class QuiesceStateError(DivaltoError):
    """A state result is missing, failed, or not in the shape its module returns."""


def _result_list(results: Any, what: str) -> list[Mapping[str, Any]]:
    if isinstance(results, Mapping) and "results" in results:
        results = results["results"]
    if not isinstance(results, Sequence) or isinstance(results, str):
        raise QuiesceStateError("%s: expected the results of a loop, got %s" % (what, excerpt(results)))
    for index, result in enumerate(results):
        if not isinstance(result, Mapping):
            raise QuiesceStateError("%s[%d]: expected a task result, got %s" % (what, index, excerpt(result)))
    return list(results)


def _failed(result: Mapping[str, Any], what: str) -> None:
    if result.get("failed") or result.get("unreachable"):
        raise QuiesceStateError(
            "%s: could not be read (%s); nothing was changed" % (what, excerpt(result.get("msg") or "failed"))
        )


def pool_states(results: Any) -> dict[str, dict[str, dict[str, str]]]:
    """``{machine: {pool name casefolded: {name, state}}}`` of looped ``web_app_pool_info`` results (``item``: the
    machine's name)."""
    states: dict[str, dict[str, dict[str, str]]] = {}
    for result in _result_list(results, "app pool states"):
        machine = result.get("item")
        if not isinstance(machine, str) or not machine:
            raise QuiesceStateError("app pool states: a result's item is not a machine name: %s" % excerpt(machine))
        what = "app pools of %s" % machine
        _failed(result, what)
        pools = result.get("app_pools")
        if not isinstance(pools, Sequence) or isinstance(pools, str):
            raise QuiesceStateError("%s: app_pools is not a list: %s" % (what, excerpt(pools)))
        found = states.setdefault(machine, {})
        for pool in pools:
            name = pool.get("name") if isinstance(pool, Mapping) else None
            attributes = pool.get("attributes") if isinstance(pool, Mapping) else None
            state = attributes.get("state") if isinstance(attributes, Mapping) else None
            if not isinstance(name, str) or not isinstance(state, str):
                raise QuiesceStateError("%s: an entry has no name or attributes.state: %s" % (what, excerpt(pool)))
            # IIS pool names are case-insensitive: keyed without case, IIS's own spelling kept for stop and start
            found[name.casefold()] = {"name": name, "state": state}
    return states


def service_states(results: Any) -> dict[tuple[str, str], dict[str, str] | None]:
    """``{(machine, service): {state, start_mode} or None when it does not exist}`` of looped ``win_service_info``
    results (``item``: ``[app server entry, service name]``, as ``subelements('hpf_services')`` gives)."""
    states: dict[tuple[str, str], dict[str, str] | None] = {}
    for result in _result_list(results, "service states"):
        item = result.get("item")
        machine = (
            item[0].get("machine") if isinstance(item, Sequence) and item and isinstance(item[0], Mapping) else None
        )
        service = item[1] if isinstance(item, Sequence) and len(item) == 2 else None
        if not isinstance(machine, str) or not isinstance(service, str):
            raise QuiesceStateError(
                "service states: a result's item is not [app server, service name]: %s" % excerpt(item)
            )
        what = "service %s on %s" % (service, machine)
        _failed(result, what)
        if result.get("exists") is False:
            # A service it found but could not open is also "exists: false", with a warning: not an absent one.
            warnings = [str(warning) for warning in result.get("warnings") or []]
            unreadable = [warning for warning in warnings if UNREADABLE_SERVICE_WARNING in warning.lower()]
            if unreadable:
                raise QuiesceStateError(
                    "%s: could not be read (%s); nothing was changed" % (what, excerpt(unreadable[0]))
                )
            states[(machine, service)] = None
            continue
        matches = [
            entry
            for entry in result.get("services") or []
            if isinstance(entry, Mapping) and str(entry.get("name", "")).lower() == service.lower()
        ]
        if result.get("exists") is not True or len(matches) != 1:
            raise QuiesceStateError("%s: expected exists and one services entry: %s" % (what, excerpt(result)))
        entry = matches[0]
        if not isinstance(entry.get("state"), str) or not isinstance(entry.get("start_mode"), str):
            raise QuiesceStateError("%s: its entry has no state or start_mode: %s" % (what, excerpt(entry)))
        states[(machine, service)] = {"state": entry["state"], "start_mode": entry["start_mode"]}
    return states


def server_statuses(rows: Any) -> dict[tuple[str, str, str], str]:
    """``{(proxy, backend, server): status}`` of the rows read before the drain (``proxy`` in each row, as
    ``roles/restore/tasks/haproxy_rows.yml`` records them)."""
    if not isinstance(rows, Sequence) or isinstance(rows, str):
        raise QuiesceStateError("HAProxy rows: expected a list, got %s" % excerpt(rows))
    statuses = {}
    for row in rows:
        fields = [row.get(name) if isinstance(row, Mapping) else None for name in ("proxy", "backend", "server")]
        status = row.get("status") if isinstance(row, Mapping) else None
        if not all(isinstance(field, str) for field in fields) or not isinstance(status, str):
            raise QuiesceStateError("HAProxy rows: a row has no proxy, backend, server or status: %s" % excerpt(row))
        statuses[(fields[0], fields[1], fields[2])] = status
    return statuses


def quiesce_state(targets: Mapping[str, Any], pools: Any, services: Any, rows: Any) -> dict[str, Any]:
    """What the quiesce stops and drains, what resume brings back, and what both leave alone.

    ``targets`` is ``quiesce_targets``' result; ``pools``, ``services`` the looped reading results; ``rows`` the
    HAProxy rows read before the drain. Returns ``{drain, stop_pools, stop_services, start_services, start_pools,
    enable, left_alone}``: ``stop_services`` in the reverse of the start order, ``start_services`` in it.
    """
    windows = [entry for entry in targets.get("app_servers", []) if entry.get("os") == "windows"]
    pool_state = pool_states(pools)
    service_state = service_states(services)
    statuses = server_statuses(rows)
    left_alone: list[dict[str, Any]] = []

    drain = []
    for entry in targets.get("drain", []):
        status = statuses.get((entry["proxy"], entry["backend"], entry["server"]))
        if status is None:
            raise QuiesceStateError(
                "HAProxy on %s has no row for %s/%s: its state was not read; nothing was changed"
                % (entry["proxy"], entry["backend"], entry["server"])
            )
        if status.upper().startswith(OUT_OF_SERVICE_PREFIXES):
            left_alone.append(
                _left(
                    entry["proxy"],
                    "haproxy_server",
                    "%s/%s" % (entry["backend"], entry["server"]),
                    status,
                    "out of service before the restore: neither drained nor enabled",
                )
            )
        else:
            drain.append(dict(entry))

    stop_pools = []
    for entry in windows:
        machine, name = entry["machine"], entry["app_pool"]
        if machine not in pool_state:
            raise QuiesceStateError("app pools of %s: not read (no result for this machine)" % machine)
        found = pool_state[machine].get(name.casefold())
        if found is None:
            left_alone.append(_left(machine, "app_pool", name, "absent", "does not exist: not created, not started"))
        elif found["state"] == STOPPED_POOL_STATE:
            left_alone.append(
                _left(machine, "app_pool", found["name"], found["state"], "not running before the restore")
            )
        elif found["state"] in RUNNING_POOL_STATES:
            stop_pools.append({"machine": machine, "app_pool": found["name"]})
        else:
            raise QuiesceStateError(
                "app pool %s on %s: state %s, neither running nor stopped; nothing was changed (run the restore "
                "again once IIS has settled)" % (found["name"], machine, excerpt(found["state"]))
            )

    stop_services, start_services = [], []
    for entry in windows:
        for service in entry.get("hpf_services", []):
            key = (entry["machine"], service)
            if key not in service_state:
                raise QuiesceStateError("service %s on %s: not read (no result for it)" % (service, entry["machine"]))
            state = service_state[key]
            if state is None:
                left_alone.append(_left(entry["machine"], "service", service, "absent", "does not exist"))
            elif state["state"] == STOPPED_SERVICE_STATE:
                reason = "disabled" if state["start_mode"] == "disabled" else "not running before the restore"
                left_alone.append(_left(entry["machine"], "service", service, state["state"], reason))
            else:
                stop_services.append({"machine": entry["machine"], "service": service})
                if state["state"] in RESUMED_SERVICE_STATES:
                    start_services.append({"machine": entry["machine"], "service": service})
                else:
                    left_alone.append(
                        _left(
                            entry["machine"],
                            "service",
                            service,
                            state["state"],
                            "stopped for the restore (it may hold files), not started again: it was not running",
                        )
                    )

    return {
        "drain": drain,
        "stop_pools": stop_pools,
        "stop_services": [dict(service) for service in reversed(stop_services)],
        "start_services": start_services,
        "start_pools": [dict(pool) for pool in stop_pools],
        "enable": [dict(entry) for entry in drain],
        "left_alone": left_alone,
    }


def _left(where: str, kind: str, name: str, state: str, reason: str) -> dict[str, str]:
    return {"where": where, "kind": kind, "name": name, "state": state, "reason": reason}
