# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Hotfix-rollout filters; documented in hotfix_plan.yml, hotfix_health_urls.yml and hotfix_records.yml."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.patching.hotfix import (
    health_urls,
    rollout_plan,
    rollout_records,
)


def _call(name, function, *args):
    try:
        return function(*args)
    except DivaltoError as exc:
        raise AnsibleFilterError("%s: %s" % (name, exc)) from None


def hotfix_plan(
    environments,
    catalogue,
    version,
    tenant="all",
    rings=None,
    current=None,
    force_window=False,
    reason="",
    pairs=None,
    allow_downgrade=False,
    downgrade_reason="",
):
    pairs = None if pairs is None else list(pairs)
    return _call(
        "hotfix_plan",
        rollout_plan,
        environments,
        catalogue,
        version,
        tenant,
        rings,
        current,
        force_window,
        reason,
        pairs,
        allow_downgrade,
        downgrade_reason,
    )


def hotfix_health_urls(environments, keys, template=""):
    return _call("hotfix_health_urls", health_urls, environments, list(keys or []), template)


def hotfix_records(plan, outcomes, forced=None):
    return _call("hotfix_records", rollout_records, plan, list(outcomes or []), list(forced or []))


class FilterModule:
    """divalto.cloud hotfix-rollout filters."""

    def filters(self):
        return {
            "hotfix_plan": hotfix_plan,
            "hotfix_health_urls": hotfix_health_urls,
            "hotfix_records": hotfix_records,
        }
