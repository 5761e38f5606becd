# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Storage usage against the subscribed quotas (private to the divalto.cloud collection; its API may change).

Pure Python, no Ansible imports. Per environment, the database usage (sum of its databases: ERP, portal, BI)
and the file usage (its directories on the file server) are compared with its quota from the inventory
(``quota.database_gb`` / ``quota.files_gb``: the included 10 GB / 50 GB plus the environment's purchased
extensions). Sizes are bytes; a GB is a GiB (1024**3 bytes), as in ``file_storage`` and the FSRM quotas.

Alert levels (compared exactly, on integers: no float rounding at a boundary), usage / quota:

* ``ok`` below 80 %, ``warning`` from 80 %, ``critical`` from 95 %, ``exceeded`` from 100 %;
* ``no_data`` when the usage was not measured (a database missing from the sizes, an environment without a
  file measurement).

Extension proposal (**decision**: the registry counts extensions in whole GB and the service sells them per
environment; the commercial unit is not public, so the unit is a parameter whose default is the size of the
included block, 10 GB of database and 50 GB of files): for an environment at ``warning`` or worse, the
smallest number of units ``n`` such that usage < 80 % of (quota + n x unit). The tenant summary adds up its
environments' proposals (an extension of production never covers staging).
"""

from __future__ import annotations

import json
from fractions import Fraction
from html import escape

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError

GIB = 1024**3
MIB = 1024**2
KINDS = ("databases", "files")
QUOTA_KEYS = {"databases": "database_gb", "files": "files_gb"}
DEFAULT_UNITS = {"database_gb": 10, "files_gb": 50}
THRESHOLDS = (("exceeded", 100), ("critical", 95), ("warning", 80))
TARGET_PERCENT = 80
LEVELS = ("ok", "warning", "critical", "exceeded", "no_data")
SEVERITY = {"no_data": 0, "ok": 1, "warning": 2, "critical": 3, "exceeded": 4}
DATABASE_ROLES = ("erp", "portal", "bi")


class StorageReportError(DivaltoError):
    """Measurements or environment records a storage report cannot be computed from."""


def alert_level(used_bytes, quota_bytes):
    """``ok`` / ``warning`` / ``critical`` / ``exceeded`` for ``used_bytes`` of ``quota_bytes`` (exact)."""
    if used_bytes is None:
        return "no_data"
    if quota_bytes <= 0:
        return "exceeded" if used_bytes > 0 else "ok"
    for level, percent in THRESHOLDS:
        if Fraction(used_bytes) * 100 >= Fraction(quota_bytes) * percent:
            return level
    return "ok"


def extension_units(used_bytes, quota_bytes, unit_bytes):
    """Smallest n >= 0 with used < 80 % of (quota + n x unit)."""
    if used_bytes is None:
        return 0
    if unit_bytes <= 0:
        raise StorageReportError("the extension unit must be positive, got %r bytes" % (unit_bytes,))
    needed = Fraction(used_bytes) * 100 / TARGET_PERCENT  # the quota must be strictly above this
    if needed < quota_bytes:
        return 0
    return int((needed - quota_bytes) // unit_bytes) + 1


def _database_bytes(sizes):
    """{database name: bytes} from ``Get-DbaDatabase`` records (Name, SizeMB) or a {name: MB} mapping.

    One record alone (Windows PowerShell's shape of a one-element list) is a list of one.
    """
    if sizes is None:
        return {}
    if isinstance(sizes, dict) and {"Name", "SizeMB"} <= set(sizes):
        sizes = [sizes]
    if isinstance(sizes, dict):
        items = list(sizes.items())
    elif isinstance(sizes, (list, tuple)):
        items = []
        for index, record in enumerate(sizes):
            if not isinstance(record, dict):
                raise StorageReportError(
                    "database_sizes[%d]: expected an object with Name and SizeMB, got %r" % (index, record)
                )
            name = record.get("Name", record.get("name"))
            size = record.get("SizeMB", record.get("size_mb"))
            if not isinstance(name, str) or not name:
                raise StorageReportError("database_sizes[%d]: no database Name in %r" % (index, record))
            items.append((name, size))
    else:
        raise StorageReportError(
            "database_sizes: expected a list of Get-DbaDatabase records or a dict, got %r" % (sizes,)
        )
    result = {}
    for name, size in items:
        if isinstance(size, bool) or not isinstance(size, (int, float, str)):
            raise StorageReportError("database %s: expected a size in MB, got %r" % (name, size))
        try:
            megabytes = Fraction(str(size))
        except ValueError:
            raise StorageReportError("database %s: expected a size in MB, got %r" % (name, size)) from None
        if megabytes < 0:
            raise StorageReportError("database %s: negative size %r MB" % (name, size))
        result[name] = result.get(name, 0) + int(megabytes * MIB)
    return result


def _file_bytes(key, usage):
    """Bytes used by an environment's files: an integer, or a ``tenant_storage_usage`` entry."""
    value = usage.get("used_bytes") if isinstance(usage, dict) else usage
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise StorageReportError("file_usage[%s]: expected used bytes (a non-negative integer), got %r" % (key, usage))
    return value


def _gb(value):
    return None if value is None else round(value / GIB, 2)


def _measure(used, quota_gb, included_gb, unit_gb, details=None, missing=()):
    quota_bytes = quota_gb * GIB
    level = alert_level(used, quota_bytes)
    units = extension_units(used, quota_bytes, unit_gb * GIB) if SEVERITY[level] >= SEVERITY["warning"] else 0
    entry = {
        "used_bytes": used,
        "used_gb": _gb(used),
        "quota_gb": quota_gb,
        "included_gb": included_gb,
        "extensions_gb": quota_gb - included_gb,
        "percent": None if used is None or not quota_bytes else round(100.0 * used / quota_bytes, 2),
        "level": level,
        "propose_units": units,
        "propose_gb": units * unit_gb,
    }
    if details is not None:
        entry["by_database"] = details
    if missing:
        entry["missing"] = sorted(missing)
    return entry


def _check_environment(key, env):
    if (
        not isinstance(env, dict)
        or not isinstance(env.get("quota"), dict)
        or not isinstance(env.get("databases"), dict)
    ):
        raise StorageReportError("environment %s: not a divalto_environments record (no quota or databases)" % key)
    for name in ("database_gb", "files_gb"):
        if not isinstance(env["quota"].get(name), int):
            raise StorageReportError(
                "environment %s: quota.%s: expected an integer, got %r" % (key, name, env["quota"].get(name))
            )


def compute_report(environments, database_sizes, file_usage, units=None, selected=None):
    """The storage report of ``environments`` (divalto_environments), see the module docstring.

    ``database_sizes``: ``Get-DbaDatabase`` records (``Name``, ``SizeMB``) of every SQL pair, or {name: MB};
    ``file_usage``: {environment key: bytes or ``tenant_storage_usage`` entry}; ``units``: extension unit in
    GB per kind ({database_gb, files_gb}); ``selected``: environment keys to report (default all).
    """
    if not isinstance(environments, dict):
        raise StorageReportError(
            "expected the divalto_environments inventory variable (a dict), got %r" % (environments,)
        )
    if file_usage is None:
        file_usage = {}
    if not isinstance(file_usage, dict):
        raise StorageReportError("file_usage: expected a dict of environment key -> used bytes, got %r" % (file_usage,))
    unit = dict(DEFAULT_UNITS)
    for name, value in (units or {}).items():
        if name not in DEFAULT_UNITS:
            raise StorageReportError("extension_units: unknown key %r (expected database_gb, files_gb)" % (name,))
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise StorageReportError("extension_units.%s: expected a positive number of GB, got %r" % (name, value))
        unit[name] = value
    keys = sorted(environments) if not selected else sorted(set(selected))
    for key in keys:
        if key not in environments:
            raise StorageReportError("environment %r is not in divalto_environments" % (key,))
    unknown = sorted(set(file_usage) - set(environments))
    if unknown:
        raise StorageReportError("file_usage: environments not in divalto_environments: %s" % ", ".join(unknown))
    sizes = _database_bytes(database_sizes)
    report = {"extension_unit_gb": unit, "thresholds_percent": dict(THRESHOLDS), "environments": {}}
    for key in keys:
        env = environments[key]
        _check_environment(key, env)
        quota, extensions = env["quota"], env["quota"].get("extensions", {})
        names = [env["databases"][role] for role in DATABASE_ROLES if env["databases"].get(role)]
        missing = [name for name in names if name not in sizes]
        details = {name: sizes[name] for name in names if name in sizes}
        db_used = None if missing or not names else sum(details.values())
        files_used = _file_bytes(key, file_usage[key]) if key in file_usage else None
        report["environments"][key] = {
            "tenant": env.get("tenant"),
            "type": env.get("type"),
            "production": bool(env.get("production")),
            "databases": _measure(
                db_used,
                quota["database_gb"],
                quota["database_gb"] - extensions.get("database_gb", 0),
                unit["database_gb"],
                details,
                missing,
            ),
            "files": _measure(
                files_used, quota["files_gb"], quota["files_gb"] - extensions.get("files_gb", 0), unit["files_gb"]
            ),
        }
    report["tenants"] = _tenants(report["environments"], unit)
    report["summary"] = {
        level: sum(1 for env in report["environments"].values() for kind in KINDS if env[kind]["level"] == level)
        for level in LEVELS
    }
    return report


def _worst(levels):
    return max(levels, key=lambda level: SEVERITY[level]) if levels else "ok"


def _tenants(environments, unit):
    tenants = {}
    for key in sorted(environments):
        env = environments[key]
        entry = tenants.setdefault(
            env["tenant"],
            {
                "environments": [],
                "alerts": [],
                "propose": {"database_units": 0, "database_gb": 0, "files_units": 0, "files_gb": 0},
            },
        )
        entry["environments"].append(key)
        for kind, prefix in (("databases", "database"), ("files", "files")):
            measure = env[kind]
            if SEVERITY[measure["level"]] >= SEVERITY["warning"] or measure["level"] == "no_data":
                entry["alerts"].append(
                    {"environment": key, "kind": kind, "level": measure["level"], "percent": measure["percent"]}
                )
            entry["propose"][prefix + "_units"] += measure["propose_units"]
            entry["propose"][prefix + "_gb"] += measure["propose_gb"]
    for entry in tenants.values():
        levels = [a["level"] for a in entry["alerts"]]
        entry["level"] = (
            _worst([lvl for lvl in levels if lvl != "no_data"])
            if any(lvl != "no_data" for lvl in levels)
            else ("no_data" if levels else "ok")
        )
    return tenants


def render_json(report):
    """The report as indented JSON with sorted keys and a final newline."""
    return json.dumps(report, indent=2, sort_keys=True) + "\n"


COLOURS = {"ok": "#e6f4ea", "warning": "#fff4ce", "critical": "#fde0c5", "exceeded": "#f8d0d0", "no_data": "#eeeeee"}
STYLE = (
    "body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin-bottom:2em}"
    "th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#f0f0f0}"
    "td.l{text-align:left}"
    + "".join("td.%s{background:%s}" % (name, colour) for name, colour in sorted(COLOURS.items()))
)


def _num(value, suffix=""):
    return "-" if value is None else "%.2f%s" % (value, suffix)


def _measure_cells(measure):
    return '<td>%s</td><td>%d</td><td class="%s">%s</td><td class="l %s">%s</td><td>%s</td>' % (
        _num(measure["used_gb"]),
        measure["quota_gb"],
        measure["level"],
        _num(measure["percent"], " %"),
        measure["level"],
        measure["level"],
        "%d (%d GB)" % (measure["propose_units"], measure["propose_gb"]) if measure["propose_units"] else "",
    )


def render_html(report):
    """A self-contained page (inline CSS, no script): tenants' summary, then every environment."""
    unit = report["extension_unit_gb"]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8"><title>Storage report</title><style>%s</style></head><body>'
        % STYLE,
        "<h1>Storage against quotas</h1>",
        "<p>Levels: warning from 80 %%, critical from 95 %%, exceeded from 100 %% of the quota (included storage plus"
        " extensions). Extension units: %d GB of database, %d GB of files; the proposal brings usage under 80 %%.</p>"
        % (unit["database_gb"], unit["files_gb"]),
        "<h2>Tenants</h2>",
        "<table><tr><th>tenant</th><th>level</th><th>environments</th><th>alerts</th>"
        "<th>database extensions</th><th>file extensions</th></tr>",
    ]
    for name in sorted(report["tenants"]):
        tenant = report["tenants"][name]
        propose = tenant["propose"]
        alerts = ", ".join("%s %s %s" % (a["environment"], a["kind"], a["level"]) for a in tenant["alerts"])
        parts.append(
            '<tr><td class="l">%s</td><td class="l %s">%s</td><td>%d</td><td class="l">%s</td>'
            "<td>%s</td><td>%s</td></tr>"
            % (
                escape(name),
                tenant["level"],
                tenant["level"],
                len(tenant["environments"]),
                escape(alerts) or "none",
                "%d (%d GB)" % (propose["database_units"], propose["database_gb"]) if propose["database_units"] else "",
                "%d (%d GB)" % (propose["files_units"], propose["files_gb"]) if propose["files_units"] else "",
            )
        )
    parts.append("</table>")
    parts.append("<h2>Environments</h2>")
    parts.append(
        '<table><tr><th rowspan="2">environment</th><th colspan="5">databases (GB)</th>'
        '<th colspan="5">files (GB)</th></tr><tr>'
        + "<th>used</th><th>quota</th><th>%</th><th>level</th><th>propose</th>" * 2
        + "</tr>"
    )
    for key in sorted(report["environments"]):
        env = report["environments"][key]
        parts.append(
            '<tr><td class="l">%s</td>%s%s</tr>'
            % (escape(key), _measure_cells(env["databases"]), _measure_cells(env["files"]))
        )
    parts.append("</table>")
    summary = ", ".join("%s: %d" % (level, report["summary"][level]) for level in LEVELS)
    parts.append("<p>Measurements per level: %s.</p>" % summary)
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
