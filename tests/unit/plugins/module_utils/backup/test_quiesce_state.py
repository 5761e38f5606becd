# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""backup.quiesce_state: what the quiesce stops and resume starts, from replayed reading results in the shapes
microsoft.iis.web_app_pool_info, ansible.windows.win_service_info and haproxy_stat return."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.backup.quiesce_state import (
    QuiesceStateError,
    quiesce_state,
)

HPF = ["DhsXlanServer", "DhsDivaAgent", "DhsServices"]
TARGETS = {
    "environment": "acme_staging",
    "drain": [
        {"proxy": "dmz-1", "backend": "be_acme_staging", "server": "app-1"},
        {"proxy": "dmz-1", "backend": "be_acme_staging", "server": "app-2"},
    ],
    "app_servers": [
        {"machine": "app-1", "os": "windows", "app_pool": "acme_staging", "hpf_services": HPF, "shared_with": []},
        {"machine": "app-2", "os": "windows", "app_pool": "acme_staging", "hpf_services": [], "shared_with": ["x"]},
        {"machine": "lin-1", "os": "linux", "app_pool": "acme_staging", "hpf_services": HPF, "shared_with": []},
    ],
}


def pool(name, state):
    """An entry of web_app_pool_info's app_pools (attributes cut to what matters, as the module nests them)."""
    return {"name": name, "attributes": {"autoStart": True, "name": name, "startMode": "OnDemand", "state": state}}


def pools_result(**states):
    """The registered loop over the Windows app servers, ``{machine: {pool: state}}``."""
    return {
        "changed": False,
        "results": [
            {"item": machine, "changed": False, "exists": True, "app_pools": [pool(n, s) for n, s in found.items()]}
            for machine, found in states.items()
        ],
    }


def service(name, state="started", start_mode="auto"):
    return {"name": name, "display_name": name, "state": state, "start_mode": start_mode, "path": "C:\\x.exe"}


def services_result(states=None):
    """The registered loop over subelements('hpf_services'): ``{service: (state, start_mode) or None}`` on app-1."""
    states = states or {}
    entry = TARGETS["app_servers"][0]
    results = []
    for name in entry["hpf_services"]:
        found = states.get(name, ("started", "auto"))
        if found is None:
            results.append({"item": [entry, name], "changed": False, "exists": False, "services": []})
        else:
            results.append(
                {"item": [entry, name], "changed": False, "exists": True, "services": [service(name, *found)]}
            )
    return {"changed": False, "results": results}


RUNNING = {"app-1": {"acme_staging": "Started", "other": "Started"}, "app-2": {"acme_staging": "Started"}}
UP = [dict(entry, status="UP", stage="before") for entry in TARGETS["drain"]]


def test_everything_running_is_stopped_and_brought_back_in_reverse_order():
    state = quiesce_state(TARGETS, pools_result(**RUNNING), services_result(), UP)
    assert state["drain"] == TARGETS["drain"] and state["enable"] == TARGETS["drain"]
    assert state["stop_pools"] == [
        {"machine": "app-1", "app_pool": "acme_staging"},
        {"machine": "app-2", "app_pool": "acme_staging"},
    ]
    assert state["start_pools"] == state["stop_pools"]
    assert [s["service"] for s in state["start_services"]] == HPF
    assert [s["service"] for s in state["stop_services"]] == list(reversed(HPF))
    assert state["left_alone"] == []


def test_a_pool_stopped_before_stays_stopped_and_a_missing_one_is_not_created():
    states = {"app-1": {"acme_staging": "Stopped"}, "app-2": {"other": "Started"}}
    state = quiesce_state(TARGETS, pools_result(**states), services_result(), UP)
    assert state["stop_pools"] == [] and state["start_pools"] == []
    assert state["left_alone"] == [
        {
            "where": "app-1",
            "kind": "app_pool",
            "name": "acme_staging",
            "state": "Stopped",
            "reason": "not running before the restore",
        },
        {
            "where": "app-2",
            "kind": "app_pool",
            "name": "acme_staging",
            "state": "absent",
            "reason": "does not exist: not created, not started",
        },
    ]


def test_stopped_disabled_and_missing_services_are_left_as_they_were():
    services = services_result(
        {"DhsXlanServer": ("stopped", "manual"), "DhsDivaAgent": ("stopped", "disabled"), "DhsServices": None}
    )
    state = quiesce_state(TARGETS, pools_result(**RUNNING), services, UP)
    assert state["stop_services"] == [] and state["start_services"] == []
    assert [(e["name"], e["state"], e["reason"]) for e in state["left_alone"]] == [
        ("DhsXlanServer", "stopped", "not running before the restore"),
        ("DhsDivaAgent", "stopped", "disabled"),
        ("DhsServices", "absent", "does not exist"),
    ]


@pytest.mark.parametrize("reading", ["paused", "pause_pending", "running"])
def test_a_service_neither_stopped_nor_running_is_stopped_and_not_started_again(reading):
    """Every state but ``stopped`` has a process that may hold the files: stopped for the restore. Only a service
    that ran (``started``, as win_service_info says, ``start_pending``, ``continue_pending``) is started again; a
    state that is not in the module's words (``running``) is not taken for one."""
    services = services_result({"DhsServices": (reading, "auto"), "DhsDivaAgent": ("continue_pending", "auto")})
    state = quiesce_state(TARGETS, pools_result(**RUNNING), services, UP)
    assert [s["service"] for s in state["stop_services"]] == ["DhsServices", "DhsDivaAgent", "DhsXlanServer"]
    assert [s["service"] for s in state["start_services"]] == ["DhsXlanServer", "DhsDivaAgent"]
    assert [(e["name"], e["state"]) for e in state["left_alone"]] == [("DhsServices", reading)]
    assert state["left_alone"][0]["reason"].startswith("stopped for the restore")


def test_a_pool_named_in_another_case_is_the_same_pool_and_keeps_iis_spelling():
    states = {"app-1": {"Acme_Staging": "Starting"}, "app-2": {"ACME_STAGING": "Stopped"}}
    state = quiesce_state(TARGETS, pools_result(**states), services_result(), UP)
    assert state["stop_pools"] == [{"machine": "app-1", "app_pool": "Acme_Staging"}]
    assert [(e["where"], e["name"], e["state"]) for e in state["left_alone"]] == [("app-2", "ACME_STAGING", "Stopped")]


@pytest.mark.parametrize("reading", ["Stopping", "Unknown"])
def test_a_pool_neither_running_nor_stopped_stops_the_restore(reading):
    states = {**RUNNING, "app-2": {"acme_staging": reading}}
    with pytest.raises(QuiesceStateError, match="^app pool acme_staging on app-2: state '%s', neither" % reading):
        quiesce_state(TARGETS, pools_result(**states), services_result(), UP)


def test_a_service_found_but_not_opened_is_not_taken_for_absent():
    """win_service_info warns and says ``exists: false`` when it cannot open a service it found (access denied):
    "could not read" must not become "absent" (the service would run through the restore)."""
    services = services_result({"DhsServices": None})
    services["results"][2]["warnings"] = [
        "Failed to open service 'DhsServices to get more info, ignoring: Access is denied (Win32ErrorCode 5)"
    ]
    with pytest.raises(QuiesceStateError, match="^service DhsServices on app-1: could not be read"):
        quiesce_state(TARGETS, pools_result(**RUNNING), services, UP)


def test_servers_out_of_service_before_are_neither_drained_nor_enabled():
    rows = [
        {"proxy": "dmz-1", "backend": "be_acme_staging", "server": "app-1", "status": "UP", "stage": "before"},
        {"proxy": "dmz-1", "backend": "be_acme_staging", "server": "app-2", "status": "MAINT", "stage": "before"},
    ]
    state = quiesce_state(TARGETS, pools_result(**RUNNING), services_result(), rows)
    assert state["drain"] == [TARGETS["drain"][0]] and state["enable"] == [TARGETS["drain"][0]]
    assert state["left_alone"] == [
        {
            "where": "dmz-1",
            "kind": "haproxy_server",
            "name": "be_acme_staging/app-2",
            "state": "MAINT",
            "reason": "out of service before the restore: neither drained nor enabled",
        },
    ]
    rows[1]["status"] = "DOWN"  # failing its health check, not taken out by anyone: drained and enabled
    assert quiesce_state(TARGETS, pools_result(**RUNNING), services_result(), rows)["drain"] == TARGETS["drain"]


def test_the_result_lists_are_copies():
    state = quiesce_state(TARGETS, pools_result(**RUNNING), services_result(), UP)
    state["enable"][0]["server"] = "changed"
    state["start_pools"][0]["machine"] = "changed"
    state["start_services"][0]["machine"] = "changed"
    assert state["drain"][0]["server"] == "app-1" and state["stop_pools"][0]["machine"] == "app-1"
    assert {service["machine"] for service in state["stop_services"]} == {"app-1"}


@pytest.mark.parametrize("status", ["DRAIN", "MAINT (via be_other/app-2)", "maint"])
def test_every_form_of_out_of_service_is_left_alone(status):
    rows = [dict(UP[0]), dict(UP[1], status=status)]
    state = quiesce_state(TARGETS, pools_result(**RUNNING), services_result(), rows)
    assert state["drain"] == [TARGETS["drain"][0]]
    assert state["left_alone"][0]["state"] == status


def test_a_drained_server_without_a_row_was_not_read():
    with pytest.raises(QuiesceStateError, match="^HAProxy on dmz-1 has no row for be_acme_staging/app-2: its state"):
        quiesce_state(TARGETS, pools_result(**RUNNING), services_result(), UP[:1])


def failed_pools():
    result = pools_result(**RUNNING)
    result["results"][1] = {"item": "app-2", "failed": True, "msg": "WinRM: connection refused " + "x" * 500}
    return result


def unread_service():
    result = services_result()
    del result["results"][2]
    return result


@pytest.mark.parametrize(
    "pools, services, rows, message",
    [
        (
            failed_pools(),
            services_result(),
            UP,
            r"^app pools of app-2: could not be read \('WinRM: connection refused x+",
        ),
        (pools_result(**{"app-1": RUNNING["app-1"]}), services_result(), UP, "^app pools of app-2: not read"),
        (pools_result(**RUNNING), unread_service(), UP, "^service DhsServices on app-1: not read"),
        ({"results": [{"item": "app-1", "app_pools": "Started"}]}, services_result(), UP, "app_pools is not a list"),
        ({"results": [{"item": "app-1", "app_pools": [{"name": "p"}]}]}, services_result(), UP, "attributes.state"),
        ({"results": [{"item": None}]}, services_result(), UP, "item is not a machine name"),
        ("Started", services_result(), UP, "expected the results of a loop"),
        (pools_result(**RUNNING), {"results": [{"item": "DhsServices"}]}, UP, r"item is not \[app server, service"),
        (
            pools_result(**RUNNING),
            {"results": [{"item": [TARGETS["app_servers"][0], "DhsServices"], "exists": True, "services": []}]},
            UP,
            "expected exists and one services entry",
        ),
        (pools_result(**RUNNING), services_result(), [{"backend": "b", "server": "s"}], "no proxy, backend, server"),
        (
            {"results": [{"item": "app-1", "unreachable": True, "msg": "timed out"}]},
            services_result(),
            UP,
            r"^app pools of app-1: could not be read \('timed out'\)",
        ),
    ],
)
def test_unreadable_states_stop_before_anything_changes(pools, services, rows, message):
    with pytest.raises(QuiesceStateError, match=message) as raised:
        quiesce_state(TARGETS, copy.deepcopy(pools), copy.deepcopy(services), rows)
    assert len(str(raised.value)) < 300
