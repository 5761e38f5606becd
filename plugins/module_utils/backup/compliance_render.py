# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Render a backup compliance result as JSON, Markdown and HTML (private to the divalto.cloud collection).

Pure Python, no Ansible imports. The input is the dict returned by ``backup_compliance.check_compliance``. The
renderers are deterministic (sorted keys, only the evaluation instant ``now`` as a time), so two runs over the same
history give the same files. The HTML page is self-contained: inline CSS, no script, no external resource; one
table per environment, its status in colour (green compliant, red violation, grey no data).
"""

from __future__ import annotations

import json
from html import escape

FILES = ("backup_compliance.json", "backup_compliance.md", "backup_compliance.html")
STATUS_COLOURS = {"compliant": "#1e7b34", "violation": "#b3261e", "no_data": "#6b6b6b"}
STATUS_LABELS = {"compliant": "compliant", "violation": "violation", "no_data": "no data"}
DATABASE_COLUMNS = (
    ("last_full", "last full"),
    ("last_differential", "last differential"),
    ("last_log", "last log"),
    ("restorable_until", "restorable until"),
    ("data_loss_minutes", "data loss (min)"),
)
DATA_SET_COLUMNS = (
    ("latest", "latest snapshot"),
    ("latest_id", "id"),
    ("snapshots", "snapshots"),
    ("data_loss_minutes", "data loss (min)"),
)


def render_json(result):
    """The result as JSON text (sorted keys, two-space indent, final newline)."""
    return json.dumps(result, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _text(value):
    return "-" if value is None else str(value)


def _md(value):
    return _text(value).replace("|", "\\|")


def render_markdown(result, title="Backup compliance"):
    """A Markdown report: a summary table, then per environment its violations and its last backups."""
    summary = result["summary"]
    lines = [
        "# %s" % title,
        "",
        "Evaluated at %s (%s); grace %d min; checks: %s."
        % (result["now"], result["timezone"], result["grace_minutes"], ", ".join(result["checks"])),
        "",
        "Compliant: %d, violation: %d, no data: %d." % (summary["compliant"], summary["violation"], summary["no_data"]),
        "",
        "| environment | status | violations |",
        "| --- | --- | --- |",
    ]
    for key, env in sorted(result["environments"].items()):
        lines.append("| %s | %s | %d |" % (key, STATUS_LABELS[env["status"]], len(env["violations"])))
    for key, env in sorted(result["environments"].items()):
        lines += ["", "## %s: %s" % (key, STATUS_LABELS[env["status"]]), ""]
        if env["violations"]:
            lines += ["| check | kind | data set | database | message |", "| --- | --- | --- | --- | --- |"]
            for violation in env["violations"]:
                lines.append(
                    "| %s | %s | %s | %s | %s |"
                    % tuple(_md(violation[f]) for f in ("check", "kind", "data_set", "database", "message"))
                )
            lines.append("")
        elif env["status"] == "no_data":
            lines += ["No backup history mentions this environment.", ""]
        if env["databases"]:
            lines += [
                "| database | %s |" % " | ".join(column[1] for column in DATABASE_COLUMNS),
                "| --- |%s" % (" --- |" * len(DATABASE_COLUMNS)),
            ]
            for name, facts in sorted(env["databases"].items()):
                lines.append(
                    "| %s | %s |" % (name, " | ".join(_md(facts.get(column[0])) for column in DATABASE_COLUMNS))
                )
            lines.append("")
        if env["data_sets"]:
            lines += [
                "| data set | %s |" % " | ".join(column[1] for column in DATA_SET_COLUMNS),
                "| --- |%s" % (" --- |" * len(DATA_SET_COLUMNS)),
            ]
            for name, facts in sorted(env["data_sets"].items()):
                lines.append(
                    "| %s | %s |" % (name, " | ".join(_md(facts.get(column[0])) for column in DATA_SET_COLUMNS))
                )
    return "\n".join(lines).rstrip("\n") + "\n"


_CSS = """
body { font-family: system-ui, sans-serif; margin: 2em; color: #1b1b1b; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em 0; }
th, td { border: 1px solid #c8c8c8; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
.status { color: #fff; font-weight: bold; padding: 0.1em 0.6em; border-radius: 0.3em; }
h2 { margin-top: 1.5em; }
""".strip()


def _badge(status):
    return '<span class="status" style="background:%s">%s</span>' % (
        STATUS_COLOURS[status],
        escape(STATUS_LABELS[status]),
    )


def _table(headers, rows):
    head = "".join("<th>%s</th>" % escape(h) for h in headers)
    body = "".join("<tr>%s</tr>" % "".join("<td>%s</td>" % cell for cell in row) for row in rows)
    return "<table><thead><tr>%s</tr></thead><tbody>%s</tbody></table>" % (head, body)


def render_html(result, title="Backup compliance"):
    """A self-contained HTML page: the summary, then one table per environment with its status in colour."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8"><title>%s</title><style>%s</style></head><body>'
        % (escape(title), _CSS),
        "<h1>%s</h1>" % escape(title),
        "<p>Evaluated at %s (%s); grace %d min; checks: %s.</p>"
        % (
            escape(result["now"]),
            escape(result["timezone"]),
            result["grace_minutes"],
            escape(", ".join(result["checks"])),
        ),
        _table(
            ("environment", "status", "violations"),
            [
                (
                    '<a href="#%s">%s</a>' % (escape(key), escape(key)),
                    _badge(env["status"]),
                    str(len(env["violations"])),
                )
                for key, env in sorted(result["environments"].items())
            ],
        ),
    ]
    for key, env in sorted(result["environments"].items()):
        parts.append('<h2 id="%s">%s %s</h2>' % (escape(key), escape(key), _badge(env["status"])))
        if env["violations"]:
            parts.append(
                _table(
                    ("check", "kind", "data set", "database", "message"),
                    [
                        [escape(_text(v[f])) for f in ("check", "kind", "data_set", "database", "message")]
                        for v in env["violations"]
                    ],
                )
            )
        elif env["status"] == "no_data":
            parts.append("<p>No backup history mentions this environment.</p>")
        if env["databases"]:
            parts.append(
                _table(
                    ["database"] + [column[1] for column in DATABASE_COLUMNS],
                    [
                        [escape(name)] + [escape(_text(facts.get(column[0]))) for column in DATABASE_COLUMNS]
                        for name, facts in sorted(env["databases"].items())
                    ],
                )
            )
        if env["data_sets"]:
            parts.append(
                _table(
                    ["data set"] + [column[1] for column in DATA_SET_COLUMNS],
                    [
                        [escape(name)] + [escape(_text(facts.get(column[0]))) for column in DATA_SET_COLUMNS]
                        for name, facts in sorted(env["data_sets"].items())
                    ],
                )
            )
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def render_all(result):
    """``{file name: content}`` of the three report files."""
    return dict(zip(FILES, (render_json(result), render_markdown(result), render_html(result))))
