# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for the divalto.cloud.restore_plan module (exit/fail JSON)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.divalto.cloud.plugins.modules import restore_plan
from ansible_collections.divalto.cloud.tests.unit.plugins.module_utils.backup.restore_history import (
    paris,
    policy_events,
    snapshots,
    sql_history,
)
from ansible_collections.divalto.cloud.tests.unit.plugins.module_utils.backup.test_dr import (
    ENVIRONMENTS as DR_ENVIRONMENTS,
)
from ansible_collections.divalto.cloud.tests.unit.plugins.module_utils.backup.test_dr import PLATFORM
from ansible_collections.divalto.cloud.tests.unit.plugins.module_utils.backup.test_restore_plan import ENVIRONMENTS

EVENTS = policy_events(dt.date(2026, 11, 15), 4)
HISTORY = sql_history("acme_production_erp", EVENTS) + sql_history("acme_production_portal", EVENTS)
SNAPSHOTS = snapshots("acme_production", [paris(2026, 11, d, 22, 0) for d in range(15, 18)])
NOW = paris(2026, 11, 18, 14, 20).isoformat()


def run(module, args, capsys):
    with patch_module_args(args), pytest.raises(SystemExit) as exit_info:
        module.main()
    return exit_info.value.code, json.loads(capsys.readouterr().out)


def restore_args(**extra):
    args = {
        "environments": ENVIRONMENTS,
        "tenant": "acme",
        "source": "production",
        "target": "staging",
        "point_in_time": "2026-11-18T10:30:00+01:00",
        "now": NOW,
        "sql_history": HISTORY,
        "restic_snapshots": SNAPSHOTS,
    }
    args.update(extra)
    return args


def test_restore_plan_is_returned_unchanged(capsys):
    code, result = run(restore_plan, restore_args(), capsys)
    assert code == 0
    assert result["changed"] is False
    plan = result["plan"]
    assert (plan["source"], plan["target"]) == ("acme_production", "acme_staging")
    assert [d["target_database"] for d in plan["databases"]] == ["acme_staging_erp", "acme_staging_portal"]
    assert plan["databases"][0]["restore_time"] == "10:30:00 11/18/2026"
    assert plan["steps"][-2:] == ["neutralise", "resume"]


def test_restore_plan_of_paths_into_the_side_directory(capsys):
    args = restore_args(scope="files", paths=["erp_files/2026/x.pdf"], stamp="20261205T201500Z")
    code, result = run(restore_plan, args, capsys)
    assert code == 0, result
    plan = result["plan"]
    assert (plan["scope"], plan["paths"], plan["in_place"], plan["quiesce"]) == (
        "files",
        ["erp_files/2026/x.pdf"],
        False,
        False,
    )
    assert plan["data_sets"][0]["directories"][0]["target"].endswith("/restored/20261205T201500Z/erp_files/2026/x.pdf")
    code, result = run(restore_plan, restore_args(scope="files", paths=["erp_files/x"]), capsys)
    assert code == 1
    assert result["msg"].startswith("cannot plan the restore: stamp: expected the run's UTC time")


def test_restore_plan_check_mode_gives_the_same_plan(capsys):
    _code, normal = run(restore_plan, restore_args(), capsys)
    code, checked = run(restore_plan, restore_args(_ansible_check_mode=True), capsys)
    assert code == 0
    assert checked["plan"] == normal["plan"]


def test_cross_tenant_restore_fails(capsys):
    code, result = run(restore_plan, restore_args(target="cobalt_production"), capsys)
    assert code == 1
    assert result["msg"] == (
        "cannot plan the restore: cross-tenant restore refused: the source acme_production belongs to tenant acme "
        "and the target cobalt_production to tenant cobalt; a restore stays within one tenant"
    )


def test_restore_without_point_in_time_fails(capsys):
    args = restore_args()
    del args["point_in_time"]
    code, result = run(restore_plan, args, capsys)
    assert code == 1
    assert result["msg"] == "mode is restore but all of the following are missing: point_in_time"


def test_failover_needs_confirmation(capsys):
    args = {"mode": "failover", "environments": DR_ENVIRONMENTS, "platform": PLATFORM, "confirm": "par1", "now": NOW}
    code, result = run(restore_plan, args, capsys)
    assert code == 1
    assert result["msg"] == (
        "cannot plan the failover: failover refused: it moves every environment into the recovery datacenter; "
        "confirm with -e dr_confirm=sxb1 (the recovery datacenter's name), got 'par1'"
    )


def test_failover_without_confirm_is_refused_by_the_argument_spec(capsys):
    code, result = run(
        restore_plan, {"mode": "failover", "environments": DR_ENVIRONMENTS, "platform": PLATFORM}, capsys
    )
    assert code == 1
    assert result["msg"] == "mode is failover but all of the following are missing: confirm"


def test_failover_and_drill_plans(capsys):
    args = {
        "mode": "failover",
        "environments": DR_ENVIRONMENTS,
        "platform": PLATFORM,
        "confirm": "sxb1",
        "now": NOW,
        "priorities": {"cobalt": 1},
    }
    code, result = run(restore_plan, args, capsys)
    assert code == 0
    assert [e["key"] for e in result["plan"]["environments"]][0] == "cobalt_production"
    assert result["plan"]["dmz_proxies"] == "role_reverse_proxy:&dc_sxb1"
    code, result = run(
        restore_plan,
        {
            "mode": "drill",
            "environments": DR_ENVIRONMENTS,
            "platform": PLATFORM,
            "tenant": "acme",
            "now": NOW,
            "drill_suffix": "_dr",
        },
        capsys,
    )
    assert code == 0
    assert result["plan"]["mode"] == "drill"
    assert result["plan"]["dr_environments"]["acme_production"]["databases"] == {"erp": "acme_production_erp_dr"}
