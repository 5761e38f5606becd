# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Running an action plugin as a task would, with the variables the inventory gives the task's host."""

from __future__ import annotations

from unittest.mock import MagicMock

import pytest


def _run(action_class, args, task_vars, check_mode=False, action="divalto.cloud.action"):
    task = MagicMock()
    task.args = dict(args)
    task.action = action
    task.async_val = 0
    task.check_mode = check_mode
    task.diff = False
    plugin = action_class(
        task=task,
        connection=MagicMock(),
        play_context=MagicMock(check_mode=check_mode),
        loader=None,
        templar=None,
        shared_loader_obj=None,
    )
    return plugin.run(task_vars=task_vars)


@pytest.fixture
def host_vars(example_model):
    """``host_vars(name)``: the variables a task on inventory host ``name`` of the example sees (``all`` included)."""

    def build(name):
        variables = dict(example_model["vars"])
        variables.update(example_model["hosts"][name])
        variables["inventory_hostname"] = name
        variables["group_names"] = sorted(
            group for group, entry in example_model["groups"].items() if name in entry["hosts"]
        )
        return variables

    return build


@pytest.fixture
def run_action():
    """``run_action(ActionModule, args, task_vars, check_mode=False)``: the result of one run."""
    return _run
