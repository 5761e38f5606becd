#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: iis_site_changes
short_description: What differs between an application server's IIS sites and what IIS has
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - Compares the O(sites) of M(divalto.cloud.iis_sites) with the state the C(divalto.cloud.iis) role's
    C(files/iis_state.ps1) read (each site, its folder, its bindings and their certificates).
  - Used so that C(microsoft.iis.website) is given a site's bindings only when they differ - that module re-adds
    the certificate of every binding it is given on every run, in check mode too, without reporting a change -
    and so that check mode on a new machine does not fail on site folders that are not there yet.
extends_documentation_fragment:
  - divalto.cloud.controller_action
options:
  sites:
    description: The C(sites) of M(divalto.cloud.iis_sites).
    type: list
    elements: dict
    required: true
  current:
    description: The C(result) of the script's C(ansible.windows.win_powershell) task.
    type: raw
    required: true
"""

EXAMPLES = r"""
- name: Compare the sites with what IIS has
  divalto.cloud.iis_site_changes:
    sites: "{{ sites.sites }}"
    current: "{{ iis_state.result }}"
  register: changes
"""

RETURN = r"""
changes:
  description:
    - Per site name - C(exists), C(path_exists), C(needs_bindings) (a binding missing, extra, or with another
      certificate or SSL flags) and C(reasons) (what differs, one sentence each).
  returned: success
  type: dict
"""
