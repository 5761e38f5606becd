# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Backup vault: the layout per tenant (golden sshd drop-in), authorized keys, the capacity report."""

from __future__ import annotations

import os
import pathlib
import re

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.backup.vault import (
    BackupVaultError,
    authorized_keys,
    capacity_report,
    filesystem_usage,
    vault_layout,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.backup_policy import effective_policy

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "backup"
DATACENTERS = {"par1": {"role": "primary"}, "sxb1": {"role": "recovery"}}
POLICY = effective_policy({"datacenters": DATACENTERS})
ENVIRONMENTS = {
    "acme_production": {"tenant": "acme"},
    "acme_staging": {"tenant": "acme"},
    "cobalt_production": {"tenant": "cobalt"},
}
LAYOUT = vault_layout(ENVIRONMENTS, POLICY, "sxb1")


def test_layout_per_tenant():
    layout = vault_layout(ENVIRONMENTS, POLICY, "sxb1")
    assert [t["account"] for t in layout["tenants"]] == ["bk_acme", "bk_cobalt"]
    acme = layout["tenants"][0]
    assert acme == {
        "tenant": "acme",
        "account": "bk_acme",
        "chroot": "/srv/backup/acme",
        "repos_dir": "/srv/backup/acme/repos",
        "authorized_keys_file": "/etc/ssh/divalto_authorized_keys/bk_acme",
        "environments": ["acme_production", "acme_staging"],
    }
    assert [r["path"] for r in layout["repositories"]] == [
        "/srv/backup/acme/repos/acme_production/code",
        "/srv/backup/acme/repos/acme_production/files",
        "/srv/backup/acme/repos/acme_staging/code",
        "/srv/backup/acme/repos/acme_staging/files",
        "/srv/backup/cobalt/repos/cobalt_production/code",
        "/srv/backup/cobalt/repos/cobalt_production/files",
    ]
    assert layout["repositories"][0]["chroot_path"] == "/repos/acme_production/code"


def test_layout_directories_root_owned_chroots():
    layout = vault_layout(ENVIRONMENTS, POLICY, "sxb1")
    assert layout["directories"][:4] == [
        {"path": "/srv/backup", "owner": "root", "mode": "0755"},
        {"path": "/srv/backup/acme", "owner": "root", "mode": "0755"},
        {"path": "/srv/backup/acme/repos", "owner": "bk_acme", "mode": "0700"},
        {"path": "/srv/backup/acme/repos/acme_production", "owner": "bk_acme", "mode": "0700"},
    ]
    assert len(layout["directories"]) == 8


def test_layout_only_the_data_sets_copied_to_this_datacenter():
    policy = effective_policy({"datacenters": DATACENTERS, "backup": {"code": {"copy_to": "par1"}}})
    assert {r["data_set"] for r in vault_layout(ENVIRONMENTS, policy, "sxb1")["repositories"]} == {"files"}
    assert vault_layout(ENVIRONMENTS, POLICY, "par1") == {
        "tenants": [],
        "repositories": [],
        "directories": [{"path": "/srv/backup", "owner": "root", "mode": "0755"}],
        "sshd_config": vault_layout({}, POLICY, "par1")["sshd_config"],
        # No tenant's backups: an empty download area (its root and staging directory only).
        "downloads": {
            "root": "/srv/export",
            "keys_dir": "/etc/ssh/divalto_download_keys",
            "group": "divalto-download",
            "port": 2222,
            "staging": "/srv/export/.staging",
            "tenants": [],
            "accounts": [],
            "directories": [
                {"path": "/srv/export", "group": "root", "mode": "0755"},
                {"path": "/srv/export/.staging", "group": "root", "mode": "0700"},
            ],
            "sshd_config": vault_layout({}, POLICY, "par1")["downloads"]["sshd_config"],
        },
        # No repository to lock: the check may run until the next one (23 h on the spring-forward day).
        "check": {"on_calendar": ["*-*-* 06:00:00 Europe/Paris"], "timeout_seconds": 23 * 3600},
    }


def test_the_check_runs_until_the_first_backup_of_what_it_checks():
    layout = vault_layout(ENVIRONMENTS, POLICY, "sxb1", check_at="06:30")
    # 06:30 to the code backups at 22:00 (the file backups at 22:30 come later).
    assert layout["check"] == {"on_calendar": ["*-*-* 06:30:00 Europe/Paris"], "timeout_seconds": 15 * 3600 + 1800}


@pytest.mark.parametrize(
    "check_at, message",
    [
        ("22:00", "check_at: check time 22:00: a backup of code or files starts at the same time"),
        ("6:00", "check_at: check time: expected HH:MM (24-hour clock), got '6:00'"),
        ("06:00\n", "check_at: check time: expected HH:MM (24-hour clock), got '06:00\\n'"),
        (600, "check_at: check time: expected HH:MM (24-hour clock), got 600"),
    ],
)
def test_a_check_time_that_cannot_be_used_is_refused(check_at, message):
    with pytest.raises(BackupVaultError, match="^" + re.escape(message)):
        vault_layout(ENVIRONMENTS, POLICY, "sxb1", check_at=check_at)


def test_golden_sshd_config_of_the_example(example_model, golden):
    layout = vault_layout(example_model["vars"]["divalto_environments"], POLICY, "sxb1")
    golden(FIXTURES / "sshd_backup_vault.conf", layout["sshd_config"])


@pytest.mark.parametrize(
    "environments, root, message",
    [
        ([], "/srv/backup", "environments: expected the divalto_environments inventory variable (a dict)"),
        ({"x": {}}, "/srv/backup", "environments.x: expected an environment record with a tenant"),
        (ENVIRONMENTS, "srv/backup", "root: expected an absolute directory, got 'srv/backup'"),
    ],
)
def test_layout_errors(environments, root, message):
    with pytest.raises(BackupVaultError) as caught:
        vault_layout(environments, POLICY, "sxb1", root)
    assert str(caught.value) == message


def test_authorized_keys_merges_file_servers():
    published = [
        {"acme": "ssh-ed25519 AAAA1 bk_acme@fs1", "cobalt": "ssh-ed25519 CCCC1 bk_cobalt@fs1"},
        {"acme": "ssh-ed25519 AAAA2 bk_acme@fs2\n", "cobalt": ""},
        {"acme": "ssh-ed25519 AAAA1 bk_acme@fs1"},
    ]
    assert authorized_keys(iter(published)) == {
        "acme": ["ssh-ed25519 AAAA1 bk_acme@fs1", "ssh-ed25519 AAAA2 bk_acme@fs2"],
        "cobalt": ["ssh-ed25519 CCCC1 bk_cobalt@fs1"],
    }


@pytest.mark.parametrize(
    "published, message",
    [
        ("ssh-ed25519 x", "expected a list of {tenant: public key} mappings, got 'ssh-ed25519 x'"),
        (["x"], "[0]: expected a mapping of tenant -> public key, got 'x'"),
        ([{"acme": 1}], "[0].acme: expected an SSH public key, got 1"),
    ],
)
def test_authorized_keys_errors(published, message):
    with pytest.raises(BackupVaultError) as caught:
        authorized_keys(published)
    assert str(caught.value) == message


SIZES = {
    "/srv/backup/acme/repos/acme_production/code": 1048576,
    "/srv/backup/acme/repos/acme_production/files": 5242880,
    "/srv/backup/acme/repos/acme_staging/code": 1024,
    "/srv/backup/acme/repos/acme_staging/files": 2048,
    "/srv/backup/cobalt/repos/cobalt_production/code": 4096,
}


def disk(used_percent):
    size = 1000 * 1024**3
    used = size * used_percent // 100
    return {"size_bytes": size, "used_bytes": used, "free_bytes": size - used}


def test_capacity_report():
    report = capacity_report(LAYOUT, SIZES, disk(50), generated="2026-11-29T16:00:00+00:00")
    assert report["tenants"]["acme"] == {
        "total_bytes": 1048576 + 5242880 + 1024 + 2048,
        "repositories": {
            "acme_production/code": 1048576,
            "acme_production/files": 5242880,
            "acme_staging/code": 1024,
            "acme_staging/files": 2048,
        },
    }
    assert report["disk"] == {
        "size_bytes": 1000 * 1024**3,
        "used_bytes": 500 * 1024**3,
        "free_bytes": 500 * 1024**3,
        "used_percent": 50.0,
    }
    assert report["alerts"] == [
        "missing: repository /srv/backup/cobalt/repos/cobalt_production/files has no size (not initialised?)"
    ]
    assert report["status"] == "warning"
    assert report["generated"] == "2026-11-29T16:00:00+00:00"


@pytest.mark.parametrize("used, status", [(79, "ok"), (80, "warning"), (89, "warning"), (90, "critical")])
def test_capacity_thresholds(used, status):
    layout = vault_layout({"acme_production": {"tenant": "acme"}}, POLICY, "sxb1")
    sizes = {"/srv/backup/acme/repos/acme_production/code": 1, "/srv/backup/acme/repos/acme_production/files": 2}
    report = capacity_report(layout, sizes, disk(used))
    assert "generated" not in report  # written by the role: idempotent while nothing changes
    assert report["status"] == status
    assert len(report["alerts"]) == (0 if status == "ok" else 1)
    if status != "ok":
        assert report["alerts"][0].startswith("%s: the vault file system is %s" % (status, float(used)))


def test_filesystem_usage_counts_as_df_does():
    stat = os.statvfs_result((4096, 1024, 1000, 300, 250, 0, 0, 0, 0, 255))
    assert filesystem_usage(stat) == {"size_bytes": 1024000, "used_bytes": 716800, "free_bytes": 256000}


@pytest.mark.parametrize(
    "layout, sizes, usage, thresholds, message",
    [
        (None, {}, disk(1), None, "repositories: expected a list, got None"),
        ({"repositories": ["x"]}, {}, disk(1), None, "repositories[0]: expected {path, tenant, environment, data_set}"),
        (LAYOUT, {"/srv/x": "12"}, disk(1), None, "sizes['/srv/x']: expected a number of bytes, got '12'"),
        (LAYOUT, {"/srv/x": True}, disk(1), None, "sizes['/srv/x']: expected a number of bytes, got True"),
        (LAYOUT, ["12 /srv/x"], disk(1), None, "sizes: expected a mapping of repository path -> bytes"),
        (LAYOUT, {}, "1 2 3", None, "disk: expected {size_bytes, used_bytes, free_bytes}, got '1 2 3'"),
        (LAYOUT, {}, {"size_bytes": 1, "used_bytes": -1, "free_bytes": 2}, None, "disk.used_bytes: expected"),
        (LAYOUT, {}, disk(1), {"warning_used_percent": 0}, "thresholds.warning_used_percent: expected a percentage"),
        (
            LAYOUT,
            {},
            disk(1),
            {"warning_used_percent": 95},
            "thresholds: warning_used_percent must not exceed critical_used_percent",
        ),
    ],
)
def test_capacity_errors(layout, sizes, usage, thresholds, message):
    with pytest.raises(BackupVaultError) as caught:
        capacity_report(layout, sizes, usage, thresholds)
    assert str(caught.value).startswith(message)
