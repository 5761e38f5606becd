#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: backup_file_removals
short_description: What a file server's backup configuration holds for environments it no longer has
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - Compares the names the C(divalto.cloud.file_backup) role read on a file server (its backup units or scheduled
    tasks, repository password files and SSH key files) with every environment placed on the server's pair (never a
    run's selection only), and returns those of environments and tenants that left it (decommissioned, moved,
    offboarded). Changes nothing; the role removes them.
  - Only the role's own name forms are considered (C(divalto-backup-<key>-<data set>.service) and C(.timer) on
    Linux, the scheduled task C(divalto-backup-<key>-<data set>) on Windows, the password file C(<key>), the key files
    C(bk_<tenant>) and C(bk_<tenant>.pub)); any other name is left in place and listed in C(ignored).
  - Every name must be a plain file or task name (no directory separator or control character), else the task fails
    naming the entry.
extends_documentation_fragment:
  - divalto.cloud.model_action
  - divalto.cloud.controller_action
options:
  installed:
    description:
      - The names read on the machine, by kind. On Linux C(units) (file names of C(/etc/systemd/system) matching
        C(divalto-backup-*)), on Windows C(tasks) (task names of the folder C(\divalto\)); on both C(passwords) and
        C(keys) (file names of the role's C(passwords) and C(keys) directories).
      - A kind left out is read as empty. A single name or C(null) (Windows PowerShell's one- and zero-element lists)
        are taken for a list of one and an empty list.
    type: dict
    required: true
  machine:
    description: The inventory name of the file server (its pair and operating system); the task's host when left out.
    type: str
seealso:
  - module: divalto.cloud.backup_file_plan
"""

EXAMPLES = r"""
- name: Read the backup units installed
  ansible.builtin.find:
    paths: /etc/systemd/system
    patterns: divalto-backup-*
  register: units

- name: Compute what environments that left this file server left behind
  divalto.cloud.backup_file_removals:
    installed:
      units: "{{ units.files | map(attribute='path') | map('basename') | list }}"
  register: removals
"""

RETURN = r"""
timers:
  description: Linux timer units to stop and disable before their files are deleted.
  returned: success
  type: list
  elements: str
units:
  description: Linux unit files (timers and services) to delete from C(/etc/systemd/system).
  returned: success
  type: list
  elements: str
tasks:
  description: Windows scheduled tasks of the folder C(\divalto\) to delete.
  returned: success
  type: list
  elements: str
password_files:
  description: File names to delete from the role's C(passwords) directory.
  returned: success
  type: list
  elements: str
key_files:
  description: File names to delete from the role's C(keys) directory (a tenant's private and public key).
  returned: success
  type: list
  elements: str
  sample: [bk_oldclient, bk_oldclient.pub]
ignored:
  description: 'Names read that are not of the role''s forms, as C(<kind>: <name>); left in place.'
  returned: success
  type: list
  elements: str
"""
