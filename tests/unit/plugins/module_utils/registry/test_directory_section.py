# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``directory:`` section of platform.yml at load time: its shape, its rules, and the names it gives tenants."""

from __future__ import annotations

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.registry.load import RegistryError, load_registry


def problems_of(registry):
    with pytest.raises(RegistryError) as caught:
        load_registry(str(registry.root))
    return [str(problem) for problem in caught.value.problems]


def set_directory(registry, **values):
    registry.edit("platform.yml", lambda doc: doc["directory"].update(values))


@pytest.mark.parametrize(
    "field, value, expected",
    [
        ("domain_controllers", {"par1": ["ldap://dc.cloud.example.net"]}, "an ldaps:// URI"),
        ("domain_controllers", {"par1": []}, "at least 1"),
        ("netbios", "cloud", "a NetBIOS domain name"),
        ("netbios", "CLOUDCLOUDCLOUDCL", "a NetBIOS domain name"),
        ("ca_file", "certs/ca.pem", "an absolute path"),
        ("tenants_ou", "Ten\nants", "one line of text"),
        ("tenants_ou", "T" * 65, "1 to 64 characters"),
        ("naming", {"service_account": "svc,{tenant}"}, "a name template"),
        ("naming", {"owner": "x_{tenant}"}, "owner"),
    ],
)
def test_shape(registry, field, value, expected):
    set_directory(registry, **{field: value})
    found = problems_of(registry)
    assert any(p.startswith("platform.yml: platform: directory.%s" % field) and expected in p for p in found), found


def test_required_keys(registry):
    registry.edit("platform.yml", lambda doc: doc["directory"].pop("netbios"))
    assert any("netbios" in problem for problem in problems_of(registry))


def test_rules_across_fields_are_reported_with_the_platform(registry):
    set_directory(registry, domain_controllers={"lon1": ["ldaps://dc.cloud.example.net"]})
    assert problems_of(registry) == [
        "platform.yml: platform: directory.domain_controllers.lon1: expected a datacenter of datacenters, got 'lon1'"
    ]


def test_an_account_name_over_20_characters_names_the_tenant(registry):
    set_directory(registry, naming={"service_account": "svc_{tenant}_{environment}"})
    found = problems_of(registry)
    assert (
        "tenants/breizhfood.yml: tenant breizhfood: environments.production: expected names of at most 20 characters"
        " (AD's limit for an account name): 'svc_breizhfood_production' has 25 (directory.naming.service_account)"
    ) in found
    assert all("tenant acme" not in problem for problem in found if "environments.production" in problem)


def test_names_that_two_objects_would_share_are_refused(registry):
    # A profile group named like an environment group: sAMAccountNames are unique in a domain.
    set_directory(registry, naming={"profile_group": "gg_{tenant}_{profile}"})
    registry.edit("platform.yml", lambda doc: doc["platform"]["user_profiles"].append("production"))
    registry.edit("tenants/acme.yml", lambda doc: doc["subscription"]["users"].update(production=1))
    found = problems_of(registry)
    assert (
        "tenants/acme.yml: tenant acme: subscription.users.production: expected a directory name of its own:"
        " gg_acme_production is also the name for tenant acme, environments.production (directory.naming)"
    ) in found


def test_without_the_section_the_default_names_apply(registry):
    registry.edit("platform.yml", lambda doc: doc.pop("directory"))
    loaded = load_registry(str(registry.root))
    assert "directory" not in loaded.platform
