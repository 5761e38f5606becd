# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.platform_summary filter."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.filter.platform_summary import FilterModule, platform_summary


def arguments(model):
    variables = model["vars"]
    groups = {name: group["hosts"] for name, group in model["groups"].items()}
    return variables["divalto_platform"], variables["divalto_tenants"], variables["divalto_environments"], groups


def test_filter_is_registered():
    assert FilterModule().filters()["platform_summary"] is platform_summary


def test_data_and_text_formats(example_model):
    data = platform_summary(*arguments(example_model))
    assert sorted(data) == ["environments_by_type", "machines", "storage", "tenants"]
    text = platform_summary(*arguments(example_model), format="text")
    assert text.splitlines()[1] == "Tenants (4)"
    assert text.splitlines()[-1].startswith("  sql-sxb1-a  sql  sxb1   0 envs")


def test_unknown_format(example_model):
    with pytest.raises(AnsibleFilterError, match="format must be 'data' or 'text', got 'html'"):
        platform_summary(*arguments(example_model), format="html")


def test_wrong_input_is_explained(example_model):
    _platform, tenants, environments, groups = arguments(example_model)
    with pytest.raises(AnsibleFilterError, match="^platform_summary: divalto_platform: has no settings, machines, "):
        platform_summary({"pools": {}}, tenants, environments, groups)
