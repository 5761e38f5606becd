# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.service_pack_* filters: thin wrappers that turn errors into AnsibleFilterError."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.filter.service_pack import (
    FilterModule,
    service_pack_manifest,
    service_pack_prune,
    service_pack_switch,
    service_pack_tamper,
)

TOP = "D:\\packs\\v2026_erpx13_p223a"
ENTRY = {"version": "v2026_erpx13_p223a", "artifact": "p.zip", "sha256": "ab" * 32}
FILES = [{"path": TOP + "\\a.txt", "isreg": True, "checksum": "11" * 32}]


def test_filters_are_registered():
    assert sorted(FilterModule().filters()) == [
        "service_pack_manifest",
        "service_pack_prune",
        "service_pack_switch",
        "service_pack_tamper",
    ]


def test_manifest_and_tamper_round_trip():
    manifest = service_pack_manifest(FILES, TOP, ENTRY)
    assert service_pack_tamper(FILES, TOP, manifest, ENTRY) is None
    assert "modified: a.txt" in service_pack_tamper([dict(FILES[0], checksum="22" * 32)], TOP, manifest, ENTRY)


def test_errors_become_filter_errors():
    with pytest.raises(
        AnsibleFilterError, match="service_pack_prune would remove versions still in use: v2026_erpx13_p223a"
    ):
        service_pack_prune(["v2026_erpx13_p223a"], [], ["v2026_erpx13_p223a"], True)
    with pytest.raises(
        AnsibleFilterError,
        match="^windows_manifest: expected the files of ansible.windows.win_find \\(each with a path\\), got ",
    ):
        service_pack_manifest([{"nopath": 1}], TOP, ENTRY)


def test_switch_errors_become_filter_errors(example_model):
    variables = example_model["vars"]
    with pytest.raises(AnsibleFilterError, match="^unknown tenant 'bob'"):
        service_pack_switch(variables["divalto_environments"], variables["divalto_service_packs"], "bob")
