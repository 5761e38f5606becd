# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

import datetime as dt

import pytest
import yaml
from ansible import constants as C
from ansible.errors import AnsibleLookupError, AnsibleOptionsError

from ansible_collections.divalto.cloud.plugins.lookup import maintenance_windows as plugin

SERVICE_HOURS = {
    "timezone": "Europe/Paris",
    "days": ["mon", "tue", "wed", "thu", "fri"],
    "start": "08:00",
    "end": "18:00",
    "holidays": {"country": "FR", "subdivision": "57"},
}
WINDOWS = {
    "nonprod": [{"days": ["mon", "tue", "wed", "thu", "fri"], "start": "19:00", "end": "07:00"}],
    "prod": [{"days": ["sat"], "start": "20:00", "end": "06:00"}, {"days": ["sun"], "start": "06:00", "end": "14:00"}],
}
SETTINGS = {"service_hours": SERVICE_HOURS, "maintenance_windows": WINDOWS}


@pytest.fixture(scope="module")
def lookup():
    """The plugin with its options defined from its DOCUMENTATION, as the plugin loader would do."""
    name = "divalto.cloud.maintenance_windows"
    if not C.config.has_configuration_definition("lookup", name):
        options = yaml.safe_load(plugin.DOCUMENTATION)["options"]
        C.config.initialize_plugin_configuration_definitions("lookup", name, options)
    instance = plugin.LookupModule()
    instance._load_name = name
    return instance


def test_required_settings_are_enforced(lookup):
    with pytest.raises(AnsibleOptionsError, match=r"^Required config 'maintenance_windows' for 'divalto\.cloud\."):
        lookup.run(["prod"], {}, service_hours=SERVICE_HOURS)


def test_next_three_production_windows(lookup):
    result = lookup.run(["prod"], {}, count=3, after="2026-12-01T00:00:00+01:00", **SETTINGS)
    assert result == [
        {"start": "2026-12-05T20:00:00+01:00", "end": "2026-12-06T06:00:00+01:00", "ring": "prod"},
        {"start": "2026-12-06T06:00:00+01:00", "end": "2026-12-06T14:00:00+01:00", "ring": "prod"},
        {"start": "2026-12-12T20:00:00+01:00", "end": "2026-12-13T06:00:00+01:00", "ring": "prod"},
    ]


def test_several_rings_are_concatenated_ring_by_ring(lookup):
    result = lookup.run(["nonprod", "prod"], {}, after="2026-03-27T12:00:00+01:00", **SETTINGS)
    assert result == [
        {"start": "2026-03-27T19:00:00+01:00", "end": "2026-03-28T07:00:00+01:00", "ring": "nonprod"},
        {"start": "2026-03-28T20:00:00+01:00", "end": "2026-03-29T06:00:00+02:00", "ring": "prod"},
    ]


def test_after_defaults_to_now(lookup, monkeypatch):
    monkeypatch.setattr(plugin, "_utcnow", lambda: dt.datetime(2026, 10, 24, 12, 0, tzinfo=dt.UTC))
    result = lookup.run(["prod"], {}, **SETTINGS)
    assert result == [{"start": "2026-10-24T20:00:00+02:00", "end": "2026-10-25T06:00:00+01:00", "ring": "prod"}]


@pytest.mark.parametrize(
    "terms, options, message",
    [
        (["staging"], {}, r"^divalto\.cloud\.maintenance_windows: unknown ring 'staging': no maintenance windows"),
        (
            ["prod"],
            {"after": "2026-12-01T00:00:00"},
            r"^divalto\.cloud\.maintenance_windows: after: timestamp "
            r"'2026-12-01T00:00:00' has no UTC offset",
        ),
        (["prod"], {"count": 0}, r"^divalto\.cloud\.maintenance_windows: count: expected a positive integer, got 0$"),
        (
            ["prod"],
            {"maintenance_windows": dict(WINDOWS, prod=[{"days": ["sat"], "start": "20h", "end": "06:00"}])},
            r"^divalto\.cloud\.maintenance_windows: maintenance_windows\.prod\[0\]\.start: expected a time of day",
        ),
    ],
)
def test_errors(lookup, terms, options, message):
    kwargs = dict(SETTINGS, after="2026-12-01T00:00:00+01:00")
    kwargs.update(options)
    with pytest.raises(AnsibleLookupError, match=message):
        lookup.run(terms, {}, **kwargs)
