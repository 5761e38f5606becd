# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""docs/requests.md lists every variable of every playbook request, and each playbook passes exactly those."""

from __future__ import annotations

import pathlib
import re

import pytest

from ansible_collections.divalto.cloud.plugins.filter.request import PLAYBOOK_REQUESTS
from ansible_collections.divalto.cloud.plugins.module_utils.core.request_spec import names

ROOT = pathlib.Path(__file__).resolve().parents[2]
SPECS = {playbook: entry.variables for playbook, entry in PLAYBOOK_REQUESTS.items()}


def documented(playbook):
    """The variables of the table of ``<playbook>.yml`` in docs/requests.md."""
    text = (ROOT / "docs" / "requests.md").read_text(encoding="utf-8")
    section = text.split("### `%s.yml`" % playbook, 1)[1].split("\n### ", 1)[0]
    return re.findall(r"^\| `([a-z0-9_]+)` \|", section, re.MULTILINE)


def passed(playbook):
    """The variables the first play of ``playbooks/<playbook>.yml`` passes to the check, in order."""
    text = (ROOT / "playbooks" / ("%s.yml" % playbook)).read_text(encoding="utf-8")
    first = text.split("divalto.cloud.playbook_request('%s'" % playbook, 1)[0]
    return re.findall(r"'([a-z0-9_]+)': \1 \| default\(none\)", first)


def test_every_playbook_that_checks_its_request_is_declared_and_no_other():
    """The playbooks whose first play calls playbook_request are exactly the declared requests."""
    calling = sorted(
        path.stem
        for path in (ROOT / "playbooks").glob("*.yml")
        if "divalto.cloud.playbook_request('%s'" % path.stem in path.read_text(encoding="utf-8")
    )
    assert calling == sorted(PLAYBOOK_REQUESTS)


@pytest.mark.parametrize("playbook", sorted(SPECS))
def test_the_docs_list_every_variable(playbook):
    assert documented(playbook) == list(names(SPECS[playbook]))


@pytest.mark.parametrize("playbook", sorted(SPECS))
def test_the_playbook_passes_every_variable(playbook):
    assert passed(playbook) == list(names(SPECS[playbook]))
