# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""docs/filters.md lists every filter with its status and callers; every filter has a user outside the roles."""

from __future__ import annotations

import importlib
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
ROW = re.compile(r"^\| `([a-z0-9_]+)` \| `plugins/filter/([a-z0-9_]+)\.py` \| ([a-z-]+) \| (.*) \|$")
STATUSES = ("public", "operators")
CALLERS = ("playbooks", "roles", "molecule", "tests/integration")


def registered():
    filters = {}
    for path in sorted((ROOT / "plugins" / "filter").glob("*.py")):
        module = importlib.import_module("ansible_collections.divalto.cloud.plugins.filter." + path.stem)
        filters.update(dict.fromkeys(module.FilterModule().filters(), path.stem))
    return filters


def documented():
    rows = {}
    for line in (ROOT / "docs" / "filters.md").read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            rows[match.group(1)] = (match.group(2), match.group(3), match.group(4))
    return rows


def callers(name):
    """Where ``divalto.cloud.<name>`` is called: a role, a playbook, a scenario or an integration target."""
    pattern = re.compile(r"divalto\.cloud\.%s(?![a-z_])" % name)
    found = set()
    for top in CALLERS:
        for path in (ROOT / top).rglob("*"):
            if path.suffix in (".yml", ".yaml", ".j2", ".sh", ".py") and pattern.search(
                path.read_text(encoding="utf-8")
            ):
                parts = path.relative_to(ROOT).parts
                found.add("role" if parts[0] == "roles" else "outside")
    return found


def test_every_filter_is_documented_with_its_file():
    filters, rows = registered(), documented()
    assert sorted(rows) == sorted(filters)
    assert {name: rows[name][0] for name in rows} == filters


def test_each_status_is_public_or_operators():
    assert {name: status for name, (_module, status, _users) in documented().items() if status not in STATUSES} == {}


def test_each_status_matches_the_callers():
    wrong = []
    for name, (_module, status, _users) in documented().items():
        found = callers(name)
        expected = "public" if "outside" in found else "operators" if not found else None
        if expected is None:
            wrong.append("%s: called only by roles; compute it in the role's action (private) instead" % name)
        elif status != expected:
            wrong.append("%s: documented %s, its callers make it %s" % (name, status, expected))
    assert wrong == []


def test_operator_filters_are_named_in_the_introduction():
    text = (ROOT / "docs" / "filters.md").read_text(encoding="utf-8")
    operators = [name for name, (_module, status, _users) in documented().items() if status == "operators"]
    assert operators and all("`divalto.cloud.%s`" % name in text or "`%s`" % name in text for name in operators)
