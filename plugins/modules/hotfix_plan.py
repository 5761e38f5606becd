#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: hotfix_plan
short_description: The ring plan of a hotfix rollout, checked before anything changes
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - Checks a hotfix request (a version of the C(divalto_service_packs) catalogue, one tenant or all, rings of
    environment types, a reason when the production window is forced or environments move back) against
    C(divalto_environments), every problem listed in one failure, and returns which environments each ring moves,
    which are already on the version, which are in no ring, and which file-server pairs must hold the new version
    directory first (role C(divalto.cloud.hotfix), docs/hotfix.md).
  - With O(health_url), also the health URL of every environment of the plan, which the ring's gate requests.
extends_documentation_fragment:
  - divalto.cloud.model_action
  - divalto.cloud.controller_action
options:
  version:
    description: The hotfix version (a catalogue version) the environments move to.
    type: raw
    required: true
  tenant:
    description: One tenant, or V(all).
    type: raw
    default: all
  rings:
    description:
      - Lists of environment types, in rollout order; a type may be in one ring only.
      - Default C([[setup], [testing], [training, staging], [production]]).
    type: raw
  current:
    description: Per environment key, C(service_pack) read from its implicit file's header.
    type: dict
    default: {}
  force_window:
    description: Production moves outside its maintenance window; needs O(reason).
    type: bool
    default: false
  reason:
    description: Why production moves outside its maintenance window.
    type: raw
    default: ""
  pairs:
    description:
      - The file-server pairs that have a file server in the run; an environment that must move on another pair is
        refused (a C(--limit) that misses it). Omitted - every pair.
    type: list
    elements: str
  allow_downgrade:
    description:
      - Let environments move to an older version than the one they run (refused otherwise, every such environment
        named); needs O(downgrade_reason).
    type: bool
    default: false
  downgrade_reason:
    description: Why environments move back; kept in the plan (C(downgrade_reason)) and in the run report.
    type: raw
    default: ""
  health_url:
    description:
      - A Python format string with the fields C({hostname}) (the environment's first host name), C({key}),
        C({tenant}), C({type}) and C({https_port}), e.g. C(https://{hostname}:{https_port}/health). Empty - no
        health URL.
    type: str
    default: ""
"""

EXAMPLES = r"""
- name: Plan the rings
  divalto.cloud.hotfix_plan:
    version: v2026_erpx13_p224
    tenant: acme
    health_url: "https://{hostname}:{https_port}/health"
  register: planned
  run_once: true
"""

RETURN = r"""
plan:
  description:
    - C(version), C(tenant), C(rings) (each C(ring), C(name), C(types), C(production), C(environments) to move,
      C(unchanged), C(pairs)), C(moves) (C(key), C(ring), C(from), C(to), C(pair)), C(unchanged), C(not_in_ring),
      C(pairs), C(overrides) (key to version), C(force_window), C(reason), C(downgrades) (C(key), C(from), C(to)),
      C(allow_downgrade), C(downgrade_reason).
  returned: success
  type: dict
health_urls:
  description: With O(health_url), the health URL of each environment of the plan, keyed by environment.
  returned: success
  type: dict
  sample: {acme_production: "https://acme.erp.example:443/health"}
"""
