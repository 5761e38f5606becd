# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: what a file server must hold, and the Windows path's manifest logic.

``versions_for_file_server`` turns the registry into the list of versions a
file-server pair must hold. The other functions let the Windows tasks of the
``service_pack`` role reach exactly the state the POSIX module reaches (same
manifest, same tree digest, same tamper verdict), computed here on the
controller from ``ansible.windows.win_find`` results, so the Windows tasks stay
declarative.
"""

from __future__ import annotations

import datetime

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt
from ansible_collections.divalto.cloud.plugins.module_utils.core.versions import is_version
from ansible_collections.divalto.cloud.plugins.module_utils.service_pack.directories import (
    MANIFEST_NAME,
    PackSpec,
    TreeState,
    build_manifest,
    compare_trees,
    manifest_state,
)


class ServicePackPlanError(DivaltoError):
    """The request cannot be planned; the message says what and where."""


def versions_for_file_server(environments, catalogue, ha_pair, extra=()):
    """Catalogue entries the file-server pair ``ha_pair`` must hold, and the versions in use there.

    Returns ``{"versions": [{version, artifact, sha256, released, kind}], "in_use": [...]}``: every version an
    environment placed on that pair runs, plus ``extra`` (versions staged ahead of a rollout), sorted.
    """
    unknown = sorted(set(extra) - set(catalogue))
    if unknown:
        raise ServicePackPlanError(
            "service_pack_versions_extra: %s not in the service-pack catalogue (known: %s)"
            % (", ".join(unknown), ", ".join(sorted(catalogue)))
        )
    in_use = sorted(
        {record["service_pack"] for record in environments.values() if record["placement"]["files"] == ha_pair}
    )
    missing = [version for version in in_use if version not in catalogue]
    if missing:
        raise ServicePackPlanError(
            "environments on %s run versions missing from the catalogue: %s" % (ha_pair, missing)
        )
    wanted = sorted(set(in_use) | set(extra))
    return {"versions": [dict(catalogue[version], version=version) for version in wanted], "in_use": in_use}


def _relative(path, top):
    """``path`` relative to ``top`` with ``/`` separators (Windows paths compare case-insensitively)."""
    normal_top = top.replace("/", "\\").rstrip("\\") + "\\"
    normal = path.replace("/", "\\")
    if not normal.lower().startswith(normal_top.lower()):
        raise ServicePackPlanError("win_find returned %s, which is outside %s" % (path, top))
    return normal[len(normal_top) :].replace("\\", "/")


def tree_from_win_find(files, top):
    """The ``TreeState`` of ``top`` from ``ansible.windows.win_find`` results.

    The find must use ``recurse: true``, ``hidden: true``, ``file_type: any``, ``get_checksum: true`` and
    ``checksum_algorithm: sha256``; a regular file without a checksum is an error, not a silent skip.
    """
    if not isinstance(files, (list, tuple)):
        raise ServicePackPlanError(
            "windows_manifest: expected the files of ansible.windows.win_find (a list), got %s" % excerpt(files)
        )
    state = TreeState()
    directories, others = [], []
    for entry in files:
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
            raise ServicePackPlanError(
                "windows_manifest: expected the files of ansible.windows.win_find (each with a path), got %s"
                % excerpt(entry)
            )
        relative = _relative(entry["path"], top)
        if relative == MANIFEST_NAME:
            continue
        if entry.get("islnk") or entry.get("isjunction"):
            state.symlinks[relative] = entry.get("lnk_target") or ""
        elif entry.get("isdir"):
            directories.append(relative)
        elif entry.get("isreg", True):
            checksum = entry.get("checksum")
            if not checksum:
                raise ServicePackPlanError(
                    "win_find gave no checksum for %s: use get_checksum: true and checksum_algorithm: sha256"
                    % entry["path"]
                )
            state.files[relative] = checksum.lower()
        else:
            others.append(relative)
    state.directories = sorted(directories)
    state.others = sorted(others)
    return state


def _catalogue_entry(entry):
    if not isinstance(entry, dict) or not all(
        isinstance(entry.get(key), str) for key in ("version", "artifact", "sha256")
    ):
        raise ServicePackPlanError(
            "entry: expected a catalogue entry {version, artifact, sha256}, got %s" % excerpt(entry)
        )
    return entry


def windows_manifest(entry, files, top, installed_at=None):
    """The manifest to write into a freshly extracted version directory ``top`` (same format as the module's)."""
    entry = _catalogue_entry(entry)
    moment = installed_at or datetime.datetime.now(datetime.timezone.utc)
    spec = PackSpec(entry["version"], entry["artifact"], entry["sha256"].lower())
    return build_manifest(spec, tree_from_win_find(files, top), moment)


def windows_tamper(manifest, files, top, entry):
    """``None`` when version directory ``top`` is intact, else a message naming the version and what differs."""
    version = _catalogue_entry(entry)["version"]
    if not isinstance(manifest, dict) or manifest.get("version") != version:
        return (
            "service pack %s: its manifest is missing or is not the manifest of %s; the directory was changed by hand"
            % (
                version,
                version,
            )
        )
    if manifest.get("sha256") != entry["sha256"].lower():
        return "service pack %s: installed from an artifact with sha256 %s, the catalogue says %s" % (
            version,
            manifest.get("sha256"),
            entry["sha256"].lower(),
        )
    differences = compare_trees(manifest_state(manifest), tree_from_win_find(files, top))
    changed = ["%s: %s" % (kind, ", ".join(paths)) for kind, paths in sorted(differences.items()) if paths]
    if changed:
        return "service pack %s was modified after installation (%s); version directories are never repaired" % (
            version,
            "; ".join(changed),
        )
    return None


def prune_plan(present, wanted, in_use, prune):
    """Which version directories to remove: ``{"remove": [...], "kept": [...]}``; refuses to remove one in use."""
    versions = sorted(name for name in present if is_version(name))
    extra = [name for name in versions if name not in wanted]
    if not prune:
        return {"remove": [], "kept": extra}
    blocked = [name for name in extra if name in in_use]
    if blocked:
        raise ServicePackPlanError("service_pack_prune would remove versions still in use: %s" % ", ".join(blocked))
    return {"remove": extra, "kept": []}


def switch_plan(environments, catalogue, tenant, selected, current, version=None, rollback=False):
    """Plan moving environments of ONE tenant to a version, or back to the version they pointed to before.

    ``selected``: environment keys (``acme_staging``) or types (``staging``); empty means every environment of the
    tenant. ``current``: ``{key: {"service_pack": ..., "previous": ...}}`` as read from the implicit files' headers
    (a key may be missing when the file does not exist yet). Returns ``{"moves": [{key, from, to}],
    "versions": [...], "overrides": {key: version}}``; raises ``ServicePackPlanError`` on any bad request, before
    anything is changed.
    """
    if rollback and version:
        raise ServicePackPlanError("give either version or rollback=true, not both")
    if version and version not in catalogue:
        raise ServicePackPlanError(
            "version %s is not in the service-pack catalogue (known: %s)" % (version, ", ".join(sorted(catalogue)))
        )
    owned = sorted(key for key, record in environments.items() if record["tenant"] == tenant)
    if not owned:
        tenants = sorted({record["tenant"] for record in environments.values()})
        raise ServicePackPlanError("unknown tenant %r (known: %s)" % (tenant, ", ".join(tenants)))
    keys = _selected_keys(environments, tenant, owned, selected)
    moves = []
    for key in keys:
        record = environments[key]
        state = current.get(key) or {}
        origin = state.get("service_pack") or record["service_pack"]
        if rollback:
            target = state.get("previous")
            if not target:
                raise ServicePackPlanError("%s has no recorded previous version to roll back to" % key)
        else:
            target = version or record["service_pack"]
        moves.append({"key": key, "from": origin, "to": target})
    return {
        "moves": moves,
        "versions": sorted({move["to"] for move in moves}),
        "overrides": {move["key"]: move["to"] for move in moves},
    }


def _selected_keys(environments, tenant, owned, selected):
    if not selected:
        return owned
    keys = []
    for name in selected:
        key = name if name in environments else "%s_%s" % (tenant, name)
        if key not in environments:
            raise ServicePackPlanError(
                "unknown environment %r of tenant %s (it has: %s)" % (name, tenant, ", ".join(owned))
            )
        if environments[key]["tenant"] != tenant:
            raise ServicePackPlanError(
                "environment %s belongs to tenant %s, not %s: a switch moves the environments of one tenant"
                % (key, environments[key]["tenant"], tenant)
            )
        if key not in keys:
            keys.append(key)
    return sorted(keys)
