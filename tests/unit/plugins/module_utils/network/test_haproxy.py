# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The HAProxy configuration of the DMZ proxies: model, rendering, error branches."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import ModelError
from ansible_collections.divalto.cloud.plugins.module_utils.core.model import PlatformModel
from ansible_collections.divalto.cloud.plugins.module_utils.network.haproxy import (
    DEFAULT_SETTINGS,
    HAProxyConfigError,
    backend_name,
    build_model,
    check_settings,
    haproxy_config,
    render_config,
    render_crt_list,
    telnet_backend_name,
    telnet_frontend_name,
)

PLATFORM = {
    "settings": {"ports": {"http": 80, "https": 443, "wpf": 8420, "xlan": 1235, "telnet_range": [2300, 2399]}},
    "pools": {
        "pool-a": {"datacenter": "dc1", "members": ["app-2", "app-1"]},
        "pool-b": {"datacenter": "dc1", "members": ["app-3"]},
        "pool-z": {"datacenter": "dc2", "members": ["app-9"]},
    },
    "ha_pairs": {},
    "networks": {},
    "machines": {
        "proxy-1": {"role": "reverse_proxy", "datacenter": "dc1", "address": "10.0.0.1"},
        "app-1": {"role": "app", "datacenter": "dc1", "address": "10.0.1.1"},
        "app-2": {"role": "app", "datacenter": "dc1", "address": "10.0.1.2"},
        "app-3": {"role": "app", "datacenter": "dc1", "address": "10.0.1.3"},
        "app-9": {"role": "app", "datacenter": "dc2", "address": "10.9.1.9"},
    },
}


def environment(key, pool="pool-a", datacenter="dc1", hostnames=None, telnet=None):
    return {
        "key": key,
        "datacenter": datacenter,
        "placement": {"pool": pool, "sql": "sql-a", "files": "fs-a"},
        "hostnames": hostnames if hostnames is not None else ["%s.erp.test" % key.replace("_", "-")],
        "ports": {"https": 443, "wpf": 8420, "xlan": 1235, "telnet": telnet},
    }


ENVIRONMENTS = {
    "acme_production": environment("acme_production", hostnames=["acme.erp.test", "ERP.Acme.fr"], telnet=2301),
    "acme_testing": environment("acme_testing", pool="pool-b", telnet=2302),
    "cobalt_production": environment("cobalt_production", pool="pool-b"),
    "zulu_production": environment("zulu_production", pool="pool-z", datacenter="dc2", telnet=2309),
}


def with_machines(**changes):
    """PLATFORM whose machines are changed (``None`` removes one)."""
    platform = copy.deepcopy(PLATFORM)
    for name, machine in changes.items():
        if machine is None:
            del platform["machines"][name]
        else:
            platform["machines"][name] = machine
    return platform


def model(environments=None, settings=None, platform=None):
    domain = PlatformModel(platform or PLATFORM, ENVIRONMENTS if environments is None else environments)
    return build_model("proxy-1", domain, settings)


def test_names_patching_can_compute():
    assert backend_name("acme_production") == "be_acme_production"
    assert telnet_backend_name("acme_production") == "be_acme_production_telnet"
    assert telnet_frontend_name("acme_production") == "fe_acme_production_telnet"


def test_model_routes_only_the_proxy_datacenter():
    result = model()
    assert result["proxy"] == "proxy-1"
    assert result["datacenter"] == "dc1"
    assert [route["backend"] for route in result["routes"]] == [
        "be_acme_production",
        "be_acme_testing",
        "be_cobalt_production",
    ]
    assert result["routes"][0] == {
        "acl": "host_acme_production",
        "hostnames": ["acme.erp.test", "erp.acme.fr"],
        "backend": "be_acme_production",
    }
    assert result["backends"][0]["servers"] == [
        {"name": "app-1", "address": "10.0.1.1", "port": 443},
        {"name": "app-2", "address": "10.0.1.2", "port": 443},
    ]
    assert result["backends"][0]["check_host"] == "acme.erp.test"
    assert [entry["port"] for entry in result["telnet"]] == [2301, 2302]
    assert result["telnet"][1]["servers"] == [{"name": "app-3", "address": "10.0.1.3", "port": 2302}]


def test_output_does_not_depend_on_input_order():
    shuffled = {key: ENVIRONMENTS[key] for key in reversed(list(ENVIRONMENTS))}
    platform = copy.deepcopy(PLATFORM)
    platform["pools"]["pool-a"]["members"] = ["app-1", "app-2"]
    assert render_config(model(shuffled, platform=platform)) == render_config(model())


def test_backend_tls_and_settings_are_rendered():
    text = render_config(model(settings={"health_check_path": "/ready", "backend_ca_file": "/etc/ssl/ca.pem"}))
    assert "    http-check send meth GET uri /ready ver HTTP/1.1 hdr Host acme.erp.test\n" in text
    assert (
        "    default-server check inter 5s fall 3 rise 2 ssl verify required ca-file /etc/ssl/ca.pem"
        " sni var(txn.host) check-sni acme.erp.test\n" in text
    )
    plain = render_config(model(settings={"backend_tls": False, "telnet_timeout": "30m"}))
    assert "    default-server check inter 5s fall 3 rise 2\n    server app-1 10.0.1.1:443 cookie app-1\n" in plain
    assert " ssl verify" not in plain
    assert "    timeout client 30m\n" in plain


def test_certificates_and_crt_list():
    without = model()
    assert without["crt_list"] is None
    assert render_crt_list(without) == ""
    assert "    bind :443 ssl crt /etc/haproxy/certs/default.pem alpn h2,http/1.1\n" in render_config(without)
    with_certs = model(settings={"certificate_names": ["erp.acme.fr", "acme.erp.test"], "certificate_dir": "/c"})
    assert render_crt_list(with_certs) == "/c/acme.erp.test.pem acme.erp.test\n/c/erp.acme.fr.pem erp.acme.fr\n"
    assert "    bind :443 ssl crt /c/default.pem crt-list /c/crt-list.txt alpn h2,http/1.1\n" in render_config(
        with_certs
    )


def test_proxy_without_environments_routes_nothing():
    text = render_config(model(environments={}))
    assert "use_backend" not in text
    assert "    default_backend be_no_route\n\nbackend be_no_route\n    http-request deny deny_status 404\n" in text
    assert text.endswith("deny_status 404\n")


def test_entry_point_outputs():
    values = {
        "config": render_config(model()),
        "crt_list": "",
        "default_certificate": "/etc/haproxy/certs/default.pem",
        "certificates": [],
    }
    assert haproxy_config("proxy-1", PlatformModel(PLATFORM, ENVIRONMENTS)) == values
    assert haproxy_config("proxy-1", PlatformModel(PLATFORM, ENVIRONMENTS), with_model=True) == dict(
        values, model=model()
    )


def test_settings_defaults():
    assert check_settings(None) == DEFAULT_SETTINGS
    assert check_settings({"certificate_names": ["b.test", "a.test"]})["certificate_names"] == ["a.test", "b.test"]


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"health_check": "/x"}, "unknown settings health_check; expected some of backend_ca_file, "),
        (
            {"health_check_path": "health"},
            "health_check_path: expected an absolute URL path without spaces, got 'health'",
        ),
        ({"health_check_path": "/a b"}, "health_check_path: expected an absolute URL path without spaces, got '/a b'"),
        ({"backend_tls": "yes"}, "backend_tls: expected a boolean, got 'yes'"),
        (
            {"backend_ca_file": "/etc/my ca.pem"},
            "backend_ca_file: expected a path without spaces, got '/etc/my ca.pem'",
        ),
        ({"stats_socket": 3}, "stats_socket: expected a path without spaces, got 3"),
        ({"telnet_timeout": "8 hours"}, "telnet_timeout: expected an HAProxy time (a number and a unit such as 8h), "),
        ({"certificate_names": "a.test"}, "certificate_names: expected a list of host names, got 'a.test'"),
        ({"certificate_names": ["A.test"]}, "certificate_names: expected lower-case DNS host names, got 'A.test'"),
        ({"certificate_names": ["a.test", "b.test", "a.test"]}, "certificate_names: host names listed twice: a.test"),
    ],
)
def test_bad_settings(settings, message):
    with pytest.raises(HAProxyConfigError) as info:
        check_settings(settings)
    assert str(info.value).startswith(message)


def test_proxy_not_a_registry_machine():
    with pytest.raises(ModelError, match="^machine proxy-1: not a machine of the tenant registry$"):
        model(platform=with_machines(**{"proxy-1": None}))


def test_proxy_of_another_role():
    platform = with_machines(**{"proxy-1": {"role": "app", "datacenter": "dc1", "address": "10.0.0.1"}})
    with pytest.raises(
        HAProxyConfigError, match="^proxy proxy-1: expected a machine of role reverse_proxy, got role app$"
    ):
        model(platform=platform)


def test_unknown_pool():
    environments = {"acme_production": environment("acme_production", pool="pool-x")}
    with pytest.raises(
        HAProxyConfigError, match="^environment acme_production: pool pool-x is not a pool of divalto_platform$"
    ):
        model(environments)


def test_pool_without_members():
    platform = copy.deepcopy(PLATFORM)
    platform["pools"]["pool-a"]["members"] = []
    with pytest.raises(
        HAProxyConfigError,
        match="^environment acme_production: pool pool-a has no members, the backend would have no server$",
    ):
        model(platform=platform)


def test_pool_member_not_a_machine():
    with pytest.raises(ModelError, match="^machine app-2: not a machine of the tenant registry$"):
        model(platform=with_machines(**{"app-2": None}))


def test_pool_member_with_a_bad_address():
    platform = with_machines(**{"app-1": {"role": "app", "datacenter": "dc1", "address": "10.0.1.1 backup"}})
    with pytest.raises(HAProxyConfigError) as info:
        model(platform=platform)
    assert str(info.value) == (
        "environment acme_production: pool pool-a member app-1 has no usable address, got '10.0.1.1 backup'"
    )


def test_a_long_bad_address_is_cut_in_the_message():
    platform = with_machines(**{"app-1": {"role": "app", "datacenter": "dc1", "address": "x " * 5000}})
    with pytest.raises(HAProxyConfigError, match=r"got 'x x .*\.\.\. \(10002 characters\)$") as info:
        model(platform=platform)
    assert len(str(info.value)) < 200


def test_invalid_host_name():
    environments = {"acme_production": environment("acme_production", hostnames=["acme erp.test"])}
    with pytest.raises(
        HAProxyConfigError, match="^environment acme_production: expected DNS host names, got 'acme erp.test'$"
    ):
        model(environments)


def test_duplicate_host_names_across_environments():
    environments = {
        "acme_production": environment("acme_production", hostnames=["erp.acme.fr"]),
        "cobalt_production": environment("cobalt_production", hostnames=["cobalt.erp.test", "ERP.ACME.FR"]),
    }
    with pytest.raises(
        HAProxyConfigError,
        match="^environment cobalt_production: host name erp.acme.fr is already routed to environment acme_production$",
    ):
        model(environments)


def test_duplicate_host_names_within_an_environment():
    environments = {"acme_production": environment("acme_production", hostnames=["erp.acme.fr", "erp.acme.fr"])}
    with pytest.raises(HAProxyConfigError, match="is already routed to environment acme_production$"):
        model(environments)


def test_environment_without_host_names():
    environments = {"acme_production": environment("acme_production", hostnames=[])}
    with pytest.raises(
        HAProxyConfigError, match="^environment acme_production: has no host names, nothing could reach it$"
    ):
        model(environments)


def test_shared_telnet_port():
    environments = {
        "acme_production": environment("acme_production", telnet=2301),
        "cobalt_production": environment("cobalt_production", telnet=2301),
    }
    with pytest.raises(
        HAProxyConfigError,
        match="^environment cobalt_production: telnet port 2301 is already used by environment acme_production$",
    ):
        model(environments)


def test_telnet_port_on_the_https_port():
    environments = {"acme_production": environment("acme_production", telnet=443)}
    with pytest.raises(
        HAProxyConfigError, match="^environment acme_production: telnet port 443 is already used by the HTTPS frontend$"
    ):
        model(environments)


def test_each_pool_is_read_once_and_its_servers_are_not_shared():
    """A pool serves hundreds of environments: its members are read and checked once per configuration."""
    domain = PlatformModel(PLATFORM, ENVIRONMENTS)
    asked = []
    original = domain.pool_members
    domain.pool_members = lambda pool: asked.append(pool) or original(pool)
    result = build_model("proxy-1", domain)
    assert sorted(asked) == ["pool-a", "pool-b"]
    testing, cobalt = result["backends"][1], result["backends"][2]
    assert testing["servers"] == cobalt["servers"] == [{"name": "app-3", "address": "10.0.1.3", "port": 443}]
    assert testing["servers"][0] is not cobalt["servers"][0]
