#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: directory_plan
short_description: What the directory role changes in Active Directory
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - Compares the directory model (C(divalto_identity)) with the entries read under the tenants' OU and returns
    the plan the C(divalto.cloud.directory) role applies. The safety rules are decided here (docs/identity.md).
  - An object the model wants that exists without the marker C(adminDescription=divalto.cloud:managed) is
    refused, never adopted. A marked object the model no longer has is removed only with O(prune), and never
    while it is a group with members or an OU that still holds something.
extends_documentation_fragment:
  - divalto.cloud.controller_action
options:
  entries:
    description:
      - The entries under the tenants' OU (and the OU itself), as C(community.general.ldap_search) returns them
        (its C(results)) with at least C(objectClass), C(adminDescription), C(member) and C(pwdLastSet).
    type: list
    elements: raw
    required: true
  identity:
    description: The C(divalto_identity) inventory variable.
    type: dict
    required: true
  prune:
    description: Remove the marked objects the model no longer has (empty groups and OUs, service accounts).
    type: bool
    default: false
  rotate:
    description: Set a new password on every service account, not only on new ones.
    type: bool
    default: false
  environment:
    description:
      - One environment only (commissioning), its key C(<tenant>_<environment>). Its group and service account are
        created or kept exact, the tenants' OU and its tenant's OU created when missing and otherwise left alone;
        nothing else is changed, and nothing is stale. Excludes O(remove_environment) and O(prune).
    type: str
    default: ""
  remove_environment:
    description:
      - Remove one environment's group and service account (decommissioning), its key C(<tenant>_<environment>),
        while the environment is still in the model. Only marked objects of the right kind are removed; a group
        with members is kept and its members listed in C(kept); the OUs and everything else are left alone.
        Excludes O(environment) and O(prune).
    type: str
    default: ""
seealso:
  - module: divalto.cloud.directory_password
"""

EXAMPLES = r"""
- name: Decide what to change
  divalto.cloud.directory_plan:
    entries: "{{ found.results }}"
    identity: "{{ divalto_identity }}"
    prune: false
  register: decided

- name: Decide what to remove of a decommissioned environment
  divalto.cloud.directory_plan:
    entries: "{{ found.results }}"
    identity: "{{ divalto_identity }}"
    remove_environment: acme_staging
  register: decided
"""

RETURN = r"""
plan:
  description:
    - C(create) (C(dn), C(kind) C(ou), C(group) or C(account), C(attributes) with C(objectClass)), parents first;
      C(ensure) (C(dn), C(kind), C(exists), C(attributes) kept exact); C(passwords) (C(dn), C(name)); C(remove)
      (DNs, deepest first); C(kept) and C(refused) (C(dn), C(why); a kept group with members also C(members),
      their DNs); C(stale) (DNs left in place without O(prune)).
  returned: success
  type: dict
  sample: {create: [], ensure: [], passwords: [], remove: [], kept: [], stale: [], refused: []}
"""
