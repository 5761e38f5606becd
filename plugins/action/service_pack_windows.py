# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The service_pack_windows action; documented in plugins/modules/service_pack_windows.py."""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.module_utils.service_pack.plan import (
    prune_plan,
    windows_manifest,
    windows_tamper,
)
from ansible_collections.divalto.cloud.plugins.plugin_utils.controller_action import ControllerAction

_ENTRY = ("files", "top", "entry")


class ActionModule(ControllerAction):
    """What the service_pack role decides on a Windows file server, from what win_find returned."""

    ARGUMENT_SPEC = {
        "stage": {"type": "str", "required": True, "choices": ["manifest", "tamper", "prune"]},
        "files": {"type": "list", "elements": "dict"},
        "top": {"type": "str"},
        "entry": {"type": "dict"},
        "manifest": {"type": "raw"},
        "present": {"type": "list", "elements": "str"},
        "wanted": {"type": "list", "elements": "str"},
        "in_use": {"type": "list", "elements": "str"},
        "prune": {"type": "bool", "default": False},
    }
    REQUIRED_IF = [
        ("stage", "manifest", _ENTRY),
        ("stage", "tamper", _ENTRY),
        ("stage", "prune", ("present", "wanted", "in_use")),
    ]

    def evaluate(self, args, task_vars):
        del task_vars
        if args["stage"] == "manifest":
            return {"manifest": windows_manifest(args["entry"], args["files"], args["top"])}
        if args["stage"] == "tamper":
            return {"problem": windows_tamper(args["manifest"], args["files"], args["top"], args["entry"])}
        return prune_plan(args["present"], args["wanted"], args["in_use"], args["prune"])
