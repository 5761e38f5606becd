# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

import csv
import datetime as dt
import json
import pathlib
import re
from zoneinfo import ZoneInfo

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.core.service_calendar import ServiceCalendar
from ansible_collections.divalto.cloud.plugins.module_utils.reports.sla import compute_sla, parse_outages
from ansible_collections.divalto.cloud.plugins.module_utils.reports.sla_render import (
    render_csv,
    render_html,
    render_json,
)

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "sla"
PARIS = ZoneInfo("Europe/Paris")
SERVICE_HOURS = {
    "timezone": "Europe/Paris",
    "days": ["mon", "tue", "wed", "thu", "fri"],
    "start": "08:00",
    "end": "18:00",
    "holidays": {"country": "FR", "subdivision": "57"},
}
ENVIRONMENTS = ["acme_production", "beta_production", "cobalt_production"]


@pytest.fixture(scope="module")
def report():
    """March and April 2026 of fixtures/sla/outages.csv (hand-checked figures in test_hand_checked_figures)."""
    with open(FIXTURES / "outages.csv", encoding="utf-8", newline="") as handle:
        outages = parse_outages(csv.DictReader(handle), source="outages.csv")
    calendar = ServiceCalendar.from_settings(SERVICE_HOURS)
    start, end = dt.datetime(2026, 3, 1, tzinfo=PARIS), dt.datetime(2026, 5, 1, tzinfo=PARIS)
    return compute_sla(outages, calendar, start, end, environments=ENVIRONMENTS)


def test_hand_checked_figures(report):
    rows = {(r["environment"], r["period"]): r for r in csv.DictReader(render_csv(report).splitlines())}
    # March 2026: 22 weekdays, no holiday = 220 h; April: 22 weekdays - Good Friday - Easter Monday = 200 h.
    assert rows[("acme_production", "2026-03")]["service_seconds"] == str(220 * 3600)
    assert rows[("acme_production", "2026-04")]["service_seconds"] == str(200 * 3600)
    # INC-1 across a night: 17:30-18:00 + 08:00-09:00 = 90 min; INC-2 on Good Friday and the waived CHG-3: free.
    assert rows[("acme_production", "2026-04")]["outage_seconds"] == str(90 * 60)
    assert rows[("acme_production", "2026-04")]["availability_percent"] == "99.2500"  # 1 - 1.5 / 200
    assert rows[("acme_production", "2026-03")]["outage_seconds"] == "0"
    # INC-4: 73 min, one minute over the 72 min budget of April; the major INC-5 is free.
    assert rows[("beta_production", "2026-04")]["compliant"] == "false"
    assert rows[("beta_production", "2026")]["availability_percent"] == "99.7103"  # 1 - 73 / (420 * 60)
    assert rows[("cobalt_production", "2026-04")]["availability_percent"] == "100.0000"
    assert not any(r["environment"] == "acme_staging" for r in rows.values())


def test_csv_matches_the_golden_file(report, golden):
    golden(FIXTURES / "sla.csv", render_csv(report))


def test_html_matches_the_golden_file(report, golden):
    golden(FIXTURES / "sla.html", render_html(report))


def test_html_is_self_contained(report):
    page = render_html(report)
    assert "<svg" in page and "<script" not in page
    # the only URL is the SVG namespace: no stylesheet, image or font is fetched
    assert re.findall(r"https?://[^\"' ]+", page) == ["http://www.w3.org/2000/svg"]
    assert "target 99.4 %" in page


def test_html_escapes_names(report):
    odd = dict(report, environments={"<b>&x": report["environments"]["acme_production"]})
    page = render_html(odd)
    assert "&lt;b&gt;&amp;x" in page and "<b>&x" not in page


def test_json_round_trips(report):
    assert json.loads(render_json(report)) == report
    assert render_json(report).endswith("}\n")
