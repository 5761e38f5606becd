# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tenant isolation of what the Windows roles compute, over inventories/example and a generated registry.

- SQL: every login is mapped (user and roles) only to the databases of its own environment, and each
  environment's login reaches all of them; no database is mapped to two logins.
- IIS: each application pool identity is unique per environment, on every application server;
  the bindings of an environment's site are exactly its own host names, never another's.
- HPF: every served environment has exactly one section, and only served environments do.
"""

from __future__ import annotations

import pathlib
from collections import Counter

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.app_servers.hpf_config import render
from ansible_collections.divalto.cloud.plugins.module_utils.app_servers.iis import iis_sites
from ansible_collections.divalto.cloud.plugins.module_utils.core.model import PlatformModel
from ansible_collections.divalto.cloud.plugins.module_utils.data_servers.sqlserver import databases_plan
from ansible_collections.divalto.cloud.plugins.module_utils.registry.inventory_model import build_inventory_model
from ansible_collections.divalto.cloud.plugins.module_utils.registry.load import load_registry

COLLECTION_ROOT = pathlib.Path(__file__).resolve().parents[5]
WILDCARD = "0F" * 20


def host_groups(model):
    groups = {host: [] for host in model["hosts"]}
    for name, group in model["groups"].items():
        for host in group["hosts"]:
            groups[host].append(name)
    return groups


def check_sql(model):
    environments = model["vars"]["divalto_environments"]
    pairs = {key: pair for key, pair in model["vars"]["divalto_platform"]["ha_pairs"].items() if pair["role"] == "sql"}
    mapped = 0
    for pair in pairs:
        plan = databases_plan(environments, pair, "CLOUD")
        owners = {}
        for database in plan["databases"]:
            record = environments[database["environment"]]
            assert database["name"] in record["databases"].values()
            assert database["login"] == "CLOUD\\%s" % record["security_group"]
            assert owners.setdefault(database["name"], database["login"]) == database["login"]
            mapped += 1
        for login in plan["logins"]:
            record = environments[login["environment"]]
            own = set(record["databases"].values())
            granted = {d["name"] for d in plan["databases"] if d["login"] == login["login"]}
            assert granted == own == set(login["databases"]), login
        logins = Counter(login["login"] for login in plan["logins"])
        assert [login for login, count in logins.items() if count > 1] == []
        placed = {key for key, record in environments.items() if record["placement"]["sql"] == pair}
        assert {login["environment"] for login in plan["logins"]} == placed
    assert mapped == sum(len(record["databases"]) for record in environments.values())
    return mapped


def check_app_servers(model):
    environments = model["vars"]["divalto_environments"]
    groups = host_groups(model)
    owner_of_host = {host.lower(): key for key, record in environments.items() for host in record["hostnames"]}
    checked = 0
    domain = PlatformModel(model["vars"]["divalto_platform"], environments)
    for host in model["groups"]["role_app"]["hosts"]:
        records = domain.served_records(host)
        assert [record["key"] for record in records] == sorted(g[4:] for g in groups[host] if g.startswith("env_"))
        pool = model["hosts"][host]["divalto_machine"]["pool"]
        assert {record["key"] for record in records} == {
            key for key, record in environments.items() if record["placement"]["pool"] == pool
        }
        sites = iis_sites(records, "D:\\web", "D:\\logs", default_certificate=WILDCARD)
        identities = Counter(site["identity"]["username"].lower() for site in sites)
        assert [identity for identity, count in identities.items() if count > 1] == []
        for site in sites:
            hostnames = [binding["hostname"] for binding in site["bindings"]]
            assert hostnames == environments[site["key"]]["hostnames"]
            assert {owner_of_host[name.lower()] for name in hostnames} == {site["key"]}
            assert site["identity"]["username"] == "IIS AppPool\\%s" % site["app_pool"]
        services = render(records, "dhsServices.txt")
        sections = [line[1:-1] for line in services.split("\r\n") if line.startswith("[")]
        assert sections == sorted(record["key"] for record in records)
        checked += len(sites)
    return checked


def test_example_isolation(example_model):
    # acme 3 x (erp, portal), breizhfood 3 x (erp, bi), cobalt 1 x erp, dentelles 5 x (erp, portal).
    assert check_sql(example_model) == 23
    # app-par1-01..03 serve the 4 production environments, app-par1-04..05 the 8 others.
    assert check_app_servers(example_model) == 3 * 4 + 2 * 8


@pytest.fixture(scope="module")
def synthetic_model(tmp_path_factory, synthetic_registry):
    root = tmp_path_factory.mktemp("synthetic")
    synthetic_registry(str(root), tenants=60)
    return build_inventory_model(load_registry(str(root)))


def test_synthetic_isolation(synthetic_model):
    environments = synthetic_model["vars"]["divalto_environments"]
    assert len(environments) > 60
    assert check_sql(synthetic_model) >= len(environments)
    assert check_app_servers(synthetic_model) > 0
