# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The three renderings of a result with one environment of each status, against golden files."""

from __future__ import annotations

import json
import pathlib
import re

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.backup.compliance import check_compliance
from ansible_collections.divalto.cloud.plugins.module_utils.backup.compliance_render import (
    FILES,
    render_all,
    render_html,
    render_json,
    render_markdown,
)

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "backup_compliance"


def load(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def result():
    inventory = load("example_inventory.json")
    history = [r for r in load("recorded_sql_history.json") if not r["Start"].startswith("2026-11-23T10:00")]
    return check_compliance(
        inventory["platform"],
        inventory["environments"],
        history,
        load("recorded_restic_snapshots.json"),
        now="2026-11-23T10:30:00+01:00",
    )


@pytest.mark.parametrize("name", FILES)
def test_golden(result, name, golden):
    golden(FIXTURES / ("golden_" + name), render_all(result)[name])


def test_json_round_trips(result):
    assert json.loads(render_json(result)) == json.loads(json.dumps(result))


def test_html_is_self_contained_with_status_colours(result):
    page = render_html(result)
    assert not re.search(r"""(src|href)=["'](https?:|//)""", page)
    assert "<script" not in page
    assert page.count("<table>") == 1 + 2 * 2 + 2  # summary; two environments with violations + two facts tables
    assert 'style="background:#b3261e">violation' in page
    assert 'style="background:#6b6b6b">no data' in page


def test_markdown_escapes_pipes(result):
    changed = json.loads(json.dumps(result))
    changed["environments"]["acme_production"]["violations"][0]["message"] = "a | b"
    assert "a \\| b" in render_markdown(changed)
