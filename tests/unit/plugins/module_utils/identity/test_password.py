# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""unicodePwd: the encoding AD wants, the connection options, and every failure named without the password."""

from __future__ import annotations

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.identity.password import (
    DirectoryPasswordError,
    connect,
    encode_password,
    set_password,
)
from ansible_collections.divalto.cloud.tests.unit.plugins.module_utils.identity.fake_ldap import FakeLdap


def test_encoding():
    assert encode_password("Pa55é") == '"Pa55é"'.encode("utf-16-le")


@pytest.mark.parametrize(
    "password, expected",
    [("", "non-empty"), (None, "non-empty"), ("x" * 257, "257 characters"), ("a\nb", "control character")],
)
def test_bad_passwords_are_refused_without_being_shown(password, expected):
    with pytest.raises(DirectoryPasswordError, match=expected) as caught:
        encode_password(password)
    assert "xxxxxxxx" not in str(caught.value) and "a\nb" not in str(caught.value)


def test_connect_verifies_with_the_ca_file_and_binds():
    fake = FakeLdap()
    connect(fake, "ldaps://dc1.example.net", "admin@example.net", "secret", "/etc/ca.pem", True)
    assert ("set_option", fake.OPT_X_TLS_REQUIRE_CERT, "demand") in fake.calls
    assert ("set_option", fake.OPT_X_TLS_CACERTFILE, "/etc/ca.pem") in fake.calls
    assert fake.calls[-1] == ("bind", "admin@example.net")


def test_connect_refuses_clear_ldap():
    fake = FakeLdap()
    with pytest.raises(DirectoryPasswordError, match="must be an ldaps:// URI.*'ldap://dc1'"):
        connect(fake, "ldap://dc1", "admin", "secret", None, True)
    assert fake.calls == []


def test_a_failed_bind_names_the_server_and_the_account_not_the_password():
    fake = FakeLdap(fail={"bind": {"desc": "Invalid credentials", "info": "80090308: LdapErr"}})
    with pytest.raises(DirectoryPasswordError) as caught:
        connect(fake, "ldaps://dc1", "admin", "secret", None, False)
    assert str(caught.value) == "cannot bind to ldaps://dc1 as admin: Invalid credentials: 80090308: LdapErr"
    assert ("set_option", fake.OPT_X_TLS_REQUIRE_CERT, "never") in fake.calls


def test_set_password_replaces_unicodepwd():
    fake = FakeLdap()
    set_password(fake, fake, "CN=acme_prd,OU=acme", "S3cret!")
    assert fake.calls == [("modify", "CN=acme_prd,OU=acme", [(2, "unicodePwd", ['"S3cret!"'.encode("utf-16-le")])])]


def test_a_refused_password_names_the_account_and_the_answer():
    fake = FakeLdap(fail={"modify": {"desc": "Constraint violation", "info": "password policy"}})
    with pytest.raises(DirectoryPasswordError) as caught:
        set_password(fake, fake, "CN=acme_prd", "S3cret!")
    assert str(caught.value) == "cannot set the password of CN=acme_prd: Constraint violation: password policy"
    assert "S3cret" not in str(caught.value)
