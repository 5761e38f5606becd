# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The download area of a backup vault: per tenant a chroot, its packages directory, its group, read-only accounts."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.backup.export_area import (
    ExportAreaError,
    download_area,
    sshd_config,
)

SSHD = "/usr/sbin/sshd"


def account(tenant, person, key="AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyOf"):
    return {
        "account": "%s-dl-%s" % (tenant, person),
        "person": person,
        "name": person.title(),
        "keys": ["  ssh-ed25519 %s%s %s@example.com  " % (key, person, person)],
    }


ENVIRONMENTS = {
    "acme_production": {
        "tenant": "acme",
        "client_access": {"downloads": [account("acme", "cfo"), account("acme", "it")]},
    },
    "acme_staging": {"tenant": "acme", "client_access": {"downloads": [account("acme", "it")]}},
    "acme_testing": {"tenant": "acme"},
    "breizhfood_production": {"tenant": "breizhfood", "client_access": {"downloads": []}},
    "cobalt_production": {"tenant": "cobalt", "client_access": {"downloads": [account("cobalt", "boss")]}},
}


def test_the_tenants_their_groups_and_accounts():
    area = download_area(ENVIRONMENTS)
    assert [entry["tenant"] for entry in area["tenants"]] == ["acme", "breizhfood", "cobalt"]
    acme = area["tenants"][0]
    assert acme["group"] == "dl_acme"
    assert acme["chroot"] == "/srv/export/acme"
    assert acme["packages"] == "/srv/export/acme/packages"
    # acme-dl-it downloads for two environments: one account.
    assert acme["accounts"] == [
        {
            "account": "acme-dl-cfo",
            "person": "cfo",
            "name": "Cfo",
            "group": "dl_acme",
            "keys_file": "/etc/ssh/divalto_download_keys/acme-dl-cfo",
            "authorized_keys": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyOfcfo cfo@example.com\n",
        },
        {
            "account": "acme-dl-it",
            "person": "it",
            "name": "It",
            "group": "dl_acme",
            "keys_file": "/etc/ssh/divalto_download_keys/acme-dl-it",
            "authorized_keys": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyOfit it@example.com\n",
        },
    ]
    assert area["tenants"][1]["accounts"] == []
    assert [entry["account"] for entry in area["accounts"]] == ["acme-dl-cfo", "acme-dl-it", "cobalt-dl-boss"]
    assert {entry["account"]: entry["group"] for entry in area["accounts"]}["cobalt-dl-boss"] == "dl_cobalt"
    assert (area["root"], area["keys_dir"], area["staging"]) == (
        "/srv/export",
        "/etc/ssh/divalto_download_keys",
        "/srv/export/.staging",
    )


def test_the_directories_and_their_modes():
    area = download_area(ENVIRONMENTS, root="/data/export/", keys_dir="/etc/ssh/dl_keys")
    assert area["directories"] == [
        {"path": "/data/export", "group": "root", "mode": "0755"},
        {"path": "/data/export/.staging", "group": "root", "mode": "0700"},
        {"path": "/data/export/acme", "group": "root", "mode": "0755"},
        {"path": "/data/export/acme/packages", "group": "dl_acme", "mode": "0750"},
        {"path": "/data/export/breizhfood", "group": "root", "mode": "0755"},
        {"path": "/data/export/breizhfood/packages", "group": "dl_breizhfood", "mode": "0750"},
        {"path": "/data/export/cobalt", "group": "root", "mode": "0755"},
        {"path": "/data/export/cobalt/packages", "group": "dl_cobalt", "mode": "0750"},
    ]
    assert area["accounts"][0]["keys_file"] == "/etc/ssh/dl_keys/acme-dl-cfo"


def test_the_download_sshd_configuration():
    text = download_area(ENVIRONMENTS)["sshd_config"]
    lines = text.splitlines()
    # Its own daemon on its own port, the download group only, keys only, read-only SFTP only.
    glob = lines[: lines.index("Match User acme-dl-cfo,acme-dl-it")]
    for line in (
        "Port 2222",
        "AllowGroups divalto-download",
        "PermitRootLogin no",
        "AuthenticationMethods publickey",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "AuthorizedKeysFile /etc/ssh/divalto_download_keys/%u",
        "PermitTTY no",
        "AllowTcpForwarding no",
        "AllowAgentForwarding no",
        "AllowStreamLocalForwarding no",
        "X11Forwarding no",
        "PermitTunnel no",
        "ForceCommand internal-sftp -R -l INFO -f AUTHPRIV",
        # An account of the group without its tenant's block is chrooted nowhere: it cannot log in.
        "ChrootDirectory /srv/export/.unassigned",
    ):
        assert line in glob, line
    assert [line for line in lines if line.startswith("Match")] == [
        "Match User acme-dl-cfo,acme-dl-it",
        "Match User cobalt-dl-boss",
    ]
    assert lines[lines.index("Match User acme-dl-cfo,acme-dl-it") + 1] == "    ChrootDirectory /srv/export/acme"
    assert lines[-1] == "    ChrootDirectory /srv/export/cobalt"
    assert "breizhfood" not in text


def test_the_port_and_root_are_the_callers():
    text = download_area(ENVIRONMENTS, "/data/export", port=2022)["sshd_config"]
    assert "Port 2022" in text.splitlines()
    assert "ChrootDirectory /data/export/.unassigned" in text.splitlines()


def test_no_account_no_match_block():
    text = sshd_config([{"tenant": "acme", "chroot": "/srv/export/acme", "accounts": []}])
    assert "Match User" not in text
    assert "ChrootDirectory /srv/export/acme" not in text
    assert download_area({})["sshd_config"] == text


@pytest.mark.parametrize(
    "environments, root, keys_dir, message",
    [
        (
            [],
            "/srv/export",
            "/etc/ssh/k",
            "environments: expected the divalto_environments inventory variable (a dict)",
        ),
        (
            None,
            "/srv/export",
            "/etc/ssh/k",
            "environments: expected the divalto_environments inventory variable (a dict)",
        ),
        ({"x": {}}, "/srv/export", "/etc/ssh/k", "environments.x: expected an environment record with a tenant"),
        ({"x": "acme"}, "/srv/export", "/etc/ssh/k", "environments.x: expected an environment record with a tenant"),
        ({}, "srv/export", "/etc/ssh/k", "root: expected an absolute path other than /, got 'srv/export'"),
        ({}, "/", "/etc/ssh/k", "root: expected an absolute path other than /, got '/'"),
        ({}, "//", "/etc/ssh/k", "root: expected an absolute path other than /, got '//'"),
        ({}, "/srv//export", "/etc/ssh/k", "root: expected an absolute path other than /, got '/srv//export'"),
        ({}, None, "/etc/ssh/k", "root: expected an absolute path other than /, got None"),
        ({}, "/srv/export", "keys", "keys_dir: expected an absolute path other than /, got 'keys'"),
    ],
)
def test_arguments_refused(environments, root, keys_dir, message):
    with pytest.raises(ExportAreaError) as caught:
        download_area(environments, root, keys_dir)
    assert str(caught.value) == message


def test_the_block_is_a_valid_sshd_config(tmp_path):
    if not os.path.exists(SSHD):
        pytest.skip("%s is not installed" % SSHD)
    key = tmp_path / "host_ed25519"
    subprocess.run(
        [shutil.which("ssh-keygen") or "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True
    )
    config = tmp_path / "sshd_config"
    text = download_area(ENVIRONMENTS)["sshd_config"]
    text = "\n".join(line for line in text.splitlines() if not line.startswith("HostKey "))
    config.write_text("HostKey %s\n%s\n" % (key, text), encoding="utf-8")
    result = subprocess.run([SSHD, "-t", "-f", str(config)], capture_output=True, text=True, check=False)
    for unusable in ("Privilege separation user", "Missing privilege separation directory"):
        if result.returncode != 0 and unusable in result.stderr:
            pytest.skip("sshd cannot run its configuration test here: %s" % result.stderr.strip())
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("port", ["2222", 0, 70000, True, 22.5])
def test_a_port_that_is_not_a_port_is_refused(port):
    with pytest.raises(ExportAreaError, match="^port: expected a TCP port number, got "):
        download_area(ENVIRONMENTS, port=port)
