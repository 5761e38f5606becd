# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the base of every action plugin that only computes on the controller.

Such an action never connects to its host and never changes anything. It validates its arguments against
``ARGUMENT_SPEC`` (and ``REQUIRED_IF``, as a module's ``required_if``), then ``evaluate(args, task_vars)`` returns
the result's keys. A ``DivaltoError`` (bad data, a verdict that fails the task) becomes a failed result named after
the action; anything else is a programming error and surfaces with its traceback.

Two kinds derive from it: the verdicts that read what earlier tasks returned (``failover_check``,
``restore_check``, ``iis_site_changes``, ``health_verdict``, ``hotfix_ring``) need nothing more; the
actions that read the domain model derive from ``model_action.ModelAction``.
"""

from __future__ import annotations

from typing import Any

from ansible.plugins.action import ActionBase

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError


class ControllerAction(ActionBase):
    """Computes a result on the controller from its arguments; never changes anything."""

    TRANSFERS_FILES = False
    _requires_connection = False
    _supports_check_mode = True
    _supports_async = False
    ARGUMENT_SPEC: dict[str, dict[str, Any]] = {}
    REQUIRED_IF: list[tuple[str, Any, tuple[str, ...]]] = []

    def run(self, tmp: Any = None, task_vars: dict[str, Any] | None = None) -> dict[str, Any]:
        result = super().run(tmp, task_vars)
        del tmp
        validation, args = self.validate_argument_spec(argument_spec=self.ARGUMENT_SPEC, required_if=self.REQUIRED_IF)
        del validation
        try:
            result.update(self.evaluate(args, task_vars or {}))
        except DivaltoError as exc:
            result.update(failed=True, msg="%s: %s" % (self._task.action.rsplit(".", 1)[-1], exc))
            return result
        result["changed"] = False
        return result

    def evaluate(self, args: dict[str, Any], task_vars: dict[str, Any]) -> dict[str, Any]:
        """The result's keys; raise ``DivaltoError`` on bad data or a failing verdict."""
        raise NotImplementedError
