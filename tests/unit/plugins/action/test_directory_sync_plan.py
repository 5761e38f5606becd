# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.directory_sync_plan action: reads the export and the state on the controller, then plans."""

from __future__ import annotations

import json

from ansible_collections.divalto.cloud.plugins.action.directory_sync_plan import ActionModule

OU = "OU=acme,OU=Tenants,DC=x"
GROUP = "CN=gg_acme_production," + OU
IDENTITY = {
    "tenants": {
        "acme": {
            "ou": OU,
            "groups": {
                "gg_acme_production": {"dn": GROUP, "kind": "environment", "environment": "production"},
                "gl_acme_full": {"dn": "CN=gl_acme_full," + OU, "kind": "licence", "profile": "full", "seats": 5},
            },
        }
    }
}
GROUPS = [
    {"dn": GROUP, "adminDescription": "divalto.cloud:managed", "member": ["CN=alice," + OU, "CN=dave," + OU]},
    {"dn": "CN=gl_acme_full," + OU, "adminDescription": "divalto.cloud:managed"},
]
USERS = [
    {"dn": "CN=%s,%s" % (name, OU), "sAMAccountName": name, "userAccountControl": "512"} for name in ("alice", "dave")
]
EXPORT = (
    "# exported_at: 2026-12-01T07:00:00Z\n"
    "account,tenant,profile,environments,enabled\n"
    "alice,acme,full,acme_production,true\n"
    "# end: 1 users\n"
)


def args(tmp_path, **more):
    export = tmp_path / "users.csv"
    export.write_text(EXPORT, encoding="utf-8")
    base = {
        "export": str(export),
        "identity": IDENTITY,
        "groups": GROUPS,
        "users": USERS,
        "state_file": str(tmp_path / "state.json"),
        "now": "2026-12-01T08:00:00Z",
    }
    return dict(base, **more)


def test_plans_with_the_state_kept_by_the_previous_run(run_action, tmp_path):
    (tmp_path / "state.json").write_text(
        json.dumps({"version": 1, "leavers": {("CN=dave," + OU).lower(): {"first_seen": "2026-11-20T08:00:00Z"}}})
    )
    # dave is 1 of the 2 memberships: the run-wide limit at 0.5 lets him go (at 0.25 it stops the run).
    result = run_action(ActionModule, args(tmp_path, max_run_removal_share=0.5), {})
    assert result["changed"] is False and not result.get("failed"), result
    plan = result["plan"]
    assert plan["status"] == "ready" and plan["export"]["exported_at"] == "2026-12-01T07:00:00Z"
    assert plan["tenants"]["acme"]["leavers"][0]["first_seen"] == "2026-11-20T08:00:00Z"
    assert plan["changes"]["remove"] == [{"dn": GROUP, "members": ["CN=dave," + OU]}]


def test_without_a_state_the_leaver_starts_its_grace_period(run_action, tmp_path):
    plan = run_action(ActionModule, args(tmp_path), {})["plan"]
    assert plan["changes"]["remove"] == [] and list(plan["state"]["leavers"]) == [("CN=dave," + OU).lower()]


def test_a_bad_export_fails_naming_the_action_the_file_and_the_line(run_action, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "# exported_at: 2026-12-01T07:00:00Z\n"
        "account,tenant,profile,environments,enabled\nalice,acme,full,acme_production,perhaps\n# end: 1 users\n"
    )
    result = run_action(ActionModule, args(tmp_path, export=str(bad)), {}, action="divalto.cloud.directory_sync_plan")
    assert result["failed"] is True
    assert result["msg"].startswith("directory_sync_plan: %s: 1 problem in the DLMT export" % bad)
    assert "line 3 column enabled: expected true or false, got 'perhaps'" in result["msg"]


def test_a_missing_export_or_a_corrupt_state_fails(run_action, tmp_path):
    result = run_action(ActionModule, args(tmp_path, export=str(tmp_path / "none.csv")), {})
    assert result["failed"] is True and "export: cannot read %s" % (tmp_path / "none.csv") in result["msg"]
    (tmp_path / "state.json").write_text("{not json")
    result = run_action(ActionModule, args(tmp_path), {})
    assert result["failed"] is True and "is not the JSON this action keeps" in result["msg"]
    (tmp_path / "state.json").write_text("null\n")
    result = run_action(ActionModule, args(tmp_path), {})
    assert result["failed"] is True and "holds null, not the leavers' state this action keeps" in result["msg"]


def test_the_override_needs_a_reason(run_action, tmp_path):
    result = run_action(ActionModule, args(tmp_path, allow_mass_removal=True), {})
    assert result["failed"] is True and "allow_mass_removal needs a reason" in result["msg"]


def test_under_awx_the_state_directory_must_be_given(run_action, tmp_path):
    for name in ("awx_job_id", "tower_job_id"):
        result = run_action(ActionModule, args(tmp_path), {name: 1234})
        assert result["failed"] is True
        assert "this run is AWX job 1234 and directory_sync_report_dir is not set" in result["msg"]
        assert "set directory_sync_report_dir to a persistent path" in result["msg"]
    given = run_action(ActionModule, args(tmp_path, state_dir_given=True), {"awx_job_id": 1234})
    assert not given.get("failed") and given["plan"]["status"] == "ready", given
    # On the command line, the default next to the playbooks is kept.
    assert not run_action(ActionModule, args(tmp_path), {}).get("failed")
