# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests of module_utils/backup/restore_quiesce.py: what quiescing an environment drains and stops."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.backup.restore_quiesce import quiesce_targets
from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import ModelError
from ansible_collections.divalto.cloud.plugins.module_utils.core.model import PlatformModel
from ansible_collections.divalto.cloud.plugins.module_utils.network.haproxy import build_model

HPF = ["DhsXlanServer", "DhsDivaAgent", "DhsServices"]


def proxies_config(model, key):
    """(proxy, backend, server) of every backend of ``key`` in the proxies' configuration (haproxy.cfg's model)."""
    found = []
    for proxy in model.proxies(model.environment(key)["datacenter"]):
        config = build_model(proxy, model)
        backends = [(entry["name"], entry["servers"]) for entry in config["backends"]]
        backends += [(entry["backend"], entry["servers"]) for entry in config["telnet"] + config["wpf"]]
        for backend, servers in backends:
            if backend in ("be_%s" % key, "be_%s_telnet" % key, "be_%s_wpf" % key):
                found.extend({"proxy": proxy, "backend": backend, "server": server["name"]} for server in servers)
    return sorted(found, key=lambda t: (t["proxy"], t["backend"], t["server"]))


def test_every_backend_of_the_environment_on_every_proxy_of_its_datacenter(example_platform):
    for key in example_platform.environments:
        targets = quiesce_targets(example_platform, key, HPF)
        assert targets["drain"] == proxies_config(example_platform, key), key
        assert targets["drain"], key
        assert targets["proxies"] == example_platform.proxies(targets["datacenter"])


def test_the_iis_pool_of_each_member_and_hpf_only_where_not_shared(example_platform):
    targets = quiesce_targets(example_platform, "acme_production", HPF)
    pool = example_platform.environment("acme_production")["placement"]["pool"]
    assert [entry["machine"] for entry in targets["app_servers"]] == example_platform.pool_members(pool)
    for entry in targets["app_servers"]:
        assert (entry["app_pool"], entry["site"], entry["os"]) == ("acme_production", "acme_production", "windows")
        assert "acme_production" not in entry["shared_with"]
        assert entry["hpf_services"] == ([] if entry["shared_with"] else HPF)
    assert any(entry["shared_with"] for entry in targets["app_servers"])


def test_hpf_services_are_stopped_on_a_machine_of_the_environment_alone(example_platform):
    environments = {
        key: record
        for key, record in example_platform.environments.items()
        if record["placement"]["pool"] != example_platform.environment("acme_production")["placement"]["pool"]
        or key == "acme_production"
    }
    alone = PlatformModel(example_platform.platform, copy.deepcopy(environments))
    targets = quiesce_targets(alone, "acme_production", HPF)
    assert targets["app_servers"] and all(entry["hpf_services"] == HPF for entry in targets["app_servers"])
    assert all(entry["shared_with"] == [] for entry in targets["app_servers"])


def test_an_unknown_environment_is_named(example_platform):
    with pytest.raises(ModelError, match="environment nobody_production: not an environment of the tenant registry"):
        quiesce_targets(example_platform, "nobody_production", HPF)
