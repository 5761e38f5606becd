#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: backup_file_plan
short_description: The restic jobs of a file server
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - 'One job per environment placed on the file server''s pair and data set (C(code), C(files)): repository, paths,
    tags, schedules, time limit, key, password file and the restic command lines (systemd C(ExecStart=) lines and
    Windows arguments), from the backup policy of C(platform.yml). Changes nothing; the C(divalto.cloud.file_backup)
    role installs the jobs.'
extends_documentation_fragment:
  - divalto.cloud.model_action
  - divalto.cloud.controller_action
options:
  root:
    description: The tenant root directory.
    type: str
    required: true
  machine:
    description: The inventory name of the file server (its pair and operating system); the task's host when left out.
    type: str
  vaults:
    description:
      - Datacenter -> address of its backup vault.
      - Empty or left out, the address of the machine of role C(backup_vault) of each datacenter.
    type: dict
  selected:
    description: Environment keys to back up, each placed on the file server's pair; empty for every one.
    type: list
    elements: str
  config_dir:
    description: Directory of keys and password files; default C(/etc/divalto/backup) or
      C(C:\ProgramData\divalto\backup).
    type: str
  restic_binary:
    description: The restic executable in the command lines.
    type: str
    default: /usr/bin/restic
seealso:
  - plugin: divalto.cloud.backup_policy
    plugin_type: filter
"""

EXAMPLES = r"""
- name: Compute the restic jobs of this file server
  divalto.cloud.backup_file_plan:
    root: /srv/divalto/tenants
  register: backup

- name: Show the first job's command line
  ansible.builtin.debug:
    msg: "{{ backup.jobs[0].backup_exec }}"
"""

RETURN = r"""
jobs:
  description:
    - The jobs (C(name), C(environment), C(tenant), C(data_set), C(account), C(vault), C(repository),
      C(paths), C(tags), C(forget_args), C(timeout_seconds), C(identity_file), C(password_file), C(sftp_command),
      C(backup_args), C(forget_command_args)), and the forms of the file server's OS only - on Linux C(on_calendar),
      C(backup_exec), C(forget_exec); on Windows C(triggers), C(execution_time_limit), C(backup_arguments),
      C(forget_arguments).
    - C(sftp_command) is split by restic on whitespace and backslashes, so its Windows paths are written with forward
      slashes (which OpenSSH for Windows accepts); C(identity_file) and C(password_file) keep backslashes.
  returned: success
  type: list
  elements: dict
"""
