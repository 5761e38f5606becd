# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The state the tenant_storage and implicit_file roles leave on a Linux file server (pytest-testinfra, run by
verify.yml through molecule/shared/testinfra.yml): directories, owners, modes, ACLs, implicit files, Samba shares."""

from __future__ import annotations

import base64
import pathlib

import pytest

ROOT = "/srv/divalto/tenants"
FIXTURES = pathlib.Path(__file__).resolve().parents[3] / "tests/unit/plugins/module_utils/fixtures/implicit"
# The environments selected for fs-par1-03 in this scenario (dentelles_staging is not).
KEYS = ["breizhfood_production", "dentelles_production", "dentelles_setup"]
SUBDIRECTORIES = ["", "config", "overrides", "addons", "erp_files"]


def directory(key, sub=""):
    return "/".join(part for part in (ROOT, key.replace("_", "/"), sub) if part)


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("sub", SUBDIRECTORIES)
def test_environment_directories_belong_to_root_and_the_group_setgid_2770(host, key, sub):
    path = host.file(directory(key, sub))
    assert path.is_directory
    assert (path.user, path.group, path.mode) == ("root", "gg_" + key, 0o2770)


def test_addons_get_one_directory_each_accents_included(host):
    for name in ("Dentelles", "Éditions spéciales"):
        path = host.file(directory("dentelles_production", "addons/" + name))
        assert path.is_directory
        assert (path.group, path.mode) == ("gg_dentelles_production", 0o2770)


def test_the_portal_directory_only_where_licensed(host):
    assert host.file(directory("dentelles_production", "portal_files")).is_directory
    assert not host.file(directory("breizhfood_production", "portal_files")).exists


def test_tenant_directories_and_the_root_are_closed(host):
    for path in (ROOT + "/dentelles", ROOT):
        assert (host.file(path).group, host.file(path).mode) == ("root", 0o711)


def test_an_environment_not_selected_is_not_created(host):
    assert not host.file(directory("dentelles_staging")).exists


def test_new_files_stay_writable_by_the_group_and_closed_to_others(host):
    acl = host.check_output("getfacl --omit-header %s", directory("dentelles_production", "addons/Éditions spéciales"))
    lines = acl.splitlines()
    assert "default:group:gg_dentelles_production:rwx" in lines
    assert "default:other::---" in lines
    assert "other::---" in lines


@pytest.mark.parametrize("key", KEYS)
def test_implicit_files_are_the_golden_files_byte_for_byte(host, key):
    # CRLF and ISO-8859-1: compared as bytes, read as base64 so that nothing decodes them on the way.
    content = host.check_output("base64 -w0 %s", directory(key, "config/ImplicitesDefaut.txt"))
    assert base64.b64decode(content) == (FIXTURES / (key + ".bin")).read_bytes()


def test_an_implicit_file_is_readable_by_its_group_only(host):
    path = host.file(directory("dentelles_production", "config/ImplicitesDefaut.txt"))
    assert (path.group, path.mode) == ("gg_dentelles_production", 0o640)


def test_the_share_is_the_environment_directory_for_its_group_only(host):
    share = host.check_output("testparm -s --section-name=dentelles_production 2>/dev/null")
    assert "path = /srv/divalto/tenants/dentelles/production" in share
    assert "valid users = @gg_dentelles_production" in share
    assert "force group = gg_dentelles_production" in share
    assert "browseable = No" in share


def test_samba_runs(host):
    assert host.service("smbd").is_running
    assert host.package("samba").is_installed
