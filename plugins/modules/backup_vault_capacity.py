#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: backup_vault_capacity
short_description: The capacity report of a backup vault
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - Reads the usage of the file system holding O(root) on the vault itself (C(statvfs), counted as C(df -B1) counts
    it) and returns, in RV(capacity), the size of every repository of O(repositories) per tenant, the file system's
    size, use and free space, and the alerts of O(thresholds) (role C(divalto.cloud.backup_vault)).
  - The repositories are measured by C(divalto.cloud.directory_usage), whose C(bytes) are given in O(sizes); a
    repository absent from them (not initialised, unreadable) is reported as missing.
  - A value of the wrong shape fails naming it; a wrong figure is never reported.
options:
  root:
    description: Absolute path of the vault's root; the file system holding it is measured.
    type: path
    required: true
  repositories:
    description: The repositories of the vault, the C(repositories) of the role's layout (C(path), C(tenant),
      C(environment), C(data_set) each).
    type: list
    elements: dict
    required: true
  sizes:
    description: The bytes of each repository, keyed by path, as C(divalto.cloud.directory_usage) returns them.
    type: dict
    required: true
  thresholds:
    description: Alert levels in percent of the file system used, C(warning_used_percent) (default 80) and
      C(critical_used_percent) (default 90).
    type: dict
    default: {}
extends_documentation_fragment:
  - divalto.cloud.read_only
  - divalto.cloud.read_only.linux
"""

EXAMPLES = r"""
- name: Measure the repositories
  divalto.cloud.directory_usage:
    paths: "{{ layout.repositories | map(attribute='path') | list }}"
    allow_unmeasured: true
  register: usage

- name: Compute the capacity report
  divalto.cloud.backup_vault_capacity:
    root: /srv/backup
    repositories: "{{ layout.repositories }}"
    sizes: "{{ usage.bytes }}"
  register: vault
"""

RETURN = r"""
capacity:
  description: The capacity report.
  returned: always
  type: dict
  contains:
    status:
      description: V(ok), V(warning) (the warning level is reached or a repository is missing) or V(critical).
      type: str
    disk:
      description: C(size_bytes), C(used_bytes), C(free_bytes) and C(used_percent) of the vault's file system.
      type: dict
    thresholds:
      description: The alert levels applied.
      type: dict
    tenants:
      description: Per tenant, C(total_bytes) and the bytes of each repository, keyed C(<environment>/<data set>).
      type: dict
    total_bytes:
      description: The bytes of every repository.
      type: int
    alerts:
      description: One message per alert.
      type: list
      elements: str
  sample:
    status: ok
    disk: {size_bytes: 1073741824000, used_bytes: 322122547200, free_bytes: 751619276800, used_percent: 30.0}
    thresholds: {warning_used_percent: 80, critical_used_percent: 90}
    tenants: {acme: {total_bytes: 3072, repositories: {acme_production/code: 1024, acme_production/files: 2048}}}
    total_bytes: 3072
    alerts: []
"""

import os

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.divalto.cloud.plugins.module_utils.backup.vault import (
    BackupVaultError,
    capacity_report,
    filesystem_usage,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.paths import PathError, check_absolute_paths


def main():
    module = AnsibleModule(
        argument_spec=dict(
            root=dict(type="path", required=True),
            repositories=dict(type="list", elements="dict", required=True),
            sizes=dict(type="dict", required=True),
            thresholds=dict(type="dict", default={}),
        ),
        supports_check_mode=True,
    )
    params = module.params
    try:
        check_absolute_paths("root", [params["root"]])
        disk = filesystem_usage(os.statvfs(params["root"]))
    except PathError as exc:
        module.fail_json(msg="backup_vault_capacity: %s" % exc)
    except OSError as exc:
        module.fail_json(msg="backup_vault_capacity: root %s: %s" % (params["root"], exc.strerror))
    try:
        report = capacity_report({"repositories": params["repositories"]}, params["sizes"], disk, params["thresholds"])
    except BackupVaultError as exc:
        module.fail_json(msg="backup_vault_capacity: %s" % exc)
    module.exit_json(changed=False, capacity=report)


if __name__ == "__main__":
    main()
