# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Restic: repository URLs, forget options, the retention computed without restic, snapshot choice, check verdicts,
and the jobs of the example's file servers."""

from __future__ import annotations

import datetime as dt
import json
import pathlib

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.backup.restic import (
    ResticError,
    expected_kept,
    file_backup_plan,
    forget_args,
    parse_check,
    repository_url,
    select_snapshot,
    systemd_quote,
    windows_quote,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.backup_policy import effective_policy

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "backup"
DATACENTERS = {"par1": {"role": "primary"}, "sxb1": {"role": "recovery"}}
POLICY = effective_policy({"datacenters": DATACENTERS})
VAULTS = {"sxb1": "10.20.2.31"}


def daily(first, count, hour="22:30", offset="+01:00"):
    day = dt.date.fromisoformat(first)
    return [
        {"id": "s%02d" % i, "time": "%sT%s:00%s" % (day + dt.timedelta(days=i), hour, offset)} for i in range(count)
    ]


def test_repository_url():
    assert repository_url("acme", "vault-sxb1-01", "acme_production", "files") == (
        "sftp:bk_acme@vault-sxb1-01:/repos/acme_production/files"
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (("acme", "", "acme_production", "files"), "vault: expected the vault's address, got ''"),
        (("", "v", "acme_production", "files"), "tenant: expected a tenant name, got ''"),
        (("acme", "v", "acme_production", "db"), "data_set: expected one of code, files, got 'db'"),
    ],
)
def test_repository_url_errors(args, message):
    with pytest.raises(ResticError) as caught:
        repository_url(*args)
    assert str(caught.value) == message


def test_forget_args_from_the_policy():
    assert forget_args(POLICY, "files") == ["--group-by", "tags", "--keep-within", "14d"]
    longer = effective_policy({"datacenters": DATACENTERS, "backup": {"code": {"keep_days": 30}}})
    assert forget_args(longer, "code") == ["--group-by", "tags", "--keep-within", "30d"]


def test_forget_args_needs_a_policy():
    with pytest.raises(ResticError) as caught:
        forget_args({}, "files")
    assert str(caught.value) == "policy: expected the mapping returned by backup_policy.effective_policy"


def test_keep_within_keeps_the_last_fourteen_daily_snapshots():
    snapshots = daily("2026-01-05", 21)
    kept = expected_kept(snapshots, 14)
    assert [s["id"] for s in kept] == ["s%02d" % i for i in range(20, 6, -1)]


def test_keep_within_is_relative_to_the_latest_snapshot_not_to_now():
    old = daily("2020-01-01", 30)
    assert len(expected_kept(old, 14)) == 14


def test_keep_within_boundary_is_exclusive():
    snapshots = [{"time": "2026-01-15T22:30:00+01:00"}, {"time": "2026-01-01T22:30:00+01:00"}]
    assert expected_kept(snapshots, 14) == [snapshots[0]]
    snapshots.append({"time": "2026-01-01T22:30:01+01:00"})
    assert len(expected_kept(snapshots, 14)) == 2


def test_keep_within_across_dst_depends_on_the_forget_machine_zone():
    before = daily("2026-03-16", 13)  # 16..28 March, +01:00
    after = [dict(s, id="t%02d" % i) for i, s in enumerate(daily("2026-03-29", 8, offset="+02:00"))]
    snapshots = before + after
    # UTC machine (the default): 14 days back from 5 April 20:30Z is 22 March 20:30Z; 22 March 21:30Z is kept.
    assert len(expected_kept(snapshots, 14)) == 15
    # Paris machine: 14 calendar days back in Paris is 22 March 22:30 CET (21:30Z): that snapshot is not after it.
    assert len(expected_kept(snapshots, 14, "Europe/Paris")) == 14


def test_keep_within_reads_restic_nanoseconds_and_z():
    snapshots = [{"time": "2026-03-16T21:30:00.123456789Z"}, {"time": "2026-03-01T21:30:00.5Z"}]
    assert expected_kept(snapshots, 14) == [snapshots[0]]


def test_keep_within_empty():
    assert expected_kept([], 14) == []


@pytest.mark.parametrize(
    "snapshots, keep, zone, message",
    [
        ([], 0, None, "keep_days: expected an integer >= 1, got 0"),
        ([], True, None, "keep_days: expected an integer >= 1, got True"),
        ([{"id": "x"}], 14, None, "snapshots[0]: expected a restic snapshot object with a time, got {'id': 'x'}"),
        (
            [{"time": "yesterday"}],
            14,
            None,
            "snapshots[0].time: expected an ISO 8601 timestamp with offset, got 'yesterday'",
        ),
        ([{"time": "2026-01-01T00:00:00"}], 14, None, "snapshots[0].time: expected an aware timestamp"),
        ([], 14, "Mars/Olympus", "local_zone: unknown time zone 'Mars/Olympus'"),
    ],
)
def test_expected_kept_errors(snapshots, keep, zone, message):
    with pytest.raises(ResticError) as caught:
        expected_kept(snapshots, keep, zone)
    assert str(caught.value).startswith(message)


def tagged(env, data_set, time, ident):
    return {"id": ident, "short_id": ident[:8], "time": time, "tags": ["env:%s" % env, "set:%s" % data_set]}


SNAPSHOTS = [
    tagged("acme_production", "files", "2026-04-01T22:30:00+02:00", "a1"),
    tagged("acme_production", "files", "2026-04-02T22:30:00+02:00", "a2"),
    tagged("acme_production", "code", "2026-04-02T22:00:00+02:00", "c2"),
    tagged("acme_staging", "files", "2026-04-02T23:00:00+02:00", "s2"),
]


def test_select_snapshot_at_or_before():
    assert select_snapshot(SNAPSHOTS, "2026-04-02T03:00:00+02:00", "acme_production", "files")["id"] == "a1"
    assert select_snapshot(SNAPSHOTS, "2026-04-02T20:30:00Z", "acme_production", "files")["id"] == "a2"
    assert select_snapshot(SNAPSHOTS, "2026-04-02T22:15:00+02:00", "acme_production", "code")["id"] == "c2"
    assert select_snapshot(SNAPSHOTS, "2030-01-01T00:00:00Z")["id"] == "s2"


def test_select_snapshot_before_the_first():
    with pytest.raises(ResticError) as caught:
        select_snapshot(SNAPSHOTS, "2026-03-01T00:00:00+01:00", "acme_production", "files")
    assert str(caught.value) == (
        "no snapshot at or before 2026-03-01T00:00:00+01:00: the earliest is a1 (2026-04-01T22:30:00+02:00)"
    )


def test_select_snapshot_no_such_tags():
    with pytest.raises(ResticError) as caught:
        select_snapshot(SNAPSHOTS, "2026-04-03T00:00:00Z", "cobalt_production", "files")
    assert str(caught.value) == "no snapshot with tags env:cobalt_production, set:files"


def test_select_snapshot_needs_an_aware_time():
    with pytest.raises(ResticError) as caught:
        select_snapshot(SNAPSHOTS, "2026-04-03T00:00:00")
    assert (
        str(caught.value)
        == "at: expected an aware timestamp (with a UTC offset), got datetime.datetime(2026, 4, 3, 0, 0)"
    )


CHECK_OK = """using temporary cache in /tmp/restic-check-cache-1
create exclusive lock for repository
load indexes
check all packs
check snapshots, trees and blobs
read all data
no errors were found
"""
CHECK_DAMAGED = """create exclusive lock for repository
load indexes
check all packs
check snapshots, trees and blobs
read all data
"""
CHECK_DAMAGED_ERR = """Pack ID does not match, want f3f27a5d, got 7c1f0f4c
Fatal: repository contains errors
"""


def test_check_ok():
    assert parse_check(CHECK_OK, "", 0) == {"ok": True, "errors": []}


def test_check_damaged_pack():
    assert parse_check(CHECK_DAMAGED, CHECK_DAMAGED_ERR, 1) == {
        "ok": False,
        "errors": ["Pack ID does not match, want f3f27a5d, got 7c1f0f4c", "Fatal: repository contains errors"],
    }


def test_check_nonzero_without_message_is_not_ok():
    assert parse_check("", "", 1) == {"ok": False, "errors": ["restic check exited with rc 1 without its success line"]}


def test_check_rc_zero_without_success_line_is_not_ok():
    assert parse_check("load indexes\n", "", 0)["ok"] is False


def test_quoting():
    assert systemd_quote(["/usr/bin/restic", "a b", "50%", "$HOME", 'say "hi"', "C:\\x"]) == (
        '"/usr/bin/restic" "a b" "50%%" "$$HOME" "say \\"hi\\"" "C:\\\\x"'
    )
    assert windows_quote(["--repo", "sftp:bk_a@v:/repos/a/files", "ssh -i C:\\k x"]) == (
        '--repo sftp:bk_a@v:/repos/a/files "ssh -i C:\\k x"'
    )


def test_golden_plan_of_the_example_linux_pair(example_model, golden):
    variables = example_model["vars"]
    policy = effective_policy(variables["divalto_platform"])
    plan = file_backup_plan(
        variables["divalto_environments"], "fs-par1-a", "/srv/divalto/tenants", "linux", policy, VAULTS
    )
    text = json.dumps(plan, indent=2, sort_keys=True) + "\n"
    golden(FIXTURES / "file_backup_plan_fs-par1-a.json", text)


def test_plan_of_the_example_windows_pair(example_model):
    variables = example_model["vars"]
    policy = effective_policy(variables["divalto_platform"])
    plan = file_backup_plan(
        variables["divalto_environments"],
        "fs-par1-b",
        "D:\\divalto\\tenants",
        "windows",
        policy,
        VAULTS,
        selected=["breizhfood_production"],
    )
    assert [job["name"] for job in plan] == ["breizhfood_production-code", "breizhfood_production-files"]
    files = plan[1]
    assert files["paths"] == ["D:\\divalto\\tenants\\breizhfood\\production\\erp_files"]
    assert files["password_file"] == "C:\\ProgramData\\divalto\\backup\\passwords\\breizhfood_production"
    assert files["triggers"] == [{"start_boundary": "2026-01-01T22:30:00", "type": "daily"}]
    assert files["forget_arguments"].startswith(
        "--repo sftp:bk_breizhfood@10.20.2.31:/repos/breizhfood_production/files"
    )
    assert files["forget_arguments"].endswith("forget --group-by tags --keep-within 14d --prune")


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"environments": []}, "environments: expected the divalto_environments inventory variable (a dict), got []"),
        ({"file_pair": ""}, "file_pair: expected the file server's HA pair name, got ''"),
        ({"os_family": "aix"}, "os_family: expected one of linux, windows, got 'aix'"),
        ({"root": ""}, "root: expected the tenant root directory, got ''"),
        ({"vaults": {}}, "vaults: expected a mapping of datacenter -> vault address, got {}"),
        ({"vaults": {"par1": "x"}}, "vaults: no backup vault for datacenter sxb1 (backup.code.copy_to)"),
        ({"selected": ["dentelles_production"]}, "selected: dentelles_production not placed on file pair fs-par1-a"),
    ],
)
def test_plan_errors(example_model, kwargs, message):
    arguments = {
        "environments": example_model["vars"]["divalto_environments"],
        "file_pair": "fs-par1-a",
        "root": "/srv/divalto/tenants",
        "os_family": "linux",
        "policy": POLICY,
        "vaults": VAULTS,
    }
    arguments.update(kwargs)
    with pytest.raises(ResticError) as caught:
        file_backup_plan(**arguments)
    assert str(caught.value) == message
