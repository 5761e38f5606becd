# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One environment's part of the directory model, and the commissioning playbooks' directory switch."""

from __future__ import annotations

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.core.request import RequestError
from ansible_collections.divalto.cloud.plugins.module_utils.identity.scope import (
    DirectoryScopeError,
    directory_manage,
    environment_identity,
    environment_keys,
)


def test_the_keys_are_the_registry_s_environment_keys(identity):
    assert environment_keys(identity) == {
        "acme_production": ("acme", "production"),
        "acme_staging": ("acme", "staging"),
        "cobalt_production": ("cobalt", "production"),
    }


def test_one_environment_keeps_its_tenant_s_ou_its_group_and_its_account_only(identity):
    part = environment_identity(identity, "acme_staging", "environment")
    assert part["tenants_ou"] == identity["tenants_ou"] and part["domain_dn"] == identity["domain_dn"]
    assert list(part["tenants"]) == ["acme"]
    acme = part["tenants"]["acme"]
    assert acme["ou"] == identity["tenants"]["acme"]["ou"]
    assert acme["groups"] == {"gg_acme_staging": identity["tenants"]["acme"]["groups"]["gg_acme_staging"]}
    assert list(acme["service_accounts"]) == ["acme_stg"]
    # The model itself is left whole.
    assert len(identity["tenants"]["acme"]["groups"]) == 4


@pytest.mark.parametrize(
    "key, expected",
    [
        ("", "remove_environment: expected an environment key <tenant>_<environment>, got ''"),
        (["acme_staging"], r"remove_environment: expected an environment key .*, got \['acme_staging'\]"),
        ("acme_stagin", r"'acme_stagin' is not an environment .* has 3\) \(did you mean 'acme_staging'\?\)"),
        ("x" * 500, r"remove_environment: 'x{20,80}\.\.\. \(502 characters\) is not an environment"),
    ],
)
def test_a_bad_key_is_refused_naming_the_option(identity, key, expected):
    with pytest.raises(DirectoryScopeError, match=expected):
        environment_identity(identity, key, "remove_environment")


@pytest.mark.parametrize(
    "value, expected",
    [(None, True), ("", True), (True, True), ("false", False), ("No", False), (0, False), ("yes", True)],
)
def test_the_directory_is_managed_by_default_when_the_inventory_has_a_model(identity, value, expected):
    assert directory_manage(value, identity) is expected


def test_without_a_model_the_directory_is_left_alone_and_cannot_be_forced():
    assert directory_manage(None, None) is False
    assert directory_manage("false", None) is False
    with pytest.raises(RequestError, match="directory_manage: true, but the inventory has no directory model"):
        directory_manage(True, None)


def test_a_switch_that_is_not_a_boolean_is_refused(identity):
    with pytest.raises(RequestError, match="directory_manage: expected true or false, got a string 'maybe'"):
        directory_manage("maybe", identity)
