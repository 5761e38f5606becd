# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""reports.health_verdict: the verdict of the health_check role, from replayed task results.

fixtures/health/linux.json was recorded from real ansible-core 2.19 tasks (service_facts, wait_for, uri);
fixtures/health/windows.json holds what ansible.windows' win_service_info, win_wait_for and win_uri return,
from their source.
"""

from __future__ import annotations

import copy
import json
import pathlib

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.reports.health_verdict import (
    HealthVerdictError,
    running_services,
    verdict,
)

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "health"


def replay(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def linux_checks(urls):
    return {"os": "linux", "services": ["haproxy", "ssh"], "ports": [2024, 1], "urls": [r["item"] for r in urls]}


def test_linux_every_failed_check_is_named_in_order():
    rec = replay("linux.json")
    failures = verdict(linux_checks(rec["urls"]["results"]), rec["services"], rec["ports"], rec["urls"])
    assert failures == [
        "service ssh is not running",
        "port 1 does not answer ('Timeout when waiting for 127.0.0.1:1')",
        "http://127.0.0.1:1/health (Host -) answered nothing, expected 200",
        "http://127.0.0.1:18080/missing (Host erp.example) answered 404, expected 200",
    ]


def test_linux_a_name_that_does_not_resolve_is_a_failure():
    rec = replay("linux.json")
    checks = {"os": "linux", "services": [], "ports": [443], "urls": []}
    skipped = {"changed": False, "skipped": True, "skipped_reason": "No items in the list", "results": []}
    assert verdict(checks, rec["services"], rec["badname"], skipped) == [
        "port 443 does not answer ('Timeout when waiting for no-such-host.invalid:443')"
    ]


def test_linux_all_passing():
    rec = replay("linux.json")
    ports = copy.deepcopy(rec["ports"])
    ports["results"] = ports["results"][:1]
    urls = copy.deepcopy(rec["urls"])
    urls["results"] = urls["results"][1:2]
    checks = {"os": "linux", "services": ["haproxy"], "ports": [2024], "urls": [urls["results"][0]["item"]]}
    assert verdict(checks, rec["services"], ports, urls) == []


def test_windows_states_other_than_started_are_not_running():
    rec = replay("windows.json")
    assert running_services(rec["services"], "windows") == {"W3SVC", "DhsServices"}


def test_windows_every_failed_check_is_named():
    rec = replay("windows.json")
    checks = {
        "os": "windows",
        "services": ["W3SVC", "DhsXlanServer", "DhsDivaAgent", "DhsServices"],
        "ports": [443, 5001],
        "urls": [r["item"] for r in rec["urls"]["results"]],
    }
    assert verdict(checks, rec["services"], rec["ports"], rec["urls"]) == [
        "service DhsXlanServer is not running",
        "service DhsDivaAgent is not running",
        "port 5001 does not answer ('timeout while waiting for 10.10.20.11:5001 to start listening')",
        "https://10.10.20.11:443/health (Host dentelles.erp.example) answered 503, expected 200",
    ]


def test_an_unreachable_port_check_is_a_failure():
    rec = replay("linux.json")
    ports = {"results": [{"item": 443, "unreachable": True, "msg": "Failed to connect"}]}
    checks = {"os": "linux", "services": [], "ports": [443], "urls": []}
    assert verdict(checks, rec["services"], ports, {"skipped": True}) == [
        "port 443 was not checked: the machine did not answer"
    ]


@pytest.mark.parametrize(
    ("services", "ports", "message"),
    [
        ("running", {"results": []}, "services: expected a registered result"),
        ({"ansible_facts": {}}, {"results": []}, "services: no ansible_facts.services"),
        ({"ansible_facts": {"services": {"x": {"state": "running"}}}}, {"results": []}, "an entry has no name"),
        ({"ansible_facts": {"services": {}}}, {"results": "x"}, "'results' is not a list"),
        ({"ansible_facts": {"services": {}}}, {"results": ["x"]}, "a loop result is not a mapping"),
        ({"ansible_facts": {"services": {}}}, {"results": []}, "0 checks ran where 1 were asked"),
    ],
)
def test_results_of_the_wrong_shape_never_pass(services, ports, message):
    checks = {"os": "linux", "services": [], "ports": [22], "urls": []}
    with pytest.raises(HealthVerdictError, match=message):
        verdict(checks, services, ports, {"results": []})


def test_a_port_result_without_evidence_of_an_answer_is_a_failure():
    checks = {"os": "linux", "services": [], "ports": [22], "urls": []}
    services = {"ansible_facts": {"services": {}}}
    assert verdict(checks, services, {"results": [{"item": 22, "changed": False}]}, {"results": []}) == [
        "port 22 does not answer (no answer recorded)"
    ]


def test_an_unknown_operating_system_is_refused():
    with pytest.raises(HealthVerdictError, match="unknown operating system 'aix'"):
        running_services({"services": []}, "aix")
