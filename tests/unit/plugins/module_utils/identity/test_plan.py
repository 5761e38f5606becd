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
from ansible_collections.divalto.cloud.plugins.module_utils.identity.scope import DirectoryScopeError

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


# One environment: commissioning (environment) and decommissioning (remove_environment), on the model the inventory
# makes (conftest: acme production and staging, cobalt production).
STAGING_GROUP = "CN=gg_acme_staging,OU=acme,OU=Tenants,DC=cloud,DC=example,DC=net"
STAGING_ACCOUNT = "CN=acme_stg,OU=acme,OU=Tenants,DC=cloud,DC=example,DC=net"
MODEL_TENANTS = "OU=Tenants,DC=cloud,DC=example,DC=net"
MODEL_ACME = "OU=acme," + MODEL_TENANTS


def model_entries(identity, skip=(), **extra):
    """Every object of the model, marked and converged, except the DNs in ``skip``; ``extra``: DN -> attributes."""
    found = [entry(identity["tenants_ou"], "ou")]
    for record in identity["tenants"].values():
        found.append(entry(record["ou"], "ou"))
        found += [entry(group["dn"], "group") for group in record["groups"].values()]
        found += [entry(account["dn"], "account", pwdLastSet="1") for account in record["service_accounts"].values()]
    found = [item for item in found if item["dn"] not in skip]
    for item in found:
        item.update(extra.get(item["dn"], {}))
    return found


def test_one_environment_in_an_empty_directory_creates_its_parents_its_group_and_its_account(identity):
    plan = directory_plan(identity, [], environment="acme_staging")
    assert [item["dn"] for item in plan["create"]] == [MODEL_TENANTS, MODEL_ACME, STAGING_GROUP, STAGING_ACCOUNT]
    assert plan["passwords"] == [{"dn": STAGING_ACCOUNT, "name": "acme_stg"}]
    assert [item["dn"] for item in plan["ensure"]] == [STAGING_ACCOUNT]
    assert plan["remove"] == plan["kept"] == plan["stale"] == plan["refused"] == []


def test_one_environment_changes_only_its_own_objects(identity):
    # Everything else is there, some of it stale or with other attributes: none of it is touched.
    found = model_entries(identity, skip=(STAGING_GROUP, STAGING_ACCOUNT))
    found.append(entry("CN=gg_acme_old," + MODEL_ACME, "group"))
    found.append(entry("OU=gone," + MODEL_TENANTS, "ou"))
    plan = directory_plan(identity, found, environment="acme_staging", rotate=True)
    assert [item["dn"] for item in plan["create"]] == [STAGING_GROUP, STAGING_ACCOUNT]
    assert [item["dn"] for item in plan["ensure"]] == [STAGING_ACCOUNT]
    assert plan["passwords"] == [{"dn": STAGING_ACCOUNT, "name": "acme_stg"}]
    assert plan["remove"] == plan["stale"] == plan["kept"] == plan["refused"] == []


def test_one_environment_already_there_keeps_its_attributes_exact_and_sets_no_password(identity):
    plan = directory_plan(identity, model_entries(identity), environment="acme_staging")
    assert plan["create"] == plan["passwords"] == []
    assert [(item["dn"], item["exists"]) for item in plan["ensure"]] == [(STAGING_GROUP, True), (STAGING_ACCOUNT, True)]
    assert plan["ensure"][0]["attributes"]["sAMAccountName"] == "gg_acme_staging"


def test_one_environment_is_refused_under_an_unmarked_tenant_ou_or_at_an_unmarked_object(identity):
    found = model_entries(
        identity, **{MODEL_ACME: {"adminDescription": "by hand"}, STAGING_ACCOUNT: {"adminDescription": []}}
    )
    plan = directory_plan(identity, found, environment="acme_staging")
    assert [item["dn"] for item in plan["refused"]] == [MODEL_ACME, STAGING_ACCOUNT]


def test_removing_one_environment_removes_its_marked_empty_group_and_its_account_only(identity):
    found = model_entries(identity, **{"CN=gg_acme_production," + MODEL_ACME: {"member": "CN=alice," + MODEL_ACME}})
    plan = directory_plan(identity, found, remove_environment="acme_staging")
    assert plan["remove"] == [STAGING_GROUP, STAGING_ACCOUNT]
    assert plan["create"] == plan["ensure"] == plan["passwords"] == plan["kept"] == plan["refused"] == []
    # Done: a second run has nothing to do.
    done = [item for item in found if item["dn"] not in plan["remove"]]
    assert directory_plan(identity, done, remove_environment="acme_staging")["remove"] == []


def test_removing_one_environment_keeps_a_group_with_members_and_lists_them(identity):
    members = {"member": ["CN=bob," + MODEL_ACME], "member;range=0-1499": ["CN=Alice," + MODEL_ACME]}
    plan = directory_plan(
        identity, model_entries(identity, **{STAGING_GROUP: members}), remove_environment="acme_staging"
    )
    assert plan["remove"] == [STAGING_ACCOUNT]
    assert plan["kept"] == [
        {
            "dn": STAGING_GROUP,
            "why": "a group with 2 member(s): kept; remove them first (DLMT's grants), then prune",
            "members": ["CN=Alice," + MODEL_ACME, "CN=bob," + MODEL_ACME],
        }
    ]


def test_removing_one_environment_leaves_what_is_not_ours_or_not_a_leaf(identity):
    found = model_entries(
        identity,
        **{STAGING_ACCOUNT: {"adminDescription": "someone else's"}, STAGING_GROUP: {"objectClass": ["top", "user"]}},
    )
    plan = directory_plan(identity, found, remove_environment="acme_staging")
    assert plan["remove"] == []
    assert plan["kept"] == [
        {"dn": STAGING_GROUP, "why": "is marked but is an account, not a group: left in place"},
        {"dn": STAGING_ACCOUNT, "why": "is not marked divalto.cloud:managed (not ours): left in place"},
    ]
    child = model_entries(identity) + [entry("CN=device," + STAGING_ACCOUNT, "account", marked=False)]
    kept = directory_plan(identity, child, remove_environment="acme_staging")["kept"]
    assert kept == [{"dn": STAGING_ACCOUNT, "why": "holds 1 object(s): left in place"}]


@pytest.mark.parametrize(
    "options, expected",
    [
        ({"environment": "acme_staging", "remove_environment": "acme_staging"}, "exclude each other"),
        ({"environment": "acme_staging", "prune": True}, "prune applies to the whole model"),
        ({"remove_environment": "acme_staging", "prune": True}, "prune applies to the whole model"),
        ({"environment": "acme_stagin"}, "environment: 'acme_stagin' is not an environment of the directory model"),
        ({"remove_environment": "cobalt_staging"}, "remove_environment: 'cobalt_staging' is not an environment"),
    ],
)
def test_bad_environment_options_are_refused(identity, options, expected):
    with pytest.raises((DirectoryPlanError, DirectoryScopeError), match=expected):
        directory_plan(identity, [], **options)
