# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The directory role's plan: creation order, ownership marker, refusals, pruning, passwords."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.identity.plan import (
    ACCOUNT_DISABLED,
    ACCOUNT_ENABLED,
    MARKER,
    DirectoryPlanError,
    directory_plan,
)

BASE = "DC=cloud,DC=example,DC=net"
TENANTS = "OU=Tenants," + BASE
ACME = "OU=acme," + TENANTS
IDENTITY = {
    "tenants_ou": TENANTS,
    "tenants": {
        "acme": {
            "ou": ACME,
            "groups": {
                "gg_acme_production": {"dn": "CN=gg_acme_production," + ACME, "description": "access"},
                "gl_acme_full": {"dn": "CN=gl_acme_full," + ACME, "description": "licence"},
            },
            "service_accounts": {
                "acme_prd": {
                    "dn": "CN=acme_prd," + ACME,
                    "description": "service",
                    "upn": "acme_prd@cloud.example.net",
                }
            },
        }
    },
}


def entry(dn, kind, marked=True, **attributes):
    classes = {
        "ou": ["top", "organizationalUnit"],
        "group": ["top", "group"],
        "account": ["top", "person", "organizationalPerson", "user"],
    }[kind]
    found = {"dn": dn, "objectClass": classes}
    if marked:
        found["adminDescription"] = MARKER
    found.update(attributes)
    return found


def converged():
    return [
        entry(TENANTS, "ou"),
        entry(ACME, "ou"),
        entry("CN=gg_acme_production," + ACME, "group"),
        entry("CN=gl_acme_full," + ACME, "group"),
        entry("CN=acme_prd," + ACME, "account", pwdLastSet="134409734363483950"),
    ]


def test_an_empty_directory_gets_everything_parents_first():
    plan = directory_plan(IDENTITY, [])
    assert [item["dn"] for item in plan["create"]] == [
        TENANTS,
        ACME,
        "CN=gg_acme_production," + ACME,
        "CN=gl_acme_full," + ACME,
        "CN=acme_prd," + ACME,
    ]
    group = plan["create"][2]["attributes"]
    assert group["groupType"] == "-2147483646" and group["sAMAccountName"] == "gg_acme_production"
    assert all(item["attributes"]["adminDescription"] == MARKER for item in plan["create"])
    account = plan["create"][4]["attributes"]
    assert account["userAccountControl"] == str(ACCOUNT_DISABLED)
    assert plan["passwords"] == [{"dn": "CN=acme_prd," + ACME, "name": "acme_prd"}]
    assert plan["ensure"] == [
        {
            "dn": "CN=acme_prd," + ACME,
            "kind": "account",
            "exists": False,
            "attributes": {
                "description": "service",
                "adminDescription": MARKER,
                "sAMAccountName": "acme_prd",
                "userPrincipalName": "acme_prd@cloud.example.net",
                "userAccountControl": str(ACCOUNT_ENABLED),
            },
        }
    ]
    assert plan["refused"] == plan["remove"] == plan["kept"] == plan["stale"] == []


def test_a_converged_directory_changes_nothing_but_keeps_attributes_exact():
    plan = directory_plan(IDENTITY, converged())
    assert plan["create"] == plan["passwords"] == plan["remove"] == plan["refused"] == []
    assert len(plan["ensure"]) == 5 and all(item["exists"] for item in plan["ensure"])


def test_dns_and_attribute_names_compare_without_case():
    found = [dict(item, dn=item["dn"].upper()) for item in converged()]
    found[4] = {key.lower(): value for key, value in found[4].items()}
    assert directory_plan(IDENTITY, found)["create"] == []


def test_rotation_and_accounts_without_a_password():
    assert len(directory_plan(IDENTITY, converged(), rotate=True)["passwords"]) == 1
    never_set = converged()
    never_set[4]["pwdLastSet"] = "0"
    assert directory_plan(IDENTITY, never_set)["passwords"] == [{"dn": "CN=acme_prd," + ACME, "name": "acme_prd"}]


def test_an_unmarked_object_at_the_model_s_place_is_refused():
    found = converged()
    found[2] = entry("CN=gg_acme_production," + ACME, "group", marked=False)
    found[1]["adminDescription"] = "someone else's"
    plan = directory_plan(IDENTITY, found)
    assert [item["dn"] for item in plan["refused"]] == [ACME, "CN=gg_acme_production," + ACME]
    assert "not marked" in plan["refused"][0]["why"]


def test_a_marked_object_of_another_kind_is_refused():
    found = converged()
    found[2] = entry("CN=gg_acme_production," + ACME, "account")
    plan = directory_plan(IDENTITY, found)
    why = "is marked but is an account, not a group"
    assert plan["refused"] == [{"dn": "CN=gg_acme_production," + ACME, "why": why}]


def test_stale_objects_are_left_without_prune():
    found = converged() + [entry("CN=gg_acme_staging," + ACME, "group")]
    plan = directory_plan(IDENTITY, found)
    assert plan["stale"] == ["CN=gg_acme_staging," + ACME] and plan["remove"] == []


def test_prune_removes_empty_objects_deepest_first_and_keeps_non_empty_ones():
    old = "OU=old," + TENANTS
    found = converged() + [
        entry(old, "ou"),
        entry("CN=gg_old_production," + old, "group"),
        entry("CN=old_prd," + old, "account"),
        entry("CN=gg_acme_staging," + ACME, "group", member="CN=someone," + ACME),
        entry("CN=big," + ACME, "group", **{"member;range=0-1499": ["CN=a", "CN=b"]}),
        entry("CN=unmarked," + ACME, "group", marked=False),
        entry("CN=outside," + BASE, "group"),
    ]
    plan = directory_plan(IDENTITY, found, prune=True)
    assert plan["remove"] == ["CN=gg_old_production," + old, "CN=old_prd," + old, old]
    assert {item["dn"]: item["why"] for item in plan["kept"]} == {
        "CN=gg_acme_staging," + ACME: "a group with 1 member(s)",
        "CN=big," + ACME: "a group with 2 member(s)",
    }


def test_an_ou_holding_a_kept_object_is_kept():
    old = "OU=old," + TENANTS
    found = converged() + [entry(old, "ou"), entry("CN=person," + old, "account", marked=False)]
    plan = directory_plan(IDENTITY, found, prune=True)
    assert plan["remove"] == []
    assert plan["kept"] == [{"dn": old, "why": "holds 1 object(s) it keeps"}]


@pytest.mark.parametrize(
    "identity, entries, expected",
    [
        ({"tenants": []}, [], "identity must be the divalto_identity variable"),
        (IDENTITY, "dn: x", "entries must be the list of an ldap_search"),
        (IDENTITY, [{"objectClass": "group"}], r"entries\[0\] must be a mapping with a dn"),
        (IDENTITY, [{"dn": ""}], r"entries\[0\] must be a mapping with a dn"),
    ],
)
def test_bad_inputs_are_refused(identity, entries, expected):
    with pytest.raises(DirectoryPlanError, match=expected):
        directory_plan(copy.deepcopy(identity), entries)
