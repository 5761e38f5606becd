# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.service_pack_switch filter: a thin wrapper that turns errors into AnsibleFilterError."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.filter.service_pack import FilterModule, service_pack_switch


def test_filters_are_registered():
    assert sorted(FilterModule().filters()) == ["service_pack_switch"]


def test_switch_errors_become_filter_errors(example_model):
    variables = example_model["vars"]
    with pytest.raises(AnsibleFilterError, match="^unknown tenant 'bob'"):
        service_pack_switch(variables["divalto_environments"], variables["divalto_service_packs"], "bob")
