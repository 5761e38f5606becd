# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Asset inventory snapshots and their diff (private to the divalto.cloud collection; its API may change).

Pure Python, no Ansible imports. ``machine_record`` turns what ``playbooks/asset_inventory.yml`` collected on
one machine (raw module results, see ``RAW_KEYS``) into a normalised record; ``build_snapshot`` assembles the
records of every machine; ``diff_snapshots`` compares two snapshots (machines added, removed, and per machine
the fields that changed); ``render_*`` write the snapshot as JSON and CSV and the diff as JSON and Markdown.
Every renderer is deterministic (sorted keys, fixed formats), so two snapshots of an unchanged platform differ
only by their ``taken_at``, and golden files can pin them.

Raw data of one machine (every key optional except ``machine``; the playbook fills those its OS has):

* ``machine``: the host's ``divalto_machine`` (inventory); ``group_names``: the host's groups;
* ``facts``: ``ansible_facts`` (``distribution``, ``distribution_version``, ``distribution_release``,
  ``kernel``, ``architecture``; on Windows ``os_name`` and ``distribution_version`` = the OS build);
* ``packages``: Linux, the output of ``dpkg-query -W -f '${Package}\\t${Version}\\n'``;
* ``hotfixes``: Windows, installed updates: a list of ``KB...`` strings or of objects with ``HotFixID``/``id``;
* ``iis_version``: Windows, ``HKLM:\\SOFTWARE\\Microsoft\\InetStp`` ``VersionString`` (``win_reg_stat`` value);
* ``iis_sites``: Windows, the ``site`` list of ``microsoft.iis.website_info``;
* ``sql``: Windows SQL servers, the ``data`` of ``lowlydba.sqlserver.instance_info``;
* ``hpf_version``: Windows application servers, the file version of the HPF data server's executable;
* ``service_pack_dirs``: the entries of the service-pack root (names or paths, directories only).
"""

from __future__ import annotations

import csv
import io
import json
import re

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError

SCHEMA_VERSION = 1
RAW_KEYS = (
    "machine",
    "group_names",
    "facts",
    "packages",
    "hotfixes",
    "iis_version",
    "iis_sites",
    "sql",
    "hpf_version",
    "service_pack_dirs",
)
MACHINE_KEYS = ("role", "zone", "os", "datacenter", "address", "pool", "ha_pair")
ENV_GROUP_PREFIX = "env_"
KB_PATTERN = re.compile(r"^KB[0-9]+$", re.IGNORECASE)
CSV_FIELDS = (
    "machine",
    "role",
    "zone",
    "os",
    "datacenter",
    "address",
    "os_name",
    "os_version",
    "kernel",
    "packages",
    "hotfixes",
    "iis_version",
    "iis_sites",
    "sql_version",
    "hpf_version",
    "service_packs",
    "environments",
)


class AssetInventoryError(DivaltoError):
    """Raw machine data or snapshots that cannot be normalised or compared."""


def _text(value):
    """A stripped string, or None for an empty or missing value."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _parse_packages(name, output):
    if output is None:
        return {}
    if not isinstance(output, str):
        raise AssetInventoryError(
            "machine %s: packages: expected the text output of dpkg-query, got %r" % (name, output)
        )
    packages = {}
    for number, line in enumerate(output.splitlines(), start=1):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != 2 or not fields[0].strip() or not fields[1].strip():
            raise AssetInventoryError(
                "machine %s: packages line %d: expected '<package>\\t<version>', got %r" % (name, number, line)
            )
        packages[fields[0].strip()] = fields[1].strip()
    return dict(sorted(packages.items()))


def _parse_hotfixes(name, hotfixes):
    if hotfixes is None:
        return []
    if isinstance(hotfixes, (str, dict)) or not isinstance(hotfixes, (list, tuple)):
        raise AssetInventoryError("machine %s: hotfixes: expected a list, got %r" % (name, hotfixes))
    found = set()
    for index, item in enumerate(hotfixes):
        ident = item.get("HotFixID", item.get("id")) if isinstance(item, dict) else item
        ident = _text(ident)
        if ident is None or not KB_PATTERN.match(ident):
            raise AssetInventoryError("machine %s: hotfixes[%d]: expected a KB number, got %r" % (name, index, item))
        found.add(ident.upper())
    return sorted(found, key=lambda kb: int(kb[2:]))


def _parse_sites(name, sites):
    if sites is None:
        return []
    if not isinstance(sites, (list, tuple)):
        raise AssetInventoryError(
            "machine %s: iis_sites: expected the site list of website_info, got %r" % (name, sites)
        )
    names = []
    for index, site in enumerate(sites):
        if not isinstance(site, dict) or not _text(site.get("name")):
            raise AssetInventoryError(
                "machine %s: iis_sites[%d]: expected a site with a name, got %r" % (name, index, site)
            )
        names.append(site["name"].strip())
    return sorted(set(names))


def _parse_sql(name, data):
    if data is None or data == {}:
        return None
    if not isinstance(data, dict):
        raise AssetInventoryError("machine %s: sql: expected the data of instance_info, got %r" % (name, data))
    for key in ("VersionString", "ProductLevel", "SqlInstance"):
        # instance_info stringifies versions and enums; an object here would be written as its Python repr
        if data.get(key) is not None and not isinstance(data[key], str):
            raise AssetInventoryError("machine %s: sql: %s: expected a string, got %r" % (name, key, data[key]))
    version = _text(data.get("VersionString"))
    if version is None:
        raise AssetInventoryError("machine %s: sql: instance_info data has no VersionString" % name)
    return {
        "version": version,
        "level": _text(data.get("ProductLevel")),
        "instance": _text(data.get("SqlInstance")),
    }


def _parse_dirs(name, entries):
    if entries is None:
        return []
    if isinstance(entries, (str, dict)) or not isinstance(entries, (list, tuple)):
        raise AssetInventoryError("machine %s: service_pack_dirs: expected a list, got %r" % (name, entries))
    names = set()
    for entry in entries:
        text = _text(entry.get("path") if isinstance(entry, dict) else entry)
        if text is None:
            raise AssetInventoryError("machine %s: service_pack_dirs: empty entry %r" % (name, entry))
        names.add(re.split(r"[\\/]", text.rstrip("\\/"))[-1])
    return sorted(names)


def _served(name, machine, group_names, environments):
    """Keys of the environments the machine serves: its env_* groups, or its datacenter's for a DMZ proxy."""
    if machine.get("role") == "reverse_proxy":
        keys = [key for key, env in environments.items() if env.get("datacenter") == machine.get("datacenter")]
    else:
        keys = [g[len(ENV_GROUP_PREFIX) :] for g in group_names or [] if g.startswith(ENV_GROUP_PREFIX)]
    served = {}
    for key in sorted(set(keys)):
        if key not in environments:
            raise AssetInventoryError("machine %s: group env_%s has no record in divalto_environments" % (name, key))
        served[key] = environments[key].get("service_pack")
    return served


def machine_record(name, raw, environments):
    """The normalised record of machine ``name`` from its raw collected data (module docstring)."""
    if not isinstance(raw, dict):
        raise AssetInventoryError("machine %s: expected a dict of collected data, got %r" % (name, raw))
    unknown = sorted(set(raw) - set(RAW_KEYS))
    if unknown:
        raise AssetInventoryError("machine %s: unknown collected keys: %s" % (name, ", ".join(unknown)))
    machine = raw.get("machine")
    if not isinstance(machine, dict) or "role" not in machine:
        raise AssetInventoryError("machine %s: machine: expected the host's divalto_machine, got %r" % (name, machine))
    facts = raw.get("facts")
    facts = {} if facts is None else facts
    if not isinstance(facts, dict):
        raise AssetInventoryError("machine %s: facts: expected ansible_facts (a dict), got %r" % (name, facts))
    os_name = _text(facts.get("os_name")) or " ".join(
        part for part in (_text(facts.get("distribution")), _text(facts.get("distribution_release"))) if part
    )
    record = {key: machine.get(key) for key in MACHINE_KEYS}
    record.update(
        {
            "os_name": os_name or None,
            "os_version": _text(facts.get("distribution_version")),
            "kernel": _text(facts.get("kernel")),
            "architecture": _text(facts.get("architecture")),
            "packages": _parse_packages(name, raw.get("packages")),
            "hotfixes": _parse_hotfixes(name, raw.get("hotfixes")),
            "iis": {"version": _text(raw.get("iis_version")), "sites": _parse_sites(name, raw.get("iis_sites"))},
            "sql": _parse_sql(name, raw.get("sql")),
            "hpf_version": _text(raw.get("hpf_version")),
            "service_packs": _parse_dirs(name, raw.get("service_pack_dirs")),
            "environments": _served(name, machine, raw.get("group_names"), environments),
        }
    )
    return record


def build_snapshot(collected, environments, taken_at):
    """``{"schema", "taken_at", "machines": {name: record}}`` from ``{name: raw}``."""
    if not isinstance(collected, dict):
        raise AssetInventoryError("expected a dict of machine name -> collected data, got %r" % (collected,))
    if not isinstance(environments, dict):
        raise AssetInventoryError(
            "expected the divalto_environments inventory variable (a dict), got %r" % (environments,)
        )
    return {
        "schema": SCHEMA_VERSION,
        "taken_at": taken_at,
        "machines": {name: machine_record(name, collected[name], environments) for name in sorted(collected)},
    }


def check_snapshot(snapshot, source="snapshot"):
    """Raise unless ``snapshot`` looks like a snapshot of this schema."""
    if not isinstance(snapshot, dict) or not isinstance(snapshot.get("machines"), dict):
        raise AssetInventoryError("%s: not an asset inventory snapshot (no machines mapping)" % source)
    if snapshot.get("schema") != SCHEMA_VERSION:
        raise AssetInventoryError(
            "%s: snapshot schema %r, this collection reads schema %d" % (source, snapshot.get("schema"), SCHEMA_VERSION)
        )


def _flatten(record, prefix=""):
    """Dotted path -> value; dicts are walked (packages.<name>, iis.version), lists and scalars are leaves."""
    flat = {}
    for key in sorted(record):
        value = record[key]
        path = prefix + key
        if isinstance(value, dict) and value:
            flat.update(_flatten(value, path + "."))
        elif isinstance(value, dict):
            continue
        else:
            flat[path] = value
    return flat


def _change(before, after):
    change = {"before": before, "after": after}
    if isinstance(before, list) and isinstance(after, list):
        change["added"] = sorted(set(after) - set(before))
        change["removed"] = sorted(set(before) - set(after))
    return change


def diff_snapshots(previous, current):
    """What changed from ``previous`` to ``current`` (``previous`` None: every machine is added)."""
    check_snapshot(current, "current snapshot")
    if previous is not None:
        check_snapshot(previous, "previous snapshot")
    before = previous["machines"] if previous else {}
    after = current["machines"]
    changed = {}
    for name in sorted(set(before) & set(after)):
        old, new = _flatten(before[name]), _flatten(after[name])
        fields = {path: _change(old.get(path), new.get(path)) for path in sorted(set(old) | set(new))}
        fields = {path: change for path, change in fields.items() if change["before"] != change["after"]}
        if fields:
            changed[name] = fields
    return {
        "previous": previous["taken_at"] if previous else None,
        "current": current["taken_at"],
        "added": sorted(set(after) - set(before)),
        "removed": sorted(set(before) - set(after)),
        "changed": changed,
        "empty": not changed and set(before) == set(after),
    }


def render_json(data):
    """Indented JSON with sorted keys and a final newline (snapshots and diffs alike)."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _join(values):
    return ";".join(values)


def render_csv(snapshot):
    """One row per machine; lists joined with ``;``; packages as their count (the JSON has them all)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for name in sorted(snapshot["machines"]):
        record = snapshot["machines"][name]
        writer.writerow(
            {
                "machine": name,
                "role": record["role"],
                "zone": record["zone"],
                "os": record["os"],
                "datacenter": record["datacenter"],
                "address": record["address"],
                "os_name": record["os_name"] or "",
                "os_version": record["os_version"] or "",
                "kernel": record["kernel"] or "",
                "packages": len(record["packages"]),
                "hotfixes": _join(record["hotfixes"]),
                "iis_version": record["iis"]["version"] or "",
                "iis_sites": _join(record["iis"]["sites"]),
                "sql_version": (record["sql"] or {}).get("version") or "",
                "hpf_version": record["hpf_version"] or "",
                "service_packs": _join(record["service_packs"]),
                "environments": _join("%s=%s" % (k, v) for k, v in sorted(record["environments"].items())),
            }
        )
    return out.getvalue()


def _cell(value):
    if value is None:
        return "-"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "(none)"
    return str(value).replace("|", "\\|")


def render_markdown(diff):
    """The diff for people: added and removed machines, then a table of changed fields per machine."""
    lines = ["# Asset inventory changes", ""]
    lines.append("Snapshot %s compared with %s." % (diff["current"], diff["previous"] or "nothing (first snapshot)"))
    lines.append("")
    if diff["empty"]:
        lines.append("No change.")
        return "\n".join(lines) + "\n"
    for title, names in (("Added machines", diff["added"]), ("Removed machines", diff["removed"])):
        if names:
            lines.extend(["## %s" % title, ""] + ["- %s" % name for name in names] + [""])
    for name in sorted(diff["changed"]):
        lines.extend(["## %s" % name, "", "| field | before | after |", "| --- | --- | --- |"])
        for path, change in sorted(diff["changed"][name].items()):
            before, after = change["before"], change["after"]
            if "added" in change:
                before, after = change["removed"] or None, change["added"] or None
                path += " (removed / added)"
            lines.append("| %s | %s | %s |" % (path, _cell(before), _cell(after)))
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


SNAPSHOT_FILE = re.compile(r"^asset-inventory-([0-9]{8}T[0-9]{6}Z)\.json$")


def file_names(stamp):
    """The report files of the snapshot of ``stamp`` (``YYYYmmddTHHMMSSZ``, UTC)."""
    return {
        "snapshot": "asset-inventory-%s.json" % stamp,
        "csv": "asset-inventory-%s.csv" % stamp,
        "diff_json": "asset-inventory-diff-%s.json" % stamp,
        "diff_markdown": "asset-inventory-diff-%s.md" % stamp,
    }


def previous_snapshot(names, stamp):
    """The newest snapshot file name among ``names`` taken before ``stamp``, or None."""
    older = sorted(m.group(1) for m in (SNAPSHOT_FILE.match(n) for n in names) if m and m.group(1) < stamp)
    return file_names(older[-1])["snapshot"] if older else None
