#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: client_access_plan
short_description: The SFTP accounts of clients and distributors on a file server, and what to remove
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - Computes, for the Linux file server of the task's host, the SFTP account of every person granted an environment
    placed on its HA pair by the tenant files (C(client_access)) - its chroot, the bind mounts of the directories it
    is granted (read-only for C(read)), its authorized keys - and the exchange directories of every environment of
    the pair, with their retention. Changes nothing.
  - Also renders the sshd drop-in confining the accounts (C(Match Group)) and the systemd service and timer that
    remove exchange files older than their retention.
  - From what the server holds now (O(members), O(mounted)), lists the accounts, chroots and mounts the tenant files
    no longer give, to remove.
  - Refuses a Windows file server - no account is provided there (docs/client_access.md).
extends_documentation_fragment:
  - divalto.cloud.model_action
  - divalto.cloud.controller_action
options:
  root:
    description: The tenant root directory of the role tenant_storage (V(/srv/divalto/tenants)).
    type: str
    required: true
  chroot_root:
    description: Where the accounts' chroots go, one directory per account, outside the tenant root.
    type: str
    default: /srv/divalto/sftp
  keys_dir:
    description: Where the accounts' authorized keys go, one root-owned file per account.
    type: str
    default: /etc/ssh/divalto_keys
  group:
    description: The group of every managed account, which the sshd drop-in confines.
    type: str
    default: divalto-sftp
  cleanup_name:
    description: Name of the systemd service and timer of the exchange cleanup.
    type: str
    default: divalto-exchange-cleanup
  cleanup_at:
    description: Time of day (HH:MM) of the daily exchange cleanup.
    type: str
    default: "03:00"
  members:
    description: The members of O(group) on the server now.
    type: list
    elements: str
    default: []
  mounted:
    description: The mount targets of the server now.
    type: list
    elements: str
    default: []
"""

EXAMPLES = r"""
- name: Compute the client access of this file server
  divalto.cloud.client_access_plan:
    root: /srv/divalto/tenants
    members: "{{ (group_line.stdout.split(':')[3] | default('')).split(',') }}"
    mounted: "{{ mounts.stdout_lines }}"
  register: access
# access.accounts[0].account == 'acme-stg-dist'
"""

RETURN = r"""
accounts:
  description:
    - One entry per account, sorted by environment then account, with C(account), C(person), C(environment),
      C(group) (the environment's security group), C(chroot), C(directories) (root-owned, of the chroot),
      C(mount_points), C(mounts) (each C(src), C(path), C(opts), C(right)), C(keys_file) and C(authorized_keys) (its
      text).
  returned: success
  type: list
  elements: dict
  sample: [{account: acme-stg-dist, environment: acme_staging, group: gg_acme_staging}]
exchange_directories:
  description: The exchange directories of every environment of the pair (C(path), C(group)), parents first.
  returned: success
  type: list
  elements: dict
  sample: [{path: /srv/divalto/tenants/acme/staging/exchange, group: gg_acme_staging}]
retention:
  description: Per environment, C(key), C(days) and the exchange C(paths) the cleanup empties.
  returned: success
  type: list
  elements: dict
  sample: [{key: acme_staging, days: 30, paths: [/srv/divalto/tenants/acme/staging/exchange/in]}]
quota:
  description:
    - Per environment with write grants, C(key), C(path) (its directory), C(quota_bytes) (its files quota) and
      C(write_mounts), which the quota check remounts read-only while the environment is at or over its quota.
  returned: success
  type: list
  elements: dict
  sample: [{key: acme_staging, path: /srv/divalto/tenants/acme/staging, quota_bytes: 53687091200,
            write_mounts: [/srv/divalto/sftp/acme-stg-dist/code/addons]}]
sshd_config:
  description: The sshd drop-in text.
  returned: success
  type: str
  sample: "Match Group divalto-sftp\n    ChrootDirectory /srv/divalto/sftp/%u\n"
cleanup_service:
  description: The text of the cleanup's systemd service.
  returned: success
  type: str
  sample: "[Service]\nType=oneshot\n"
cleanup_timer:
  description: The text of the cleanup's systemd timer.
  returned: success
  type: str
  sample: "[Timer]\nOnCalendar=*-*-* 03:00:00\n"
remove:
  description: What the tenant files no longer give - C(accounts), their C(chroots), and C(mounts) (deepest first).
  returned: success
  type: dict
  sample: {accounts: [acme-prd-old], chroots: [/srv/divalto/sftp/acme-prd-old], mounts: []}
"""
