# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters of playbooks/import_database.yml, each documented in import_<name>.yml next to this file; the logic is in
the private module_utils/backup/import_file.py, import_backup.py and import_plan.py."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.module_utils.backup import import_backup as _backup
from ansible_collections.divalto.cloud.plugins.module_utils.backup import import_file as _file
from ansible_collections.divalto.cloud.plugins.module_utils.backup import import_plan as _plan
from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError


def _call(name, function, *args):
    try:
        return function(*args)
    except DivaltoError as exc:
        raise AnsibleFilterError("%s: %s" % (name, exc)) from None
    except (TypeError, KeyError, AttributeError) as exc:
        raise AnsibleFilterError("%s: unexpected arguments (%r)" % (name, exc)) from None


def import_paths(request, environments, root, os_family, import_dir):
    """Where the delivered file is on the file server, on its share, and where the SQL primary copies it."""
    return _call(
        "import_paths",
        lambda: _file.import_paths(request, environments[request["target"]], root, os_family, import_dir),
    )


def import_file(stat_result, request, path, machine):
    """The delivered file's facts: a regular file within the target's database quota."""
    return _call("import_file", _file.checked_file, stat_result, path, machine, request["quota_gb"], request["target"])


def import_checksum_file(stat_result, path, machine):
    """True when the checksum file is a regular file (not a link) of at most 4 KiB; else the refusal."""
    return _call("import_checksum_file", lambda: _file.checked_checksum_file(stat_result, path, machine) >= 0)


def import_expected_sha256(request, checksum_slurp=None, path=None):
    """The SHA-256 the client gave: import_sha256, else the one line of <file>.sha256 (its slurp result)."""

    def expected():
        if request.get("sha256"):
            return request["sha256"]
        content = checksum_slurp.get("content") if isinstance(checksum_slurp, dict) else None
        return _file.parse_checksum_file(content, request["file"], path)

    return _call("import_expected_sha256", expected)


def import_sha256(stat_result, expected, path, machine):
    """The file's SHA-256 (stat or win_stat with checksum_algorithm sha256) when it equals the expected one."""
    return _call("import_sha256", _file.checked_sha256, stat_result, expected, path, machine)


def import_backup(result, request, copy):
    """What the copied backup holds (RESTORE VERIFYONLY, HEADERONLY, FILELISTONLY), checked for the target."""
    return _call(
        "import_backup", _backup.backup_facts, result, copy, request["database"], request["quota_gb"], request["target"]
    )


def import_plan(request, sha256, file_facts, backup, copy, environments, domain, roles, owner="sa", recovery="Full"):
    """The restore, users, neutralisation and mark of the import, and the lines of the printed plan."""
    return _call(
        "import_plan",
        _plan.import_plan,
        request,
        sha256,
        file_facts,
        backup,
        copy,
        environments,
        domain,
        roles,
        owner,
        recovery,
    )


def import_report(request, plan, started, started_epoch, awx_user, controller_user, failure=None, done=None):
    """The run report of the import."""
    return _call(
        "import_report",
        _plan.run_report,
        request,
        plan,
        started,
        started_epoch,
        awx_user,
        controller_user,
        failure,
        None,
        done,
    )


class FilterModule:
    """divalto.cloud import filters."""

    def filters(self):
        return {
            "import_backup": import_backup,
            "import_checksum_file": import_checksum_file,
            "import_expected_sha256": import_expected_sha256,
            "import_file": import_file,
            "import_paths": import_paths,
            "import_plan": import_plan,
            "import_report": import_report,
            "import_sha256": import_sha256,
        }
