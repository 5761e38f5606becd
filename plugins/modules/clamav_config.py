#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: clamav_config
short_description: ClamAV's settings on a Linux machine, from the platform's antivirus section
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - Reads C(antivirus.clamav) of the platform registry (C(divalto_platform.antivirus), docs/registry.md) with its
    defaults and returns the settings lines of C(freshclam.conf) - signatures from the platform's mirrors only
    (C(PrivateMirror)), the standard databases not wanted excluded, the custom databases (C(DatabaseCustomURL)).
  - Fails for a Windows machine (Microsoft Defender protects those) and for settings that give ClamAV no source of
    signatures.
extends_documentation_fragment:
  - divalto.cloud.model_action
  - divalto.cloud.controller_action
options:
  machine:
    description: The machine; the task's host when left out.
    type: str
"""

EXAMPLES = r"""
- name: Compute ClamAV's settings
  divalto.cloud.clamav_config:
  register: clamav
"""

RETURN = r"""
settings:
  description:
    - C(antivirus.clamav) with its defaults (C(mirrors), C(custom_databases), C(standard_databases),
      C(checks_per_day)).
  returned: success
  type: dict
freshclam:
  description: The lines of C(freshclam.conf).
  returned: success
  type: list
  elements: str
role:
  description: The machine's role (C(reverse_proxy), C(file), C(backup_vault)).
  returned: success
  type: str
"""
