#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: backup_restore_compare
short_description: Compares a restored tree with the file list of its restic snapshot
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - Lists the regular files of O(snapshot) with C(restic ls --json) and the regular files restored under O(target)
    (symbolic links not followed), then returns what differs (C(playbooks/backup_restore_test.yml), on the vault).
  - Every regular file of the snapshot must be restored with its recorded size, and nothing else may appear;
    content is verified by C(restic restore --verify), not here.
  - A failed C(restic ls), an answer that is not its JSON, or a restored tree that cannot be read fails the task
    naming it; it never counts as a pass.
options:
  snapshot:
    description: The id of the snapshot that was restored.
    type: str
    required: true
  target:
    description: The directory the snapshot was restored into (C(restic restore --target)).
    type: path
    required: true
extends_documentation_fragment:
  - divalto.cloud.restic
  - divalto.cloud.read_only
  - divalto.cloud.read_only.linux
"""

EXAMPLES = r"""
- name: Compare the restored tree with the snapshot
  divalto.cloud.backup_restore_compare:
    repository: /srv/backup/acme/repos/acme_production/files
    password_file: /etc/divalto/backup/passwords/acme_production
    snapshot: 4f1c2a3b
    target: /var/tmp/restore-test/files
  register: compared
"""

RETURN = r"""
ok:
  description: Whether the snapshot has files and every one was restored with its size, and nothing else.
  returned: success
  type: bool
files:
  description: The regular files of the snapshot.
  returned: success
  type: int
bytes:
  description: Their bytes.
  returned: success
  type: int
missing:
  description: Files of the snapshot not restored (as they were backed up).
  returned: success
  type: list
  elements: str
unexpected:
  description: Restored files that are not in the snapshot.
  returned: success
  type: list
  elements: str
size_mismatch:
  description: Files restored with another size than the snapshot's.
  returned: success
  type: list
  elements: str
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.divalto.cloud.plugins.module_utils.backup.restic import RESTIC_OPTIONS, restic_argv
from ansible_collections.divalto.cloud.plugins.module_utils.backup.restore_test import (
    RestoreTestError,
    compare_restore,
    restored_files,
    snapshot_files,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt


def main():
    module = AnsibleModule(
        argument_spec=dict(
            RESTIC_OPTIONS,
            snapshot=dict(type="str", required=True),
            target=dict(type="path", required=True),
        ),
        supports_check_mode=True,
    )
    params = module.params
    executable = module.get_bin_path(params["executable"], required=True)
    argv = restic_argv(executable, params["repository"], params["password_file"]) + ["ls", "--json", params["snapshot"]]
    rc, stdout, stderr = module.run_command(argv, environ_update={"LC_ALL": "C"})
    if rc != 0:
        reason = (stderr.strip().splitlines() or ["exit code %d" % rc])[-1]
        module.fail_json(
            msg="backup_restore_compare: restic ls of snapshot %s of %s failed: %s"
            % (params["snapshot"], params["repository"], excerpt(reason, 200)),
            exit_code=rc,
        )
    try:
        result = compare_restore(snapshot_files(stdout), restored_files(params["target"]))
    except RestoreTestError as exc:
        module.fail_json(msg="backup_restore_compare: %s" % exc)
    module.exit_json(changed=False, **result)


if __name__ == "__main__":
    main()
