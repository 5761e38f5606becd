# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the zone flow matrix turned into per-machine firewall rules.

``platform.yml`` declares, under ``zone_flows``, who may reach which machines
on which ports::

    zone_flows:
      - {name: web, from: internet, to: {role: reverse_proxy}, ports: [http, https]}
      - {name: sql, from: {zone: processing}, to: {role: sql}, ports: [1433]}
      - {name: backup, from: {zone: data}, to: {role: backup_vault}, ports: [22], across_datacenters: true}

Everything not allowed by a flow is dropped (default-deny inbound). This
module computes each machine's inbound allow rules (``machine_rules``) and,
for the machines of the zones whose outbound traffic is filtered too (the data
zone: seed §3.3.2), its outbound allow rules (``machine_outbound_rules``), and
renders them for nftables (``nftables_ruleset``) and for
community.windows.win_firewall_rule (``windows_rules``).

Decisions:

* A flow is evaluated per datacenter: a machine accepts the sources of its
  own datacenter only, unless the flow says ``across_datacenters: true``.
* A zone source is the zone's network (``networks.<dc>.<zone>``): every
  address of the zone, including machines added later. A role source is the
  addresses of that role's machines (/32 or /128), which is tighter: a DMZ
  proxy's flow does not open the app servers to the whole DMZ network. A
  network source is taken as written, in every datacenter.
* ``ports`` lists port numbers or names of ``platform.ports`` (``http``,
  ``https``, ``wpf``, ``xlan``), or is the word ``telnet`` or ``wpf``: the
  Telnet ports, or the WPF thin-client ports (``wpf_port``, with
  ``platform.ports.wpf_range``), of the environments the target machine
  serves (a proxy serves every environment of its datacenter, an app server
  those of its pool): exactly the ports the proxies listen on for them. A
  tenant without terminals opens no Telnet port, and a machine opens no other
  tenant's.
* Sources are merged with ``netaddr.cidr_merge``; rules follow the matrix
  order; a rule without sources or ports is left out.
* Outbound (``OUTBOUND_ZONES``, the data zone): default deny. A machine may
  open the connections of the flows whose ``from`` it is part of (its zone,
  its role, or a network holding its address), to the flow's ``to``: a zone's
  networks or a role's addresses (in its own datacenter unless
  ``across_datacenters``), or a ``network`` outside the platform (DNS, NTP,
  domain controllers, update mirrors, which the matrix names as networks).
  Replies to what others opened are answered (connection tracking).
"""

from __future__ import annotations

import hashlib
import ipaddress

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.zone_flows import (
    ANY_ZONE,
    INTERNET,
    PORT_FAMILIES,
    PROTOCOLS,
    TELNET,
    WPF,
    check_zone_flows,
    port_number,
)

try:
    import netaddr

    HAS_NETADDR = True
    NETADDR_IMPORT_ERROR = None
except ImportError as _exc:  # pragma: no cover - exercised only without netaddr
    netaddr = None
    HAS_NETADDR = False
    NETADDR_IMPORT_ERROR = _exc

EVERYWHERE = ("0.0.0.0/0", "::/0")
OUTBOUND_ZONES = ("data",)
WINDOWS_GROUP = "divalto.cloud"
WINDOWS_PROFILES = ("domain", "private", "public")
NFT_TABLE = "inet divalto"


class FirewallError(DivaltoError):
    """Invalid zone flows or firewall input; ``problems`` lists (subject, path, expected)."""

    def __init__(self, problems):
        self.problems = list(problems)
        count = len(self.problems)
        lines = ["invalid zone flows: %d problem%s" % (count, "" if count == 1 else "s")]
        lines.extend("  - %s: %s: expected %s" % problem for problem in self.problems)
        super().__init__("\n".join(lines))


# --------------------------------------------------------------------------- model


class FirewallModel:
    """What the rules are computed from: flows, machines, networks, ports, per-environment ports.

    ``machines`` maps a name to at least zone, role, datacenter and address;
    ``telnet`` and ``wpf`` map a machine name to the sorted Telnet ports,
    WPF ports, of the environments it serves.
    """

    __slots__ = ("flows", "machines", "networks", "ports", "telnet", "wpf")

    def __init__(self, flows, machines, networks, ports, telnet, wpf=None):
        problems = check_zone_flows({"zone_flows": flows, "platform": {"ports": ports}})
        if flows is None:
            problems.append(("platform", "zone_flows", "a zone flow matrix, got none"))
        if problems:
            raise FirewallError(problems)
        self.flows = flows
        self.machines = machines
        self.networks = networks
        self.ports = ports
        self.telnet = telnet
        self.wpf = wpf or {}

    def family_ports(self, family, name):
        """The ``telnet`` or ``wpf`` ports machine ``name`` serves."""
        return (self.telnet if family == TELNET else self.wpf).get(name, [])


def model_from_platform(model, zone_flows=None):
    """The firewall model of the domain model (``core.model.PlatformModel``).

    Zone flows are ``divalto_platform.zone_flows`` unless given. The Telnet ports of a machine are those of the
    environments it serves (its pool, its data pairs) and, on a DMZ proxy, of every environment of its datacenter;
    the WPF ports likewise, when ``platform.ports`` has ``wpf_range`` (the proxies route them only then). They are
    computed for the machines the rules ask about only (``ServedPorts``), not for the whole platform.
    """
    platform = model.platform
    routed_wpf = "wpf_range" in model.settings["ports"]
    return FirewallModel(
        platform.get("zone_flows") if zone_flows is None else zone_flows,
        platform["machines"],
        platform["networks"],
        model.settings["ports"],
        ServedPorts(model, TELNET),
        ServedPorts(model, WPF) if routed_wpf else {},
    )


class ServedPorts:
    """``{machine: sorted ports}`` of one family (``telnet``, ``wpf``) of the environments each machine serves,
    computed on first ``get`` of a machine (``PlatformModel.served_keys``: a proxy serves its datacenter)."""

    __slots__ = ("_family", "_model", "_ports")

    def __init__(self, model, family):
        self._model = model
        self._family = family
        self._ports = {}

    def get(self, name, default=None):
        if name not in self._ports:
            environments = self._model.environments
            ports = {environments[key].get("ports", {}).get(self._family) for key in self._model.served_keys(name)}
            self._ports[name] = sorted(int(port) for port in ports if port is not None)
        return self._ports[name] or default


# --------------------------------------------------------------------------- rules


def machine_rules(model, name):
    """The inbound allow rules of machine ``name``, in the order of the matrix.

    Each rule: ``{"name": flow, "description", "protocol", "ports": [int],
    "sources": [CIDR]}``; ``sources`` are merged networks, IPv4 first, and
    ``["0.0.0.0/0", "::/0"]`` means anywhere (the internet).
    """
    if not HAS_NETADDR:
        raise FirewallError([("controller", "netaddr", "the netaddr Python package (%s)" % NETADDR_IMPORT_ERROR)])
    if name not in model.machines:
        raise FirewallError([("machine %s" % name, "machines", "a machine of the platform, got unknown %r" % name)])
    machine = model.machines[name]
    rules = []
    for flow in model.flows:
        if not _targets(flow["to"], machine):
            continue
        ports = _flow_ports(flow, model, name)
        sources = _flow_sources(flow, model, machine)
        if ports and sources:
            rules.append(_rule(flow, ports, "sources", sources))
    return rules


def _rule(flow, ports, peers_key, peers):
    return {
        "name": flow["name"],
        "description": flow.get("description") or _describe(flow),
        "protocol": flow.get("protocol", "tcp"),
        "ports": ports,
        peers_key: peers,
    }


def machine_outbound_rules(model, name, zones=OUTBOUND_ZONES):
    """The outbound allow rules of machine ``name``, or ``None`` when its zone's outbound traffic is not filtered.

    Each rule: ``{"name": flow, "description", "protocol", "ports": [int], "destinations": [CIDR]}``, in the order
    of the matrix; what no rule allows is dropped.
    """
    if not HAS_NETADDR:
        raise FirewallError([("controller", "netaddr", "the netaddr Python package (%s)" % NETADDR_IMPORT_ERROR)])
    if name not in model.machines:
        raise FirewallError([("machine %s" % name, "machines", "a machine of the platform, got unknown %r" % name)])
    machine = model.machines[name]
    if machine["zone"] not in zones:
        return None
    rules = []
    for flow in model.flows:
        if flow["from"] == INTERNET or not _targets(flow["from"], machine):
            continue
        destinations = _endpoint_networks(flow["to"], flow, model, machine)
        ports = _outbound_ports(flow, model, machine)
        if ports and destinations:
            rules.append(_rule(flow, ports, "destinations", destinations))
    return rules


def _targets(endpoint, machine):
    """Whether ``machine`` is part of ``endpoint`` (a zone, a role, or a network holding its address)."""
    kind, value = next(iter(endpoint.items()))
    if kind == "role":
        return machine["role"] == value
    if kind == "network":
        return netaddr.IPAddress(machine["address"]) in netaddr.IPNetwork(value)
    return value == ANY_ZONE or machine["zone"] == value


def _flow_ports(flow, model, name):
    if flow["ports"] in PORT_FAMILIES:
        return list(model.family_ports(flow["ports"], name))
    return sorted(port_number(port, model.ports) for port in flow["ports"])


def _outbound_ports(flow, model, machine):
    """The ports of a flow as its source opens them: for ``telnet`` or ``wpf``, those of every machine it may reach."""
    if flow["ports"] not in PORT_FAMILIES:
        return _flow_ports(flow, model, None)
    same = None if flow.get("across_datacenters", False) else machine["datacenter"]
    reached = [
        other
        for other, candidate in model.machines.items()
        if _targets(flow["to"], candidate) and same in (None, candidate["datacenter"])
    ]
    return sorted({port for other in reached for port in model.family_ports(flow["ports"], other)})


def _flow_sources(flow, model, machine):
    endpoint = flow["from"]
    if endpoint == INTERNET:
        return list(EVERYWHERE)
    return _endpoint_networks(endpoint, flow, model, machine)


def _endpoint_networks(endpoint, flow, model, machine):
    """The networks of ``endpoint`` as seen from ``machine``: in its datacenter unless the flow crosses them."""
    kind, value = next(iter(endpoint.items()))
    if kind == "network":
        return [str(netaddr.IPNetwork(value).cidr)]
    datacenters = None if flow.get("across_datacenters", False) else {machine["datacenter"]}
    networks = []
    if kind == "zone":
        for datacenter in sorted(model.networks):
            if datacenters is None or datacenter in datacenters:
                zones = model.networks[datacenter]
                networks.extend(zones[zone] for zone in sorted(zones) if value in (ANY_ZONE, zone))
    else:
        for other in sorted(model.machines):
            candidate = model.machines[other]
            if candidate["role"] == value and (datacenters is None or candidate["datacenter"] in datacenters):
                networks.append(candidate["address"])
    merged = netaddr.cidr_merge([netaddr.IPNetwork(network) for network in networks])
    return [str(network) for network in sorted(merged, key=lambda net: (net.version, net.first, net.prefixlen))]


def _describe(flow):
    def endpoint(value):
        if value == INTERNET:
            return INTERNET
        kind, name = next(iter(value.items()))
        return "%s %s" % (kind, name)

    scope = "any datacenter" if flow.get("across_datacenters", False) else "same datacenter"
    return "from %s to %s (%s)" % (endpoint(flow["from"]), endpoint(flow["to"]), scope)


def _anywhere(sources):
    return tuple(sources) == EVERYWHERE


# --------------------------------------------------------------------------- renderers


def nftables_ruleset(rules, machine, outbound=None):
    """The nftables file of ``machine``: table ``inet divalto``, replaced atomically by ``nft -f``.

    The file declares, deletes and redefines the table in one transaction, so
    loading it replaces this collection's table and no other. Its comment
    carries a digest of the rules, which the role compares with the live table.
    ``outbound`` (from ``machine_outbound_rules``) adds a default-deny output
    chain; ``None`` leaves outbound traffic alone.
    """
    lines = [
        "\tchain input {",
        "\t\ttype filter hook input priority filter; policy drop;",
        "\t\tct state established,related accept",
        "\t\tct state invalid drop",
        '\t\tiifname "lo" accept',
        "\t\tmeta l4proto { icmp, ipv6-icmp } accept",
    ]
    for rule in rules:
        _check_rule(rule)
        ports = _nft_set([str(port) for port in rule["ports"]])
        match = "%s dport %s accept comment %s" % (rule["protocol"], ports, _nft_string(rule["name"]))
        if _anywhere(rule["sources"]):
            lines.append("\t\t" + match)
            continue
        for family, selector in ((4, "ip"), (6, "ip6")):
            networks = [s for s in rule["sources"] if ipaddress.ip_network(s).version == family]
            if networks:
                lines.append("\t\t%s saddr %s %s" % (selector, _nft_set(networks), match))
    lines.append("\t}")
    if outbound is not None:
        lines.extend(_nft_output_chain(outbound))
    body = "\n".join(lines) + "\n"
    digest = ruleset_digest(body)
    header = [
        "# Managed by divalto.cloud (role divalto.cloud.firewall): do not edit, changes are overwritten.",
        "# %s rules of machine %s, computed from the zone flow matrix (zone_flows of platform.yml)."
        % ("Inbound" if outbound is None else "Inbound and outbound", machine),
        "# Default deny: what no rule accepts is dropped. Loading this file with nft -f replaces",
        "# table %s in one transaction and leaves every other table alone." % NFT_TABLE,
        "table %s" % NFT_TABLE,
        "delete table %s" % NFT_TABLE,
        "",
        "table %s {" % NFT_TABLE,
        '\tcomment "divalto.cloud %s"' % digest,
        "",
    ]
    return "\n".join(header) + "\n" + body + "}\n"


def _nft_output_chain(outbound):
    lines = [
        "",
        "\tchain output {",
        "\t\ttype filter hook output priority filter; policy drop;",
        "\t\tct state established,related accept",
        "\t\tct state invalid drop",
        '\t\toifname "lo" accept',
        "\t\tmeta l4proto { icmp, ipv6-icmp } accept",
    ]
    for rule in outbound:
        _check_rule(rule, "destinations")
        ports = _nft_set([str(port) for port in rule["ports"]])
        match = "%s dport %s accept comment %s" % (rule["protocol"], ports, _nft_string(rule["name"]))
        for family, selector in ((4, "ip"), (6, "ip6")):
            networks = [d for d in rule["destinations"] if ipaddress.ip_network(d).version == family]
            if networks:
                lines.append("\t\t%s daddr %s %s" % (selector, _nft_set(networks), match))
    lines.append("\t}")
    return lines


def ruleset_digest(body):
    """Short digest of a ruleset body, written into the table's comment."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


def _nft_set(items):
    return items[0] if len(items) == 1 else "{ %s }" % ", ".join(items)


def _nft_string(text):
    return '"%s"' % text.replace("\\", "").replace('"', "")


def _check_rule(rule, peers="sources"):
    problems = []
    for key in ("name", "protocol", "ports", peers):
        if key not in rule:
            problems.append(("rule %s" % rule.get("name", "?"), key, "a rule made by divalto.cloud.firewall_rules"))
    if not problems and rule["protocol"] not in PROTOCOLS:
        problems.append(
            ("rule %s" % rule["name"], "protocol", "one of %s, got %r" % (", ".join(PROTOCOLS), rule["protocol"]))
        )
    if problems:
        raise FirewallError(problems)


def windows_rules(rules, group=WINDOWS_GROUP, profiles=WINDOWS_PROFILES, outbound=None):
    """community.windows.win_firewall_rule arguments, one inbound allow rule per flow.

    Every rule is named ``<group> <flow>`` and belongs to ``group``, so the
    role finds this collection's stale rules by group and touches no other.
    ``outbound`` (from ``machine_outbound_rules``) adds one outbound allow rule per flow, named
    ``<group> out <flow>``; the role then blocks the outbound traffic they do not allow.
    """
    result = []
    for rule in rules:
        _check_rule(rule)
        result.append(
            {
                "name": "%s %s" % (group, rule["name"]),
                "group": group,
                "description": rule.get("description", ""),
                "direction": "in",
                "action": "allow",
                "protocol": rule["protocol"],
                "localport": ",".join(str(port) for port in rule["ports"]),
                "remoteip": "any" if _anywhere(rule["sources"]) else ",".join(rule["sources"]),
                "profiles": list(profiles),
                "enabled": True,
                "state": "present",
            }
        )
    for rule in outbound or []:
        _check_rule(rule, "destinations")
        result.append(
            {
                "name": "%s out %s" % (group, rule["name"]),
                "group": group,
                "description": rule.get("description", ""),
                "direction": "out",
                "action": "allow",
                "protocol": rule["protocol"],
                "remoteport": ",".join(str(port) for port in rule["ports"]),
                "remoteip": ",".join(rule["destinations"]),
                "profiles": list(profiles),
                "enabled": True,
                "state": "present",
            }
        )
    return result
