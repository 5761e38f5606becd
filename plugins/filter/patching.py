# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The patching filter; documented in patch_plan_input.yml. The patching role's own values are actions:
patch_arguments, patch_targets (drain targets) and patch_records."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.module_utils.patching import cadence as _patching


def patch_plan_input(platform, cadence, environments=None):
    """The machines, pools and datacenters serving environments rollout_plan needs for ``cadence``."""
    try:
        return _patching.plan_input(platform, cadence, environments)
    except _patching.PatchingError as exc:
        raise AnsibleFilterError("patch_plan_input: %s" % exc) from exc


class FilterModule:
    """The patching filters of divalto.cloud."""

    def filters(self):
        return {"patch_plan_input": patch_plan_input}
