# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The hotfix-rollout filter, documented in hotfix_records.yml; the ring plan is the hotfix_plan action."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.patching.hotfix import rollout_records


def _call(name, function, *args):
    try:
        return function(*args)
    except DivaltoError as exc:
        raise AnsibleFilterError("%s: %s" % (name, exc)) from None


def hotfix_records(plan, outcomes, forced=None):
    return _call("hotfix_records", rollout_records, plan, list(outcomes or []), list(forced or []))


class FilterModule:
    """divalto.cloud hotfix-rollout filters."""

    def filters(self):
        return {
            "hotfix_records": hotfix_records,
        }
