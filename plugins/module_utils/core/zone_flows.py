# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the zone flow matrix of ``platform.yml`` (``zone_flows``), validated.

Every registry load runs :func:`check_zone_flows` (registry.checks); the firewall capability turns the matrix
into per-machine rules (network.firewall). The vocabulary of a flow (endpoints, named ports, ``telnet``, ``wpf``)
lives here, once.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.core.topology import ROLES, ZONES

INTERNET = "internet"
ANY_ZONE = "any"
TELNET = "telnet"
# ``ports: telnet`` / ``ports: wpf``: the per-environment ports (``telnet_port``, ``wpf_port``) of the environments
# the target serves. ``wpf`` inside a list is the former single port ``platform.ports.wpf``.
WPF = "wpf"
PORT_FAMILIES = (TELNET, WPF)
_FAMILIES_TEXT = "%r or %r" % PORT_FAMILIES
PROTOCOLS = ("tcp", "udp")
NAMED_PORTS = ("http", "https", "wpf", "xlan")
FLOW_KEYS = ("name", "description", "from", "to", "ports", "protocol", "across_datacenters")
FLOW_NAME = re.compile(r"^[a-z][a-z0-9-]{0,31}$")


def check_zone_flows(platform: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """Problems of ``platform["zone_flows"]`` as (subject, path, expected) triples, in file order.

    ``platform`` is the ``platform.yml`` document (or anything with its
    ``zone_flows`` and ``platform.ports``). A missing matrix is not a problem
    here: the firewall role refuses to run without one.
    """
    flows = platform.get("zone_flows")
    if flows is None:
        return []
    if not isinstance(flows, list):
        return [("platform", "zone_flows", "a list of flows, got %s" % type(flows).__name__)]
    ports = platform.get("platform", {}).get("ports", {})
    problems: list[tuple[str, str, str]] = []
    names: dict[str, int] = {}
    for index, flow in enumerate(flows):
        path = "zone_flows[%d]" % index
        if not isinstance(flow, dict):
            problems.append(("zone flow #%d" % index, path, "a mapping, got %r" % (flow,)))
            continue
        name = flow.get("name")
        subject = "zone flow %s" % name if isinstance(name, str) else "zone flow #%d" % index

        def report(field: str, expected: str, subject: str = subject, path: str = path) -> None:
            problems.append((subject, path + ("." + field if field else ""), expected))

        unknown = sorted(set(flow) - set(FLOW_KEYS), key=str)
        if unknown:
            report("", "only known keys (%s), got unknown %s" % (", ".join(FLOW_KEYS), ", ".join(map(repr, unknown))))
        if not isinstance(name, str) or not FLOW_NAME.match(name):
            report(
                "name",
                "a flow name: a lowercase letter then up to 31 lowercase letters, digits or hyphens, got %r" % (name,),
            )
        elif name in names:
            report("name", "a flow name of its own (%s is also zone_flows[%d])" % (name, names[name]))
        else:
            names[name] = index
        for key in ("from", "to"):
            if key not in flow:
                report(key, "a %s endpoint, which is missing" % ("source" if key == "from" else "target"))
            else:
                for field, expected in _check_endpoint(flow[key], source=key == "from"):
                    report(key + field, expected)
        if "ports" not in flow:
            report("ports", "a list of ports, %s, which is missing" % _FAMILIES_TEXT)
        else:
            for field, expected in _check_ports(flow["ports"], ports):
                report("ports" + field, expected)
        protocol = flow.get("protocol", "tcp")
        if protocol not in PROTOCOLS:
            report("protocol", "one of %s, got %r" % (", ".join(PROTOCOLS), protocol))
        if not isinstance(flow.get("across_datacenters", False), bool):
            report("across_datacenters", "true or false, got %r" % (flow["across_datacenters"],))
        if not isinstance(flow.get("description", ""), str):
            report("description", "a string, got %r" % (flow["description"],))
    return problems


def _check_endpoint(endpoint: Any, source: bool) -> list[tuple[str, str]]:
    """Problems of one endpoint as (field suffix, expected) pairs."""
    kinds = ("zone", "role", "network")
    shape = "a mapping with zone, role or network"
    if source:
        shape = "internet or a mapping with one of %s" % ", ".join(kinds)
    if source and endpoint == INTERNET:
        return []
    if not isinstance(endpoint, dict) or len(endpoint) != 1 or next(iter(endpoint)) not in kinds:
        return [("", "%s, got %r" % (shape, endpoint))]
    kind, value = next(iter(endpoint.items()))
    if kind == "zone" and value not in ZONES + (ANY_ZONE,):
        return [(".zone", "a zone (%s) or %s, got %r" % (", ".join(ZONES), ANY_ZONE, value))]
    if kind == "role" and value not in ROLES:
        return [(".role", "a role (%s), got %r" % (", ".join(ROLES), value))]
    if kind == "network":
        try:
            ipaddress.ip_network(value, strict=True)
        except (TypeError, ValueError) as exc:
            return [(".network", "a network in CIDR notation without host bits, got %r (%s)" % (value, exc))]
    return []


def _check_ports(value: Any, ports: Mapping[str, Any]) -> list[tuple[str, str]]:
    if value in PORT_FAMILIES:
        return []
    if not isinstance(value, list) or not value:
        return [("", "a non-empty list of ports, %s, got %r" % (_FAMILIES_TEXT, value))]
    problems: list[tuple[str, str]] = []
    seen: dict[int, int] = {}
    for index, port in enumerate(value):
        number = port_number(port, ports)
        if number is None:
            hint = ""
            if port == WPF and "wpf_range" in ports:
                hint = " (platform.ports has wpf_range: write `ports: wpf` for the environments' WPF ports)"
            problems.append(
                (
                    "[%d]" % index,
                    "a port number 1-65535 or the name of a port of platform.ports (%s), got %r%s"
                    % (", ".join(NAMED_PORTS), port, hint),
                )
            )
        elif number in seen:
            problems.append(("[%d]" % index, "a port listed once (%d is also ports[%d])" % (number, seen[number])))
        else:
            seen[number] = index
    return problems


def port_number(port: Any, ports: Mapping[str, Any]) -> int | None:
    if isinstance(port, bool):
        return None
    if isinstance(port, int):
        return port if 1 <= port <= 65535 else None
    if port in NAMED_PORTS and isinstance(ports.get(port), int):
        return ports[port]
    return None
