# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Backup filters: registered names, results passed through, errors converted with the filter's name."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.filter.backup import FilterModule

FILTERS = FilterModule().filters()
PLATFORM = {"datacenters": {"par1": {"role": "primary"}, "sxb1": {"role": "recovery"}}}
POLICY = FILTERS["backup_policy"](PLATFORM)


def test_registered_filters():
    assert sorted(FILTERS) == [
        "backup_authorized_keys",
        "backup_expected_kept",
        "backup_occurrences",
        "backup_policy",
        "backup_restore_test_pick",
        "backup_restore_test_report",
        "backup_select_snapshot",
        "backup_vault_addresses",
        "backup_vault_layout",
        "backup_vaults",
    ]


def test_results():
    assert POLICY["files"]["copy_to"] == "sxb1"
    assert FILTERS["backup_occurrences"](POLICY, "code", "2026-11-23T00:00:00+01:00", "2026-11-24T00:00:00+01:00") == [
        "2026-11-23T22:00:00+01:00"
    ]
    assert FILTERS["backup_expected_kept"]([{"time": "2026-01-01T00:00:00Z"}], 14) == [{"time": "2026-01-01T00:00:00Z"}]
    snap = {"id": "a", "time": "2026-01-01T00:00:00Z", "tags": ["env:e", "set:files"]}
    assert FILTERS["backup_select_snapshot"]([snap], "2026-01-02T00:00:00Z", "e", "files") == snap
    layout = FILTERS["backup_vault_layout"]({"e": {"tenant": "t"}}, POLICY, "sxb1")
    assert layout["tenants"][0]["account"] == "bk_t"
    assert FILTERS["backup_restore_test_pick"]({"e": {"production": True}}, "2026-11-23") == "e"
    verdict = FILTERS["backup_restore_test_report"]("e", [{"name": "n", "state": "passed"}], "a", "b")
    assert verdict["status"] == "passed"
    assert FILTERS["backup_authorized_keys"]([{"t": "ssh-ed25519 K"}]) == {"t": ["ssh-ed25519 K"]}
    machines = {
        "v2": {"role": "backup_vault", "datacenter": "sxb1", "address": "10.0.0.2"},
        "v1": {"role": "backup_vault", "datacenter": "sxb1", "address": "10.0.0.1"},
    }
    assert FILTERS["backup_vaults"](machines) == {"sxb1": "v1"}
    assert FILTERS["backup_vault_addresses"](machines) == {"sxb1": "10.0.0.1"}


@pytest.mark.parametrize(
    "name, args, message",
    [
        (
            "backup_policy",
            ({"datacenters": PLATFORM["datacenters"], "backup": {"grace_minutes": -1}},),
            "backup_policy: backup.grace_minutes: expected an integer >= 0, got -1",
        ),
        (
            "backup_occurrences",
            (POLICY, "hourly", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"),
            "backup_occurrences: unknown backup job 'hourly'",
        ),
        ("backup_expected_kept", ([], 0), "backup_expected_kept: keep_days: expected an integer >= 1"),
        ("backup_select_snapshot", ([], "2026-01-01T00:00:00Z"), "backup_select_snapshot: no snapshot with tags (any)"),
        ("backup_vault_layout", ([], POLICY, "sxb1"), "backup_vault_layout: environments: expected"),
        ("backup_restore_test_pick", ({}, "2026-01-01"), "backup_restore_test_pick: environments: expected"),
        ("backup_restore_test_report", ("e", "x", "a", "b"), "backup_restore_test_report: steps: expected"),
        ("backup_authorized_keys", ("k",), "backup_authorized_keys: expected a list"),
        ("backup_vaults", (["v1"],), "backup_vaults: expected divalto_platform.machines"),
        ("backup_vault_addresses", ({"v1": "x"},), "backup_vault_addresses: expected divalto_platform.machines"),
        (
            "backup_vault_addresses",
            ({"v1": {"role": "backup_vault", "datacenter": "sxb1"}},),
            "backup_vault_addresses: 'address'",
        ),
    ],
)
def test_errors_name_the_filter(name, args, message):
    with pytest.raises(AnsibleFilterError) as caught:
        FILTERS[name](*args)
    assert str(caught.value).startswith(message)
