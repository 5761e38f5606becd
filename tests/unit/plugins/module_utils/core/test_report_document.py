# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One report document rendered as Markdown and as a self-contained, escaped HTML page."""

from __future__ import annotations

import re

from ansible_collections.divalto.cloud.plugins.module_utils.core.report_document import render_html, render_markdown

DOCUMENT = {
    "title": "Access review, 2026-12-01T08:00:00Z",
    "facts": [("grants", 3), ("previous", None)],
    "sections": [
        {"title": "Findings", "header": ("principal", "why"), "rows": [("!bob", "disabled | still granted")]},
        {
            "title": "acme production",
            "level": 3,
            "lines": ["OU: OU=acme"],
            "header": ("a", "b"),
            "rows": [],
            "empty": "no member",
        },
        {"title": "Members", "level": 4, "header": ("account", "flags"), "rows": [("<script>x</script>", ["a", "b"])]},
        {"title": "Notes", "lines": ["not modelled"]},
    ],
}


def test_markdown():
    text = render_markdown(DOCUMENT)
    assert text.startswith("# Access review, 2026-12-01T08:00:00Z\n\n- grants: 3\n- previous: \n")
    assert "| principal | why |\n| --- | --- |\n| **bob** | **disabled \\| still granted** |\n" in text
    assert "### acme production\n\nOU: OU=acme\n\nno member\n" in text
    assert "| <script>x</script> | a, b |" in text
    assert text.endswith("## Notes\n\nnot modelled\n")


def test_html_is_escaped_and_self_contained():
    page = render_html(DOCUMENT)
    assert page.startswith("<!DOCTYPE html>\n") and page.endswith("</body></html>\n")
    assert "<script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page
    assert '<tr class="warn"><td>bob</td><td>disabled | still granted</td></tr>' in page
    assert '<p class="empty">no member</p>' in page
    assert "<h4>Members</h4>" in page and "<dt>previous</dt><dd></dd>" in page
    # Nothing outside the page: no URL, no linked stylesheet, script or image.
    assert not re.search(r"https?:|<link|<script|<img|src=|href=|@import", page)
