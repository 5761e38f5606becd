# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: an Active Directory account's password, set over LDAPS.

AD takes a password only as ``unicodePwd``: the password in double quotes, encoded as UTF-16LE, replaced over an
encrypted connection. ``community.general.ldap_attrs`` encodes every value as UTF-8 and ``ldap_passwd`` uses the
Password Modify extended operation (RFC 3062), which AD does not implement: hence this small piece.
The LDAP library is passed in (python-ldap's ``ldap`` module in production, a fake in the unit tests).
"""

from __future__ import annotations

from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError

PASSWORD_MAX = 256  # AD's longest password (characters)


class DirectoryPasswordError(DivaltoError):
    """The password could not be set; the message names the account and the directory's answer, never the password."""


def encode_password(password: str) -> bytes:
    """``unicodePwd``'s value: ``"password"`` in UTF-16LE."""
    if not isinstance(password, str) or not password:
        raise DirectoryPasswordError("the password must be a non-empty string")
    if len(password) > PASSWORD_MAX:
        raise DirectoryPasswordError(
            "the password has %d characters; AD takes at most %d" % (len(password), PASSWORD_MAX)
        )
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in password):
        raise DirectoryPasswordError("the password holds a control character")
    return ('"%s"' % password).encode("utf-16-le")


def _answer(exc: Exception) -> str:
    detail = exc.args[0] if exc.args and isinstance(exc.args[0], dict) else {}
    parts = [str(detail.get("desc", type(exc).__name__))]
    if detail.get("info"):
        parts.append(str(detail["info"]))
    return ": ".join(parts)


def connect(ldap: Any, uri: str, bind_dn: str, bind_pw: str, ca_file: str | None, validate_certs: bool) -> Any:
    """A bound connection to ``uri`` (ldaps:// only: AD refuses unicodePwd in clear)."""
    if not isinstance(uri, str) or not uri.startswith("ldaps://"):
        raise DirectoryPasswordError(
            "server_uri must be an ldaps:// URI (AD sets passwords over TLS only), got %r" % (uri,)
        )
    connection = ldap.initialize(uri)
    connection.set_option(ldap.OPT_REFERRALS, 0)
    connection.set_option(
        ldap.OPT_X_TLS_REQUIRE_CERT, ldap.OPT_X_TLS_DEMAND if validate_certs else ldap.OPT_X_TLS_NEVER
    )
    if ca_file:
        connection.set_option(ldap.OPT_X_TLS_CACERTFILE, ca_file)
    connection.set_option(ldap.OPT_X_TLS_NEWCTX, 0)
    try:
        connection.simple_bind_s(bind_dn, bind_pw)
    except ldap.LDAPError as exc:
        raise DirectoryPasswordError("cannot bind to %s as %s: %s" % (uri, bind_dn, _answer(exc))) from None
    return connection


def set_password(ldap: Any, connection: Any, dn: str, password: str) -> None:
    """Replace the password of account ``dn``."""
    value = encode_password(password)
    try:
        connection.modify_s(dn, [(ldap.MOD_REPLACE, "unicodePwd", [value])])
    except ldap.LDAPError as exc:
        raise DirectoryPasswordError("cannot set the password of %s: %s" % (dn, _answer(exc))) from None
