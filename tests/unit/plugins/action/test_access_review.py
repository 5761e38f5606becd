# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.access_review action: reads the SQL recordings and the previous review on the controller,
writes the review's files there (not in check mode) and returns a bounded summary, never the review."""

from __future__ import annotations

import json
import stat

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


NAMES = ["access_review-20261201T080000Z." + suffix for suffix in ("html", "json", "md")]


def written_review(result):
    with open(result["json_path"], encoding="utf-8") as handle:
        return json.load(handle)


def test_first_review_without_previous_or_recordings(run_action, tmp_path):
    result = run_action(ActionModule, args(tmp_path), {})
    assert result["changed"] is True and not result.get("failed"), result
    assert set(result) - {"changed", "failed", "invocation"} == {
        "summary",
        "flags",
        "findings",
        "diff",
        "json_path",
        "markdown_path",
        "html_path",
        "written",
    }  # never the review: it can be 75 MB, and AWX stores task results as job events
    reports = tmp_path / "reports"
    assert sorted(p.name for p in reports.iterdir()) == NAMES
    assert sorted(result["written"]) == [str(reports / name) for name in NAMES]
    assert result["html_path"] == str(reports / NAMES[0]) and result["markdown_path"] == str(reports / NAMES[2])
    assert all(stat.S_IMODE((reports / name).stat().st_mode) == 0o640 for name in NAMES)
    review = written_review(result)
    assert review["diff"]["previous"] is None
    assert review["sources"] == {
        "sql": "not recorded",
        "vault_keys": "not recorded",
        "sftp": "the registry (client_access)",
    }
    assert review["tenants"]["acme"]["vault"] == {"account": "bk_acme", "status": "not recorded", "public_keys": []}
    assert result["summary"]["grants"] == 2  # alice in the group, the group on the share
    assert result["flags"] == {"never_logged_on": 1}
    assert result["findings"] == ["acme production: alice (group gg_acme_production): never logged on, still granted"]
    assert result["diff"] == {"previous": None, "previous_time": None, "added": [], "removed": []}


def test_check_mode_writes_nothing_and_says_what_would_be(run_action, tmp_path):
    result = run_action(ActionModule, args(tmp_path), {}, check_mode=True)
    assert result["changed"] is True and not result.get("failed"), result
    assert sorted(result["written"]) == [str(tmp_path / "reports" / name) for name in NAMES]
    assert not (tmp_path / "reports").exists()


def test_the_same_review_again_writes_nothing(run_action, tmp_path):
    previous = run_action(ActionModule, args(tmp_path, now="2026-09-01T08:00:00Z"), {})["json_path"]
    first = run_action(ActionModule, args(tmp_path, previous=previous), {})
    assert first["changed"] is True and len(first["written"]) == 3
    for check_mode in (True, False):
        again = run_action(ActionModule, args(tmp_path, previous=previous), {}, check_mode=check_mode)
        assert again["changed"] is False and again["written"] == [], again


def test_a_report_dir_that_cannot_be_written_fails_the_task(run_action, tmp_path):
    (tmp_path / "file").write_text("x")
    result = run_action(ActionModule, args(tmp_path, report_dir=str(tmp_path / "file")), {})
    assert result["failed"] and "cannot write the review in %s: " % (tmp_path / "file") in result["msg"], result
    assert "exists and is not a directory" in result["msg"]
    result = run_action(ActionModule, args(tmp_path, report_dir=""), {})
    assert result["failed"] and "report_dir: empty" in result["msg"], result


def test_newest_review_in_report_dir_is_the_previous_one(run_action, tmp_path):
    reports = tmp_path / "reports"
    first = written_review(run_action(ActionModule, args(tmp_path, now="2026-09-01T08:00:00Z"), {}))
    older = dict(first, time="2026-06-01T08:00:00Z", grants=[])
    (reports / "access_review-20260601T080000Z.json").write_text(json.dumps(older))
    result = run_action(ActionModule, args(tmp_path, groups=[{"dn": GROUP}]), {})
    diff = result["diff"]
    assert diff["previous"].endswith("access_review-20260901T080000Z.json")
    assert [g["principal"] for g in diff["removed"]] == ["alice"] and diff["added"] == []
    assert written_review(result)["diff"] == diff
    assert (result["summary"]["added"], result["summary"]["removed"]) == (0, 1)


def test_recorded_sql_and_vault_keys(run_action, tmp_path):
    sql_dir = tmp_path / "sql"
    sql_dir.mkdir()
    (sql_dir / "acme_production.json").write_text(json.dumps(SQL))
    key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBm+pXk0 fs-par1-a"
    result = run_action(ActionModule, args(tmp_path, sql_dir=str(sql_dir), vault_keys={"acme": [key]}), {})
    assert not result.get("failed"), result
    review = written_review(result)
    production = review["tenants"]["acme"]["environments"]["production"]
    assert production["sql"]["logins"][0]["name"] == "CLOUD\\gg_acme_production"
    assert review["tenants"]["acme"]["vault"]["public_keys"][0]["comment"] == "fs-par1-a"


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
