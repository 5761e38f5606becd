#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: clamav_scan
short_description: Scan directories with the running ClamAV daemon and return the detections as data
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - Runs C(clamdscan) (the C(clamd) of the machine, its signatures from the platform's mirrors) over O(paths) and
    returns what it found in RV(detections), each with the signature and where the file was quarantined.
  - Infected files are moved into O(quarantine) (created C(0700), root only); in check mode nothing is moved and the
    detections are reported all the same.
  - The Linux counterpart of Microsoft Defender's threat detections on the Windows machines (role
    C(divalto.cloud.antivirus)); the role's scheduled scan runs the same command.
  - A file found fails the task unless O(fail_on_detection=false); a scan that could not read something lists it in
    RV(errors) and fails unless O(fail_on_error=false). An answer of C(clamdscan) that is not one of its own lines is
    an error, never a clean result.
options:
  paths:
    description: Absolute paths of the files or directories to scan.
    type: list
    elements: path
    required: true
  quarantine:
    description: Where infected files are moved.
    type: path
    default: /var/lib/divalto/quarantine
  fail_on_detection:
    description: Fail when something is found (after quarantining it).
    type: bool
    default: true
  fail_on_error:
    description: Fail when a path could not be scanned.
    type: bool
    default: true
attributes:
  check_mode:
    support: full
    description: Scans and reports; moves nothing, and reports a change where a file would have been moved.
  diff_mode:
    support: none
    description: No diff.
  platform:
    support: full
    platforms: posix
    description: Linux machines with C(clamav-daemon) running.
"""

EXAMPLES = r"""
- name: Scan the tenants' directories now
  divalto.cloud.clamav_scan:
    paths: [/srv/divalto/tenants]
    fail_on_detection: false
  register: scan
"""

RETURN = r"""
detections:
  description: What was found (at most 1000).
  returned: always
  type: list
  elements: dict
  contains:
    path:
      description: The file.
      type: str
    signature:
      description: The signature that matched.
      type: str
      sample: Eicar-Signature
    quarantined:
      description: Where the file was moved, or V(null) (check mode, or the move failed).
      type: str
errors:
  description: What could not be scanned, or clamdscan's messages.
  returned: always
  type: list
  elements: str
"""

import os

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.divalto.cloud.plugins.module_utils.app_servers.clamav import (
    ClamavError,
    parse_scan,
    scan_argv,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.paths import PathError


def main():
    module = AnsibleModule(
        argument_spec=dict(
            paths=dict(type="list", elements="path", required=True),
            quarantine=dict(type="path", default="/var/lib/divalto/quarantine"),
            fail_on_detection=dict(type="bool", default=True),
            fail_on_error=dict(type="bool", default=True),
        ),
        supports_check_mode=True,
    )
    params = module.params
    executable = module.get_bin_path("clamdscan", required=True)
    quarantine = None if module.check_mode else params["quarantine"]
    try:
        argv = scan_argv(executable, params["paths"], quarantine)
        if quarantine and not os.path.isdir(quarantine):
            os.makedirs(quarantine, mode=0o700)
        rc, stdout, stderr = module.run_command(argv, environ_update={"LC_ALL": "C"})
        result = parse_scan(rc, stdout + stderr)
    except (ClamavError, PathError) as exc:
        module.fail_json(msg="clamav_scan: %s" % exc)
    changed = bool(result["detections"])
    if result["detections"] and params["fail_on_detection"]:
        found = ", ".join("%s (%s)" % (d["path"], d["signature"]) for d in result["detections"][:5])
        module.fail_json(
            msg="clamav_scan: %d file(s) found: %s" % (len(result["detections"]), found), changed=changed, **result
        )
    if result["errors"] and params["fail_on_error"]:
        module.fail_json(msg="clamav_scan: %s" % "; ".join(result["errors"][:5]), changed=changed, **result)
    module.exit_json(changed=changed, **result)


if __name__ == "__main__":
    main()
