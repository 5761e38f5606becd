# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The directory_sync_plan action; documented in plugins/modules/directory_sync_plan.py."""

from __future__ import annotations

import json
import os

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.service_calendar import parse_timestamp
from ansible_collections.divalto.cloud.plugins.module_utils.identity.dlmt_export import MAX_BYTES, parse_export
from ansible_collections.divalto.cloud.plugins.module_utils.identity.sync_plan import Guard, sync_plan
from ansible_collections.divalto.cloud.plugins.module_utils.identity.sync_request import require_persistent_state
from ansible_collections.divalto.cloud.plugins.plugin_utils.controller_action import ControllerAction


def _read(path, what, limit=MAX_BYTES):
    """The bytes of the controller's file ``path``."""
    try:
        with open(path, "rb") as handle:
            return handle.read(limit + 1)
    except OSError as exc:
        raise DivaltoError("%s: cannot read %s: %s" % (what, path, exc.strerror or exc)) from None


def read_state(path):
    """The leavers' state kept by the previous applied run, or None when there is none yet."""
    if not path or not os.path.exists(path):
        return None
    data = _read(path, "state_file")
    try:
        state = json.loads(data.decode("utf-8"))
    except ValueError as exc:
        raise DivaltoError("state_file: %s is not the JSON this action keeps: %s" % (path, exc)) from None
    if state is None:
        # A file holding null is not "no state yet": the leavers' dates would silently start again.
        raise DivaltoError("state_file: %s holds null, not the leavers' state this action keeps" % path)
    return state


class ActionModule(ControllerAction):
    """The DLMT membership sync's plan, from the export, the directory's entries and the leavers' state."""

    ARGUMENT_SPEC = {
        "export": {"type": "str", "required": True},
        "identity": {"type": "dict", "required": True},
        "groups": {"type": "list", "elements": "raw", "required": True},
        "users": {"type": "list", "elements": "raw", "required": True},
        "state_file": {"type": "str", "default": ""},
        "state_dir_given": {"type": "bool", "default": False},
        "now": {"type": "str"},
        "grace_days": {"type": "float", "default": 7},
        "max_removal_share": {"type": "float", "default": 0.25},
        "mass_removal_min": {"type": "int", "default": 2},
        "max_run_removal_share": {"type": "float", "default": 0.25},
        "max_export_age_hours": {"type": "float", "default": 26},
        "allow_mass_removal": {"type": "bool", "default": False},
        "reason": {"type": "str", "default": ""},
    }

    def evaluate(self, args, task_vars):
        require_persistent_state(args["state_dir_given"], task_vars)
        guard = Guard(**{name: args[name] for name in Guard.__dataclass_fields__})
        guard.check()
        export = parse_export(_read(args["export"], "export"), args["export"], args["identity"])
        now = parse_timestamp(args["now"], "now") if args["now"] else None
        state = read_state(args["state_file"])
        plan = sync_plan(args["identity"], export, args["groups"], args["users"], state, now, guard)
        return {"plan": plan}
