# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: awx_config
short_description: The declarative AWX configuration of the platform
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - Returns everything C(playbooks/awx_configure.yml) applies with the C(awx.awx) modules, computed from the
    inventory variables - organization, execution environment, project, credential types with env injectors,
    placeholder credentials, the inventory and its C(scm) inventory source, one job template per operational
    playbook with its survey, and the schedules whose rrules come from the C(schedules) section of C(platform.yml).
  - C(tools/awx-config) renders the same data into one YAML file for review (C(make awx-config)).
  - See C(docs/awx.md).
options:
  _input:
    description: The C(divalto_platform) inventory variable.
    type: dict
    required: true
  tenants:
    description: The C(divalto_tenants) inventory variable (survey choices).
    type: dict
    required: true
  environments:
    description: The C(divalto_environments) inventory variable (survey choices).
    type: dict
    required: true
  service_packs:
    description: The C(divalto_service_packs) catalogue (survey choices of versions).
    type: dict
    default: {}
  options:
    description:
      - Names and locations, each optional - C(organization), C(project), C(scm_url), C(scm_branch), C(inventory),
        C(inventory_source), C(inventory_source_path), C(execution_environment), C(execution_environment_image),
        C(prefix) (of job template and schedule names).
    type: dict
    default: {}
requirements:
  - python-dateutil
"""

EXAMPLES = r"""
- name: Compute the AWX configuration
  ansible.builtin.set_fact:
    awx: >-
      {{ divalto_platform | divalto.cloud.awx_config(divalto_tenants, divalto_environments,
         divalto_service_packs, {'scm_branch': 'main'}) }}
"""

RETURN = r"""
_value:
  description:
    - A dictionary with the keys C(organization), C(execution_environment), C(project), C(credential_types),
      C(credentials), C(inventory), C(inventory_source), C(job_templates) and C(schedules).
  type: dict
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.module_utils.awx.config import awx_config as _awx_config
from ansible_collections.divalto.cloud.plugins.module_utils.awx.schedules import ScheduleError


def awx_config(platform, tenants, environments, service_packs=None, options=None):
    """The AWX configuration; see DOCUMENTATION."""
    try:
        return _awx_config(platform, tenants, environments, service_packs or {}, options or {})
    except (ScheduleError, ValueError) as exc:
        raise AnsibleFilterError("awx_config: %s" % exc) from exc


class FilterModule:
    """divalto.cloud AWX filters."""

    def filters(self):
        return {"awx_config": awx_config}
