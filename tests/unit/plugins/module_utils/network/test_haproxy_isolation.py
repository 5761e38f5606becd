# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tenant isolation, checked on the RENDERED haproxy.cfg of every DMZ proxy.

Over inventories/example and a generated registry (benchmarks/synthetic_registry.py):
every host name routes to exactly one backend, the one of its environment; the
backend of an environment holds exactly the members of that environment's pool;
no two environments share a host name, a Telnet port or a WPF port (nor a
Telnet port and a WPF port); Telnet frontends exist exactly for the
environments of tenants with terminals, WPF frontends for every environment,
each on its own port to the members of its own pool; a proxy routes only the
environments of its own datacenter.
"""

from __future__ import annotations

import pathlib
from collections import Counter, defaultdict

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.core.model import PlatformModel
from ansible_collections.divalto.cloud.plugins.module_utils.network.haproxy import haproxy_config
from ansible_collections.divalto.cloud.plugins.module_utils.registry.inventory_model import build_inventory_model
from ansible_collections.divalto.cloud.plugins.module_utils.registry.load import load_registry

COLLECTION_ROOT = pathlib.Path(__file__).resolve().parents[5]


def parse(text):
    """Sections of an haproxy.cfg: {(kind, name): [lines without indentation]}."""
    sections = {}
    current = None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith(" "):
            words = line.split()
            current = sections.setdefault((words[0], words[1] if len(words) > 1 else ""), [])
        else:
            current.append(line.strip())
    return sections


def routing(sections):
    """(host name -> [backends], backend -> {(server, address:port)}, TCP pass-through port -> backend)."""
    acls = defaultdict(list)
    uses = defaultdict(list)
    for line in sections[("frontend", "fe_https")]:
        words = line.split()
        if words[0] == "acl":
            assert words[2:4] == ["var(txn.host)", "-m"], line
            for host in words[5:]:
                acls[host].append(words[1])
        elif words[0] == "use_backend":
            assert words[2] == "if" and len(words) == 4, line
            uses[words[3]].append(words[1])
    hosts = {host: [backend for acl in names for backend in uses[acl]] for host, names in acls.items()}
    servers = {
        name: {(line.split()[1], line.split()[2]) for line in lines if line.startswith("server ")}
        for (kind, name), lines in sections.items()
        if kind == "backend"
    }
    telnet = {}
    for (kind, name), lines in sections.items():
        if kind == "frontend" and "mode tcp" in lines:
            binds = [line.split()[1] for line in lines if line.startswith("bind ")]
            backends = [line.split()[1] for line in lines if line.startswith("default_backend ")]
            assert len(binds) == 1 and len(backends) == 1, name
            assert binds[0].startswith(":")
            telnet[int(binds[0][1:])] = backends[0]
    return hosts, servers, telnet


def check_isolation(model):
    variables = model["vars"]
    platform = variables["divalto_platform"]
    environments = variables["divalto_environments"]
    tenants = variables["divalto_tenants"]
    hostvars = model["hosts"]
    domain = PlatformModel(platform, environments)

    all_hosts = Counter(host for record in environments.values() for host in record["hostnames"])
    assert [host for host, count in all_hosts.items() if count > 1] == []
    families = ("telnet", "wpf") if "wpf_range" in platform["settings"]["ports"] else ("telnet",)
    all_ports = Counter(r["ports"][f] for r in environments.values() for f in families if r["ports"][f] is not None)
    assert [port for port, count in all_ports.items() if count > 1] == []

    proxies = model["groups"]["role_reverse_proxy"]["hosts"]
    assert proxies
    routed = 0
    for proxy in proxies:
        datacenter = hostvars[proxy]["divalto_machine"]["datacenter"]
        text = haproxy_config(proxy, domain)["config"]
        hosts, servers, telnet = routing(parse(text))
        local = {key: record for key, record in environments.items() if record["datacenter"] == datacenter}

        expected_hosts = {host: ["be_%s" % key] for key, record in local.items() for host in record["hostnames"]}
        assert hosts == expected_hosts, proxy
        expected_backends = {"be_no_route"} | {"be_%s" % key for key in local}
        expected_backends |= {"be_%s_telnet" % key for key, record in local.items() if record["ports"]["telnet"]}
        if "wpf" in families:
            expected_backends |= {"be_%s_wpf" % key for key in local}
        assert set(servers) == expected_backends, proxy
        assert servers["be_no_route"] == set()
        for key, record in local.items():
            members = platform["pools"][record["placement"]["pool"]]["members"]
            assert members, key
            expected = {(m, "%s:%s" % (hostvars[m]["ansible_host"], record["ports"]["https"])) for m in members}
            assert servers["be_%s" % key] == expected, (proxy, key)

        with_terminals = {
            key: record for key, record in local.items() if tenants[record["tenant"]]["subscription"].get("terminals")
        }
        passing = {"telnet": with_terminals, "wpf": local if "wpf" in families else {}}
        expected_tcp = {
            record["ports"][family]: "be_%s_%s" % (key, family)
            for family, records in passing.items()
            for key, record in records.items()
        }
        assert telnet == expected_tcp, proxy
        for family, records in passing.items():
            for key, record in records.items():
                members = platform["pools"][record["placement"]["pool"]]["members"]
                port = record["ports"][family]
                assert servers["be_%s_%s" % (key, family)] == {
                    (m, "%s:%s" % (hostvars[m]["ansible_host"], port)) for m in members
                }
        routed += len(local)
    return routed


def test_example_isolation(example_model):
    # dmz-par1-01 and dmz-par1-02 route the 12 environments of par1; dmz-sxb1-01 routes none.
    assert check_isolation(example_model) == 24


def test_example_has_tenants_with_and_without_terminals(example_model):
    tenants = example_model["vars"]["divalto_tenants"]
    terminals = {name for name, tenant in tenants.items() if tenant["subscription"].get("terminals")}
    assert terminals and terminals != set(tenants)


@pytest.fixture(scope="module")
def synthetic_model(tmp_path_factory, synthetic_registry):
    root = synthetic_registry(str(tmp_path_factory.mktemp("synthetic") / "registry"), tenants=120)
    return build_inventory_model(load_registry(root))


def test_synthetic_isolation(synthetic_model):
    environments = synthetic_model["vars"]["divalto_environments"]
    hosts = synthetic_model["hosts"]
    proxies = Counter(
        hosts[name]["divalto_machine"]["datacenter"]
        for name in synthetic_model["groups"]["role_reverse_proxy"]["hosts"]
    )
    # Every proxy routes every environment of its datacenter, and only those.
    expected = sum(proxies[record["datacenter"]] for record in environments.values())
    assert check_isolation(synthetic_model) == expected
    assert any(record["ports"]["telnet"] for record in environments.values())
    assert any(record["ports"]["telnet"] is None for record in environments.values())
    assert all(record["ports"]["wpf"] for record in environments.values())


def test_checker_catches_a_cross_tenant_route(example_platform):
    """The checker itself fails when one host name is routed to another tenant's backend."""
    text = haproxy_config("dmz-par1-01", example_platform)["config"]
    broken = text.replace(
        "acl host_cobalt_production var(txn.host) -m str cobalt.erp.example.net",
        "acl host_cobalt_production var(txn.host) -m str cobalt.erp.example.net acme.erp.example.net",
    )
    assert broken != text
    hosts, _servers, _telnet = routing(parse(broken))
    assert hosts["acme.erp.example.net"] == ["be_acme_production", "be_cobalt_production"]
