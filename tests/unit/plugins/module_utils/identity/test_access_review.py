# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The access review: who reaches each environment and through what, the flags, and the diff between reviews."""

from __future__ import annotations

import base64
import copy
import datetime as dt

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.core.client_access_policy import environment_accounts
from ansible_collections.divalto.cloud.plugins.module_utils.identity.access_review import (
    access_review,
    review_diff,
)
from ansible_collections.divalto.cloud.plugins.module_utils.identity.access_sources import (
    AccessReviewError,
    key_fingerprint,
)

NOW = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)
UNIX_EPOCH_FILETIME = 116444736000000000


def logon(days_ago):
    """lastLogonTimestamp of a logon ``days_ago`` days before NOW, as AD returns it."""
    return str(UNIX_EPOCH_FILETIME + int((NOW - dt.timedelta(days=days_ago)).timestamp()) * 10**7)


def person(name, ou, uac="512", last=None):
    entry = {"dn": "CN=%s,%s" % (name, ou), "objectClass": ["top", "person", "user"], "sAMAccountName": name}
    entry["userAccountControl"] = uac
    if last is not None:
        entry["lastLogonTimestamp"] = last
    return entry


@pytest.fixture
def directory(identity):
    """What the directory holds: acme's production group has alice (recent), bob (disabled), carol (unused),
    mallory (in CN=Users), a nested group and a foreign principal; staging has bob; cobalt's group is missing."""
    acme = identity["tenants"]["acme"]
    ou = acme["ou"]
    users_cn = "CN=Users,DC=cloud,DC=example,DC=net"
    accounts = [
        person("alice", ou, last=logon(3)),
        person("bob", ou, uac="514", last=logon(10)),
        person("carol", ou, last=logon(120)),
        person("mallory", users_cn, last=logon(1)),
        person("acme_prd", ou, uac="66048", last=logon(0)),
        person("acme_stg", ou, uac="66048", last="0"),
        {"dn": "CN=helpdesk,%s" % users_cn, "objectClass": ["top", "group"], "sAMAccountName": "helpdesk"},
    ]
    foreign = "CN=S-1-5-21-1-2-3-1104,CN=ForeignSecurityPrincipals,DC=cloud,DC=example,DC=net"
    groups = [
        {
            "dn": acme["groups"]["gg_acme_production"]["dn"],
            "member": [
                "CN=carol," + ou,
                "CN=alice," + ou,
                "cn=BOB," + ou,
                "CN=mallory," + users_cn,
                "CN=helpdesk," + users_cn,
                foreign,
            ],
        },
        {"dn": acme["groups"]["gg_acme_staging"]["dn"], "member": "CN=bob," + ou},
        {"dn": acme["groups"]["gl_acme_full"]["dn"], "member;range=0-1499": ["CN=alice," + ou]},
        {"dn": acme["groups"]["gl_acme_limited"]["dn"]},
        {"dn": identity["tenants"]["cobalt"]["groups"]["gl_cobalt_full"]["dn"]},
    ]
    return {"groups": groups, "accounts": accounts}


KEY_BLOB = b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20" + bytes(range(32))
DIST_KEY = "ssh-ed25519 %s dist@partner" % base64.b64encode(KEY_BLOB).decode()
CLIENT_ACCESS = {
    "people": {
        "dist": {
            "name": "Partner support",
            "keys": [DIST_KEY],
            "environments": {"production": {"code/overrides": "write", "exchange/out": "read"}},
        }
    }
}
ENVIRONMENTS = {
    "acme_production": {
        "client_access": {"accounts": environment_accounts("acme", "production", CLIENT_ACCESS)},
        "tenant": "acme",
        "type": "production",
        "security_group": "gg_acme_production",
        "share": "acme_production",
        "placement": {"files": "fs-par1-a", "sql": "sql-par1-a"},
        "databases": {"erp": "acme_production_erp", "portal": "acme_production_portal"},
    },
    "acme_staging": {"tenant": "acme", "type": "staging", "security_group": "gg_acme_staging", "share": "acme_staging"},
}
SQL = {
    "acme_production": {
        "status": "recorded",
        "logins": [{"name": "CLOUD\\gg_acme_production", "type": "windows_group", "disabled": False}],
        "database_users": [
            {"database": "acme_production_erp", "name": "CLOUD\\gg_acme_production", "login": "", "roles": ["db_owner"]}
        ],
    }
}
VAULT = {
    "acme": {
        "account": "bk_acme",
        "public_keys": [{"fingerprint": "SHA256:abc", "type": "ssh-ed25519", "comment": "fs"}],
    }
}


def review_of(identity, directory, unused_days=90, **changes):
    inputs = dict(environments=ENVIRONMENTS, sql=SQL, vault=VAULT)
    inputs.update(changes)
    return access_review(
        identity,
        inputs["environments"],
        directory["groups"],
        directory["accounts"],
        inputs["sql"],
        inputs["vault"],
        NOW,
        unused_days,
    )


def test_members_of_each_environment_with_their_state(identity, directory):
    review = review_of(identity, directory)
    production = review["tenants"]["acme"]["environments"]["production"]
    assert production["key"] == "acme_production"
    members = {m["account"]: m for m in production["group"]["members"]}
    foreign_dn = "CN=S-1-5-21-1-2-3-1104,CN=ForeignSecurityPrincipals,DC=cloud,DC=example,DC=net"
    assert [m["account"] for m in production["group"]["members"]] == [
        "alice",
        "bob",
        "carol",
        foreign_dn,
        "helpdesk",
        "mallory",
    ]
    assert members["alice"] == {
        "account": "alice",
        "dn": "CN=alice," + identity["tenants"]["acme"]["ou"],
        "kind": "user",
        "enabled": True,
        "last_logon": (NOW - dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "flags": [],
    }
    assert members["bob"]["enabled"] is False and members["bob"]["flags"] == ["disabled"]
    assert members["carol"]["flags"] == ["unused"]
    assert members["mallory"]["flags"] == ["outside_ou"]
    assert members["helpdesk"]["kind"] == "group" and members["helpdesk"]["flags"] == ["nested_group", "outside_ou"]
    foreign = members[next(m["account"] for m in production["group"]["members"] if "Foreign" in m["dn"])]
    assert foreign["kind"] == "unknown" and foreign["flags"] == ["unresolved"]
    staging = review["tenants"]["acme"]["environments"]["staging"]
    assert [m["account"] for m in staging["group"]["members"]] == ["bob"]


def _production_flags(review):
    """account -> flags of acme production's group members in ``review``."""
    return {
        m["account"]: m["flags"] for m in review["tenants"]["acme"]["environments"]["production"]["group"]["members"]
    }


def test_unused_days_is_the_threshold(identity, directory):
    members = _production_flags
    assert members(review_of(identity, directory, unused_days=120))["carol"] == ["unused"]
    assert members(review_of(identity, directory, unused_days=121))["carol"] == []
    assert members(review_of(identity, directory, unused_days=10))["bob"] == ["disabled", "unused"]


def test_service_accounts_shares_sql_and_what_is_not_modelled(identity, directory):
    review = review_of(identity, directory)
    production = review["tenants"]["acme"]["environments"]["production"]
    assert [(a["name"], a["flags"]) for a in production["service_accounts"]] == [("acme_prd", [])]
    staging = review["tenants"]["acme"]["environments"]["staging"]
    assert [(a["name"], a["flags"]) for a in staging["service_accounts"]] == [("acme_stg", ["never_logged_on"])]
    assert production["shares"] == [
        {
            "share": "acme_production",
            "server": "fs-par1-a",
            "group": "gg_acme_production",
            "rights": "modify (read, write, delete)",
        }
    ]
    assert production["databases"] == ["acme_production_erp", "acme_production_portal"]
    assert production["sql"]["status"] == "recorded" and staging["sql"] == {"status": "not recorded"}
    assert production["sftp"]["status"] == "declared"
    assert production["sftp"]["accounts"] == [
        {
            "account": "acme-prd-dist",
            "name": "Partner support",
            "grants": {"code/overrides": "write", "exchange/out": "read"},
            "public_keys": [key_fingerprint(DIST_KEY, "k")],
        }
    ]
    assert staging["sftp"] == {
        "status": "none declared",
        "why": "the tenant file declares no client_access",
        "accounts": [],
    }
    assert review["tenants"]["acme"]["vault"]["status"] == "recorded"
    assert review["tenants"]["cobalt"]["vault"] == {"account": "", "status": "not recorded", "public_keys": []}


def test_grants_flat_and_sorted(identity, directory):
    grants = review_of(identity, directory)["grants"]
    paths = {(g["environment"], g["path"], g["principal"]) for g in grants}
    assert ("production", "group gg_acme_production", "alice") in paths
    assert ("staging", "group gg_acme_staging", "bob") in paths
    assert ("production", "service account", "acme_prd") in paths
    assert ("production", "share acme_production on fs-par1-a", "gg_acme_production") in paths
    assert ("production", "sql login", "CLOUD\\gg_acme_production") in paths
    assert ("production", "sql user acme_production_erp", "CLOUD\\gg_acme_production") in paths
    assert ("", "licence gl_acme_full", "alice") in paths
    assert ("", "vault key bk_acme", "SHA256:abc") in paths
    assert ("production", "sftp code/overrides", "acme-prd-dist") in paths
    assert ("production", "sftp exchange/out", "acme-prd-dist") in paths
    assert ("production", "sftp key acme-prd-dist", key_fingerprint(DIST_KEY, "k")["fingerprint"]) in paths
    keys = [(g["tenant"], g["environment"], g["path"], g["principal"].lower()) for g in grants]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)


def test_findings_name_each_flag_once(identity, directory):
    findings = review_of(identity, directory)["findings"]
    flagged = {(f["environment"], f["principal"], f["flag"]) for f in findings}
    assert ("production", "bob", "disabled") in flagged
    assert ("staging", "bob", "disabled") in flagged
    assert ("production", "carol", "unused") in flagged
    assert ("production", "mallory", "outside_ou") in flagged
    assert ("staging", "acme_stg", "never_logged_on") in flagged
    assert ("production", "gg_cobalt_production", "group_missing") in {
        (f["environment"], f["principal"], f["flag"]) for f in findings if f["tenant"] == "cobalt"
    }
    assert ("production", "CN=cobalt_prd," + identity["tenants"]["cobalt"]["ou"], "account_missing") in {
        (f["environment"], f["principal"], f["flag"]) for f in findings if f["tenant"] == "cobalt"
    }
    assert ("production", "alice", "disabled") not in flagged
    assert all(f["why"] for f in findings)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"groups": "all"}, "groups: expected the list of an ldap_search"),
        ({"groups": [{"member": []}]}, "groups[0]: expected a mapping with a dn"),
        ({"accounts": [{"dn": "CN=alice,OU=x", "userAccountControl": "x"}]}, "userAccountControl"),
    ],
)
def test_directory_entries_refused(identity, directory, change, message):
    broken = dict(directory, **change)
    if "accounts" in change:
        broken["groups"] = [
            {"dn": identity["tenants"]["acme"]["groups"]["gg_acme_production"]["dn"], "member": "CN=alice,OU=x"}
        ]
    with pytest.raises(AccessReviewError, match=message.replace("[", r"\[")):
        review_of(identity, broken)


def test_bad_lastlogon_names_the_account(identity, directory):
    broken = copy.deepcopy(directory)
    broken["accounts"][0]["lastLogonTimestamp"] = "soon"
    with pytest.raises(AccessReviewError, match=r"accounts 'CN=alice,.*' lastLogonTimestamp: expected a FILETIME"):
        review_of(identity, broken)


@pytest.mark.parametrize("days", [0, -5, True, "90"])
def test_unused_days_refused(identity, directory, days):
    with pytest.raises(AccessReviewError, match="unused_days: expected a whole number of days"):
        review_of(identity, directory, unused_days=days)


def test_identity_refused(directory):
    with pytest.raises(AccessReviewError, match="identity: expected the divalto_identity variable"):
        access_review({"tenants": []}, {}, [], [], {}, {}, NOW)


def test_diff_against_the_previous_review(identity, directory):
    first = review_of(identity, directory)
    assert review_diff(None, first["grants"]) == {"previous": None, "previous_time": None, "added": [], "removed": []}
    previous = {"source": "r.json", "time": "2026-09-01T08:00:00Z", "grants": first["grants"]}
    assert review_diff(previous, first["grants"])["added"] == []
    assert review_diff(previous, first["grants"])["removed"] == []
    changed = copy.deepcopy(directory)
    changed["groups"][1]["member"] = ["CN=ALICE," + identity["tenants"]["acme"]["ou"]]
    second = review_of(identity, changed)
    diff = review_diff(previous, second["grants"])
    assert [(g["environment"], g["path"], g["principal"]) for g in diff["added"]] == [
        ("staging", "group gg_acme_staging", "alice")
    ]
    assert [(g["environment"], g["path"], g["principal"]) for g in diff["removed"]] == [
        ("staging", "group gg_acme_staging", "bob")
    ]
    # Names compare without case, as the directory does.
    upper = [dict(g, principal=g["principal"].upper()) for g in first["grants"]]
    assert review_diff(dict(previous, grants=upper), first["grants"])["added"] == []


def test_a_bad_client_key_names_the_environment_and_account(identity, directory):
    environments = copy.deepcopy(ENVIRONMENTS)
    environments["acme_production"]["client_access"]["accounts"][0]["keys"] = ["ssh-ed25519 !!"]
    with pytest.raises(AccessReviewError, match=r"environments.acme_production.client_access.accounts\[0\].keys\[0\]"):
        review_of(identity, directory, environments=environments)
