# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: what a data-zone file server holds for its tenants.

From the environment records of the inventory (``divalto_environments``) and
the file server's HA pair, ``storage_plan`` computes every path, group, share
and quota the ``tenant_storage`` and ``implicit_file`` roles use, for Linux
(Samba) and Windows file servers alike; ``storage_usage`` turns ``du -sb``
output into usage against the quotas. Roles never build a path themselves.

Quotas are in GiB (1024**3 bytes): the registry's ``files_gb`` becomes the
FSRM hard limit on Windows and the reference of the usage report on Linux.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt

GIB = 1024**3
OS_FAMILIES = ("linux", "windows")
IMPLICIT_FILE_NAME = "ImplicitesDefaut.txt"
REQUIRED_KEYS = ("key", "tenant", "type", "placement", "security_group", "share", "directories", "quota")
CODE_DIRECTORY = "config"


class StoragePlanError(DivaltoError):
    """Arguments or environment records a storage plan cannot be computed from."""


def _join(os_family, root, relative):
    """``root`` joined with the ``/``-separated ``relative`` path, in the file server's own notation."""
    parts = [part for part in relative.split("/") if part]
    if os_family == "windows":
        return "\\".join([root.rstrip("\\/")] + parts)
    return posixpath.join(root.rstrip("/") or "/", *parts)


def addons(environment):
    """The add-on directory names declared for an environment, in search order."""
    return list(environment.get("addons", []))


def _check_arguments(environments, file_pair, root, os_family, selected):
    if not isinstance(environments, dict):
        raise StoragePlanError(
            "expected the divalto_environments inventory variable (a dict), got %r" % (environments,)
        )
    if not isinstance(file_pair, str) or not file_pair:
        raise StoragePlanError("expected the file server's HA pair name, got %r" % (file_pair,))
    if os_family not in OS_FAMILIES:
        raise StoragePlanError("os must be one of %s, got %r" % (", ".join(OS_FAMILIES), os_family))
    if not isinstance(root, str) or not root:
        raise StoragePlanError("expected the tenant root directory, got %r" % (root,))
    absolute = root.startswith("/") if os_family == "linux" else (len(root) > 2 and root[1:3] in (":\\", ":/"))
    if not absolute:
        raise StoragePlanError("the tenant root must be an absolute %s path, got %r" % (os_family, root))
    if selected is not None and (isinstance(selected, (str, dict)) or not hasattr(selected, "__iter__")):
        raise StoragePlanError("expected a list of environment keys to select, got %r" % (selected,))


def _selected_keys(environments, file_pair, selected):
    if not selected:
        return sorted(key for key, env in environments.items() if env.get("placement", {}).get("files") == file_pair)
    keys = []
    for key in selected:
        if key not in environments:
            raise StoragePlanError("environment %r is not in divalto_environments" % (key,))
        placed = environments[key].get("placement", {}).get("files")
        if placed != file_pair:
            raise StoragePlanError(
                "environment %s is placed on file-server pair %r, not on %r" % (key, placed, file_pair)
            )
        if key not in keys:
            keys.append(key)
    return sorted(keys)


def _environment_plan(environment, root, os_family, implicit_name, windows_domain):
    missing = [name for name in REQUIRED_KEYS if name not in environment]
    if missing:
        raise StoragePlanError(
            "environment record %r lacks %s (not a divalto_environments entry?)"
            % (environment.get("key", "?"), ", ".join(missing))
        )
    key = environment["key"]
    if CODE_DIRECTORY not in environment["directories"]:
        raise StoragePlanError("environment %s: directories has no %r entry" % (key, CODE_DIRECTORY))
    group = environment["security_group"]
    relative = environment["directories"]
    base = posixpath.dirname(relative[CODE_DIRECTORY])
    directories = {name: _join(os_family, root, path) for name, path in sorted(relative.items())}
    addon_dirs = []
    if "addons" in relative:
        addon_dirs = [_join(os_family, root, relative["addons"] + "/" + name) for name in addons(environment)]
    quota_gb = environment["quota"]["files_gb"]
    sep = "\\" if os_family == "windows" else "/"
    return {
        "key": key,
        "tenant": environment["tenant"],
        "type": environment["type"],
        "group": group,
        "principal": ("%s\\%s" % (windows_domain, group)) if (windows_domain and os_family == "windows") else group,
        "share": environment["share"],
        "path": _join(os_family, root, base),
        "tenant_path": _join(os_family, root, posixpath.dirname(base)),
        "directories": directories,
        "addon_directories": addon_dirs,
        "implicit_file": directories[CODE_DIRECTORY] + sep + implicit_name,
        "quota_gb": quota_gb,
        "quota_bytes": quota_gb * GIB,
    }


def storage_plan(environments, file_pair, root, os_family, selected=None, implicit_name=None, windows_domain=""):
    """What the file server of HA pair ``file_pair`` holds, under the tenant root ``root``.

    ``selected``: environment keys to plan (each must be placed on the pair);
    empty or None plans every environment placed on the pair. Returns
    ``{"environments": [...], "tenant_directories": [...], "directories": [...]}``:
    one entry per environment (key, tenant, type, group, principal, share,
    path, tenant_path, directories, addon_directories, implicit_file,
    quota_gb, quota_bytes), the tenants' directories, and every directory
    below the environments' own (code directories, add-on directories)
    flattened as ``{path, group, key}``, parents first.
    """
    _check_arguments(environments, file_pair, root, os_family, selected)
    implicit_name = implicit_name or IMPLICIT_FILE_NAME
    if not isinstance(implicit_name, str) or "/" in implicit_name or "\\" in implicit_name:
        raise StoragePlanError("the implicit file name must be a plain file name, got %r" % (implicit_name,))
    plans = [
        _environment_plan(environments[key], root, os_family, implicit_name, windows_domain or "")
        for key in _selected_keys(environments, file_pair, selected)
    ]
    flat = []
    for plan in plans:
        paths = sorted(set(plan["directories"].values()) | set(plan["addon_directories"]))
        flat.extend({"path": path, "group": plan["group"], "key": plan["key"]} for path in paths)
    return {
        "environments": plans,
        "tenant_directories": sorted({plan["tenant_path"] for plan in plans}),
        "directories": flat,
    }


def _used_bytes(key, used):
    """Bytes used, an integer, as ``divalto.cloud.directory_usage`` (Linux) or FSRM (Windows) measured them."""
    if isinstance(used, int) and not isinstance(used, bool) and used >= 0:
        return used
    raise StoragePlanError("environment %s: expected the bytes used, an integer >= 0, got %s" % (key, excerpt(used)))


def _plan_path(plan):
    if not isinstance(plan, Mapping) or not isinstance(plan.get("path"), str):
        raise StoragePlanError("expected planned environments with a path, got %s" % excerpt(plan))
    return plan["path"]


def storage_usage(plans, used):
    """{key: {used_bytes, quota_gb, percent}} from ``storage_plan``'s environments and the bytes each uses.

    ``used`` is either the ``bytes`` of the ``divalto.cloud.directory_usage`` module (Linux), keyed by directory,
    where an environment whose directory was not measured is left out; or a list of the bytes used under each
    planned environment's directory, in the same order (what FSRM reports on Windows). No command output is parsed
    here. ``percent`` is rounded to 2 decimals (None when the quota is 0).
    """
    if isinstance(plans, (list, tuple)) and isinstance(used, Mapping):
        plans = [plan for plan in plans if _plan_path(plan) in used]
        used = [used[plan["path"]] for plan in plans]
    if not isinstance(plans, (list, tuple)) or not isinstance(used, (list, tuple)):
        raise StoragePlanError(
            "expected the plan's environments and the bytes used (a list, or a mapping of directory -> bytes),"
            " got %r and %r" % (type(plans).__name__, type(used).__name__)
        )
    if len(plans) != len(used):
        raise StoragePlanError(
            "expected one figure per environment: %d environments, %d figures" % (len(plans), len(used))
        )
    usage = {}
    for plan, figure in zip(plans, used):
        used_bytes = _used_bytes(plan["key"], figure)
        quota_bytes = plan["quota_gb"] * GIB
        usage[plan["key"]] = {
            "used_bytes": used_bytes,
            "quota_gb": plan["quota_gb"],
            "percent": round(100.0 * used_bytes / quota_bytes, 2) if quota_bytes else None,
        }
    return usage
