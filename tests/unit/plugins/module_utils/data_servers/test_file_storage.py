# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The storage plan of a file server and the usage report, on the example registry."""

from __future__ import annotations

import copy
import json
import pathlib

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.data_servers.file_storage import (
    GIB,
    StoragePlanError,
    addons,
    storage_plan,
    storage_usage,
)


@pytest.fixture(scope="module")
def environments(example_model):
    return example_model["vars"]["divalto_environments"]


def test_linux_plan_of_a_pair(environments):
    plan = storage_plan(environments, "fs-par1-a", "/srv/divalto/tenants", "linux")
    assert [env["key"] for env in plan["environments"]] == [
        "acme_production",
        "acme_staging",
        "acme_testing",
        "cobalt_production",
    ]
    assert plan["tenant_directories"] == ["/srv/divalto/tenants/acme", "/srv/divalto/tenants/cobalt"]
    acme = plan["environments"][0]
    assert acme == {
        "key": "acme_production",
        "tenant": "acme",
        "type": "production",
        "group": "gg_acme_production",
        "principal": "gg_acme_production",
        "share": "acme_production",
        "path": "/srv/divalto/tenants/acme/production",
        "tenant_path": "/srv/divalto/tenants/acme",
        "directories": {
            "addons": "/srv/divalto/tenants/acme/production/addons",
            "config": "/srv/divalto/tenants/acme/production/config",
            "erp_files": "/srv/divalto/tenants/acme/production/erp_files",
            "overrides": "/srv/divalto/tenants/acme/production/overrides",
            "portal_files": "/srv/divalto/tenants/acme/production/portal_files",
        },
        "addon_directories": [],
        "implicit_file": "/srv/divalto/tenants/acme/production/config/ImplicitesDefaut.txt",
        "quota_gb": 200,
        "quota_bytes": 200 * GIB,
    }
    cobalt = [entry for entry in plan["directories"] if entry["key"] == "cobalt_production"]
    assert [entry["path"] for entry in cobalt] == [
        "/srv/divalto/tenants/cobalt/production/addons",
        "/srv/divalto/tenants/cobalt/production/config",
        "/srv/divalto/tenants/cobalt/production/erp_files",
        "/srv/divalto/tenants/cobalt/production/overrides",
    ]
    assert {entry["group"] for entry in cobalt} == {"gg_cobalt_production"}


def test_windows_plan_with_addons_and_domain(environments):
    plan = storage_plan(
        environments,
        "fs-par1-b",
        "D:\\divalto\\tenants\\",
        "windows",
        selected=["dentelles_production"],
        implicit_name="Implicites.txt",
        windows_domain="EXAMPLE",
    )
    (env,) = plan["environments"]
    assert env["path"] == "D:\\divalto\\tenants\\dentelles\\production"
    assert env["principal"] == "EXAMPLE\\gg_dentelles_production"
    assert env["group"] == "gg_dentelles_production"
    assert env["directories"]["config"] == "D:\\divalto\\tenants\\dentelles\\production\\config"
    assert env["addon_directories"] == [
        "D:\\divalto\\tenants\\dentelles\\production\\addons\\Dentelles",
        "D:\\divalto\\tenants\\dentelles\\production\\addons\\Éditions spéciales",
    ]
    assert env["implicit_file"] == "D:\\divalto\\tenants\\dentelles\\production\\config\\Implicites.txt"
    assert env["quota_bytes"] == 150 * GIB
    # parents come before their children
    paths = [entry["path"] for entry in plan["directories"]]
    assert paths.index("D:\\divalto\\tenants\\dentelles\\production\\addons") < paths.index(env["addon_directories"][0])


def test_domain_is_ignored_on_linux(environments):
    plan = storage_plan(environments, "fs-par1-b", "/srv", "linux", ["breizhfood_setup"], windows_domain="EXAMPLE")
    assert plan["environments"][0]["principal"] == "gg_breizhfood_setup"
    assert plan["environments"][0]["path"] == "/srv/breizhfood/setup"


def test_selection_is_deduplicated_and_sorted(environments):
    plan = storage_plan(
        environments, "fs-par1-a", "/t", "linux", ["cobalt_production", "acme_staging", "cobalt_production"]
    )
    assert [env["key"] for env in plan["environments"]] == ["acme_staging", "cobalt_production"]


def test_a_pair_without_environments(environments):
    assert storage_plan(environments, "fs-sxb1-a", "/t", "linux") == {
        "environments": [],
        "tenant_directories": [],
        "directories": [],
    }


def test_addons_read_from_the_search_list(environments):
    assert addons(environments["dentelles_production"]) == ["Dentelles", "Éditions spéciales"]
    assert addons(environments["dentelles_staging"]) == []


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ([], "fs-par1-a", "/t", "linux"),
            r"expected the divalto_environments inventory variable \(a dict\), got \[\]",
        ),
        (({}, "", "/t", "linux"), "expected the file server's HA pair name, got ''"),
        (({}, "fs-par1-a", "/t", "aix"), "os must be one of linux, windows, got 'aix'"),
        (({}, "fs-par1-a", "", "linux"), "expected the tenant root directory, got ''"),
        (({}, "fs-par1-a", "srv/t", "linux"), "the tenant root must be an absolute linux path, got 'srv/t'"),
        (({}, "fs-par1-a", "/srv/t", "windows"), "the tenant root must be an absolute windows path, got '/srv/t'"),
        (
            ({}, "fs-par1-a", "/t", "linux", "acme_production"),
            "expected a list of environment keys to select, got 'acme_production'",
        ),
    ],
)
def test_argument_errors(args, message):
    with pytest.raises(StoragePlanError, match=message):
        storage_plan(*args)


def test_selection_errors(environments):
    with pytest.raises(StoragePlanError, match="environment 'nope_production' is not in divalto_environments"):
        storage_plan(environments, "fs-par1-a", "/t", "linux", ["nope_production"])
    with pytest.raises(
        StoragePlanError,
        match="environment dentelles_production is placed on file-server pair 'fs-par1-b', not on 'fs-par1-a'",
    ):
        storage_plan(environments, "fs-par1-a", "/t", "linux", ["dentelles_production"])


def test_record_errors(environments):
    broken = copy.deepcopy(environments)
    del broken["cobalt_production"]["share"]
    with pytest.raises(StoragePlanError, match="environment record 'cobalt_production' lacks share"):
        storage_plan(broken, "fs-par1-a", "/t", "linux")
    broken = copy.deepcopy(environments)
    del broken["cobalt_production"]["directories"]["config"]
    with pytest.raises(StoragePlanError, match="environment cobalt_production: directories has no 'config' entry"):
        storage_plan(broken, "fs-par1-a", "/t", "linux")


@pytest.mark.parametrize("name", ["a/b.txt", "a\\b.txt", 3])
def test_implicit_name_errors(environments, name):
    with pytest.raises(StoragePlanError, match="the implicit file name must be a plain file name"):
        storage_plan(environments, "fs-par1-a", "/t", "linux", implicit_name=name)


def test_usage(environments):
    plans = storage_plan(environments, "fs-par1-a", "/t", "linux", ["acme_staging", "cobalt_production"])[
        "environments"
    ]
    usage = storage_usage(plans, [25 * GIB, 4096])
    assert usage == {
        "acme_staging": {"used_bytes": 25 * GIB, "quota_gb": 100, "percent": 25.0},
        "cobalt_production": {"used_bytes": 4096, "quota_gb": 50, "percent": 0.0},
    }
    zero = [dict(plans[0], quota_gb=0)]
    assert storage_usage(zero, [1])["acme_staging"]["percent"] is None


def test_usage_from_directory_usage_bytes_leaves_out_what_was_not_measured(environments):
    """Linux gives directory_usage's ``bytes``, keyed by directory; a directory it could not measure is absent."""
    plans = storage_plan(environments, "fs-par1-a", "/t", "linux", ["acme_staging", "cobalt_production"])[
        "environments"
    ]
    measured = {plans[1]["path"]: 4096, "/t/elsewhere": 1}
    assert storage_usage(plans, measured) == {"cobalt_production": {"used_bytes": 4096, "quota_gb": 50, "percent": 0.0}}
    assert storage_usage(plans, {}) == {}


def test_usage_from_fsrm_bytes(environments):
    """Windows reports the bytes FSRM measured, as integers."""
    plans = storage_plan(environments, "fs-par1-a", "D:\\t", "windows", ["acme_staging"])["environments"]
    assert storage_usage(plans, [50 * GIB]) == {
        "acme_staging": {"used_bytes": 50 * GIB, "quota_gb": 100, "percent": 50.0}
    }


@pytest.mark.parametrize(
    "plans, outputs, message",
    [
        ({}, [], "expected the plan's environments and the bytes used .* got 'dict' and 'list'"),
        ([{"key": "a", "quota_gb": 1}], "4096\t/a", "expected the plan's environments and the bytes used .* 'str'"),
        ([{"key": "a", "quota_gb": 1}], {"/a": 1}, "expected planned environments with a path, got {'key': 'a'"),
        ([{"key": "a", "path": "/a", "quota_gb": 1}], {"/a": "4096"}, r"environment a: expected the bytes used, "),
        ([{"key": "a", "quota_gb": 1}], [], "expected one figure per environment: 1 environments, 0 figures"),
        ([{"key": "a", "quota_gb": 1}], ["4096\t/a"], r"environment a: expected the bytes used, .*got '4096\\t/a'"),
        ([{"key": "a", "quota_gb": 1}], [None], r"environment a: expected the bytes used, .*got None"),
        ([{"key": "a", "quota_gb": 1}], [-1], r"environment a: expected the bytes used, .*got -1"),
        ([{"key": "a", "quota_gb": 1}], [True], r"environment a: expected the bytes used, .*got True"),
        ([{"key": "a", "quota_gb": 1}], [1.5], r"environment a: expected the bytes used, .*got 1.5"),
        # a [UInt64] usage left a BigInteger-like object, and an object below win_powershell's depth
        ([{"key": "a", "quota_gb": 1}], [{"IsPowerOfTwo": False, "Sign": 1}], r"environment a: expected the bytes"),
        ([{"key": "a", "quota_gb": 1}], ["System.Collections.Hashtable"], r"environment a: expected the bytes used"),
    ],
)
def test_usage_errors(plans, outputs, message):
    with pytest.raises(StoragePlanError, match=message):
        storage_usage(plans, outputs)


# --- replayed FSRM results (fixtures/powershell/README.md) ---------------------------------------------------

POWERSHELL = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "powershell"


def replay(name):
    return json.loads((POWERSHELL / name).read_text(encoding="utf-8"))


def test_usage_from_the_tenant_storage_fsrm_loop(environments):
    """roles/tenant_storage/tasks/windows.yml: the [UInt64] usage of each quota, in the plan's order."""
    plans = storage_plan(environments, "fs-par1-a", "D:\\Tenants", "windows", ["acme_production", "acme_staging"])
    loop = replay("fsrm_quota_loop.json")
    assert [result["item"]["key"] for result in loop["results"]] == [plan["key"] for plan in plans["environments"]]
    # map(attribute='result.usage') | map('int'): FSRM's bytes are already integers
    usage = storage_usage(plans["environments"], [result["result"]["usage"] for result in loop["results"]])
    assert usage["acme_production"]["used_bytes"] == 25 * GIB
    assert usage["acme_staging"] == {"used_bytes": 0, "quota_gb": 100, "percent": 0.0}


def test_usage_from_the_storage_report_fsrm_loop(environments):
    """playbooks/storage_report.yml: a bare integer per quota; an item that failed (no quota) is left out."""
    plans = storage_plan(environments, "fs-par1-a", "D:\\Tenants", "windows", ["acme_production", "acme_staging"])
    loop = replay("fsrm_usage_report_loop.json")
    # selectattr('result', 'integer')
    measured = [result for result in loop["results"] if isinstance(result["result"], int)]
    keys = [result["item"]["key"] for result in measured]
    usage = storage_usage(
        [plan for plan in plans["environments"] if plan["key"] in keys], [r["result"] for r in measured]
    )
    assert list(usage) == ["acme_production"] and usage["acme_production"]["used_bytes"] == 25 * GIB
