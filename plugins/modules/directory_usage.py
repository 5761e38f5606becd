#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: directory_usage
short_description: The bytes each directory tree uses on a Linux file server
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - Measures each of O(paths) with C(du -sb) (GNU coreutils - apparent sizes of every file, directory and link, hard
    links counted once) and returns the bytes in RV(bytes), keyed by path. One task for every directory of a file
    server, instead of one C(du) task per environment.
  - The file-server counterpart on Windows is the usage FSRM keeps per quota (role C(divalto.cloud.tenant_storage)).
  - A directory C(du) cannot measure (missing, unreadable) fails the task naming it, or, with
    O(allow_unmeasured=true), is listed in RV(unmeasured) with C(du)'s message. An answer that is not what C(du -sb)
    prints fails; a wrong figure is never returned.
options:
  paths:
    description: Absolute paths of the directories to measure.
    type: list
    elements: path
    required: true
  allow_unmeasured:
    description: List the directories that cannot be measured in RV(unmeasured) instead of failing.
    type: bool
    default: false
extends_documentation_fragment:
  - divalto.cloud.read_only
  - divalto.cloud.read_only.linux
"""

EXAMPLES = r"""
- name: Measure the environments' directories
  divalto.cloud.directory_usage:
    paths:
      - /srv/divalto/tenants/acme/production
      - /srv/divalto/tenants/acme/staging
  register: usage
"""

RETURN = r"""
bytes:
  description: The bytes used under each directory measured.
  returned: always
  type: dict
  sample: {/srv/divalto/tenants/acme/production: 1288490188}
unmeasured:
  description: With O(allow_unmeasured=true), why each directory that could not be measured was not.
  returned: always
  type: dict
  sample: {/srv/divalto/tenants/acme/staging: "du failed: du: cannot access ...: No such file or directory"}
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.divalto.cloud.plugins.module_utils.core.paths import PathError, check_absolute_paths
from ansible_collections.divalto.cloud.plugins.module_utils.data_servers.directory_usage import (
    DirectoryUsageError,
    du_argv,
    parse_du,
)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            paths=dict(type="list", elements="path", required=True),
            allow_unmeasured=dict(type="bool", default=False),
        ),
        supports_check_mode=True,
    )
    try:
        check_absolute_paths("paths", module.params["paths"])
    except PathError as exc:
        module.fail_json(msg=str(exc))
    executable = module.get_bin_path("du", required=True)
    measured, unmeasured = {}, {}
    for path in module.params["paths"]:
        rc, stdout, stderr = module.run_command(du_argv(executable, path), environ_update={"LC_ALL": "C"})
        try:
            measured[path] = parse_du(path, rc, stdout, stderr)
        except DirectoryUsageError as exc:
            unmeasured[path] = str(exc)
    if unmeasured and not module.params["allow_unmeasured"]:
        module.fail_json(
            msg="directory_usage: %s" % "; ".join(list(unmeasured.values())[:5]), bytes=measured, unmeasured=unmeasured
        )
    module.exit_json(changed=False, bytes=measured, unmeasured=unmeasured)


if __name__ == "__main__":
    main()
