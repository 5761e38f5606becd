# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""DNs and filters, escaped as RFC 4514 and RFC 4515 say, checked against python-ldap's own parser when present."""

from __future__ import annotations

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.identity.dn import (
    child_dn,
    dn_under,
    domain_dn,
    escape_dn_value,
    escape_filter_value,
    parse_dn,
)

HOSTILE = [
    ("Tenants,DC=evil", "Tenants\\,DC\\=evil"),
    ("a+b", "a\\+b"),
    ('say "hi"', 'say \\"hi\\"'),
    ("back\\slash", "back\\\\slash"),
    ("<tag>;", "\\<tag\\>\\;"),
    ("#hash", "\\#hash"),
    ("in#side", "in#side"),
    (" lead", "\\ lead"),
    ("trail ", "trail\\ "),
    ("nul\x00byte", "nul\\00byte"),
    ("line\nfeed", "line\\0afeed"),
    ("Éditions", "Éditions"),
]


@pytest.mark.parametrize("value, escaped", HOSTILE)
def test_rdn_values_are_escaped(value, escaped):
    assert escape_dn_value(value) == escaped


@pytest.mark.parametrize("value", [pair[0] for pair in HOSTILE])
def test_an_escaped_value_stays_one_rdn_value(value):
    ldap_dn = pytest.importorskip("ldap.dn")
    dn = child_dn("OU", value, "DC=cloud,DC=example,DC=net")
    parsed = ldap_dn.str2dn(dn)
    assert len(parsed) == 4
    assert parsed[0][0][:2] == ("OU", value)


@pytest.mark.parametrize("bad", ["", None, 42])
def test_an_empty_or_non_text_value_is_refused(bad):
    with pytest.raises(ValueError, match="non-empty string"):
        escape_dn_value(bad)


def test_domain_dn():
    assert domain_dn("cloud.example.net") == "DC=cloud,DC=example,DC=net"
    for bad in ("", "cloud..net", ".cloud"):
        with pytest.raises(ValueError, match="empty labels"):
            domain_dn(bad)


@pytest.mark.parametrize(
    "value, escaped",
    [("gg_acme_production", "gg_acme_production"), ("*)(uid=*", "\\2a\\29\\28uid=\\2a"), ("a\\b\x00", "a\\5cb\\00")],
)
def test_filter_values_are_escaped(value, escaped):
    assert escape_filter_value(value) == escaped


@pytest.mark.parametrize("value", [pair[0] for pair in HOSTILE])
def test_an_escaped_value_parses_back_to_itself(value):
    parsed = parse_dn(child_dn("OU", value, "DC=cloud,DC=example,DC=net"))
    assert len(parsed) == 4 and parsed[0] == (("ou", value.casefold()),)


TENANT = "OU=acme,OU=Tenants,DC=cloud,DC=example,DC=net"


@pytest.mark.parametrize(
    ("dn", "under"),
    [
        ("CN=alice," + TENANT, True),
        ("CN=alice,OU=Staff," + TENANT, True),
        ("cn=alice,ou=ACME,ou=tenants,dc=CLOUD,dc=example,dc=net", True),
        ("CN=alice , OU=acme,OU=Tenants,DC=cloud,DC=example,DC=net", True),
        ("CN=alice,OU=\\61cme,OU=Tenants,DC=cloud,DC=example,DC=net", True),
        # One RDN whose value holds ",OU=acme": it sits in OU=Tenants, not in acme's OU.
        ("CN=eve\\,OU=acme,OU=Tenants,DC=cloud,DC=example,DC=net", False),
        ("CN=eve\\2COU=acme,OU=Tenants,DC=cloud,DC=example,DC=net", False),
        ("CN=eve+OU=acme,OU=Tenants,DC=cloud,DC=example,DC=net", False),
        ("OU=xacme,OU=Tenants,DC=cloud,DC=example,DC=net", False),
        (TENANT, False),
        ("not a dn", False),
        ("CN=trailing\\", False),
    ],
)
def test_dn_under_compares_rdns(dn, under):
    assert dn_under(dn, TENANT) is under


def test_parse_dn_agrees_with_python_ldap():
    ldap_dn = pytest.importorskip("ldap.dn")
    for dn in ("CN=eve\\,OU=acme,OU=Tenants,DC=x", "CN=a\\2Cb+UID=c,DC=x", "OU=\\C3\\89ditions,DC=x"):
        expected = tuple(
            tuple(sorted((name.casefold(), value.casefold()) for name, value, _kind in rdn))
            for rdn in ldap_dn.str2dn(dn)
        )
        assert parse_dn(dn) == expected


@pytest.mark.parametrize("bad", ["", "   ", "CN", "CN=a,,DC=x", "=a", "CN=\\ff"])
def test_parse_dn_refuses_what_is_not_a_dn(bad):
    with pytest.raises(ValueError, match="DN"):
        parse_dn(bad)


def test_plain_values_take_the_fast_path_with_the_same_result(monkeypatch):
    """The fast path (values that need no escape) gives what the character-by-character escape gives."""
    import random
    import re

    from ansible_collections.divalto.cloud.plugins.module_utils.identity import dn

    alphabet = 'aZ09_.- #,+=;<>\\"\x01é'
    generator = random.Random(4514)
    values = ["acme", "gg_acme_production", "Tenants Divalto", "a", "-x-", " lead", "trail ", "#hash", "a#b"]
    for _count in range(3000):
        values.append("".join(generator.choice(alphabet) for _index in range(generator.randint(1, 8))))
    fast = [dn.escape_dn_value(value) for value in values]
    monkeypatch.setattr(dn, "_PLAIN", re.compile(r"(?!)"))
    assert fast == [dn.escape_dn_value(value) for value in values]
    assert fast[:5] == values[:5]
    assert fast[5:8] == ["\\ lead", "trail\\ ", "\\#hash"]
