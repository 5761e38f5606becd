# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: distinguished names and search filters, escaped.

Every value that goes into a DN is escaped as RFC 4514 says (section 2.4), every value that goes into a search
filter as RFC 4515 says (section 3): a tenant OU named ``Tenants,DC=evil`` stays one RDN value, and a name holding
``*)(`` stays one filter value.
"""

from __future__ import annotations

import re

# RFC 4514 2.4: escaped anywhere; '=' is a "special" that may be escaped, and Active Directory expects it to be.
_DN_SPECIAL = frozenset('"+,;<>\\=')
# A value that needs no escape (most names: letters, digits, _ . - and inner spaces): returned as it is.
_PLAIN = re.compile(r"[A-Za-z0-9_.-](?:[A-Za-z0-9_. -]*[A-Za-z0-9_.-])?")


def escape_dn_value(value: str) -> str:
    """``value`` as the value of one RDN (RFC 4514): specials, a leading ``#`` or space, a trailing space and
    control characters escaped (controls as ``\\hh`` of their UTF-8 bytes)."""
    if not isinstance(value, str) or not value:
        raise ValueError("an RDN value must be a non-empty string, got %r" % (value,))
    if _PLAIN.fullmatch(value):
        return value
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


_HEX = frozenset("0123456789abcdefABCDEF")


def _value(chars: list[tuple[str, bool]]) -> str:
    """The text of ``(char, escaped)`` pairs, without the unescaped spaces around it."""
    start, end = 0, len(chars)
    while start < end and chars[start] == (" ", False):
        start += 1
    while end > start and chars[end - 1] == (" ", False):
        end -= 1
    return "".join(char for char, _escaped in chars[start:end])


def parse_dn(dn: str) -> tuple[tuple[tuple[str, str], ...], ...]:
    """The RDNs of ``dn`` (RFC 4514), each a sorted tuple of ``(attribute, value)``, both case-folded and the
    value unescaped (``\\,``, ``\\2C``): compared this way, ``CN=eve\\,OU=acme`` is one RDN, not two. Raises
    ``ValueError`` for a string that is not a DN."""
    if not isinstance(dn, str) or not dn.strip():
        raise ValueError("a DN must be a non-empty string, got %r" % (dn,))
    rdns: list[tuple[tuple[str, str], ...]] = []
    rdn: list[tuple[str, str]] = []
    attribute: str | None = None
    chars: list[tuple[str, bool]] = []
    index = 0

    def finish() -> None:
        if attribute is None or not attribute:
            raise ValueError("%r is not a DN: an RDN without attribute=value" % (dn,))
        rdn.append((attribute.casefold(), _value(chars).casefold()))

    while index < len(dn):
        char = dn[index]
        if char == "\\":
            if len(dn[index + 1 : index + 3]) == 2 and all(digit in _HEX for digit in dn[index + 1 : index + 3]):
                data = bytearray()
                while dn[index : index + 1] == "\\" and len(dn[index + 1 : index + 3]) == 2:
                    pair = dn[index + 1 : index + 3]
                    if not all(digit in _HEX for digit in pair):
                        break
                    data.append(int(pair, 16))
                    index += 3
                try:
                    chars.extend((decoded, True) for decoded in data.decode("utf-8"))
                except UnicodeDecodeError:
                    raise ValueError("%r is not a DN: escaped bytes that are not UTF-8" % (dn,)) from None
                continue
            if index + 1 >= len(dn):
                raise ValueError("%r is not a DN: it ends with a lone backslash" % (dn,))
            chars.append((dn[index + 1], True))
            index += 2
            continue
        if char == "=" and attribute is None:
            attribute = _value(chars)
            chars = []
        elif char in ",+":
            finish()
            attribute, chars = None, []
            if char == ",":
                rdns.append(tuple(sorted(rdn)))
                rdn = []
        else:
            chars.append((char, False))
        index += 1
    finish()
    rdns.append(tuple(sorted(rdn)))
    return tuple(rdns)


def dn_under(dn: str, parent: str) -> bool:
    """Whether ``dn`` is below ``parent`` (at any depth), compared RDN by RDN without case; False for a ``dn``
    that does not parse."""
    try:
        found = parse_dn(dn)
    except ValueError:
        return False
    above = parse_dn(parent)
    return len(found) > len(above) and found[-len(above) :] == above
