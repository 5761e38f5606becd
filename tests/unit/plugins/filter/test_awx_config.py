# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.awx_config filter."""

from __future__ import annotations

import copy

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.filter.awx_config import FilterModule, awx_config


def arguments(model):
    variables = copy.deepcopy(model["vars"])
    return (
        variables["divalto_platform"],
        variables["divalto_tenants"],
        variables["divalto_environments"],
        variables["divalto_service_packs"],
    )


def test_filter_is_registered():
    assert FilterModule().filters()["awx_config"] is awx_config


def test_returns_the_configuration(example_model):
    config = awx_config(*arguments(example_model))
    assert sorted(config) == [
        "credential_types",
        "credentials",
        "execution_environment",
        "inventory",
        "inventory_source",
        "job_templates",
        "organization",
        "project",
        "schedules",
    ]
    assert awx_config(*arguments(example_model), options={"prefix": "x"})["job_templates"][0]["name"].startswith("x ")


def test_bad_schedules_become_filter_errors(example_model):
    platform, tenants, environments, packs = arguments(example_model)
    platform["schedules"] = {"jobs": {"j": {"job_template": "site", "weekly": ["mon"]}}}
    with pytest.raises(AnsibleFilterError) as caught:
        awx_config(platform, tenants, environments, packs)
    assert "awx_config: schedules.jobs.j.at: expected a quoted time of day 'HH:MM' (required)" in str(caught.value)


def test_bad_options_become_filter_errors(example_model):
    with pytest.raises(AnsibleFilterError) as caught:
        awx_config(*arguments(example_model), options={"colour": "blue"})
    assert "awx_config: awx_config: unknown option 'colour'" in str(caught.value)
