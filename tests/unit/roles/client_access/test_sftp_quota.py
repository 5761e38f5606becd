# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""roles/client_access/files/divalto-sftp-quota: the timer's script withdrawing write grants over the quota."""

from __future__ import annotations

import pytest

from ansible_collections.divalto.cloud.tests.unit.roles.script_loader import load_script

quota = load_script("client_access", "divalto-sftp-quota")

MOUNTINFO = (
    "36 35 98:0 / / rw,relatime master:1 - ext4 /dev/root rw\n"
    "100 36 98:0 /srv/divalto/tenants/acme/staging/addons /srv/divalto/sftp/acme-stg-dist/code/addons "
    "rw,relatime - ext4 /dev/root rw\n"
    "101 36 98:0 /srv/divalto/tenants/acme/staging/exchange/in /srv/divalto/sftp/acme-stg-dist/exchange/in "
    "ro,relatime - ext4 /dev/root rw\n"
    "102 36 98:0 /x /srv/divalto/sftp/a\\040b/code/addons rw - ext4 /dev/root rw\n"
)
STAGING = {
    "key": "acme_staging",
    "path": "/srv/divalto/tenants/acme/staging",
    "quota_bytes": 1000,
    "write_mounts": ["/srv/divalto/sftp/acme-stg-dist/code/addons", "/srv/divalto/sftp/acme-stg-dist/exchange/in"],
}


def test_mount_modes_read_the_per_mount_flag_and_unescape_the_path():
    modes = quota.mount_modes(MOUNTINFO)
    assert modes["/srv/divalto/sftp/acme-stg-dist/code/addons"] == "rw"
    assert modes["/srv/divalto/sftp/acme-stg-dist/exchange/in"] == "ro"
    assert modes["/srv/divalto/sftp/a b/code/addons"] == "rw"


@pytest.mark.parametrize(
    "used, expected",
    [
        # At the quota: over (nothing more may be written). Only the mount not yet read-only changes.
        (1000, [("/srv/divalto/sftp/acme-stg-dist/code/addons", "ro")]),
        (5000, [("/srv/divalto/sftp/acme-stg-dist/code/addons", "ro")]),
        # Below: writable again, only the one that is read-only now.
        (999, [("/srv/divalto/sftp/acme-stg-dist/exchange/in", "rw")]),
    ],
)
def test_decide_remounts_what_is_not_in_its_wanted_mode(used, expected):
    changes, problems = quota.decide([STAGING], lambda path: used, quota.mount_modes(MOUNTINFO))
    assert [(point, wanted) for point, wanted, _why in changes] == expected
    assert problems == []
    assert all(why == "acme_staging uses %d of 1000 bytes" % used for _point, _wanted, why in changes)


def test_an_environment_that_cannot_be_measured_is_reported_and_the_others_checked():
    cobalt = dict(STAGING, key="cobalt_production", path="/missing", write_mounts=[])

    def measure(path):
        if path == "/missing":
            raise OSError("du -sb /missing failed (rc 1): No such file or directory")
        return 5000

    changes, problems = quota.decide([cobalt, STAGING], measure, quota.mount_modes(MOUNTINFO))
    assert problems == ["cobalt_production: du -sb /missing failed (rc 1): No such file or directory"]
    assert [point for point, _wanted, _why in changes] == ["/srv/divalto/sftp/acme-stg-dist/code/addons"]


def test_a_mount_that_is_not_mounted_is_left_alone():
    changes, _problems = quota.decide([dict(STAGING, write_mounts=["/nowhere"])], lambda path: 5000, {})
    assert changes == []


def test_usage_is_what_du_counts(tmp_path):
    (tmp_path / "a").write_bytes(b"x" * 3000)
    assert quota.usage_bytes(str(tmp_path)) >= 3000
    with pytest.raises(OSError, match="du -sb"):
        quota.usage_bytes(str(tmp_path / "missing"))


def test_a_file_gone_while_du_counts_still_gives_the_total(tmp_path, monkeypatch):
    def run(argv, **kwargs):
        return quota.subprocess.CompletedProcess(argv, 1, "4096\t%s\n" % argv[-1], "du: cannot access 'x': gone\n")

    monkeypatch.setattr(quota.subprocess, "run", run)
    assert quota.usage_bytes(str(tmp_path)) == 4096
