#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: firewall_rules
short_description: The inbound allow rules of a machine, from the zone flow matrix
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - Computes the inbound allow rules of one machine of a C(divalto.cloud.tenants) inventory from the zone flow
    matrix (C(zone_flows) of C(platform.yml)). Everything no rule allows is dropped. Changes nothing; the
    C(divalto.cloud.firewall) role enforces the rules with nftables or Windows Firewall.
  - A flow applies to the machines its C(to) names (a role, a zone, or every zone with V(any)); its sources are
    taken in the target's own datacenter unless the flow says C(across_datacenters=true). A zone source is the
    zone's network, a role source the addresses of that role's machines, a network source as written,
    V(internet) anywhere.
  - Ports V(telnet) are the Telnet ports of the environments the machine serves (a proxy serves every
    environment of its datacenter, an app server those of its pool).
  - The matrix is validated first; an invalid one fails with every problem, each naming its flow.
extends_documentation_fragment:
  - divalto.cloud.model_action
  - divalto.cloud.controller_action
options:
  machine:
    description: The inventory name of the machine; the task's host when left out.
    type: str
  zone_flows:
    description:
      - The zone flow matrix. Defaults to C(divalto_platform.zone_flows).
      - 'Each flow: C(name), C(from) (V(internet), C({zone: ...}), C({role: ...}) or C({network: CIDR})),
        C(to) (C({zone: ...}) with V(any) for every zone, C({role: ...}), or C({network: CIDR}) for what lies outside
        the platform - DNS, NTP, domain controllers, mirrors), C(ports) (list of numbers or names
        of C(platform.ports), or V(telnet)), optional C(protocol) (V(tcp), V(udp)), C(across_datacenters),
        C(description).'
    type: list
    elements: dict
  outbound_zones:
    description:
      - The zones whose outbound traffic is filtered too (default deny); their machines get RV(outbound).
      - The seed's rule, the default - inbound and outbound flows of the data zone are protected by a firewall.
    type: list
    elements: str
    default: [data]
requirements:
  - netaddr (Python package, on the controller)
seealso:
  - plugin: divalto.cloud.nftables_ruleset
    plugin_type: filter
  - plugin: divalto.cloud.windows_firewall_rules
    plugin_type: filter
"""

EXAMPLES = r"""
- name: Compute this machine's inbound rules
  divalto.cloud.firewall_rules:
  register: firewall
# firewall.rules:
# [{"name": "http-backend", "description": "from role reverse_proxy to role app (same datacenter)",
#   "protocol": "tcp", "ports": [443, 8420], "sources": ["10.10.0.11/32", "10.10.0.12/32"]}, ...]
"""

RETURN = r"""
rules:
  description:
    - The rules, in the order of the matrix; flows that give the machine no source or no port are left out.
    - Each rule has C(name) (the flow), C(description), C(protocol), C(ports) (sorted numbers) and C(sources)
      (merged CIDRs, IPv4 first; V(["0.0.0.0/0", "::/0"]) means anywhere).
  returned: success
  type: list
  elements: dict
outbound:
  description:
    - For a machine of O(outbound_zones), the connections it may open, in the order of the matrix - the flows whose
      C(from) holds it (its zone, its role, or a network holding its address), to their C(to) (a zone's networks or
      a role's addresses, in its own datacenter unless C(across_datacenters), or a network as written).
    - Each rule has C(name), C(description), C(protocol), C(ports) and C(destinations) (merged CIDRs).
    - V(null) for a machine whose outbound traffic is not filtered.
  returned: success
  type: list
  elements: dict
nftables:
  description:
    - The machine's nftables file - table C(inet divalto) declared, deleted and redefined in one transaction, an
      input chain of RV(rules) (policy drop) and, when RV(outbound) is not null, an output chain of it (policy
      drop); its comment carries a digest of the rules, which the C(divalto.cloud.firewall) role compares with the
      live table.
  returned: success, for a Linux machine
  type: str
"""
