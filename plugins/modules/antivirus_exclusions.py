#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: antivirus_exclusions
short_description: Microsoft Defender path exclusions of a Windows machine
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - Computes the path exclusions of a Windows machine from its role and the environments it serves. Changes nothing;
    the C(divalto.cloud.antivirus) role sets them.
  - C(sql) - O(sql_directories) (data, log and backup directories of SQL Server).
  - 'C(app) - O(hpf_root) and its O(hpf_directories); for each served environment, the service-pack root
    C(\\<file pair>\<service_pack_share>) and the tenant share C(\\<file pair>\<share>) on its file pair.'
  - C(file) - O(file_roots).
  - Every role - O(extra).
  - Absolute Windows paths without a trailing separator, case-insensitive duplicates removed, sorted
    case-insensitively. Fails for a Linux machine, another role, or a relative path.
extends_documentation_fragment:
  - divalto.cloud.model_action
  - divalto.cloud.controller_action
options:
  machine:
    description: The inventory name of the machine; the task's host when left out.
    type: str
  sql_directories:
    description: SQL Server's data, log and backup directories; required for C(sql).
    type: list
    elements: str
    default: []
  hpf_root:
    description: The HPF runtime's install root.
    type: str
    default: C:\divalto
  hpf_directories:
    description: Directories under O(hpf_root) to list as well.
    type: list
    elements: str
    default: [sys, DivaltoLog]
  service_pack_share:
    description: Share name of the service-pack root on the file pairs; C(divalto_platform.settings.service_pack_share)
      when left out.
    type: str
  file_roots:
    description: The file server's roots; required for C(file).
    type: list
    elements: str
    default: []
  extra:
    description: Further paths to exclude on any role.
    type: list
    elements: str
    default: []
"""

EXAMPLES = r"""
- name: Compute this SQL Server's exclusions
  divalto.cloud.antivirus_exclusions:
    sql_directories: ['D:\MSSQL\Data', 'E:\MSSQL\Log']
  register: antivirus
"""

RETURN = r"""
exclusions:
  description: The paths to exclude.
  returned: success
  type: list
  elements: str
"""
