#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: service_pack_versions
short_description: The service-pack versions a file-server pair must hold
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - Every version an environment placed on the file server's HA pair runs, plus the versions asked for explicitly
    (to stage a rollout), as catalogue entries (C(divalto_service_packs)) with their C(version) key, sorted; and the
    versions in use. Changes nothing; the C(divalto.cloud.service_pack) role installs them.
  - A version missing from the catalogue is an error naming it.
extends_documentation_fragment:
  - divalto.cloud.model_action
  - divalto.cloud.controller_action
options:
  machine:
    description: The inventory name of the file server (its HA pair); the task's host when left out.
    type: str
  extra:
    description: Versions to install besides those in use.
    type: list
    elements: str
    default: []
"""

EXAMPLES = r"""
- name: Compute the versions this file server must hold
  divalto.cloud.service_pack_versions:
    extra: [v2026_erpx13_p224]
  register: packs
"""

RETURN = r"""
versions:
  description: Catalogue entries (C(version), C(artifact), C(sha256), C(released), C(kind)), sorted by version.
  returned: success
  type: list
  elements: dict
in_use:
  description: The versions the environments on the pair run, sorted.
  returned: success
  type: list
  elements: str
"""
