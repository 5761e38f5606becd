# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Derived environment data: names, directories, quotas, implicit-file search list."""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.module_utils.registry.environment import (
    databases,
    describe_environment,
    directories,
    implicit_search_list,
)

PLATFORM = {
    "platform": {
        "domain": "erp.example.net",
        "storage_included": {"database_gb": 10, "files_gb": 50},
        "ports": {"https": 443, "http": 80, "wpf": 8420, "xlan": 1235, "telnet_range": [2300, 2399]},
        "service_pack_share": "divalto_sp",
        "service_pack_search_dirs": ["erp", "std/sub"],
    },
    "pools": {"app-par1-a": {"datacenter": "par1", "max_drained": 1, "min_capacity": 1}},
}
SPEC = {
    "service_pack": "v2026_erpx13_p223a",
    "placement": {"pool": "app-par1-a", "sql": "sql-par1-a", "files": "fs-par1-a"},
    "storage_extensions": {"files_gb": 25},
}
TENANT = {"subscription": {"business_profile": "industry", "users": {}, "options": ["wms", "bi"], "languages": ["en"]}}


def test_databases_follow_the_licensed_options():
    assert databases("acme_production", []) == {"erp": "acme_production_erp"}
    assert databases("acme_production", ["extranet_portal", "bi"]) == {
        "erp": "acme_production_erp",
        "portal": "acme_production_portal",
        "bi": "acme_production_bi",
    }


def test_portal_directory_only_with_the_portal():
    assert sorted(directories("acme", "staging", [])) == ["addons", "config", "erp_files", "overrides"]
    assert directories("acme", "staging", ["extranet_portal"])["portal_files"] == "acme/staging/portal_files"


def test_implicit_search_list_order():
    assert implicit_search_list(PLATFORM, "acme_testing", SPEC, "acme_testing_erp") == [
        "\\\\fs-par1-a\\acme_testing\\overrides",
        "\\\\fs-par1-a\\acme_testing\\addons",
        "\\\\fs-par1-a\\divalto_sp\\v2026_erpx13_p223a\\erp",
        "\\\\fs-par1-a\\divalto_sp\\v2026_erpx13_p223a\\std\\sub",
        "//sql-par1-a/acme_testing_erp",
    ]


def test_describe_non_production_environment():
    record = describe_environment(PLATFORM, "acme", TENANT, "testing", SPEC)
    assert record["key"] == "acme_testing"
    assert record["production"] is False
    assert record["datacenter"] == "par1"
    assert record["hostnames"] == ["acme-testing.erp.example.net"]
    assert record["quota"] == {"database_gb": 10, "files_gb": 75, "extensions": {"database_gb": 0, "files_gb": 25}}
    assert record["ports"] == {"https": 443, "wpf": 8420, "xlan": 1235, "telnet": None}
    assert record["databases"] == {"erp": "acme_testing_erp", "bi": "acme_testing_bi"}
    assert record["options"] == ["bi", "wms"]
    assert record["security_group"] == "gg_acme_testing"
    assert record["iis"] == {
        "site": "acme_testing",
        "app_pool": "acme_testing",
        "html5_app": "LCWeb",
        "webservices_app": "WS",
    }


def test_production_host_name_has_no_suffix():
    record = describe_environment(PLATFORM, "acme", TENANT, "production", dict(SPEC, hostnames=["erp.acme.fr"]))
    assert record["hostnames"] == ["acme.erp.example.net", "erp.acme.fr"]
    assert record["production"] is True


def test_declared_addons_replace_the_addons_root_in_order():
    spec = dict(SPEC, addons=["Dentelles", "Éditions spéciales"])
    assert implicit_search_list(PLATFORM, "dentelles_production", spec, "dentelles_production_erp")[:3] == [
        "\\\\fs-par1-a\\dentelles_production\\overrides",
        "\\\\fs-par1-a\\dentelles_production\\addons\\Dentelles",
        "\\\\fs-par1-a\\dentelles_production\\addons\\Éditions spéciales",
    ]
