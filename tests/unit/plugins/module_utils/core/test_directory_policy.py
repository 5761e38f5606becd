# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The directory settings and the names they give: defaults, templates, AD's limits."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.core import directory_policy as policy

PLATFORM = {
    "datacenters": {"par1": {"role": "primary"}, "sxb1": {"role": "recovery"}},
    "directory": {
        "domain": "cloud.example.net",
        "netbios": "CLOUD",
        "domain_controllers": {"par1": ["ldaps://dc1.cloud.example.net"], "sxb1": ["ldaps://dc2.cloud.example.net"]},
    },
}


def platform_with(**directory):
    platform = copy.deepcopy(PLATFORM)
    platform["directory"].update(directory)
    return platform


def test_defaults():
    settings = policy.directory_settings(PLATFORM)
    assert settings["tenants_ou"] == "Tenants"
    assert settings["ca_file"] is None
    assert settings["naming"] == policy.DEFAULT_NAMING
    assert policy.directory_settings({"datacenters": {}}) is None


def test_default_names():
    assert policy.environment_group({}, "acme", "production") == "gg_acme_production"
    assert policy.profile_group({}, "acme", "full") == "gl_acme_full"
    assert policy.service_account({}, "acme", "training") == "acme_trn"


def test_the_default_account_name_fits_the_longest_tenant():
    longest = "a" * 16  # the registry's longest tenant name
    assert len(policy.service_account({}, longest, "production")) == policy.ACCOUNT_NAME_MAX


def test_an_account_name_over_20_characters_is_refused():
    platform = platform_with(naming={"service_account": "svc_{tenant}_{environment}"})
    assert policy.service_account(platform, "acme", "setup") == "svc_acme_setup"
    with pytest.raises(policy.DirectoryPolicyError, match=r"at most 20 characters .* has 25") as caught:
        policy.service_account(platform, "breizhfood", "production")
    assert caught.value.path == "directory.naming.service_account"


def test_a_group_name_over_64_characters_is_refused():
    platform = platform_with(naming={"profile_group": "licence_profile_group_of_tenant_{tenant}_profile_{profile}"})
    with pytest.raises(policy.DirectoryPolicyError, match="at most 64 characters"):
        policy.profile_group(platform, "a" * 16, "p" * 32)


@pytest.mark.parametrize(
    "kind, template, expected",
    [
        ("service_account", "svc_{tenant}", "environment or env_code"),
        ("environment_group", "gg_{environment}", "tenant"),
        ("profile_group", "gl_{tenant}", "profile and tenant"),
        ("profile_group", "gl_{tenant}_{profile}_{environment}", "only the placeholders"),
        ("service_account", "svc,{tenant}_{env_code}", "lowercase letters"),
        ("service_account", "SVC_{tenant}_{env_code}", "lowercase letters"),
        ("service_account", "{tenant}_{env_code}\n", "lowercase letters"),
        ("environment_group", "gg_{tenant}_{unknown}", "lowercase letters"),
    ],
)
def test_templates_that_could_share_or_break_a_name_are_refused(kind, template, expected):
    with pytest.raises(policy.DirectoryPolicyError, match=expected) as caught:
        policy.directory_settings(platform_with(naming={kind: template}))
    assert caught.value.path == "directory.naming.%s" % kind


def test_domain_controllers_of_an_unknown_datacenter_are_refused():
    platform = platform_with(domain_controllers={"lon1": ["ldaps://dc.example.net"]})
    with pytest.raises(policy.DirectoryPolicyError, match="a datacenter of datacenters, got 'lon1'"):
        policy.directory_settings(platform)


def test_a_uri_listed_twice_is_refused():
    uri = "ldaps://dc1.cloud.example.net"
    platform = platform_with(domain_controllers={"par1": [uri], "sxb1": [uri]})
    with pytest.raises(policy.DirectoryPolicyError, match="each URI once .also under par1."):
        policy.directory_settings(platform)


def test_no_domain_controller_is_refused():
    with pytest.raises(policy.DirectoryPolicyError, match="at least one ldaps://"):
        policy.directory_settings(platform_with(domain_controllers={}))


@pytest.mark.parametrize(
    "uri, ok",
    [
        ("ldaps://dc1.cloud.example.net", True),
        ("ldaps://dc1.cloud.example.net:636", True),
        ("ldap://dc1.cloud.example.net", False),
        ("ldaps://dc1.cloud.example.net/", False),
        ("ldaps://DC1.example.net", False),
        ("ldaps://dc1.example.net\n", False),
        ("ldaps://user@dc1.example.net", False),
    ],
)
def test_only_ldaps_uris(uri, ok):
    assert bool(policy.LDAPS_URI.match(uri)) is ok
