# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The hotfix_plan action; documented in plugins/modules/hotfix_plan.py."""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.module_utils.patching.hotfix import health_urls, rollout_plan
from ansible_collections.divalto.cloud.plugins.plugin_utils.model_action import ModelAction


class ActionModule(ModelAction):
    """The ring plan of a hotfix rollout, and the health URL of each environment it moves or finds on the version."""

    # The request's values stay raw: rollout_plan checks their types itself and lists every problem at once.
    ARGUMENT_SPEC = {
        "version": {"type": "raw", "required": True},
        "tenant": {"type": "raw", "default": "all"},
        "rings": {"type": "raw"},
        "current": {"type": "dict", "default": {}},
        "force_window": {"type": "bool", "default": False},
        "reason": {"type": "raw", "default": ""},
        "pairs": {"type": "list", "elements": "str"},
        "allow_downgrade": {"type": "bool", "default": False},
        "downgrade_reason": {"type": "raw", "default": ""},
        "health_url": {"type": "str", "default": ""},
    }

    def compute(self, model, args, task_vars):
        plan = rollout_plan(
            model.environments,
            task_vars.get("divalto_service_packs"),
            args["version"],
            args["tenant"],
            args["rings"],
            args["current"],
            args["force_window"],
            args["reason"],
            args["pairs"],
            args["allow_downgrade"],
            args["downgrade_reason"],
        )
        keys = sorted({move["key"] for move in plan["moves"]} | set(plan["unchanged"]))
        urls = health_urls(model.environments, keys, args["health_url"])
        return {"plan": plan, "health_urls": {url["key"]: url["url"] for url in urls}}
