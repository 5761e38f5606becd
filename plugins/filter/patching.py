# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Patching filters; documented in patch_plan_input.yml, patch_arguments.yml, patch_installed.yml
and patch_run_records.yml. The drain targets are the divalto.cloud.patch_targets action."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.module_utils.patching import cadence as _patching


def _call(name, function, *args):
    try:
        return function(*args)
    except _patching.PatchingError as exc:
        raise AnsibleFilterError("%s: %s" % (name, exc)) from exc


def patch_plan_input(platform, cadence, environments=None):
    """The machines, pools and datacenters serving environments rollout_plan needs for ``cadence``."""
    return _call("patch_plan_input", _patching.plan_input, platform, cadence, environments)


def patch_arguments(name, platform, cadence):
    """Components and win_updates / apt arguments of machine ``name``."""
    return _call("patch_arguments", _patching.patch_arguments, name, platform, cadence)


def patch_installed(result, os_name):
    """What a registered apt or win_updates result installed."""
    return _call("patch_installed", _patching.installed, result, os_name)


def patch_run_records(plan, outcomes, previously_drained=()):
    """The run report's records from the plan and the outcomes per machine."""
    return _call("patch_run_records", _patching.run_records, plan, outcomes, previously_drained)


class FilterModule:
    """The patching filters of divalto.cloud."""

    def filters(self):
        return {
            "patch_plan_input": patch_plan_input,
            "patch_arguments": patch_arguments,
            "patch_installed": patch_installed,
            "patch_run_records": patch_run_records,
        }
