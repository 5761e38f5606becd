#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: tenant_storage_plan
short_description: Paths, groups, shares and quotas of the environments held by a file server
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - Computes what a data-zone file server holds for the environments placed on its HA pair - each environment's
    directory and code directories (C(config), C(overrides), C(addons) with one subdirectory per declared add-on,
    C(erp_files), C(portal_files) when licensed) under the tenant root, its security group, share, implicit file path
    and file quota. Changes nothing.
  - Paths use the file server's notation (C(/) on Linux, C(\) on Windows).
  - The declared add-ons are read from the record's C(implicit_search_list) (lines C(\\<pair>\<share>\addons\<name>)).
  - Quotas are in GiB (1024^3 bytes).
extends_documentation_fragment:
  - divalto.cloud.model_action
  - divalto.cloud.controller_action
options:
  root:
    description: The tenant root directory, absolute (V(/srv/divalto/tenants), V(D:\\divalto\\tenants)).
    type: str
    required: true
  machine:
    description: The inventory name of the file server (its HA pair and operating system); the task's host when left
      out.
    type: str
  selected:
    description:
      - Keys of the environments to plan; each must be placed on the file server's pair, else the task fails.
      - Empty or V(null) plans every environment placed on that pair.
    type: list
    elements: str
  implicit_name:
    description: File name of the implicit file, in each environment's C(config) directory.
    type: str
    default: ImplicitesDefaut.txt
  windows_domain:
    description: On Windows, the domain that qualifies the security groups (C(DOMAIN\group)); empty for none.
    type: str
    default: ""
seealso:
  - plugin: divalto.cloud.tenant_storage_usage
    plugin_type: filter
"""

EXAMPLES = r"""
- name: Compute what this file server holds
  divalto.cloud.tenant_storage_plan:
    root: /srv/divalto/tenants
  register: storage
# storage.environments[0].directories.config == '/srv/divalto/tenants/acme/production/config'
"""

RETURN = r"""
environments:
  description:
    - One entry per environment, sorted by key, with C(key), C(tenant), C(type), C(group), C(principal)
      (the group, domain-qualified on Windows when O(windows_domain) is set), C(share), C(path) (the
      environment's directory, the share's path), C(tenant_path), C(directories) (name to path),
      C(addon_directories), C(implicit_file), C(quota_gb) and C(quota_bytes).
  returned: success
  type: list
  elements: dict
tenant_directories:
  description: The tenants' directories, sorted.
  returned: success
  type: list
  elements: str
directories:
  description:
    - Every directory below the environments' own directories (code and add-on directories) as C(path),
      C(group), C(key); parents before children.
  returned: success
  type: list
  elements: dict
"""
