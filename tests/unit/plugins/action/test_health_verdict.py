# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The health_verdict action: the verdict of reports.health_verdict as a task result, without any model."""

from __future__ import annotations

import json
import pathlib

from ansible_collections.divalto.cloud.plugins.action.health_verdict import ActionModule as HealthVerdict

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "module_utils" / "fixtures" / "health"


def test_failed_checks_fail_the_task_naming_each(run_action):
    rec = json.loads((FIXTURES / "windows.json").read_text(encoding="utf-8"))
    checks = {"os": "windows", "services": ["W3SVC", "DhsXlanServer"], "ports": [443, 5001], "urls": []}
    args = {"machine": "app-par1-01", "checks": checks, "services": rec["services"], "ports": rec["ports"]}
    args["urls"] = {"skipped": True}
    outcome = run_action(HealthVerdict, args, {}, action="divalto.cloud.health_verdict")
    assert outcome["failed"] is True
    assert outcome["msg"] == (
        "health_verdict: health check of app-par1-01 failed: service DhsXlanServer is not running;"
        " port 5001 does not answer ('timeout while waiting for 10.10.20.11:5001 to start listening')"
    )


def test_passing_checks_need_no_inventory_model(run_action):
    services = {"ansible_facts": {"services": {"haproxy.service": {"name": "haproxy.service", "state": "running"}}}}
    checks = {"os": "linux", "services": ["haproxy"], "ports": [], "urls": []}
    args = {"machine": "rp-par1-01", "checks": checks, "services": services, "ports": {"skipped": True}}
    args["urls"] = {"skipped": True}
    outcome = run_action(HealthVerdict, args, {})
    assert outcome == {"changed": False, "failures": []}
