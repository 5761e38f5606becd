# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: platform_summary
short_description: Summarise the platform from the tenant inventory
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - Summarises the platform described by the C(divalto.cloud.tenants) inventory - tenants, environments by type,
    which machines serve which environments, and the storage quotas (included plus extensions) placed on each data
    HA pair against its capacity.
  - Takes the inventory variables, so it shows exactly what the playbooks see.
options:
  _input:
    description: The C(divalto_platform) inventory variable.
    type: dict
    required: true
  tenants:
    description: The C(divalto_tenants) inventory variable.
    type: dict
    required: true
  environments:
    description: The C(divalto_environments) inventory variable.
    type: dict
    required: true
  groups:
    description: The C(groups) magic variable.
    type: dict
    required: true
  format:
    description: C(data) returns a dictionary, C(text) a multi-line string for people.
    type: str
    choices: [data, text]
    default: data
"""

EXAMPLES = r"""
- name: Print the platform summary
  ansible.builtin.debug:
    msg: >-
      {{ divalto_platform | divalto.cloud.platform_summary(divalto_tenants, divalto_environments, groups,
         format='text') }}
"""

RETURN = r"""
_value:
  description:
    - With O(format=data), a dictionary with the keys C(tenants), C(environments_by_type), C(machines) and C(storage).
    - With O(format=text), a multi-line string (one table per section).
  type: raw
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.model import PlatformModel, require_records
from ansible_collections.divalto.cloud.plugins.module_utils.reports.platform_summary import render_text, summarize


def platform_summary(platform, tenants, environments, groups, format="data"):  # noqa: A002 - documented option name
    """Summarise the platform; see DOCUMENTATION."""
    if format not in ("data", "text"):
        raise AnsibleFilterError("platform_summary: format must be 'data' or 'text', got %r" % (format,))
    try:
        PlatformModel(platform, environments)
        require_records(tenants, ("name", "subscription", "environments"), "divalto_tenants")
        summary = summarize(platform, tenants, environments, groups)
    except DivaltoError as exc:
        raise AnsibleFilterError("platform_summary: %s" % exc) from exc
    return "\n".join(render_text(summary)) if format == "text" else summary


class FilterModule:
    """divalto.cloud platform filters."""

    def filters(self):
        return {"platform_summary": platform_summary}
