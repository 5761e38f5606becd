# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: distinguished names and search filters, escaped.

Every value that goes into a DN is escaped as RFC 4514 says (section 2.4), every value that goes into a search
filter as RFC 4515 says (section 3): a tenant OU named ``Tenants,DC=evil`` stays one RDN value, and a name holding
``*)(`` stays one filter value.
"""

from __future__ import annotations

# RFC 4514 2.4: escaped anywhere; '=' is a "special" that may be escaped, and Active Directory expects it to be.
_DN_SPECIAL = frozenset('"+,;<>\\=')


def escape_dn_value(value: str) -> str:
    """``value`` as the value of one RDN (RFC 4514): specials, a leading ``#`` or space, a trailing space and
    control characters escaped (controls as ``\\hh`` of their UTF-8 bytes)."""
    if not isinstance(value, str) or not value:
        raise ValueError("an RDN value must be a non-empty string, got %r" % (value,))
    out = []
    last = len(value) - 1
    for index, char in enumerate(value):
        if char in _DN_SPECIAL or (index == 0 and char in "# ") or (index == last and char == " "):
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append("".join("\\%02x" % byte for byte in char.encode("utf-8")))
        else:
            out.append(char)
    return "".join(out)


def rdn(attribute: str, value: str) -> str:
    """One relative distinguished name: ``OU=acme``."""
    return "%s=%s" % (attribute, escape_dn_value(value))


def child_dn(attribute: str, value: str, parent: str) -> str:
    """The DN of ``attribute=value`` directly under ``parent``."""
    return "%s,%s" % (rdn(attribute, value), parent)


def domain_dn(domain: str) -> str:
    """The DN of a DNS domain: ``cloud.example.net`` -> ``DC=cloud,DC=example,DC=net``."""
    labels = domain.split(".")
    if not domain or any(not label for label in labels):
        raise ValueError("a DNS domain name without empty labels, got %r" % (domain,))
    return ",".join(rdn("DC", label) for label in labels)


def escape_filter_value(value: str) -> str:
    """``value`` inside an LDAP search filter (RFC 4515): ``*``, ``(``, ``)``, ``\\`` and NUL as ``\\hh``."""
    return "".join("\\%02x" % ord(char) if char in "*()\\\x00" else char for char in value)
