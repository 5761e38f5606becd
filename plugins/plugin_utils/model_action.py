# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the base of the action plugins that compute a host's values from the domain model.

Such an action runs on the controller only (it never connects to the host). It reads ``divalto_platform`` and
``divalto_environments`` from its task's variables, where the inventory plugin stored them once: plain data, no
other host's variables, no templating of the whole platform. That is why these are actions and not filters: a
filter receives the platform through Jinja, which renders every value it touches, and a filter that reads other
hosts goes through ``hostvars``, which costs milliseconds per lookup at the platform's size.

A subclass declares ``ARGUMENT_SPEC`` and implements ``compute(model, args, task_vars)``, returning the result's
keys. Errors are handled as in ``controller_action.ControllerAction``, its base.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.core.model import PlatformModel
from ansible_collections.divalto.cloud.plugins.plugin_utils.controller_action import ControllerAction


class ModelAction(ControllerAction):
    """Computes values from the domain model on the controller; never changes anything."""

    def evaluate(self, args: dict[str, Any], task_vars: dict[str, Any]) -> dict[str, Any]:
        return self.compute(PlatformModel.from_vars(task_vars), args, task_vars)

    @staticmethod
    def machine_of(model: PlatformModel, name: str | None, task_vars: dict[str, Any]) -> tuple[str, Any]:
        """``(name, facts)`` of machine ``name``, the task's host when ``None``.

        The task's host's facts are its own ``divalto_machine`` (which an inventory's ``compose`` may adjust, as the
        Molecule scenarios do); any other machine's come from the model.
        """
        host = str(task_vars.get("inventory_hostname") or "")
        wanted = name or host
        own = task_vars.get("divalto_machine")
        if wanted == host and isinstance(own, Mapping):
            return wanted, own
        return wanted, model.machine(wanted)

    def compute(self, model: PlatformModel, args: dict[str, Any], task_vars: dict[str, Any]) -> dict[str, Any]:
        """The result's keys; raise ``DivaltoError`` on bad data."""
        raise NotImplementedError
