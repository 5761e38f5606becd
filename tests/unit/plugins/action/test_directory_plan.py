# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.directory_plan action: a thin entry point over identity.plan."""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.action.directory_plan import ActionModule

IDENTITY = {"tenants_ou": "OU=Tenants,DC=x", "tenants": {}}


def test_plans_from_search_results(run_action):
    result = run_action(ActionModule, {"entries": [], "identity": IDENTITY}, {})
    assert result["changed"] is False and not result.get("failed")
    assert [item["dn"] for item in result["plan"]["create"]] == ["OU=Tenants,DC=x"]


def test_bad_results_fail_naming_the_action(run_action):
    result = run_action(
        ActionModule,
        {"entries": ["not an entry"], "identity": IDENTITY},
        {},
        action="divalto.cloud.directory_plan",
    )
    assert result["failed"] is True
    assert result["msg"] == "directory_plan: entries[0] must be a mapping with a dn, got 'not an entry'"


def test_passes_one_environment_and_names_a_bad_one(run_action):
    identity = {
        "tenants_ou": "OU=Tenants,DC=x",
        "tenants": {
            "acme": {
                "ou": "OU=acme,OU=Tenants,DC=x",
                "groups": {
                    "gg_acme_staging": {
                        "dn": "CN=g,OU=acme,OU=Tenants,DC=x",
                        "kind": "environment",
                        "environment": "staging",
                        "description": "access",
                    }
                },
                "service_accounts": {},
            }
        },
    }
    marked = {"objectClass": ["group"], "adminDescription": "divalto.cloud:managed"}
    found = [dict(marked, dn="CN=g,OU=acme,OU=Tenants,DC=x")]
    result = run_action(
        ActionModule, {"entries": found, "identity": identity, "remove_environment": "acme_staging"}, {}
    )
    assert result["plan"]["remove"] == ["CN=g,OU=acme,OU=Tenants,DC=x"]
    result = run_action(
        ActionModule,
        {"entries": [], "identity": identity, "environment": "acme_prod"},
        {},
        action="divalto.cloud.directory_plan",
    )
    assert result["failed"] is True
    assert result["msg"].startswith("directory_plan: environment: 'acme_prod' is not an environment")
