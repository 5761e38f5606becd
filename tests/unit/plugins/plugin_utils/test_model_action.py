# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""plugin_utils.model_action: data errors become clean failures, programming errors stay visible."""

from __future__ import annotations

from unittest.mock import MagicMock

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.model import PlatformModel
from ansible_collections.divalto.cloud.plugins.plugin_utils.model_action import ModelAction


class Probe(ModelAction):
    ARGUMENT_SPEC = {"raise": {"type": "str", "choices": ["none", "data", "bug"], "default": "none"}}

    def compute(self, model, args, task_vars):
        if args["raise"] == "data":
            raise DivaltoError("machine x: bad data")
        if args["raise"] == "bug":
            return {"oops": {}["missing"]}
        return {"machines": len(model.machines())}


def run(args, task_vars):
    task = MagicMock(args=args, action="divalto.cloud.probe", async_val=0, check_mode=False, diff=False)
    plugin = Probe(task, MagicMock(), MagicMock(), None, None, None)
    return plugin.run(task_vars=task_vars)


def test_result_is_unchanged_and_has_the_computed_keys(example_model):
    result = run({}, dict(example_model["vars"]))
    assert result["changed"] is False
    assert result["machines"] == len(example_model["hosts"])


def test_data_errors_are_failures_named_after_the_action(example_model):
    result = run({"raise": "data"}, dict(example_model["vars"]))
    assert result == {"failed": True, "msg": "probe: machine x: bad data"}


def test_programming_errors_are_not_masked(example_model):
    with pytest.raises(KeyError):
        run({"raise": "bug"}, dict(example_model["vars"]))


def test_missing_model_is_a_failure():
    assert run({}, {})["msg"] == "probe: divalto_platform is not defined: the inventory is not divalto.cloud.tenants"


def test_the_task_hosts_own_facts_are_its_divalto_machine(example_model):
    variables = dict(example_model["vars"], **example_model["hosts"]["fs-par1-03"], inventory_hostname="fs-par1-03")
    variables["divalto_machine"] = dict(variables["divalto_machine"], os="linux")
    model = PlatformModel.from_vars(variables)
    assert ModelAction.machine_of(model, None, variables) == ("fs-par1-03", variables["divalto_machine"])
    assert ModelAction.machine_of(model, "fs-par1-03", variables)[1]["os"] == "linux"
    other = ModelAction.machine_of(model, "fs-par1-04", variables)
    assert other == ("fs-par1-04", example_model["hosts"]["fs-par1-04"]["divalto_machine"])
