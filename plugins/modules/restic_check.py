#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: restic_check
short_description: Check a restic repository and return restic's verdict as data
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - Runs C(restic check) (with C(--read-data) by default, so every pack is read and verified) on a repository of
    the backup vault and returns RV(ok) and the lines restic reported as RV(errors).
  - The repository is sound only when restic exits with 0 B(and) prints its own success line (C(no errors were
    found)); an exit code of 0 without that line, or any line naming an error, a fatal condition, a mismatch or
    damage, is not.
  - With O(fail_on_errors=false) a damaged repository is a result, not a failure (the restore test records it as a
    failed step and goes on with the other repositories); a restic that cannot be run fails either way.
options:
  read_data:
    description: Read and verify every pack (C(--read-data)), not only the structure.
    type: bool
    default: true
  fail_on_errors:
    description: Fail when the repository is not sound.
    type: bool
    default: true
extends_documentation_fragment:
  - divalto.cloud.restic
  - divalto.cloud.read_only
  - divalto.cloud.read_only.linux
notes:
  - C(restic check) takes restic's exclusive lock for its duration; a backup of the same repository waits for it.
"""

EXAMPLES = r"""
- name: Read and verify every pack of acme_production's file repository
  divalto.cloud.restic_check:
    repository: /srv/vault/repos/acme_production/files
    password_file: /etc/divalto-vault/passwords/acme_production
    fail_on_errors: false
  register: check

- name: Report it
  ansible.builtin.debug:
    msg: "{{ 'sound' if check.ok else check.errors | join('; ') }}"
"""

RETURN = r"""
ok:
  description: Whether the repository is sound.
  returned: always
  type: bool
errors:
  description: What restic reported (at most 50 lines), or why the verdict is not sound.
  returned: always
  type: list
  elements: str
exit_code:
  description: restic's exit code (not C(rc), which Ansible would read as the task's own failure).
  returned: always
  type: int
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.divalto.cloud.plugins.module_utils.backup.restic import (
    RESTIC_OPTIONS,
    parse_check,
    restic_argv,
)

MAX_ERRORS = 50


def main():
    module = AnsibleModule(
        argument_spec=dict(
            RESTIC_OPTIONS,
            read_data=dict(type="bool", default=True),
            fail_on_errors=dict(type="bool", default=True),
        ),
        supports_check_mode=True,
    )
    params = module.params
    executable = module.get_bin_path(params["executable"], required=True)
    argv = restic_argv(executable, params["repository"], params["password_file"]) + ["check"]
    if params["read_data"]:
        argv.append("--read-data")
    rc, stdout, stderr = module.run_command(argv, environ_update={"LC_ALL": "C"})
    verdict = parse_check(stdout, stderr, rc)
    result = dict(changed=False, ok=verdict["ok"], errors=verdict["errors"][:MAX_ERRORS], exit_code=rc)
    if not verdict["ok"] and params["fail_on_errors"]:
        module.fail_json(
            msg="restic check of %s: %s" % (params["repository"], "; ".join(result["errors"][:5])), **result
        )
    module.exit_json(**result)


if __name__ == "__main__":
    main()
