# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: one report document, rendered as Markdown and as a self-contained HTML page.

A capability builds the document (what a person reads: a title, facts, then sections of text and tables) from its
report; this module only renders it, the same way for every report. Pure Python, deterministic (no time of the
run), every value escaped for its format. The HTML page carries its style inline and references nothing outside
itself (no script, no stylesheet, no image, no link), so it can be mailed, archived and opened offline.

A document is a mapping::

    {"title": str,
     "facts": [(label, value), ...],
     "sections": [{"title": str, "level": 2 or 3, "lines": [str, ...],
                   "header": (column, ...), "rows": [(cell, ...), ...], "empty": str}, ...]}

A section without ``header`` has no table; a table without rows shows ``empty`` (default ``none``). A cell that is a
list is shown joined with commas; ``None`` as nothing. A row whose first cell starts with ``!`` is a warning: the
mark is dropped, the row is shown in bold (Markdown) or highlighted (HTML).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

STYLE = (
    "body{font-family:sans-serif;margin:2em;color:#222}"
    "table{border-collapse:collapse;margin:0.5em 0 1.5em}"
    "th,td{border:1px solid #bbb;padding:0.25em 0.6em;text-align:left;vertical-align:top}"
    "th{background:#eee}tr.warn td{background:#fde2e1;font-weight:bold}"
    "dt{font-weight:bold;float:left;clear:left;margin-right:0.5em}dd{margin:0 0 0.3em}"
    ".empty{color:#777}"
)
WARNING = "!"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Sequence) and not isinstance(value, str):
        return ", ".join(_text(item) for item in value)
    return str(value)


def _row(row: Sequence[Any]) -> tuple[bool, list[str]]:
    """``(warning, cells)`` of a row."""
    cells = [_text(cell) for cell in row]
    warning = bool(cells) and cells[0].startswith(WARNING)
    if warning:
        cells[0] = cells[0][len(WARNING) :]
    return warning, cells


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_markdown(document: Mapping[str, Any]) -> str:
    """The document as Markdown (GitHub tables), ending with one newline."""
    lines = ["# %s" % _md_cell(document["title"]), ""]
    lines += ["- %s: %s" % (_md_cell(label), _md_cell(_text(value))) for label, value in document.get("facts", ())]
    for section in document.get("sections", ()):
        lines += ["", "%s %s" % ("#" * section.get("level", 2), _md_cell(section["title"])), ""]
        lines += [_md_cell(line) for line in section.get("lines", ())]
        if "header" not in section:
            continue
        if section.get("lines"):
            lines.append("")
        rows = [_row(row) for row in section.get("rows", ())]
        if not rows:
            lines.append(section.get("empty", "none"))
            continue
        lines.append("| %s |" % " | ".join(_md_cell(column) for column in section["header"]))
        lines.append("|" + " --- |" * len(section["header"]))
        for warning, cells in rows:
            shown = [_md_cell(cell) for cell in cells]
            if warning:
                shown = ["**%s**" % cell if cell else cell for cell in shown]
            lines.append("| %s |" % " | ".join(shown))
    return "\n".join(lines).rstrip("\n") + "\n"


def render_html(document: Mapping[str, Any]) -> str:
    """The document as one self-contained HTML page (inline style, nothing referenced outside it)."""
    title = escape(document["title"])
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8"><title>%s</title><style>%s</style></head><body>' % (title, STYLE),
        "<h1>%s</h1>" % title,
    ]
    facts = document.get("facts", ())
    if facts:
        parts.append("<dl>")
        parts += ["<dt>%s</dt><dd>%s</dd>" % (escape(label), escape(_text(value))) for label, value in facts]
        parts.append("</dl>")
    for section in document.get("sections", ()):
        level = min(max(int(section.get("level", 2)), 2), 6)
        parts.append("<h%d>%s</h%d>" % (level, escape(section["title"]), level))
        parts += ["<p>%s</p>" % escape(line) for line in section.get("lines", ())]
        if "header" not in section:
            continue
        rows = [_row(row) for row in section.get("rows", ())]
        if not rows:
            parts.append('<p class="empty">%s</p>' % escape(section.get("empty", "none")))
            continue
        parts.append(
            "<table><thead><tr>%s</tr></thead><tbody>"
            % "".join("<th>%s</th>" % escape(column) for column in section["header"])
        )
        for warning, cells in rows:
            parts.append(
                "<tr%s>%s</tr>"
                % (' class="warn"' if warning else "", "".join("<td>%s</td>" % escape(c) for c in cells))
            )
        parts.append("</tbody></table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
