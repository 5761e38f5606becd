# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.served_environments filter."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.filter.served_environments import FilterModule, served_environments


def test_filter_is_registered():
    assert FilterModule().filters() == {"served_environments": served_environments}


def test_served_environments():
    environments = {"a_production": {"key": "a_production"}, "b_setup": {"key": "b_setup"}}
    assert served_environments(["env_b_setup", "role_app"], environments) == [{"key": "b_setup"}]


def test_error():
    with pytest.raises(AnsibleFilterError, match="^served_environments: group env_x_setup has no record"):
        served_environments(["env_x_setup"], {})
