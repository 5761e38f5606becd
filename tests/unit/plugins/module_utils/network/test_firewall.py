# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Zone flow matrix -> firewall rules: validation, rules, renderers, golden files, tenant isolation."""

from __future__ import annotations

import json
import pathlib

import netaddr
import pytest
import yaml

from ansible_collections.divalto.cloud.plugins.module_utils.core.model import PlatformModel
from ansible_collections.divalto.cloud.plugins.module_utils.core.topology import ha_pairs, pool_members
from ansible_collections.divalto.cloud.plugins.module_utils.network import firewall as fw
from ansible_collections.divalto.cloud.plugins.module_utils.registry.inventory_model import build_inventory_model
from ansible_collections.divalto.cloud.plugins.module_utils.registry.load import load_registry

HERE = pathlib.Path(__file__).resolve().parents[1]
GOLDEN = HERE / "fixtures" / "firewall"
COLLECTION_ROOT = HERE.parents[3]
EXAMPLE_REGISTRY = COLLECTION_ROOT / "inventories" / "example" / "registry"
PORTS = {"https": 443, "http": 80, "wpf": 8420, "xlan": 1235, "telnet_range": [2300, 2399]}


def model_from_registry(registry, zone_flows=None):
    """The firewall model of a loaded registry, through the inventory model as the action gets it."""
    variables = build_inventory_model(registry)["vars"]
    model = PlatformModel(variables["divalto_platform"], variables["divalto_environments"])
    return fw.model_from_platform(model, zone_flows)


@pytest.fixture(scope="module")
def example():
    return load_registry(str(EXAMPLE_REGISTRY))


@pytest.fixture(scope="module")
def example_firewall(example):
    return model_from_registry(example)


def _problems(flows, ports=None):
    return fw.check_zone_flows({"zone_flows": flows, "platform": {"ports": PORTS if ports is None else ports}})


def _flow(**changes):
    flow = {"name": "web", "from": "internet", "to": {"role": "reverse_proxy"}, "ports": [80, "https"]}
    flow.update(changes)
    return flow


# --------------------------------------------------------------------------- validation


def test_example_matrix_is_valid(example):
    assert fw.check_zone_flows(example.platform) == []
    assert len(example.platform["zone_flows"]) == 18


def test_missing_matrix_is_not_a_registry_problem():
    assert fw.check_zone_flows({"platform": {"ports": PORTS}}) == []


def test_matrix_must_be_a_list():
    assert fw.check_zone_flows({"zone_flows": {"web": {}}}) == [("platform", "zone_flows", "a list of flows, got dict")]


def test_flow_must_be_a_mapping():
    assert _problems(["web"]) == [("zone flow #0", "zone_flows[0]", "a mapping, got 'web'")]


@pytest.mark.parametrize(
    "changes, expected",
    [
        (
            {"name": "Web flow"},
            (
                "zone flow Web flow",
                "zone_flows[0].name",
                "a flow name: a lowercase letter then up to 31 lowercase letters, digits or hyphens, got 'Web flow'",
            ),
        ),
        (
            {"name": 7},
            (
                "zone flow #0",
                "zone_flows[0].name",
                "a flow name: a lowercase letter then up to 31 lowercase letters, digits or hyphens, got 7",
            ),
        ),
        (
            {"colour": "red"},
            (
                "zone flow web",
                "zone_flows[0]",
                "only known keys (name, description, from, to, ports, protocol, "
                "across_datacenters), got unknown 'colour'",
            ),
        ),
        (
            {"from": {"zone": "dmzz"}},
            ("zone flow web", "zone_flows[0].from.zone", "a zone (dmz, processing, data) or any, got 'dmzz'"),
        ),
        (
            {"from": {"role": "proxy"}},
            (
                "zone flow web",
                "zone_flows[0].from.role",
                "a role (reverse_proxy, app, sql, file, backup_vault), got 'proxy'",
            ),
        ),
        (
            {"from": {"network": "10.99.0.1/24"}},
            (
                "zone flow web",
                "zone_flows[0].from.network",
                "a network in CIDR notation without host bits, got '10.99.0.1/24' (10.99.0.1/24 has host bits set)",
            ),
        ),
        (
            {"from": {"network": "10.99.0.0/33"}},
            (
                "zone flow web",
                "zone_flows[0].from.network",
                "a network in CIDR notation without host bits, "
                "got '10.99.0.0/33' ('10.99.0.0/33' does not appear to be an IPv4 or IPv6 network)",
            ),
        ),
        (
            {"from": "anywhere"},
            (
                "zone flow web",
                "zone_flows[0].from",
                "internet or a mapping with one of zone, role, network, got 'anywhere'",
            ),
        ),
        (
            {"from": {"zone": "dmz", "role": "app"}},
            (
                "zone flow web",
                "zone_flows[0].from",
                "internet or a mapping with one of zone, role, network, got {'zone': 'dmz', 'role': 'app'}",
            ),
        ),
        (
            {"to": "internet"},
            ("zone flow web", "zone_flows[0].to", "a mapping with zone, role or network, got 'internet'"),
        ),
        (
            {"to": {"network": "10.0.0.1/8"}},
            (
                "zone flow web",
                "zone_flows[0].to.network",
                "a network in CIDR notation without host bits, got '10.0.0.1/8' (10.0.0.1/8 has host bits set)",
            ),
        ),
        (
            {"to": {"zone": "lan"}},
            ("zone flow web", "zone_flows[0].to.zone", "a zone (dmz, processing, data) or any, got 'lan'"),
        ),
        (
            {"ports": []},
            ("zone flow web", "zone_flows[0].ports", "a non-empty list of ports, 'telnet' or 'wpf', got []"),
        ),
        (
            {"ports": "ssh"},
            ("zone flow web", "zone_flows[0].ports", "a non-empty list of ports, 'telnet' or 'wpf', got 'ssh'"),
        ),
        (
            {"ports": [80, 70000]},
            (
                "zone flow web",
                "zone_flows[0].ports[1]",
                "a port number 1-65535 or the name of a port of platform.ports (http, https, wpf, xlan), got 70000",
            ),
        ),
        (
            {"ports": [True]},
            (
                "zone flow web",
                "zone_flows[0].ports[0]",
                "a port number 1-65535 or the name of a port of platform.ports (http, https, wpf, xlan), got True",
            ),
        ),
        (
            {"ports": ["telnet_range"]},
            (
                "zone flow web",
                "zone_flows[0].ports[0]",
                "a port number 1-65535 or the name of a port of "
                "platform.ports (http, https, wpf, xlan), got 'telnet_range'",
            ),
        ),
        (
            {"ports": [443, "https"]},
            ("zone flow web", "zone_flows[0].ports[1]", "a port listed once (443 is also ports[0])"),
        ),
        (
            {"protocol": "icmp"},
            ("zone flow web", "zone_flows[0].protocol", "one of tcp, udp, got 'icmp'"),
        ),
        (
            {"across_datacenters": "yes"},
            ("zone flow web", "zone_flows[0].across_datacenters", "true or false, got 'yes'"),
        ),
        (
            {"description": 12},
            ("zone flow web", "zone_flows[0].description", "a string, got 12"),
        ),
    ],
)
def test_each_flow_problem_names_the_flow(changes, expected):
    assert _problems([_flow(**changes)]) == [expected]


@pytest.mark.parametrize(
    "key, expected",
    [
        ("from", "a source endpoint, which is missing"),
        ("to", "a target endpoint, which is missing"),
        ("ports", "a list of ports, 'telnet' or 'wpf', which is missing"),
    ],
)
def test_missing_keys(key, expected):
    flow = _flow()
    del flow[key]
    assert _problems([flow]) == [("zone flow web", "zone_flows[0].%s" % key, expected)]


def test_duplicate_flow_names():
    assert _problems([_flow(), _flow(ports=[8420])]) == [
        ("zone flow web", "zone_flows[1].name", "a flow name of its own (web is also zone_flows[0])")
    ]


def test_every_problem_is_reported():
    problems = _problems([_flow(**{"from": {"zone": "x"}, "to": {"role": "y"}, "ports": [0], "protocol": "sctp"})])
    assert [path for _subject, path, _expected in problems] == [
        "zone_flows[0].from.zone",
        "zone_flows[0].to.role",
        "zone_flows[0].ports[0]",
        "zone_flows[0].protocol",
    ]


def test_valid_endpoints_and_ports():
    flows = [
        _flow(name="a", ports="telnet"),
        _flow(name="w", ports="wpf"),
        _flow(name="b", **{"from": {"zone": "any"}, "to": {"zone": "any"}, "protocol": "udp"}),
        _flow(name="c", **{"from": {"network": "fd00:99::/64"}, "across_datacenters": True, "description": "x"}),
        _flow(name="d", **{"from": {"role": "app"}, "to": {"zone": "data"}, "ports": ["xlan", 1433]}),
    ]
    assert _problems(flows) == []


def test_model_refuses_an_invalid_or_missing_matrix():
    with pytest.raises(fw.FirewallError) as raised:
        fw.FirewallModel([_flow(protocol="icmp")], {}, {}, PORTS, {})
    assert str(raised.value) == (
        "invalid zone flows: 1 problem\n  - zone flow web: zone_flows[0].protocol: expected one of tcp, udp, got 'icmp'"
    )
    with pytest.raises(fw.FirewallError) as raised:
        fw.FirewallModel(None, {}, {}, PORTS, {})
    assert str(raised.value) == (
        "invalid zone flows: 1 problem\n  - platform: zone_flows: expected a zone flow matrix, got none"
    )


def test_errors_count_their_problems():
    error = fw.FirewallError([("a", "b", "c"), ("d", "e", "f")])
    assert str(error).splitlines()[0] == "invalid zone flows: 2 problems"


# --------------------------------------------------------------------------- rules


def test_unknown_machine(example_firewall):
    with pytest.raises(
        fw.FirewallError, match="machine web-01: machines: expected a machine of the platform, got unknown 'web-01'"
    ):
        fw.machine_rules(example_firewall, "web-01")


def test_proxy_rules(example_firewall):
    assert fw.machine_rules(example_firewall, "dmz-par1-01") == [
        {
            "name": "web",
            "description": "from internet to role reverse_proxy (same datacenter)",
            "protocol": "tcp",
            "ports": [80, 443],
            "sources": ["0.0.0.0/0", "::/0"],
        },
        {
            "name": "wpf",
            "description": "from internet to role reverse_proxy (same datacenter)",
            "protocol": "tcp",
            "ports": [8401, 8402, 8403, 8411, 8412, 8413, 8421, 8431, 8432, 8433, 8434, 8435],
            "sources": ["0.0.0.0/0", "::/0"],
        },
        {
            "name": "telnet",
            "description": "from internet to role reverse_proxy (same datacenter)",
            "protocol": "tcp",
            "ports": [2301, 2302, 2303],
            "sources": ["0.0.0.0/0", "::/0"],
        },
        {
            "name": "admin",
            "description": "administration (SSH, WinRM over HTTPS) from the operations network",
            "protocol": "tcp",
            "ports": [22, 5986],
            "sources": ["10.99.0.0/24"],
        },
    ]


def test_role_sources_are_machine_addresses_of_the_same_datacenter(example_firewall):
    rules = {rule["name"]: rule for rule in fw.machine_rules(example_firewall, "app-sxb1-01")}
    assert rules["http-backend"]["sources"] == ["10.20.0.11/32"]
    assert rules["xlan"]["sources"] == ["10.20.1.0/24"]
    assert "telnet-backend" not in rules  # no environment with terminals in sxb1


def test_cross_datacenter_flow(example_firewall):
    rules = fw.machine_rules(example_firewall, "vault-sxb1-01")
    assert rules[0]["sources"] == ["10.10.2.0/24", "10.20.2.0/24"]


def _model(flows, machines, networks=None, telnet=None):
    return fw.FirewallModel(flows, machines, networks or {}, PORTS, telnet or {})


MACHINES = {
    "p1": {"zone": "dmz", "role": "reverse_proxy", "datacenter": "a", "address": "10.0.0.1"},
    "p2": {"zone": "dmz", "role": "reverse_proxy", "datacenter": "a", "address": "10.0.0.0"},
    "p3": {"zone": "dmz", "role": "reverse_proxy", "datacenter": "a", "address": "fd00::3"},
    "app": {"zone": "processing", "role": "app", "datacenter": "a", "address": "10.0.1.1"},
    "other": {"zone": "processing", "role": "app", "datacenter": "b", "address": "10.1.1.1"},
}


def test_adjacent_addresses_are_merged_and_ipv6_rendered():
    model = _model([_flow(name="be", **{"from": {"role": "reverse_proxy"}, "to": {"role": "app"}})], MACHINES)
    rules = fw.machine_rules(model, "app")
    assert rules[0]["sources"] == ["10.0.0.0/31", "fd00::3/128"]
    text = fw.nftables_ruleset(rules, "app")
    assert '\t\tip saddr 10.0.0.0/31 tcp dport { 80, 443 } accept comment "be"\n' in text
    assert '\t\tip6 saddr fd00::3/128 tcp dport { 80, 443 } accept comment "be"\n' in text
    assert fw.windows_rules(rules)[0]["remoteip"] == "10.0.0.0/31,fd00::3/128"


def test_flows_without_sources_or_ports_are_left_out():
    flows = [
        _flow(name="nobody", **{"from": {"role": "backup_vault"}, "to": {"role": "app"}}),
        _flow(name="no-telnet", ports="telnet", to={"role": "app"}),
        _flow(name="zone", **{"from": {"zone": "any"}, "to": {"zone": "any"}, "protocol": "udp", "ports": [53]}),
    ]
    model = _model(flows, MACHINES, networks={"a": {"dmz": "10.0.0.0/24", "data": "10.0.2.0/24"}, "b": {}})
    assert fw.machine_rules(model, "app") == [
        {
            "name": "zone",
            "description": "from zone any to zone any (same datacenter)",
            "protocol": "udp",
            "ports": [53],
            "sources": ["10.0.0.0/24", "10.0.2.0/24"],
        }
    ]
    assert fw.machine_rules(model, "other") == []


def test_internet_is_anywhere_for_both_renderers():
    rules = fw.machine_rules(_model([_flow()], MACHINES), "p1")
    assert fw.nftables_ruleset(rules, "p1").count('tcp dport { 80, 443 } accept comment "web"') == 1
    assert fw.windows_rules(rules, group="g", profiles=["domain"])[0] == {
        "name": "g web",
        "group": "g",
        "description": "from internet to role reverse_proxy (same datacenter)",
        "direction": "in",
        "action": "allow",
        "protocol": "tcp",
        "localport": "80,443",
        "remoteip": "any",
        "profiles": ["domain"],
        "enabled": True,
        "state": "present",
    }


def test_renderers_refuse_foreign_rules():
    with pytest.raises(fw.FirewallError, match="rule x: sources: expected a rule made by divalto.cloud.firewall_rules"):
        fw.nftables_ruleset([{"name": "x", "protocol": "tcp", "ports": [1]}], "m")
    with pytest.raises(fw.FirewallError, match="rule x: protocol: expected one of tcp, udp, got 'gre'"):
        fw.windows_rules([{"name": "x", "protocol": "gre", "ports": [1], "sources": ["10.0.0.0/8"]}])


def test_digest_follows_the_rules(example_firewall):
    first = fw.nftables_ruleset(fw.machine_rules(example_firewall, "app-par1-01"), "app-par1-01")
    same = fw.nftables_ruleset(fw.machine_rules(example_firewall, "app-par1-02"), "app-par1-02")
    other = fw.nftables_ruleset(fw.machine_rules(example_firewall, "app-par1-04"), "app-par1-04")
    digest = [line for line in first.splitlines() if line.startswith("\tcomment")]
    assert digest == [line for line in same.splitlines() if line.startswith("\tcomment")]
    assert digest != [line for line in other.splitlines() if line.startswith("\tcomment")]


def test_missing_netaddr_is_a_clear_error(monkeypatch, example_firewall):
    monkeypatch.setattr(fw, "HAS_NETADDR", False)
    monkeypatch.setattr(fw, "NETADDR_IMPORT_ERROR", ImportError("No module named 'netaddr'"))
    with pytest.raises(fw.FirewallError, match="controller: netaddr: expected the netaddr Python package"):
        fw.machine_rules(example_firewall, "app-par1-01")


# --------------------------------------------------------------------------- inventory input


def test_inventory_and_registry_give_the_same_rules(example, example_firewall, example_platform):
    flows = example.platform["zone_flows"]
    from_inventory = fw.model_from_platform(example_platform)
    explicit = fw.model_from_platform(example_platform, zone_flows=flows)
    for name in example.platform["machines"]:
        expected = fw.machine_rules(example_firewall, name)
        assert fw.machine_rules(from_inventory, name) == expected
        assert fw.machine_rules(explicit, name) == expected


def test_inventory_without_matrix(example_model):
    platform = dict(example_model["vars"]["divalto_platform"])
    del platform["zone_flows"]
    model = PlatformModel(platform, example_model["vars"]["divalto_environments"])
    with pytest.raises(fw.FirewallError, match="platform: zone_flows: expected a zone flow matrix, got none"):
        fw.model_from_platform(model)


def test_proxies_open_exactly_the_ports_haproxy_listens_on(example_platform):
    """From the internet a proxy accepts HTTP, HTTPS and the Telnet and WPF ports its haproxy.cfg binds, no other."""
    from ansible_collections.divalto.cloud.plugins.module_utils.network.haproxy import build_model

    model = fw.model_from_platform(example_platform)
    proxies = [
        name for name in example_platform.machines() if example_platform.machine(name)["role"] == "reverse_proxy"
    ]
    assert len(proxies) == 3
    for proxy in proxies:
        config = build_model(proxy, example_platform)
        listening = {config["http_port"], config["https_port"]}
        listening |= {entry["port"] for entry in config["telnet"] + config["wpf"]}
        opened = {
            port
            for rule in fw.machine_rules(model, proxy)
            if rule["sources"] == list(fw.EVERYWHERE)
            for port in rule["ports"]
        }
        assert opened == listening, proxy


def test_wpf_flows_without_a_wpf_range_open_nothing(example_model):
    """With the former single wpf port no proxy routes the thin client, so `ports: wpf` opens no port."""
    variables = example_model["vars"]
    platform = dict(variables["divalto_platform"], settings={"ports": dict(PORTS)})
    model = fw.model_from_platform(PlatformModel(platform, variables["divalto_environments"]))
    for name in ("dmz-par1-01", "app-par1-01"):
        assert [rule for rule in fw.machine_rules(model, name) if rule["name"] in ("wpf", "wpf-backend")] == []


def test_single_wpf_port_with_a_wpf_range_names_the_keyword():
    ports = dict(PORTS, wpf_range=[8400, 8499])
    del ports["wpf"]
    assert _problems([_flow(ports=["wpf"])], ports=ports) == [
        (
            "zone flow web",
            "zone_flows[0].ports[0]",
            "a port number 1-65535 or the name of a port of platform.ports (http, https, wpf, xlan), got 'wpf' "
            "(platform.ports has wpf_range: write `ports: wpf` for the environments' WPF ports)",
        )
    ]


# --------------------------------------------------------------------------- golden files


def test_golden_files_cover_every_machine(example):
    machines = example.platform["machines"]
    expected = {name + ".nft" for name in machines}
    expected |= {name + ".json" for name, machine in machines.items() if machine["os"] == "windows"}
    assert {path.name for path in GOLDEN.iterdir()} == expected


@pytest.mark.parametrize(
    "name", sorted(yaml.safe_load(EXAMPLE_REGISTRY.joinpath("platform.yml").read_text())["machines"])
)
def test_golden(example, example_firewall, name, golden):
    rules = fw.machine_rules(example_firewall, name)
    outbound = fw.machine_outbound_rules(example_firewall, name)
    golden(GOLDEN / (name + ".nft"), fw.nftables_ruleset(rules, name, outbound))
    if example.platform["machines"][name]["os"] == "windows":
        windows = fw.windows_rules(rules, outbound=outbound)
        golden(GOLDEN / (name + ".json"), json.dumps(windows, indent=2, sort_keys=True) + "\n")


# --------------------------------------------------------------------------- tenant isolation


def _synthetic(write_registry, tmp_path, tenants):
    root = write_registry(str(tmp_path / "registry"), tenants=tenants)
    platform_file = pathlib.Path(root) / "platform.yml"
    document = yaml.safe_load(platform_file.read_text(encoding="utf-8"))
    document["zone_flows"] = yaml.safe_load(EXAMPLE_REGISTRY.joinpath("platform.yml").read_text())["zone_flows"]
    platform_file.write_text(yaml.safe_dump(document), encoding="utf-8")
    return load_registry(root)


def _assert_isolated(registry):
    """Every rule stays inside what the matrix allows, and Telnet and WPF ports stay with their tenants."""
    platform = registry.platform
    model = model_from_registry(registry)
    machines = platform["machines"]
    flows = {flow["name"]: flow for flow in platform["zone_flows"]}
    pools, pairs = pool_members(platform), ha_pairs(platform)
    families = ("telnet", "wpf")
    by_dc, by_pool, family_ports = {f: {} for f in families}, {f: {} for f in families}, set()
    for tenant in registry.tenants.values():
        for spec in tenant["environments"].values():
            if "telnet_port" in spec:
                assert tenant["subscription"]["terminals"] is True
            for family in families:
                port = spec.get(family + "_port")
                if port is None:
                    continue
                pool = spec["placement"]["pool"]
                by_dc[family].setdefault(platform["pools"][pool]["datacenter"], set()).add(port)
                by_pool[family].setdefault(pool, set()).add(port)
                family_ports.add(port)
    assert by_dc["wpf"]  # every environment has a WPF port: the wpf flows were exercised
    matrix_ports = {
        port if isinstance(port, int) else platform["platform"]["ports"][port]
        for flow in flows.values()
        if flow["ports"] not in families
        for port in flow["ports"]
    }
    checked = 0
    for name, machine in machines.items():
        for rule in fw.machine_rules(model, name):
            flow = flows[rule["name"]]
            kind, value = next(iter(flow["to"].items()))
            assert machine[kind] == value or value == "any", (name, rule)
            family = flow["ports"] if flow["ports"] in families else None
            if family and machine["role"] == "reverse_proxy":
                assert set(rule["ports"]) == by_dc[family][machine["datacenter"]]
            elif family:
                assert machine["role"] == "app"
                assert set(rule["ports"]) == by_pool[family][machine["pool"]]
            else:
                assert set(rule["ports"]) <= matrix_ports
            assert set(rule["ports"]) <= matrix_ports | family_ports
            allowed = _allowed_networks(flow, machine, platform)
            # merged blocks may span several allowed addresses: compare the address sets, exactly
            assert netaddr.IPSet(rule["sources"]).issubset(netaddr.IPSet(allowed)), (name, rule)
            checked += 1
    for name, machine in machines.items():  # a datacenter's proxies open exactly its tenants' Telnet and WPF ports
        if machine["role"] == "reverse_proxy":
            for family in families:
                rules = [r for r in fw.machine_rules(model, name) if flows[r["name"]]["ports"] == family]
                opened = {port for rule in rules for port in rule["ports"]}
                assert opened == by_dc[family].get(machine["datacenter"], set())
    assert pairs  # the registry has data pairs, so the data-zone flows were exercised
    assert pools
    return checked


def _allowed_networks(flow, machine, platform):
    endpoint = flow["from"]
    if endpoint == "internet":
        return ["0.0.0.0/0", "::/0"]
    kind, value = next(iter(endpoint.items()))
    if kind == "network":
        return [value]
    scope = [dc for dc in platform["networks"] if flow.get("across_datacenters") or dc == machine["datacenter"]]
    if kind == "zone":
        return [cidr for dc in scope for zone, cidr in platform["networks"][dc].items() if value in ("any", zone)]
    return [m["address"] for m in platform["machines"].values() if m["role"] == value and m["datacenter"] in scope]


def test_tenant_isolation_on_the_example(example):
    assert _assert_isolated(example) == 64  # the rules of the golden files


def test_tenant_isolation_on_a_synthetic_registry(tmp_path, synthetic_registry):
    registry = _synthetic(synthetic_registry, tmp_path, tenants=120)
    assert _assert_isolated(registry) > 300


# --------------------------------------------------------------------------- outbound (data zone)


def test_only_the_data_zones_outbound_traffic_is_filtered(example, example_firewall):
    for name, machine in sorted(example.platform["machines"].items()):
        outbound = fw.machine_outbound_rules(example_firewall, name)
        assert (outbound is None) == (machine["zone"] != "data"), name


def test_a_data_machine_opens_only_the_flows_that_start_at_it(example_firewall):
    sql = {rule["name"]: rule for rule in fw.machine_outbound_rules(example_firewall, "sql-par1-01")}
    files = {rule["name"]: rule for rule in fw.machine_outbound_rules(example_firewall, "fs-par1-01")}
    # sql-backup starts at role sql only; backup at the whole data zone, to the vault of the other datacenter too.
    assert "sql-backup" in sql and "sql-backup" not in files
    assert files["backup"] == {
        "name": "backup",
        "description": "backups are pulled into the recovery datacenter's vault from both datacenters",
        "protocol": "tcp",
        "ports": [22],
        "destinations": ["10.20.2.31/32"],
    }
    assert files["dns"]["protocol"] == "udp" and files["dns"]["destinations"] == ["10.99.0.0/24"]
    assert "sql" not in files and "smb" not in files  # flows to the data zone, not from it


def test_a_network_target_holds_the_machines_of_that_network():
    machines = {
        "m1": {"zone": "data", "role": "file", "datacenter": "d1", "address": "10.0.0.5"},
        "m2": {"zone": "data", "role": "file", "datacenter": "d1", "address": "10.0.1.5"},
    }
    flows = [{"name": "probe", "from": {"network": "192.168.0.0/24"}, "to": {"network": "10.0.0.0/24"}, "ports": [9]}]
    model = fw.FirewallModel(flows, machines, {"d1": {"data": "10.0.0.0/16"}}, PORTS, {})
    assert [rule["name"] for rule in fw.machine_rules(model, "m1")] == ["probe"]
    assert fw.machine_rules(model, "m2") == []
    assert fw.machine_outbound_rules(model, "m1") == []


def test_outbound_rules_render_for_windows_as_outbound_allow_rules(example_firewall):
    outbound = fw.machine_outbound_rules(example_firewall, "sql-par1-01")
    rules = fw.windows_rules([], outbound=outbound)
    assert rules[0] == {
        "name": "divalto.cloud out backup",
        "group": "divalto.cloud",
        "description": "backups are pulled into the recovery datacenter's vault from both datacenters",
        "direction": "out",
        "action": "allow",
        "protocol": "tcp",
        "remoteport": "22",
        "remoteip": "10.20.2.31/32",
        "profiles": ["domain", "private", "public"],
        "enabled": True,
        "state": "present",
    }
    with pytest.raises(fw.FirewallError, match="destinations"):
        fw.windows_rules([], outbound=[{"name": "x", "protocol": "tcp", "ports": [1], "sources": []}])
