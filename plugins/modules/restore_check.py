#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: restore_check
short_description: Whether a database restore did what its plan said, from what msdb says was restored
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - Compares the C(result) of the C(divalto.cloud.restore) role's C(files/sql_restore.ps1) (what
    C(msdb.dbo.restorehistory) recorded for the database, and its state) with the database's entry of the plan of
    M(divalto.cloud.restore_plan).
  - Fails unless the database is C(ONLINE), the files restored are exactly the plan's, the last backup restored is
    the plan's last one (same last LSN) and it stopped at the plan's restore time (or at the end of the backup when
    the plan has none). A restore that did nothing fails here.
extends_documentation_fragment:
  - divalto.cloud.controller_action
options:
  result:
    description: The C(result) of the restore script's C(ansible.windows.win_powershell) task.
    type: raw
    required: true
  plan:
    description: The database's entry of the plan's C(databases) (C(files), C(target_database), C(full),
      C(differential), C(logs), C(restore_time)).
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: Restore acme_staging_erp from its planned chain
  ansible.windows.win_powershell:
    path: sql_restore.ps1
    parameters:
      SqlInstance: localhost
      Database: "{{ item.target_database }}"
      Files: "{{ item.files }}"
      RestoreTime: "{{ item.restore_time or '' }}"
    error_action: stop
  register: restored

- name: Refuse a restore that is not at the planned point
  divalto.cloud.restore_check:
    result: "{{ restored.result }}"
    plan: "{{ item }}"
"""

RETURN = r"""
database:
  description: The database restored.
  returned: success
  type: str
state:
  description: Its state, V(ONLINE).
  returned: success
  type: str
restored:
  description: The backup sets restored into it, in order, with C(type), C(last_lsn), C(stop_at) and C(file).
  returned: success
  type: list
  elements: dict
"""
