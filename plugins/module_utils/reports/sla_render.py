# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Render an SLA report as JSON, CSV and HTML (private to the divalto.cloud collection; its API may change).

Pure Python, no Ansible imports. The input is the dict returned by :func:`sla.compute_sla`. Every renderer is
deterministic (sorted keys, no timestamps of the run, fixed number formats), so reports can be compared with a
golden file or between two runs. The HTML page is self-contained: inline CSS and an inline SVG chart of the
availability of each environment per month against the target line, no script, no external resource.
"""

from __future__ import annotations

import csv
import io
import json
import math
from html import escape

CSV_FIELDS = (
    "environment",
    "scope",
    "period",
    "service_seconds",
    "outage_seconds",
    "availability_percent",
    "compliant",
)
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")
CHART_HEIGHT = 240
CHART_LEFT = 60
CHART_TOP = 20
CHART_BOTTOM = 40
BAR_WIDTH = 10
GROUP_GAP = 14


def _seconds(value):
    """Whole seconds without a decimal point, else three decimals."""
    return "%d" % value if float(value).is_integer() else "%.3f" % value


def _percent(availability):
    return "%.4f" % (availability * 100)


def _rows(report):
    for name in sorted(report["environments"]):
        env = report["environments"][name]
        scopes = [("total", "%s/%s" % (report["period"]["start"], report["period"]["end"]), env["total"])]
        scopes += [("year", key, env["years"][key]) for key in sorted(env["years"])]
        scopes += [("month", key, env["months"][key]) for key in sorted(env["months"])]
        for scope, period, bucket in scopes:
            yield {
                "environment": name,
                "scope": scope,
                "period": period,
                "service_seconds": _seconds(bucket["service_seconds"]),
                "outage_seconds": _seconds(bucket["outage_seconds"]),
                "availability_percent": _percent(bucket["availability"]),
                "compliant": "true" if bucket["compliant"] else "false",
            }


def render_json(report):
    """The report as indented JSON with sorted keys and a final newline."""
    return json.dumps(report, indent=2, sort_keys=True) + "\n"


def render_csv(report):
    """One row per environment and bucket (total, then years, then months); availability in percent."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in _rows(report):
        writer.writerow(row)
    return out.getvalue()


def _months(report):
    return sorted({key for env in report["environments"].values() for key in env["months"]})


def _y_floor(report):
    """Bottom of the chart's axis: 0.5 % below the lowest of the target and every monthly availability."""
    values = [report["target"]]
    values += [b["availability"] for env in report["environments"].values() for b in env["months"].values()]
    return max(0.0, math.floor((min(values) - 0.001) * 200) / 200)


def _chart(report):
    names = sorted(report["environments"])
    months = _months(report)
    floor = _y_floor(report)
    group = max(1, len(names)) * BAR_WIDTH + GROUP_GAP
    plot_width = max(1, len(months)) * group
    width = CHART_LEFT + plot_width + 20
    height = CHART_TOP + CHART_HEIGHT + CHART_BOTTOM + 18 * len(names)

    def y(value):
        return CHART_TOP + CHART_HEIGHT * (1.0 - (value - floor) / (1.0 - floor))

    target = report["target"]
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img"'
        ' aria-label="Availability per environment per month">' % (width, height, width, height),
        '<rect x="%d" y="%d" width="%d" height="%d" fill="#ffffff" stroke="#cccccc"/>'
        % (CHART_LEFT, CHART_TOP, plot_width, CHART_HEIGHT),
    ]
    ticks = 5
    for i in range(ticks + 1):
        value = floor + (1.0 - floor) * i / ticks
        parts.append(
            '<text x="%d" y="%.1f" font-size="10" text-anchor="end">%.2f %%</text>'
            % (CHART_LEFT - 4, y(value) + 3, value * 100)
        )
    for m, month in enumerate(months):
        x0 = CHART_LEFT + m * group + GROUP_GAP / 2
        for e, name in enumerate(names):
            bucket = report["environments"][name]["months"].get(month)
            if bucket is None:
                continue
            top = y(bucket["availability"])
            parts.append(
                '<rect x="%.1f" y="%.1f" width="%d" height="%.1f" fill="%s"><title>%s %s: %s %%</title></rect>'
                % (
                    x0 + e * BAR_WIDTH,
                    top,
                    BAR_WIDTH,
                    CHART_TOP + CHART_HEIGHT - top,
                    PALETTE[e % len(PALETTE)],
                    escape(name),
                    month,
                    _percent(bucket["availability"]),
                )
            )
        parts.append(
            '<text x="%.1f" y="%d" font-size="10" text-anchor="middle">%s</text>'
            % (x0 + len(names) * BAR_WIDTH / 2, CHART_TOP + CHART_HEIGHT + 14, month)
        )
    parts.append(
        '<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#d62728" stroke-width="1.5" stroke-dasharray="6 3"/>'
        % (CHART_LEFT, y(target), CHART_LEFT + plot_width, y(target))
    )
    parts.append(
        '<text x="%d" y="%.1f" font-size="10" fill="#d62728">target %s %%</text>'
        % (CHART_LEFT + 4, y(target) - 4, _target(target))
    )
    for e, name in enumerate(names):
        ly = CHART_TOP + CHART_HEIGHT + CHART_BOTTOM + 18 * e
        parts.append(
            '<rect x="%d" y="%d" width="10" height="10" fill="%s"/>'
            '<text x="%d" y="%d" font-size="11">%s</text>'
            % (CHART_LEFT, ly - 9, PALETTE[e % len(PALETTE)], CHART_LEFT + 16, ly, escape(name))
        )
    parts.append("</svg>")
    return "\n".join(parts)


def _target(target):
    return ("%.3f" % (target * 100)).rstrip("0").rstrip(".")


def _table(report):
    lines = [
        "<table>",
        "<thead><tr><th>environment</th><th>scope</th><th>period</th><th>service hours</th>"
        "<th>outage minutes</th><th>availability</th><th>compliant</th></tr></thead>",
        "<tbody>",
    ]
    for row in _rows(report):
        css = "ok" if row["compliant"] == "true" else "ko"
        lines.append(
            '<tr class="%s"><td>%s</td><td>%s</td><td>%s</td><td>%.2f</td><td>%.1f</td><td>%s %%</td><td>%s</td></tr>'
            % (
                css,
                escape(row["environment"]),
                row["scope"],
                escape(row["period"]),
                float(row["service_seconds"]) / 3600,
                float(row["outage_seconds"]) / 60,
                row["availability_percent"],
                "yes" if row["compliant"] == "true" else "NO",
            )
        )
    lines += ["</tbody>", "</table>"]
    return "\n".join(lines)


def render_html(report, title="Service level report"):
    """A self-contained HTML page: summary, SVG chart per month, and the table of every bucket."""
    period = report["period"]
    missed = sum(1 for env in report["environments"].values() if not env["total"]["compliant"])
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            "<title>%s</title>" % escape(title),
            "<style>",
            "body{font-family:sans-serif;margin:2em;color:#222}",
            "table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:2px 8px;text-align:right}",
            "td:first-child,td:nth-child(2),td:nth-child(3){text-align:left}",
            "tr.ko td{background:#fde0e0}",
            "</style>",
            "</head>",
            "<body>",
            "<h1>%s</h1>" % escape(title),
            "<p>Period %s to %s; target %s %% availability inside service hours; %d environment(s), %d below"
            " target over the period.</p>"
            % (
                escape(period["start"]),
                escape(period["end"]),
                _target(report["target"]),
                len(report["environments"]),
                missed,
            ),
            "<h2>Availability per month</h2>",
            _chart(report),
            "<h2>Details</h2>",
            _table(report),
            "</body>",
            "</html>",
            "",
        ]
    )
