# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.hotfix_* filters: thin wrappers that turn errors into AnsibleFilterError."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.filter.hotfix import (
    FilterModule,
    hotfix_health_urls,
    hotfix_plan,
    hotfix_records,
)

P224 = "v2026_erpx13_p224"


@pytest.fixture(scope="module")
def example(example_model):
    variables = example_model["vars"]
    return variables["divalto_environments"], variables["divalto_service_packs"]


def test_filters_are_registered():
    assert sorted(FilterModule().filters()) == ["hotfix_health_urls", "hotfix_plan", "hotfix_records"]


def test_plan_records_and_urls(example):
    environments, catalogue = example
    plan = hotfix_plan(environments, catalogue, P224, "cobalt")
    assert plan["overrides"] == {"cobalt_production": P224}
    pair = environments["cobalt_production"]["placement"]["files"]
    assert hotfix_plan(environments, catalogue, P224, "cobalt", pairs=(pair,))["pairs"] == [pair]
    report = hotfix_records(plan, [{"ring": 4, "state": "done", "started": None, "ended": None}])
    assert report["status"] == "succeeded"
    assert hotfix_records(plan, None)["status"] == "succeeded"
    assert hotfix_health_urls(environments, ("cobalt_production",), "http://x/{key}") == [
        {"key": "cobalt_production", "url": "http://x/cobalt_production"}
    ]
    assert hotfix_health_urls(environments, None) == []


def test_plan_error(example):
    environments, catalogue = example
    with pytest.raises(AnsibleFilterError) as error:
        hotfix_plan(environments, catalogue, "v2026_erpx13_p999")
    assert str(error.value).startswith("hotfix_plan: hotfix_version v2026_erpx13_p999 is not in the service-pack")


def test_plan_unexpected_input(example):
    _environments, catalogue = example
    with pytest.raises(AnsibleFilterError) as error:
        hotfix_plan({"x_setup": {"tenant": "x"}}, catalogue, P224)
    assert (
        str(error.value)
        == "hotfix_plan: divalto_environments['x_setup']: has no type, service_pack, placement, production"
    )


def test_records_error(example):
    environments, catalogue = example
    plan = hotfix_plan(environments, catalogue, P224, "cobalt")
    with pytest.raises(AnsibleFilterError) as error:
        hotfix_records(plan, [{"ring": 7, "state": "done"}])
    assert str(error.value).startswith("hotfix_records: ring outcome 0: expected {ring, state, ...}")


def test_health_urls_error(example):
    environments, _catalogue = example
    with pytest.raises(AnsibleFilterError) as error:
        hotfix_health_urls(environments, ["cobalt_production"], "https://{nope}/")
    assert str(error.value).startswith("hotfix_health_urls: hotfix_health_url 'https://{nope}/': unknown field nope")


def test_plan_refuses_a_downgrade_and_accepts_it_with_a_reason(example):
    environments, catalogue = example
    with pytest.raises(AnsibleFilterError, match=r"^hotfix_plan: hotfix_version v2026_erpx13_p223a is older than"):
        hotfix_plan(environments, catalogue, "v2026_erpx13_p223a", "dentelles")
    plan = hotfix_plan(
        environments, catalogue, "v2026_erpx13_p223a", "dentelles", allow_downgrade=True, downgrade_reason="INC-77"
    )
    assert [entry["key"] for entry in plan["downgrades"]] == ["dentelles_setup"]
