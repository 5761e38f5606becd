# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tenant isolation of file-server storage: directories, ACL groups, shares and implicit files.

Over inventories/example and a generated registry (benchmarks/synthetic_registry.py): on every file
server, each environment's directories, share and implicit file lie inside its own environment
directory, its ACLs and share name one group only, and no group, share or path is shared between
environments, so no ACL or Samba share of one tenant grants anything on another tenant's files.
"""

from __future__ import annotations

import pathlib

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.data_servers.file_storage import storage_plan
from ansible_collections.divalto.cloud.plugins.module_utils.registry.inventory_model import build_inventory_model
from ansible_collections.divalto.cloud.plugins.module_utils.registry.load import load_registry

COLLECTION_ROOT = pathlib.Path(__file__).resolve().parents[5]


@pytest.fixture(scope="module", params=["example", "generated"])
def model(request, tmp_path_factory, synthetic_registry):
    if request.param == "example":
        return build_inventory_model(load_registry(str(COLLECTION_ROOT / "inventories" / "example" / "registry")))
    return build_inventory_model(load_registry(synthetic_registry(str(tmp_path_factory.mktemp("registry")), 150)))


def _plans(model, os_family):
    environments = model["vars"]["divalto_environments"]
    root = "D:\\tenants" if os_family == "windows" else "/srv/tenants"
    for pair, spec in sorted(model["vars"]["divalto_platform"]["ha_pairs"].items()):
        if spec["role"] == "file":
            yield pair, storage_plan(environments, pair, root, os_family, windows_domain="CORP")["environments"]


def _inside(path, top, sep):
    return path == top or path.startswith(top + sep)


@pytest.mark.parametrize("os_family, sep", [("linux", "/"), ("windows", "\\")])
def test_every_path_of_an_environment_is_inside_its_own_directory(model, os_family, sep):
    checked = 0
    for _pair, plans in _plans(model, os_family):
        tops = [plan["path"] for plan in plans]
        for plan in plans:
            paths = list(plan["directories"].values()) + plan["addon_directories"] + [plan["implicit_file"]]
            for path in paths:
                assert _inside(path, plan["path"], sep), (plan["key"], path)
                others = [top for top in tops if top != plan["path"] and _inside(path, top, sep)]
                assert not others, (plan["key"], path, others)
                checked += 1
    assert checked > 0


def test_groups_and_shares_belong_to_one_environment(model):
    environments = model["vars"]["divalto_environments"]
    seen_groups, seen_shares = {}, {}
    for _pair, plans in _plans(model, "windows"):
        for plan in plans:
            tenant = environments[plan["key"]]["tenant"]
            assert plan["group"] == "gg_%s" % plan["key"]
            assert plan["principal"] == "CORP\\gg_%s" % plan["key"]
            assert plan["share"] == plan["key"]
            assert plan["key"].startswith(tenant + "_")
            assert seen_groups.setdefault(plan["group"], plan["key"]) == plan["key"]
            assert seen_shares.setdefault(plan["share"], plan["key"]) == plan["key"]
    assert len(seen_groups) == len(environments)


def test_environment_directories_do_not_nest(model):
    for _pair, plans in _plans(model, "linux"):
        tops = sorted(plan["path"] for plan in plans)
        for first, second in zip(tops, tops[1:], strict=False):
            assert not second.startswith(first + "/"), (first, second)
