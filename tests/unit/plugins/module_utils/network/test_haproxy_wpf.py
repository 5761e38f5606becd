# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The WPF thin client's pass-through on the DMZ proxies: one frontend per environment, on its own port.

On the example platform (``platform.ports.wpf_range``, a ``wpf_port`` per environment) and on variants of it:
the former single ``wpf`` port is not routed, a port taken twice is refused, the idle timeout is a setting.
"""

from __future__ import annotations

import copy

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.core.model import PlatformModel
from ansible_collections.divalto.cloud.plugins.module_utils.network.haproxy import (
    CHECK_OPTIONS,
    HAProxyConfigError,
    build_model,
    check_settings,
    haproxy_config,
    render_config,
)


def variant(example_model, change):
    """The domain model of the example after ``change(platform, environments)`` on a copy of its variables."""
    variables = copy.deepcopy(example_model["vars"])
    platform, environments = variables["divalto_platform"], variables["divalto_environments"]
    change(platform, environments)
    return PlatformModel(platform, environments)


def test_each_environment_of_the_datacenter_gets_its_own_port(example_platform):
    model = build_model("dmz-par1-01", example_platform)
    local = example_platform.environments_in("par1")
    assert [entry["environment"] for entry in model["wpf"]] == sorted(local)
    for entry in model["wpf"]:
        record = example_platform.environments[entry["environment"]]
        members = example_platform.pool_members(record["placement"]["pool"])
        assert entry["frontend"] == "fe_%s_wpf" % entry["environment"]
        assert entry["backend"] == "be_%s_wpf" % entry["environment"]
        assert entry["port"] == record["ports"]["wpf"]
        assert [server["name"] for server in entry["servers"]] == members
        assert {server["port"] for server in entry["servers"]} == {entry["port"]}
    assert len({entry["port"] for entry in model["wpf"]}) == len(local) == 12


def test_rendered_frontend_and_backend(example_platform):
    text = render_config(build_model("dmz-par1-01", example_platform, {"wpf_timeout": "4h"}))
    frontend = (
        "\nfrontend fe_cobalt_production_wpf\n    mode tcp\n    option tcplog\n    bind :8421\n"
        "    timeout client 4h\n    default_backend be_cobalt_production_wpf\n"
    )
    backend = (
        "\nbackend be_cobalt_production_wpf\n    # environment cobalt_production: WPF thin client\n    mode tcp\n"
        "    balance leastconn\n    timeout server 4h\n    default-server %s\n"
        "    server app-par1-01 10.10.1.11:8421\n    server app-par1-02 10.10.1.12:8421\n"
        "    server app-par1-03 10.10.1.13:8421\n" % " ".join(CHECK_OPTIONS)
    )
    assert frontend in text
    assert backend in text
    assert text.count("\nfrontend fe_") == 2 + 3 + 12  # HTTP, HTTPS, acme's 3 Telnet ports, 12 WPF ports


def test_another_datacenter_routes_none_of_them(example_platform):
    assert build_model("dmz-sxb1-01", example_platform)["wpf"] == []


def test_the_former_single_port_is_not_routed(example_model):
    def single_port(platform, environments):
        ports = platform["settings"]["ports"]
        del ports["wpf_range"]
        ports["wpf"] = 8420
        for record in environments.values():
            record["ports"]["wpf"] = 8420

    legacy = variant(example_model, single_port)
    assert build_model("dmz-par1-01", legacy)["wpf"] == []
    config = haproxy_config("dmz-par1-01", legacy)["config"]
    assert "_wpf\n" not in config
    assert ":8420" not in config


@pytest.mark.parametrize(
    "port, expected",
    [
        (2301, "environment acme_staging: wpf port 2301 is already used by environment acme_production$"),
        (8401, "environment acme_staging: wpf port 8401 is already used by environment acme_production$"),
        (443, "environment acme_staging: wpf port 443 is already used by the HTTPS frontend$"),
    ],
)
def test_a_port_routed_twice_is_refused(example_model, port, expected):
    taken = variant(
        example_model, lambda _platform, environments: environments["acme_staging"]["ports"].update(wpf=port)
    )
    with pytest.raises(HAProxyConfigError, match=expected):
        build_model("dmz-par1-01", taken)


@pytest.mark.parametrize("value", ["forever", "", 8, None, "8 h"])
def test_wpf_timeout_must_be_an_haproxy_time(value):
    with pytest.raises(HAProxyConfigError, match="^wpf_timeout: expected an HAProxy time"):
        check_settings({"wpf_timeout": value})


def test_wpf_timeout_default():
    assert check_settings({})["wpf_timeout"] == "8h"
