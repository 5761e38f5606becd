# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The playbooks that take a request check all of it in their first play, on the controller only.

Read from the playbooks' YAML: the first play gathers no facts and each of its tasks runs once, delegated to
localhost, so no machine is contacted before the request passed; its check filter is given every request variable
of its module_utils (``VARIABLES``), each ``| default(none)``, and the playbook's header documents each one. The
behaviour itself is run by tests/integration/targets/playbook_request_checks.
"""

from __future__ import annotations

import pathlib
import re

import pytest
import yaml

from ansible_collections.divalto.cloud.plugins.module_utils.backup.restore_request import VARIABLES as RESTORE
from ansible_collections.divalto.cloud.plugins.module_utils.service_pack.switch_request import VARIABLES as SWITCH

PLAYBOOKS = pathlib.Path(__file__).resolve().parents[2] / "playbooks"
CASES = [
    pytest.param("restore.yml", "divalto.cloud.restore_request", RESTORE, id="restore"),
    pytest.param("switch_service_pack.yml", "divalto.cloud.service_pack_switch_request", SWITCH, id="switch"),
]


def _playbook(name):
    text = (PLAYBOOKS / name).read_text(encoding="utf-8")
    return text, yaml.safe_load(text)


@pytest.mark.parametrize(("name", "check", "variables"), CASES)
def test_the_first_play_runs_on_the_controller_only(name, check, variables):
    plays = _playbook(name)[1]
    first = plays[0]
    assert first["gather_facts"] is False
    assert first["any_errors_fatal"] is True
    assert "roles" not in first and "pre_tasks" not in first
    for task in first["tasks"]:
        assert task.get("run_once") is True, task["name"]
        assert task.get("delegate_to") == "localhost", task["name"]
        assert "ansible.builtin.set_fact" in task, task["name"]
    assert check in str(first["tasks"][0]["ansible.builtin.set_fact"])


@pytest.mark.parametrize(("name", "check", "variables"), CASES)
def test_the_check_is_given_every_request_variable(name, check, variables):
    plays = _playbook(name)[1]
    template = str(plays[0]["tasks"][0]["ansible.builtin.set_fact"])
    given = re.findall(r"'([a-z_]+)': ([a-z_]+) \| default\(none\)", template)
    assert [pair[0] for pair in given] == list(variables)
    assert all(key == value for key, value in given)


@pytest.mark.parametrize(("name", "check", "variables"), CASES)
def test_the_header_documents_every_request_variable(name, check, variables):
    text = _playbook(name)[0]
    header = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    missing = [variable for variable in variables if not re.search(r"\b%s\b" % variable, header)]
    assert missing == []
