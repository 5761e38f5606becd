# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.access_review action: reads the SQL recordings and the previous review on the controller."""

from __future__ import annotations

import json

from ansible_collections.divalto.cloud.plugins.action.access_review import ActionModule

OU = "OU=acme,OU=Tenants,DC=x"
GROUP = "CN=gg_acme_production," + OU
IDENTITY = {
    "tenants": {
        "acme": {
            "ou": OU,
            "groups": {"gg_acme_production": {"dn": GROUP, "kind": "environment", "environment": "production"}},
            "service_accounts": {},
        }
    }
}
ENVIRONMENTS = {"acme_production": {"tenant": "acme", "type": "production", "share": "acme_production"}}
GROUPS = [{"dn": GROUP, "member": ["CN=alice," + OU]}]
ACCOUNTS = [{"dn": "CN=alice," + OU, "objectClass": ["user"], "sAMAccountName": "alice", "userAccountControl": "512"}]
SQL = {
    "environment": "acme_production",
    "recorded_at": "2026-11-30T22:00:00Z",
    "logins": [{"name": "CLOUD\\gg_acme_production", "type": "windows_group"}],
}


def args(tmp_path, **more):
    base = {
        "identity": IDENTITY,
        "environments": ENVIRONMENTS,
        "groups": GROUPS,
        "accounts": ACCOUNTS,
        "report_dir": str(tmp_path / "reports"),
        "now": "2026-12-01T08:00:00Z",
    }
    return dict(base, **more)


def test_first_review_without_previous_or_recordings(run_action, tmp_path):
    result = run_action(ActionModule, args(tmp_path), {})
    assert result["changed"] is False and not result.get("failed"), result
    review = result["review"]
    assert review["diff"]["previous"] is None
    assert review["sources"] == {
        "sql": "not recorded",
        "vault_keys": "not recorded",
        "sftp": "the registry (client_access)",
    }
    assert review["tenants"]["acme"]["vault"] == {"account": "bk_acme", "status": "not recorded", "public_keys": []}
    assert result["summary"]["grants"] == 2  # alice in the group, the group on the share
    assert result["findings"] == ["acme production: alice (group gg_acme_production): never logged on, still granted"]


def test_newest_review_in_report_dir_is_the_previous_one(run_action, tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    first = run_action(ActionModule, args(tmp_path, now="2026-09-01T08:00:00Z"), {})["review"]
    (reports / "access_review-20260901T080000Z.json").write_text(json.dumps(first))
    older = dict(first, time="2026-06-01T08:00:00Z", grants=[])
    (reports / "access_review-20260601T080000Z.json").write_text(json.dumps(older))
    result = run_action(ActionModule, args(tmp_path, groups=[{"dn": GROUP}]), {})
    diff = result["review"]["diff"]
    assert diff["previous"].endswith("access_review-20260901T080000Z.json")
    assert [g["principal"] for g in diff["removed"]] == ["alice"] and diff["added"] == []


def test_recorded_sql_and_vault_keys(run_action, tmp_path):
    sql_dir = tmp_path / "sql"
    sql_dir.mkdir()
    (sql_dir / "acme_production.json").write_text(json.dumps(SQL))
    key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBm+pXk0 fs-par1-a"
    result = run_action(ActionModule, args(tmp_path, sql_dir=str(sql_dir), vault_keys={"acme": [key]}), {})
    assert not result.get("failed"), result
    production = result["review"]["tenants"]["acme"]["environments"]["production"]
    assert production["sql"]["logins"][0]["name"] == "CLOUD\\gg_acme_production"
    assert result["review"]["tenants"]["acme"]["vault"]["public_keys"][0]["comment"] == "fs-par1-a"


def test_a_misnamed_recording_is_refused(run_action, tmp_path):
    sql_dir = tmp_path / "sql"
    sql_dir.mkdir()
    (sql_dir / "acme_prod.json").write_text(json.dumps(SQL))
    result = run_action(ActionModule, args(tmp_path, sql_dir=str(sql_dir)), {}, action="divalto.cloud.access_review")
    assert result["failed"]
    assert result["msg"].startswith("access_review: sql_dir: ")
    assert "acme_prod.json is not named after an environment of the model" in result["msg"]


def test_bad_previous_review_is_refused(run_action, tmp_path):
    previous = tmp_path / "old.json"
    previous.write_text('{"kind": "access_review", "version": 1, "time": "2026-09-01T08:00:00Z", "grants": [1]}')
    result = run_action(ActionModule, args(tmp_path, previous=str(previous)), {})
    assert result["failed"] and "old.json.grants[0]: expected a mapping, got 1" in result["msg"]
    result = run_action(ActionModule, args(tmp_path, previous=str(tmp_path / "missing.json")), {})
    assert result["failed"] and "missing.json is not a file" in result["msg"]


def test_sql_dir_must_be_a_directory(run_action, tmp_path):
    result = run_action(ActionModule, args(tmp_path, sql_dir=str(tmp_path / "none")), {})
    assert result["failed"] and "sql_dir: " in result["msg"] and "is not a directory" in result["msg"]


def test_under_awx_the_report_dir_must_be_given(run_action, tmp_path):
    result = run_action(ActionModule, args(tmp_path), {"awx_job_id": 42})
    assert result["failed"] and "this run is AWX job 42 and access_review_report_dir is not set" in result["msg"]
    result = run_action(ActionModule, args(tmp_path, report_dir_given=True), {"awx_job_id": 42})
    assert not result.get("failed"), result
