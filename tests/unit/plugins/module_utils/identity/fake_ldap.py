# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A stand-in for the part of python-ldap's module that identity.password and the directory_password module use
(the Molecule scenario `directory` sets passwords on a real Samba AD DC)."""

from __future__ import annotations


class FakeLdap:
    """Records what it was asked (``calls``; ``modified``, the modifications that succeeded; ``unbound``), and fails
    the step named in ``fail`` (``bind``, ``modify``) with an ``LDAPError`` of the value given there."""

    OPT_REFERRALS, OPT_X_TLS_REQUIRE_CERT, OPT_X_TLS_CACERTFILE, OPT_X_TLS_NEWCTX = 1, 2, 3, 4
    OPT_X_TLS_DEMAND, OPT_X_TLS_NEVER = "demand", "never"
    MOD_REPLACE = 2

    class LDAPError(Exception):
        pass

    def __init__(self, fail=None):
        self.fail = fail or {}
        self.calls = []
        self.modified = []
        self.unbound = False

    def initialize(self, uri):
        self.calls.append(("initialize", uri))
        return self

    def set_option(self, option, value):
        self.calls.append(("set_option", option, value))

    def simple_bind_s(self, who, password):
        del password
        self.calls.append(("bind", who))
        if "bind" in self.fail:
            raise self.LDAPError(self.fail["bind"])

    def modify_s(self, dn, changes):
        self.calls.append(("modify", dn, changes))
        if "modify" in self.fail:
            raise self.LDAPError(self.fail["modify"])
        self.modified.append((dn, changes))

    def unbind_s(self):
        self.unbound = True
