# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The directory model of the example registry, and of hostile settings."""

from __future__ import annotations

import copy
import pathlib

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.identity.model import (
    GLOBAL_SECURITY_GROUP,
    identity_model,
)
from ansible_collections.divalto.cloud.plugins.module_utils.registry.load import load_registry

EXAMPLE_REGISTRY = pathlib.Path(__file__).resolve().parents[5] / "inventories" / "example" / "registry"


@pytest.fixture(scope="module")
def example():
    return load_registry(str(EXAMPLE_REGISTRY))


def test_example_model(example):
    model = identity_model(example.platform, example.tenants)
    assert model["domain_dn"] == "DC=cloud,DC=example,DC=net"
    assert model["tenants_ou"] == "OU=Tenants,DC=cloud,DC=example,DC=net"
    # The primary datacenter's DCs first, in listed order, then the recovery one's.
    assert model["uris"] == [
        "ldaps://dc-par1-01.cloud.example.net",
        "ldaps://dc-par1-02.cloud.example.net",
        "ldaps://dc-sxb1-01.cloud.example.net",
    ]
    acme = model["tenants"]["acme"]
    assert acme["ou"] == "OU=acme,OU=Tenants,DC=cloud,DC=example,DC=net"
    production = acme["groups"]["gg_acme_production"]
    assert production["dn"] == "CN=gg_acme_production,OU=acme,OU=Tenants,DC=cloud,DC=example,DC=net"
    assert production["kind"] == "environment"
    assert "sqlserver" in production["used_by"] and "tenant_storage" in production["used_by"]
    account = acme["service_accounts"]["acme_prd"]
    assert account["principal"] == "CLOUD\\acme_prd"
    assert account["upn"] == "acme_prd@cloud.example.net"
    assert account["used_by"] == ["iis"]
    licences = {name: group for name, group in acme["groups"].items() if group["kind"] == "licence"}
    users = example.tenants["acme"]["subscription"]["users"]
    assert {group["profile"]: group["seats"] for group in licences.values()} == users
    assert set(model["tenants"]) == set(example.tenants)
    assert GLOBAL_SECURITY_GROUP == -(2**31) + 2


def test_the_records_and_the_model_name_the_same_objects(example_model, example):
    """One source: the environment records' names are the directory model's."""
    model = identity_model(example.platform, example.tenants)
    for key, record in example_model["vars"]["divalto_environments"].items():
        tenant = model["tenants"][record["tenant"]]
        assert tenant["groups"][record["security_group"]]["environment"] == record["type"], key
        assert tenant["service_accounts"][record["service_account"]]["environment"] == record["type"], key


def test_no_directory_section_no_model(example):
    platform = copy.deepcopy(example.platform)
    del platform["directory"]
    assert identity_model(platform, example.tenants) is None


def test_a_hostile_tenants_ou_stays_one_rdn(example):
    platform = copy.deepcopy(example.platform)
    platform["directory"]["tenants_ou"] = "Tenants,DC=evil+CN=x"
    model = identity_model(platform, example.tenants)
    assert model["tenants_ou"] == "OU=Tenants\\,DC\\=evil\\+CN\\=x,DC=cloud,DC=example,DC=net"
    assert model["tenants"]["acme"]["ou"].endswith(",OU=Tenants\\,DC\\=evil\\+CN\\=x,DC=cloud,DC=example,DC=net")
