# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.hotfix_* filters: thin wrappers that turn errors into AnsibleFilterError."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.filter.hotfix import FilterModule, hotfix_records
from ansible_collections.divalto.cloud.plugins.module_utils.patching.hotfix import rollout_plan

P224 = "v2026_erpx13_p224"


@pytest.fixture(scope="module")
def example(example_model):
    variables = example_model["vars"]
    return variables["divalto_environments"], variables["divalto_service_packs"]


def test_filters_are_registered():
    assert sorted(FilterModule().filters()) == ["hotfix_records"]


def test_records(example):
    environments, catalogue = example
    plan = rollout_plan(environments, catalogue, P224, "cobalt")
    report = hotfix_records(plan, [{"ring": 4, "state": "done", "started": None, "ended": None}])
    assert report["status"] == "succeeded"
    assert hotfix_records(plan, None)["status"] == "succeeded"


def test_records_error_names_the_filter():
    with pytest.raises(AnsibleFilterError) as error:
        hotfix_records({"rings": []}, [{"ring": 9, "state": "bogus"}])
    assert str(error.value).startswith("hotfix_records: ring outcome 0: expected {ring, state, ...}")
