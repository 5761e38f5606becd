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
    sftp_command,
    systemd_quote,
    windows_quote,
)
from ansible_collections.divalto.cloud.plugins.module_utils.backup.restore_plan import (
    restic_commands,
    snapshot_commands,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.backup_policy import effective_policy
from ansible_collections.divalto.cloud.tests.unit.plugins.module_utils.backup.restic_shell_split import (
    split_shell_strings,
)

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


CHECK_OK = (FIXTURES / "restic_check_ok.txt").read_text(encoding="utf-8")
CHECK_DAMAGED = (FIXTURES / "restic_check_damaged.txt").read_text(encoding="utf-8")
CHECK_DAMAGED_ERR = (FIXTURES / "restic_check_damaged_stderr.txt").read_text(encoding="utf-8")


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


# restic's sftp.command, split as restic splits it (issue #13): restic_shell_split is a port of restic's
# SplitShellStrings (internal/backend/shell_split.go), checked against restic's own tests in test_restic_shell_split.
SSH_OPTIONS = ["-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=accept-new"]


def intended_argv(identity, known_hosts, destination):
    return (
        ["ssh", "-i", identity] + SSH_OPTIONS + ["-o", "UserKnownHostsFile=" + known_hosts, destination, "-s", "sftp"]
    )


def sftp_options(args):
    """The values of every ``--option sftp.command=...`` of a restic argument list."""
    return [
        args[index + 1][len("sftp.command=") :]
        for index, arg in enumerate(args[:-1])
        if arg == "--option" and args[index + 1].startswith("sftp.command=")
    ]


def windows_plan(example_model, **kwargs):
    variables = example_model["vars"]
    return file_backup_plan(
        variables["divalto_environments"],
        "fs-par1-b",
        "D:\\divalto\\tenants",
        "windows",
        effective_policy(variables["divalto_platform"]),
        VAULTS,
        selected=["breizhfood_production"],
        **kwargs,
    )


def test_windows_sftp_command_splits_into_the_intended_ssh_argv(example_model):
    jobs = windows_plan(example_model)
    assert len(jobs) == 2
    for job in jobs:
        # the job's own paths stay Windows paths (ssh-keygen -f, slurp); the command uses forward slashes
        assert job["identity_file"] == "C:\\ProgramData\\divalto\\backup\\keys\\bk_breizhfood"
        expected = intended_argv(
            "C:/ProgramData/divalto/backup/keys/bk_breizhfood",
            "C:/ProgramData/divalto/backup/known_hosts",
            "bk_breizhfood@10.20.2.31",
        )
        assert split_shell_strings(job["sftp_command"]) == expected
        # backup and forget (the scheduled task's two actions) carry exactly that command
        for args in (job["backup_args"], job["forget_command_args"]):
            assert sftp_options(args) == [job["sftp_command"]]
            assert split_shell_strings(sftp_options(args)[0]) == expected
        # on the Task Scheduler command line it is one double-quoted argument with nothing to escape
        for arguments in (job["backup_arguments"], job["forget_arguments"]):
            assert ' --option "sftp.command=%s" ' % job["sftp_command"] in arguments
            assert "\\" not in job["sftp_command"] and '"' not in job["sftp_command"]


def test_windows_restore_and_dr_snapshot_listing_use_the_fixed_command(example_model):
    variables = example_model["vars"]
    environments = variables["divalto_environments"]
    policy = effective_policy(variables["divalto_platform"])
    expected = intended_argv(
        "C:/ProgramData/divalto/backup/keys/bk_breizhfood",
        "C:/ProgramData/divalto/backup/known_hosts",
        "bk_breizhfood@10.20.2.31",
    )
    # DR / restore snapshot listing (restore_snapshot_commands)
    listing = snapshot_commands(
        environments, "breizhfood_production", policy, "fs-par1-b", "D:\\divalto\\tenants", "windows", VAULTS
    )
    assert len(listing) == 2
    for args in listing:
        assert [split_shell_strings(command) for command in sftp_options(args)] == [expected]
    # file restore (restore_file_commands)
    data_set = {
        "data_set": "files",
        "snapshot": "0123456789abcdef",
        "short_id": "01234567",
        "directories": [{"name": "erp_files", "tree_path": "/D/x/erp_files", "target": "breizhfood/production/e"}],
    }
    files_job = windows_plan(example_model)[1]
    (restore,) = restic_commands([data_set], files_job, "D:\\divalto\\tenants", "windows")
    assert [split_shell_strings(command) for command in sftp_options(restore["argv"])] == [expected]


def test_linux_sftp_command_splits_into_the_intended_ssh_argv(example_model):
    variables = example_model["vars"]
    jobs = file_backup_plan(
        variables["divalto_environments"],
        "fs-par1-a",
        "/srv/divalto/tenants",
        "linux",
        effective_policy(variables["divalto_platform"]),
        VAULTS,
    )
    assert jobs
    for job in jobs:
        account = "bk_%s" % job["tenant"]
        expected = intended_argv(
            "/etc/divalto/backup/keys/" + account, "/etc/divalto/backup/known_hosts", account + "@10.20.2.31"
        )
        assert split_shell_strings(job["sftp_command"]) == expected
        for args in (job["backup_args"], job["forget_command_args"]):
            assert [split_shell_strings(command) for command in sftp_options(args)] == [expected]


def test_the_old_windows_encoding_split_wrongly():
    """The command as built before the fix: backslash paths. restic gave ssh ``-i C:`` and ``ProgramData`` as host."""
    old = (
        "ssh -i %s -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=accept-new "
        "-o UserKnownHostsFile=%s %s@%s -s sftp"
        % (
            "C:\\ProgramData\\divalto\\backup\\keys\\bk_breizhfood",
            "C:\\ProgramData\\divalto\\backup\\known_hosts",
            "bk_breizhfood",
            "10.20.2.31",
        )
    )
    argv = split_shell_strings(old)
    assert argv[:4] == ["ssh", "-i", "C:", "ProgramData"]
    assert argv != intended_argv(
        "C:\\ProgramData\\divalto\\backup\\keys\\bk_breizhfood",
        "C:\\ProgramData\\divalto\\backup\\known_hosts",
        "bk_breizhfood@10.20.2.31",
    )
    # the fixed command of the same values splits as intended
    fixed = sftp_command(
        "breizhfood",
        "10.20.2.31",
        "C:\\ProgramData\\divalto\\backup\\keys\\bk_breizhfood",
        "C:\\ProgramData\\divalto\\backup\\known_hosts",
        "windows",
    )
    assert split_shell_strings(fixed) == intended_argv(
        "C:/ProgramData/divalto/backup/keys/bk_breizhfood",
        "C:/ProgramData/divalto/backup/known_hosts",
        "bk_breizhfood@10.20.2.31",
    )


@pytest.mark.parametrize(
    "identity, os_family, word",
    [
        ("C:\\ProgramData\\divalto\\backup\\keys\\bk_a", "windows", "C:/ProgramData/divalto/backup/keys/bk_a"),
        ("C:/ProgramData/divalto/keys/bk_a", "windows", "C:/ProgramData/divalto/keys/bk_a"),
        ("\\\\files01\\backup$\\keys\\bk_a", "windows", "//files01/backup$/keys/bk_a"),
        ("E:\\Données\\clés\\bk_a", "windows", "E:/Données/clés/bk_a"),
        ("/etc/divalto/backup/keys/bk_a", "linux", "/etc/divalto/backup/keys/bk_a"),
        ("~/keys/bk_a", "linux", "~/keys/bk_a"),
    ],
)
def test_sftp_command_paths_reach_ssh_intact(identity, os_family, word):
    command = sftp_command("a", "vault-sxb1-01.example", identity, identity + ".hosts", os_family)
    assert split_shell_strings(command) == intended_argv(word, word + ".hosts", "bk_a@vault-sxb1-01.example")


def split_refusal(name, value, what, refused):
    return (
        "%s: %r cannot be written in restic's sftp.command: restic splits that command itself (SplitShellStrings), "
        "breaking words at whitespace and backslashes and taking quotes as delimiters, and %s would not reach ssh "
        "intact (refused: %s)" % (name, value, what, refused)
    )


def token_refusal(name, value):
    return (
        "%s: %r cannot be written in restic's sftp.command: ssh expands %%-tokens and ${VARIABLE} in identity and "
        "known hosts file names" % (name, value)
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ("a", "v", "C:\\Program Files\\keys\\bk_a", "C:\\k", "windows"),
            split_refusal("identity_file", "C:\\Program Files\\keys\\bk_a", "this path", "' '"),
        ),
        (
            ("a", "v", "/etc/k", "/etc/div\\alto/known_hosts", "linux"),
            split_refusal("known_hosts_file", "/etc/div\\alto/known_hosts", "this path", "'\\\\'"),
        ),
        (
            ("a", "v", "/etc/it's/k", "/etc/h", "linux"),
            split_refusal("identity_file", "/etc/it's/k", "this path", '"\'"'),
        ),
        (
            ("a", "v", "/etc/k", '/etc/"x"\ty\t', "linux"),
            split_refusal("known_hosts_file", '/etc/"x"\ty\t', "this path", "'\"', '\\t'"),
        ),
        (
            ("a", "v", "/etc/k", "/etc/x\u00a0y", "linux"),
            split_refusal("known_hosts_file", "/etc/x\u00a0y", "this path", "'\\xa0'"),
        ),
        (
            ("a", "vault 01", "/etc/k", "/etc/h", "linux"),
            split_refusal("vault", "vault 01", "this value", "' '"),
        ),
        (
            ("a\\b", "v", "C:\\k", "C:\\h", "windows"),
            split_refusal("tenant", "a\\b", "this value", "'\\\\'"),
        ),
        (
            ("a", "v", "C:\\%USERPROFILE%\\k", "C:\\k", "windows"),
            token_refusal("identity_file", "C:\\%USERPROFILE%\\k"),
        ),
        (("a", "v", "/etc/k", "/etc/${HOME}/h", "linux"), token_refusal("known_hosts_file", "/etc/${HOME}/h")),
        (("a", "", "/etc/k", "/etc/h", "linux"), "vault: expected the vault's address, got ''"),
        (("a", "v", "", "/etc/h", "linux"), "identity_file: expected a non-empty string, got ''"),
        (("a", "v", "/etc/k", None, "linux"), "known_hosts_file: expected a non-empty string, got None"),
        (("a", "v", "/etc/k", "/etc/h", "aix"), "os_family: expected one of linux, windows, got 'aix'"),
    ],
)
def test_sftp_command_refuses_what_restic_would_split(args, message):
    with pytest.raises(ResticError) as caught:
        sftp_command(*args)
    assert str(caught.value) == message


def test_plan_refuses_a_config_dir_with_spaces(example_model):
    with pytest.raises(ResticError) as caught:
        windows_plan(example_model, config_dir="C:\\Program Files\\divalto\\backup")
    assert str(caught.value).startswith(
        "identity_file: 'C:\\\\Program Files\\\\divalto\\\\backup\\\\keys\\\\bk_breizhfood' cannot be written in "
        "restic's sftp.command"
    )


@pytest.mark.parametrize("os_family", ["linux", "windows"])
def test_schedules_are_computed_once_per_data_set_not_per_environment(example_model, monkeypatch, os_family):
    """A year of occurrences per schedule: once per data set, whatever the number of environments (it took
    1.7 s per file server at 2,000 tenants when computed per job)."""
    from ansible_collections.divalto.cloud.plugins.module_utils.backup import restic

    calls = []
    original = restic.start_timeout
    monkeypatch.setattr(
        restic, "start_timeout", lambda policy, data_set: calls.append(data_set) or original(policy, data_set)
    )
    variables = example_model["vars"]
    jobs = file_backup_plan(
        variables["divalto_environments"],
        "fs-par1-a",
        "/srv/divalto/tenants" if os_family == "linux" else "D:\\divalto\\tenants",
        os_family,
        effective_policy(variables["divalto_platform"]),
        VAULTS,
    )
    environments = {job["environment"] for job in jobs}
    assert len(environments) > 1
    assert sorted(calls) == ["code", "files"]
    # every job still has its own copy of its schedule: changing one changes no other
    key = "on_calendar" if os_family == "linux" else "triggers"
    same_set = [job for job in jobs if job["data_set"] == "files"]
    assert same_set[0][key] == same_set[1][key] and same_set[0][key] is not same_set[1][key]
    assert {job["timeout_seconds"] for job in jobs if job["data_set"] == "files"} == {
        original(effective_policy(variables["divalto_platform"]), "files")
    }
