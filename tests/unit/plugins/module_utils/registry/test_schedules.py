# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The registry's ``schedules:`` section (platform.yml): its schema, and that the inventory passes it through."""

from __future__ import annotations

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.registry.inventory_model import build_inventory_model
from ansible_collections.divalto.cloud.plugins.module_utils.registry.load import RegistryError, load_registry

PLATFORM = "platform.yml"


def problems_of(registry):
    with pytest.raises(RegistryError) as caught:
        load_registry(str(registry.root))
    return "\n".join(str(problem) for problem in caught.value.problems)


def test_example_schedules_reach_divalto_platform(registry):
    model = build_inventory_model(load_registry(str(registry.root)))
    schedules = model["vars"]["divalto_platform"]["schedules"]
    assert schedules["anchor"] == "2026-01-01"
    assert sorted(schedules["jobs"]) == [
        "access_review",
        "backup_compliance",
        "backup_restore_test",
        "directory_sync",
        "patch_monthly_nonprod",
        "patch_monthly_prod",
        "patch_quarterly_nonprod",
        "patch_quarterly_prod",
        "sla_report",
    ]


def test_schedules_are_optional(registry):
    registry.edit(PLATFORM, lambda doc: doc.pop("schedules"))
    model = build_inventory_model(load_registry(str(registry.root)))
    assert "schedules" not in model["vars"]["divalto_platform"]


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda s: s.update(when="daily"), "schedules"),
        (lambda s: s.update(anchor="1 January"), "a date YYYY-MM-DD"),
        (lambda s: s["jobs"]["sla_report"].update(colour="blue"), "colour"),
        (lambda s: s["jobs"]["sla_report"].update(at="6:00"), "a time of day HH:MM"),
        (lambda s: s["jobs"]["patch_monthly_prod"].update(ring="dev"), "schedules.jobs.patch_monthly_prod.ring"),
        (lambda s: s["jobs"]["patch_monthly_prod"].update(after_patch_tuesday=20), "after_patch_tuesday"),
        (lambda s: s["jobs"]["sla_report"].pop("job_template"), "job_template"),
    ],
)
def test_schema_refuses_bad_schedules(registry, change, expected):
    registry.edit(PLATFORM, lambda doc: change(doc["schedules"]))
    found = problems_of(registry)
    assert "platform.yml" in found and expected in found, found
