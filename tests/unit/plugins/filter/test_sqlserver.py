# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.sqlserver_instance filter."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.filter.sqlserver import FilterModule, sqlserver_instance


def test_filters_are_registered():
    assert FilterModule().filters() == {"sqlserver_instance": sqlserver_instance}


def test_sqlserver_instance(example_model):
    machine = example_model["hosts"]["sql-par1-02"]["divalto_machine"]
    assert sqlserver_instance(machine, reserve_min_gb=8, reserve_percent=0)["max_memory_mb"] == 131072 - 8192


def test_sqlserver_instance_error(example_model):
    machine = example_model["hosts"]["app-par1-01"]["divalto_machine"]
    with pytest.raises(AnsibleFilterError, match="^sqlserver_instance: machine app-par1-01 has role 'app', not sql"):
        sqlserver_instance(machine)
