# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The DLMT sync's run report: what it holds, its file names, its Markdown, when it is written."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.identity.plan import MARKER
from ansible_collections.divalto.cloud.plugins.module_utils.identity.sync_plan import Guard, sync_plan
from ansible_collections.divalto.cloud.plugins.module_utils.identity.sync_report import (
    SyncReportError,
    build_report,
    report_files,
    worth_writing,
)

NOW = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)


def user(account, tenant, profile, environments, enabled=True, line=2):
    return dict(account=account, tenant=tenant, profile=profile, environments=environments, enabled=enabled, line=line)


@pytest.fixture
def planned(identity):
    """A plan with adds, a leaver past its grace period, a refusal (in cobalt) and an override (in acme)."""
    acme, cobalt = identity["tenants"]["acme"], identity["tenants"]["cobalt"]
    groups = [
        {
            "dn": group["dn"],
            "adminDescription": MARKER,
            "member": ["CN=dave," + acme["ou"]] if name == "gg_acme_staging" else [],
        }
        for record in identity["tenants"].values()
        for name, group in record["groups"].items()
    ]
    users = [
        {"dn": "CN=%s,%s" % (name, acme["ou"]), "sAMAccountName": name, "userAccountControl": "512"}
        for name in ("alice", "carol", "dave")
    ] + [{"dn": "CN=frank," + cobalt["ou"], "sAMAccountName": "frank", "userAccountControl": "512"}]
    export = {
        "source": "/srv/dlmt/users.csv",
        "exported_at": NOW - dt.timedelta(hours=1),
        "exported_at_from": "exported_at line",
        "users": [
            user("alice", "acme", "full", ["acme_production"]),
            user("carol", "acme", "limited", ["acme_staging"], line=3),
            user("frank", "cobalt", "full", ["cobalt_staging"], line=4),
        ],
    }
    guard = Guard(grace_days=0, mass_removal_min=1, allow_mass_removal=True, reason="dave left | see ticket")
    return sync_plan(identity, export, groups, users, None, NOW, guard)


def test_the_report_summarises_the_plan(planned):
    report = build_report(planned, "refused")
    assert report["kind"] == "directory_sync" and report["time"] == "2026-12-01T08:00:00Z"
    assert report["summary"] == {"add": 4, "remove": 0, "leavers": 1, "refused": 1}
    assert report["refused"][0]["why"] == "is granted cobalt_staging, an environment the tenant does not have"
    assert report["licence_overuse"] == []


def test_the_files_are_named_after_the_plans_time(planned):
    files = report_files(build_report(planned, "applied"))
    assert files["json"][0] == "directory_sync-20261201T080000Z.json"
    assert files["markdown"][0] == "directory_sync-20261201T080000Z.md"
    assert json.loads(files["json"][1])["status"] == "applied"


def test_the_markdown_lists_leavers_refusals_and_the_override(planned):
    text = report_files(build_report(planned, "applied"))["markdown"][1]
    assert "- status: **applied**, applied" in text
    assert "- **guard overridden** (directory_allow_mass_removal), reason: dave left \\| see ticket" in text
    assert "| cobalt | frank | 4 | is granted cobalt_staging, an environment the tenant does not have |" in text
    assert (
        "| dave | not in DLMT's export | gg_acme_staging | 2026-12-01T08:00:00Z | 2026-12-01T08:00:00Z | removed |"
        in text
    )
    assert "| full | gl_acme_full | 1 | 2 |" in text
    assert (
        "| finding | why |\n| --- | --- |\n| mass_removal | would remove all the 1 member(s) of gg_acme_staging" in text
    )
    planned_text = report_files(build_report(planned, "planned"))["markdown"][1]
    assert "| to remove |" in planned_text and "dry run: nothing was changed" in planned_text


def test_licence_overuse_is_reported(planned):
    planned["tenants"]["cobalt"]["licences"]["full"].update(named=3, over=2)
    assert build_report(planned, "refused")["licence_overuse"] == [
        {"group": "gl_cobalt_full", "seats": 1, "named": 3, "over": 2, "tenant": "cobalt", "profile": "full"}
    ]


def test_a_quiet_run_writes_no_report_unless_it_stopped(planned):
    quiet = dict(planned, quiet=True)
    assert worth_writing(quiet, "applied") is False and worth_writing(quiet, "planned") is False
    assert worth_writing(quiet, "failed") is True and worth_writing(planned, "applied") is True


@pytest.mark.parametrize(
    ("plan", "status", "message"),
    [({}, "applied", "not the plan of directory_sync_plan"), ({"now": 1}, "done", "status: expected one of")],
)
def test_bad_input_is_named(plan, status, message):
    with pytest.raises(SyncReportError, match=message):
        build_report(plan, status)


def test_a_partial_run_names_its_refused_tenants(planned):
    assert planned["status"] == "partial" and planned["refused_tenants"] == ["cobalt"]
    partial = dict(planned, refused_tenants=["acme"])
    report = build_report(partial, "partial")
    assert report["refused_tenants"] == ["acme"] and worth_writing(dict(partial, quiet=True), "partial") is True
    text = report_files(report)["markdown"][1]
    assert "- status: **partial**, applied in the other tenants; nothing was changed in the refused tenant(s)" in text
    assert "- refused tenant(s), nothing changed there (the other tenants proceed): acme" in text
    assert "| to remove |" in text  # acme's leaver: not removed, its tenant refused
