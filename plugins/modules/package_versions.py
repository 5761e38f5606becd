#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: package_versions
short_description: The Debian packages installed on a Linux machine, and those installed since an earlier reading
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - Reads dpkg's database (C(dpkg-query -W)) and returns the version of every installed package in RV(versions).
  - With O(since), the RV(versions) of an earlier run of this module, also returns in RV(installed) every package
    installed or upgraded in between, as C(<package> <version>). The patching role reads the machine before and
    after C(ansible.builtin.apt), so that the run report names what dpkg installed, not what apt printed.
  - An answer that is not what C(dpkg-query) prints fails the task with a short excerpt.
options:
  since:
    description: The RV(versions) of an earlier run on the same machine.
    type: dict
extends_documentation_fragment:
  - divalto.cloud.read_only
  - divalto.cloud.read_only.linux
"""

EXAMPLES = r"""
- name: Read the packages before the update
  divalto.cloud.package_versions:
  register: before

- name: Install the updates
  ansible.builtin.apt:
    upgrade: dist
    update_cache: true

- name: Read what was installed
  divalto.cloud.package_versions:
    since: "{{ before.versions }}"
  register: after
"""

RETURN = r"""
versions:
  description: The version of every installed package, keyed by package (C(<name>:<arch>) for a foreign
    architecture).
  returned: always
  type: dict
  sample: {openssl: 3.0.15-1~deb12u1, "libc6:i386": 2.36-9+deb12u9}
installed:
  description: With O(since), each package installed or upgraded since, C(<package> <version>), sorted.
  returned: when O(since) is given
  type: list
  elements: str
  sample: [openssl 3.0.15-1~deb12u1]
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.divalto.cloud.plugins.module_utils.patching.packages import (
    DPKG_QUERY_FORMAT,
    PackageVersionsError,
    newly_installed,
    parse_dpkg_query,
)


def main():
    module = AnsibleModule(argument_spec=dict(since=dict(type="dict")), supports_check_mode=True)
    executable = module.get_bin_path("dpkg-query", required=True)
    rc, stdout, stderr = module.run_command([executable, "-W", "-f", DPKG_QUERY_FORMAT], environ_update={"LC_ALL": "C"})
    if rc != 0:
        module.fail_json(msg="package_versions: dpkg-query failed: %s" % (stderr.strip() or "exit code %d" % rc)[-300:])
    try:
        result = {"versions": parse_dpkg_query(stdout)}
        if module.params["since"] is not None:
            result["installed"] = newly_installed(module.params["since"], result["versions"])
    except PackageVersionsError as exc:
        module.fail_json(msg="package_versions: %s" % exc)
    module.exit_json(changed=False, **result)


if __name__ == "__main__":
    main()
