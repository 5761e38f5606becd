# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Client access in the registry: the tenant file's ``client_access`` and platform.yml's, checked at load."""

from __future__ import annotations

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.core.client_access_policy import (
    account_name,
    download_server_port,
    environment_accounts,
    key_problem,
)
from ansible_collections.divalto.cloud.plugins.module_utils.registry.inventory_model import build_inventory_model
from ansible_collections.divalto.cloud.plugins.module_utils.registry.load import load_registry
from ansible_collections.divalto.cloud.tests.unit.plugins.module_utils.registry.test_load import problems_of

ACME = "tenants/acme.yml"
PLATFORM = "platform.yml"
ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILCCUF1eTCg83Umz4Thcg+W37f/4V9uYhfctoy+p/3x1 dist@acme"
# The blob of an ed25519 key, declared as RSA.
MISLABELLED = "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAILCCUF1eTCg83Umz4Thcg+W37f/4V9uYhfctoy+p/3x1"


def people(**persons):
    return lambda doc: doc.update(client_access={"exchange_retention_days": 14, "people": persons})


def distributor(**environments):
    return {"name": "Distrib SA - J. Martin", "keys": [ED25519], "environments": environments}


def records(registry):
    return build_inventory_model(load_registry(str(registry.root)))["vars"]["divalto_environments"]


def test_accounts_reach_the_environment_records(registry):
    registry.edit(
        ACME,
        people(
            dist=distributor(staging={"code/addons": "write", "exchange/out": "read"}),
            jo=distributor(production={"exchange/in": "write"}),
        ),
    )
    environments = records(registry)
    assert environments["acme_staging"]["client_access"] == {
        "accounts": [
            {
                "account": "acme-stg-dist",
                "person": "dist",
                "name": "Distrib SA - J. Martin",
                "keys": [ED25519],
                "grants": {"code/addons": "write", "exchange/out": "read"},
            }
        ],
        "exchange_retention_days": 14,
        "downloads": [],
    }
    assert [a["account"] for a in environments["acme_production"]["client_access"]["accounts"]] == ["acme-prd-jo"]
    assert environments["acme_testing"]["client_access"]["accounts"] == []
    # A tenant without client access keeps the record's former shape.
    assert "client_access" not in environments["cobalt_production"]


def test_account_names():
    assert account_name("acme", "production", "dist") == "acme-prd-dist"
    assert environment_accounts("acme", "staging", None) == []


@pytest.mark.parametrize(
    "key, expected",
    [
        (ED25519, None),
        ("ssh-ed25519 AAAA", "a public key whose base64 part decodes to an SSH key"),
        ("ssh-dss AAAAB3NzaC1kc3M=", "a public key line '<type> <base64> [comment]' of type ssh-ed25519, ssh-rsa, "),
        (MISLABELLED, "a public key whose base64 part is a key of its declared type ssh-rsa, not 'ssh-ed25519'"),
    ],
)
def test_key_problem(key, expected):
    problem = key_problem(key)
    assert problem == expected if expected is None or not expected.endswith(", ") else problem.startswith(expected)


def test_hostile_and_wrong_entries_are_named_before_any_machine(registry):
    registry.edit(
        ACME,
        people(
            dist=distributor(staging={"code/addons": "write"}, training={"exchange/in": "write"}),
            mallory=dict(distributor(staging={"exchange/in": "write"}), keys=[MISLABELLED]),
        ),
    )
    assert problems_of(registry) == [
        "tenants/acme.yml: tenant acme: client_access.people.dist.environments.training: "
        "expected an environment of this tenant (production, staging, testing)",
        "tenants/acme.yml: tenant acme: client_access.people.mallory.keys[0]: expected a public key whose base64 "
        "part is a key of its declared type ssh-rsa, not 'ssh-ed25519', got "
        "'ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAILCCUF1eTCg83Umz4Thcg+W37f/... (78 characters)",
    ]


@pytest.mark.parametrize(
    "change, path",
    [
        # A grant outside the vocabulary: no way out of the environment's directories.
        (people(dist=distributor(staging={"../../cobalt": "write"})), "client_access.people.dist.environments.staging"),
        (people(dist=distributor(staging={"code/addons": "delete"})), "client_access.people.dist.environments.staging"),
        (people(**{"../root": distributor(staging={"code/addons": "write"})}), "client_access.people"),
        (people(dist=dict(distributor(), keys=['command="sh" ' + ED25519])), "client_access.people.dist.keys[0]"),
        (people(dist=dict(distributor(), keys=[ED25519 + "\nssh-ed25519 AAAA"])), "client_access.people.dist.keys[0]"),
        (people(dist=distributor(staging={})), "client_access.people.dist.environments.staging"),
    ],
)
def test_schema_refuses(registry, change, path):
    registry.edit(ACME, change)
    found = problems_of(registry)
    assert len(found) == 1, found
    assert found[0].startswith("tenants/acme.yml: tenant acme: %s" % path), found


def test_windows_file_servers_get_no_account(registry):
    registry.edit("tenants/breizhfood.yml", people(dist=distributor(training={"code/addons": "write"})))
    assert problems_of(registry) == [
        "tenants/breizhfood.yml: tenant breizhfood: client_access.people.dist.environments.training: "
        "expected an environment on a Linux file server: SFTP accounts are not provided on Windows"
    ]


def test_the_longest_account_name_fits_linux(registry):
    registry.edit(ACME, lambda doc: doc.update(tenant="acmeindustries42"))
    registry.path(ACME).rename(registry.path("tenants/acmeindustries42.yml"))
    registry.edit("tenants/acmeindustries42.yml", people(distributor=distributor(production={"exchange/in": "write"})))
    (account,) = records(registry)["acmeindustries42_production"]["client_access"]["accounts"]
    assert account["account"] == "acmeindustries42-prd-distributor"
    assert len(account["account"]) == 32
    registry.edit("tenants/acmeindustries42.yml", people(distributor1=distributor(production={"exchange/in": "write"})))
    (problem,) = problems_of(registry)
    assert "client_access.people: expected a person identifier" in problem and "'distributor1'" in problem


def test_platform_relay_ports(registry):
    registry.edit(
        PLATFORM,
        lambda doc: doc.update(
            client_access={"sftp_ports": {"fs-par1-a": 2201, "fs-par1-b": 2202, "fs-sxb1-a": 2301, "nope": 2203}}
        ),
    )
    assert problems_of(registry) == [
        "platform.yml: client_access.sftp_ports.fs-par1-b: "
        "expected a Linux file pair: SFTP accounts are not provided on Windows file servers",
        "platform.yml: client_access.sftp_ports.fs-sxb1-a: "
        "expected a port of its own, got 2301 (also platform.ports.telnet_range)",
        "platform.yml: client_access.sftp_ports.nope: expected an HA pair of role file declared by the machines, "
        "got 'nope'",
    ]


def test_platform_settings_reach_the_model(registry):
    settings = {"sftp_ports": {"fs-par1-a": 2201}, "exchange_retention_days": 30, "server_port": 22}
    registry.edit(PLATFORM, lambda doc: doc.update(client_access=settings))
    model = build_inventory_model(load_registry(str(registry.root)))
    assert model["vars"]["divalto_platform"]["client_access"] == settings


def test_people_with_downloads_get_the_tenants_download_account(registry):
    registry.edit(
        ACME,
        people(
            dist=distributor(staging={"code/addons": "write"}),
            it={"name": "ACME IT", "keys": [ED25519], "downloads": True},
        ),
    )
    environments = records(registry)
    expected = [{"account": "acme-dl-it", "person": "it", "name": "ACME IT", "keys": [ED25519]}]
    # Every environment of the tenant carries them: the vault's download area is per tenant.
    for key in ("acme_production", "acme_staging", "acme_testing"):
        assert environments[key]["client_access"]["downloads"] == expected


def test_download_port_must_be_its_own(registry):
    registry.edit(
        "platform.yml",
        lambda doc: doc.update(client_access={"sftp_ports": {"fs-par1-a": 2201}, "download_port": 2201}),
    )
    assert problems_of(registry) == [
        "platform.yml: client_access.download_port: expected a port of its own, got 2201 "
        "(also client_access.sftp_ports of another pair)"
    ]


def test_the_download_server_port_is_the_platforms_else_2222():
    assert download_server_port(None) == 2222
    assert download_server_port({"download_port": 2299}) == 2222
    assert download_server_port({"download_server_port": 2022}) == 2022
