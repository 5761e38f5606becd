#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: hpf_config
short_description: The dhsServices.txt and dhsTelnet.txt of an application server
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - Returns the whole text of the HPF runtime's C(dhsServices.txt) and C(dhsTelnet.txt) for the environments the
    machine serves (those whose application pool it is in). Changes nothing; the C(divalto.cloud.hpf) role writes
    them.
  - The real formats are not public; the collection's own documented format C(divalto.cloud/1) is described in
    C(roles/hpf/README.md) - C(dhsServices.txt) has one C([<environment key>]) section per environment (tenant,
    environment, production, service pack, implicit file, ERP database, XLAN and WPF ports, web-services
    application); C(dhsTelnet.txt) one line C(<port> <environment key> <implicit file>) per environment with a
    Telnet port (its tenant has terminals).
  - Every line ends in CRLF, the last one too; the text is ASCII; the same records give the same bytes.
extends_documentation_fragment:
  - divalto.cloud.model_action
  - divalto.cloud.controller_action
options:
  machine:
    description: The inventory name of the application server; the task's host when left out.
    type: str
  implicit_name:
    description: File name of the implicit file in each environment's C(config) directory.
    type: str
    default: ImplicitesDefaut.txt
"""

EXAMPLES = r"""
- name: Compute the HPF configuration of this application server
  divalto.cloud.hpf_config:
  register: hpf

- name: Write dhsServices.txt
  ansible.windows.win_copy:
    dest: C:\divalto\sys\dhsServices.txt
    content: "{{ hpf.services }}"
"""

RETURN = r"""
services:
  description: The text of C(dhsServices.txt), every line ending in CRLF.
  returned: success
  type: str
telnet:
  description: The text of C(dhsTelnet.txt), every line ending in CRLF.
  returned: success
  type: str
telnet_ports:
  description: The Telnet ports of the served environments, sorted (empty when no tenant served has terminals).
  returned: success
  type: list
  elements: int
environments:
  description: The keys of the served environments, sorted.
  returned: success
  type: list
  elements: str
"""
