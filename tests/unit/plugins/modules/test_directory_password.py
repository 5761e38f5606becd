# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.directory_password module: check mode, diff, failures; the LDAP library is a fake here
(molecule/directory sets passwords on a real Samba AD DC)."""

from __future__ import annotations

import json

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.divalto.cloud.plugins.modules import directory_password
from ansible_collections.divalto.cloud.tests.unit.plugins.module_utils.identity.fake_ldap import FakeLdap

ARGS = {
    "server_uri": "ldaps://dc1.example.net",
    "bind_dn": "admin@example.net",
    "bind_pw": "bind-secret",
    "dn": "CN=acme_prd,OU=acme,OU=Tenants,DC=example,DC=net",
    "password": "Svc-secret-1",
}


def run_module(args, capsys, monkeypatch, fake):
    monkeypatch.setattr(directory_password, "ldap", fake)
    with patch_module_args(args), pytest.raises(SystemExit) as exit_info:
        directory_password.main()
    output = capsys.readouterr().out
    assert "Svc-secret-1" not in output and "bind-secret" not in output
    return exit_info.value.code, json.loads(output)


def test_sets_the_password(capsys, monkeypatch):
    fake = FakeLdap()
    code, result = run_module(dict(ARGS, _ansible_diff=True), capsys, monkeypatch, fake)
    assert code == 0 and result["changed"] is True and result["dn"] == ARGS["dn"]
    assert fake.modified == [(ARGS["dn"], [(2, "unicodePwd", ['"Svc-secret-1"'.encode("utf-16-le")])])]
    assert fake.unbound
    assert result["diff"]["after"] == "%s: new password\n" % ARGS["dn"]


def test_check_mode_writes_nothing(capsys, monkeypatch):
    fake = FakeLdap()
    code, result = run_module(dict(ARGS, _ansible_check_mode=True), capsys, monkeypatch, fake)
    assert code == 0 and result["changed"] is True and fake.modified == []


def test_a_refusal_fails_naming_the_account(capsys, monkeypatch):
    code, result = run_module(ARGS, capsys, monkeypatch, FakeLdap(fail={"modify": {"desc": "Constraint violation"}}))
    assert code == 1
    assert result["msg"] == "directory_password: cannot set the password of %s: Constraint violation" % ARGS["dn"]


def test_clear_ldap_is_refused(capsys, monkeypatch):
    code, result = run_module(dict(ARGS, server_uri="ldap://dc1"), capsys, monkeypatch, FakeLdap())
    assert code == 1 and "must be an ldaps:// URI" in result["msg"]


def test_without_python_ldap(capsys, monkeypatch):
    code, result = run_module(ARGS, capsys, monkeypatch, None)
    assert code == 1 and "python-ldap" in result["msg"]
