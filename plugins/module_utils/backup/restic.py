# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Restic file backups (private to the divalto.cloud collection; its API may change without notice).

Pure Python, no Ansible imports. Everything the ``file_backup``, ``backup_vault`` roles and the restore
test need about restic, computed from the inventory and the effective backup policy:

* :func:`repository_url`, :func:`sftp_command`: where an environment's data set lives in the vault
  (``sftp:bk_<tenant>@<vault>:/repos/<environment key>/<code|files>``, the account chrooted to
  ``/srv/backup/<tenant>``) and the ``ssh`` command restic runs to reach it (``-o sftp.command=``);
* :func:`forget_args`: ``restic forget`` options from the policy (``--keep-within <keep_days>d``);
* :func:`expected_kept`: which snapshots ``--keep-within`` keeps, computed independently of restic;
* :func:`select_snapshot`: the snapshot at or before a point in time;
* :func:`parse_check`: the verdict of ``restic check`` output;
* :func:`file_backup_plan`: every job of a file server (paths, tags, repository, schedules, commands).

Decisions:

* One repository per environment and data set; snapshots carry ``env:<key>`` and ``set:<code|files>`` and
  ``forget`` groups by tags, so that a snapshot taken by the other member of the HA pair (or by a recovery
  file server) belongs to the same history.
* ``--keep-within Nd`` keeps the snapshots strictly after ``latest - N days`` (restic's rule, relative to the
  latest snapshot, not to now): backups that stop do not make the history vanish.
* Data sets: ``code`` = the ``config``, ``overrides`` and ``addons`` directories, ``files`` = ``erp_files``
  and ``portal_files`` (when the environment has a portal).
* ``sftp.command`` is not run by a shell: restic splits it with its own ``SplitShellStrings``
  (``internal/backend/shell_split.go``) and runs the words. Outside quotes, whitespace AND every backslash end a
  word (the backslash is dropped); ``'`` and ``"`` delimit quoted words, inside which backslashes are kept but a
  backslash keeps the next quote from closing the word. A Windows path written with backslashes
  (``-i C:\\ProgramData\\...``) therefore reached ssh as ``-i C:`` followed by ``ProgramData`` as the
  destination (issue #13). :func:`sftp_command` writes Windows paths with forward slashes
  (``C:/ProgramData/divalto/backup/keys/bk_<tenant>``), which OpenSSH for Windows (the Windows file APIs) accepts:
  every word is then free of whitespace, backslashes and quotes, splits to itself under restic's rules and needs
  no quoting at any other layer either (the systemd or Task Scheduler command line of restic, Go's argument
  quoting when restic starts ``ssh.exe``, ssh's own splitting of the ``-o UserKnownHostsFile=`` value). Quoting
  per restic's rules was not chosen: it would have to be nested for ssh's re-splitting of ``-o`` values, and a
  path ending in a backslash cannot be quoted at all (``"C:\\dir\\"`` is unterminated). Values that cannot be
  written as such a word (whitespace, quotes, control characters, a backslash in a Linux path; ``%`` or ``${``
  in a path, which ssh expands as tokens in identity and known hosts file names) are refused with
  :class:`ResticError` naming the field.
"""

from __future__ import annotations

import copy
import datetime as _dt
import posixpath
import re
import subprocess
import unicodedata
from collections.abc import Mapping

from ansible_collections.divalto.cloud.plugins.module_utils.backup.schedule import (
    BackupScheduleError,
    iso_duration,
    start_timeout,
    systemd_on_calendar,
    windows_triggers,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError

DATA_SET_DIRECTORIES = {"code": ("config", "overrides", "addons"), "files": ("erp_files", "portal_files")}
DATA_SETS = tuple(DATA_SET_DIRECTORIES)
ACCOUNT_PREFIX = "bk_"
VAULT_ROOT = "/srv/backup"
OS_FAMILIES = ("linux", "windows")
RESTIC_OK_MARKER = "no errors were found"
_FRACTION_RE = re.compile(r"\.([0-9]+)")
_CHECK_ERROR_WORDS = ("error", "fatal", "does not match", "not found", "damaged", "invalid", "unexpected")
# Go's unicode.IsSpace (Latin-1 and the Unicode White_Space property): where restic's sftp.command splitter splits.
_GO_SPACES = frozenset(
    "\t\n\v\f\r \x85\xa0\u1680"
    + "".join(chr(code) for code in range(0x2000, 0x200B))
    + "\u2028\u2029\u202f\u205f\u3000"
)


class ResticError(DivaltoError):
    """Arguments restic commands or a plan cannot be computed from; names the argument."""


# The options of the modules that run restic on a repository (doc fragment divalto.cloud.restic).
RESTIC_OPTIONS = {
    "repository": {"type": "str", "required": True},
    "password_file": {"type": "path", "required": True, "no_log": False},
    "executable": {"type": "path", "default": "restic"},
}


def restic_argv(executable, repository, password_file):
    """The start of every restic command on ``repository``: no cache (the vault runs as root, for many
    repositories), the password read from ``password_file``."""
    return [executable, "--no-cache", "--repo", repository, "--password-file", password_file]


def account(tenant):
    """The SFTP account of a tenant in the vault."""
    if not isinstance(tenant, str) or not tenant:
        raise ResticError("tenant: expected a tenant name, got %r" % (tenant,))
    return ACCOUNT_PREFIX + tenant


def _data_set(data_set):
    if data_set not in DATA_SETS:
        raise ResticError("data_set: expected one of %s, got %r" % (", ".join(DATA_SETS), data_set))
    return data_set


def repository_path(environment_key, data_set):
    """Path of a repository inside the tenant's chroot (``/repos/<key>/<set>``)."""
    return "/repos/%s/%s" % (environment_key, _data_set(data_set))


def repository_url(tenant, vault, environment_key, data_set):
    """The restic repository URL used by a file server."""
    if not isinstance(vault, str) or not vault:
        raise ResticError("vault: expected the vault's address, got %r" % (vault,))
    return "sftp:%s@%s:%s" % (account(tenant), vault, repository_path(environment_key, data_set))


def _sftp_word(name, value, os_family, path):
    """``value`` as one word of ``sftp.command``: Windows paths with forward slashes; refused if it cannot be one.

    restic splits ``sftp.command`` with ``SplitShellStrings`` (see the module's decisions): outside quotes a word
    ends at whitespace (Go's ``unicode.IsSpace``) and at a backslash, and ``'`` / ``"`` start and end quoted words.
    A word made of none of these characters splits to itself without any quoting (the same rules in restic's
    ``shell_split.go`` and in its earlier ``sftp/split.go``).
    """
    if not isinstance(value, str) or not value:
        raise ResticError("%s: expected a non-empty string, got %r" % (name, value))
    word = value.replace("\\", "/") if path and os_family == "windows" else value
    refused = []
    for char in word:
        refusable = char in _GO_SPACES or char in "'\"\\" or unicodedata.category(char) == "Cc"
        if refusable and char not in refused:
            refused.append(char)
    if refused:
        raise ResticError(
            "%s: %r cannot be written in restic's sftp.command: restic splits that command itself (SplitShellStrings),"
            " breaking words at whitespace and backslashes and taking quotes as delimiters, and %s would not reach ssh"
            " intact (refused: %s)"
            % (name, value, "this path" if path else "this value", ", ".join(repr(char) for char in refused))
        )
    if path and ("%" in word or "${" in word):
        raise ResticError(
            "%s: %r cannot be written in restic's sftp.command: ssh expands %%-tokens and ${VARIABLE} in identity and"
            " known hosts file names" % (name, value)
        )
    return word


def sftp_command(tenant, vault, identity_file, known_hosts_file, os_family="linux"):
    """The ``-o sftp.command=`` value: the tenant's key, the vault's recorded host key, batch mode.

    restic splits the value into exactly ``ssh -i <identity> -o IdentitiesOnly=yes -o BatchMode=yes
    -o StrictHostKeyChecking=accept-new -o UserKnownHostsFile=<known hosts> bk_<tenant>@<vault> -s sftp``. On
    Windows (``os_family``) the paths are written with forward slashes: restic's splitter drops backslashes
    (``C:\\ProgramData\\...`` became ``C:`` ``ProgramData`` ...); OpenSSH for Windows opens ``C:/ProgramData/...``.
    Raises :class:`ResticError`, naming the argument, for a value that cannot be one word (see :func:`_sftp_word`).
    """
    if os_family not in OS_FAMILIES:
        raise ResticError("os_family: expected one of %s, got %r" % (", ".join(OS_FAMILIES), os_family))
    user = account(tenant)
    _sftp_word("tenant", tenant, os_family, path=False)
    if not isinstance(vault, str) or not vault:
        raise ResticError("vault: expected the vault's address, got %r" % (vault,))
    host = _sftp_word("vault", vault, os_family, path=False)
    identity = _sftp_word("identity_file", identity_file, os_family, path=True)
    known_hosts = _sftp_word("known_hosts_file", known_hosts_file, os_family, path=True)
    # One word each, none containing whitespace, a backslash or a quote: restic's splitter returns them unchanged.
    return (
        "ssh -i %s -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=accept-new "
        "-o UserKnownHostsFile=%s %s@%s -s sftp" % (identity, known_hosts, user, host)
    )


def tags(environment_key, data_set):
    return ["env:%s" % environment_key, "set:%s" % _data_set(data_set)]


def forget_args(policy, data_set):
    """``restic forget`` arguments (after ``forget``) for a data set: keep-within from the policy, by tags."""
    try:
        keep_days = policy[_data_set(data_set)]["keep_days"]
    except (TypeError, KeyError):
        raise ResticError("policy: expected the mapping returned by backup_policy.effective_policy") from None
    return ["--group-by", "tags", "--keep-within", "%dd" % keep_days]


def _instant(value, name):
    if isinstance(value, str):
        text = value.strip().replace("Z", "+00:00")
        # restic writes nanoseconds; Python's fromisoformat takes at most microseconds
        fraction = _FRACTION_RE.search(text)
        if fraction:
            text = text[: fraction.start()] + "." + fraction.group(1)[:6].ljust(6, "0") + text[fraction.end() :]
        try:
            value = _dt.datetime.fromisoformat(text)
        except ValueError:
            raise ResticError("%s: expected an ISO 8601 timestamp with offset, got %r" % (name, value)) from None
    if not isinstance(value, _dt.datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise ResticError("%s: expected an aware timestamp (with a UTC offset), got %r" % (name, value))
    return value


def snapshot_instant(snapshot, index=0):
    """The aware time of restic snapshot object ``snapshot`` (``index``: its place, named in errors)."""
    if not isinstance(snapshot, Mapping) or "time" not in snapshot:
        raise ResticError("snapshots[%d]: expected a restic snapshot object with a time, got %r" % (index, snapshot))
    return _instant(snapshot["time"], "snapshots[%d].time" % index)


def _days_back(instant, days, zone):
    """Go's ``t.AddDate(0, 0, -days)``: calendar days in the time's location.

    Go reads a snapshot time in the machine's local zone when the recorded offset is that zone's offset at that
    instant, else in a fixed zone of the recorded offset; ``zone`` is the local zone of the machine running
    ``restic forget`` (None: UTC).
    """
    if zone is not None and instant.astimezone(zone).utcoffset() == instant.utcoffset():
        wall = instant.astimezone(zone).replace(tzinfo=None) - _dt.timedelta(days=days)
        return wall.replace(tzinfo=zone, fold=0).astimezone(_dt.timezone.utc)
    return instant - _dt.timedelta(days=days)


def expected_kept(snapshots, keep_days, local_zone=None):
    """The snapshots ``restic forget --keep-within <keep_days>d`` keeps, newest first.

    ``snapshots`` are restic snapshot objects (``time`` at least) of one group. Restic keeps a snapshot when its
    time is strictly after the latest snapshot's time minus ``keep_days`` calendar days; across a DST change the
    result depends on the zone of the machine running ``forget`` (``local_zone``, an IANA name; None: UTC), see
    :func:`_days_back`.
    """
    if isinstance(keep_days, bool) or not isinstance(keep_days, int) or keep_days < 1:
        raise ResticError("keep_days: expected an integer >= 1, got %r" % (keep_days,))
    zone = None
    if local_zone and local_zone not in ("UTC", "Etc/UTC"):
        try:
            from zoneinfo import ZoneInfo

            zone = ZoneInfo(local_zone)
        except Exception as exc:  # ImportError on Python 3.8, ZoneInfoNotFoundError, ValueError
            raise ResticError("local_zone: unknown time zone %r (%s)" % (local_zone, exc)) from None
    timed = sorted(
        ((snapshot_instant(snapshot, index), snapshot) for index, snapshot in enumerate(snapshots or [])),
        key=lambda pair: pair[0],
        reverse=True,
    )
    if not timed:
        return []
    threshold = _days_back(timed[0][0], keep_days, zone)
    return [snapshot for instant, snapshot in timed if instant > threshold]


def select_snapshot(snapshots, at, environment_key=None, data_set=None):
    """The latest snapshot taken at or before ``at`` (of an environment / data set when given).

    Raises :class:`ResticError` when none qualifies, naming the earliest snapshot that exists.
    """
    moment = _instant(at, "at")
    wanted = set()
    if environment_key:
        wanted.add("env:%s" % environment_key)
    if data_set:
        wanted.add("set:%s" % _data_set(data_set))
    candidates = []
    for index, snapshot in enumerate(snapshots or []):
        instant = snapshot_instant(snapshot, index)
        if wanted - set(snapshot.get("tags") or []):
            continue
        candidates.append((instant, snapshot))
    if not candidates:
        raise ResticError("no snapshot with tags %s" % (", ".join(sorted(wanted)) or "(any)"))
    before = [pair for pair in candidates if pair[0] <= moment]
    if not before:
        first = min(candidates, key=lambda pair: pair[0])
        raise ResticError(
            "no snapshot at or before %s: the earliest is %s (%s)"
            % (moment.isoformat(), first[1].get("short_id") or first[1].get("id"), first[0].isoformat())
        )
    return max(before, key=lambda pair: pair[0])[1]


def parse_check(stdout, stderr="", rc=0):
    """Verdict of ``restic check``: ``{ok, errors}``; ok only with rc 0 and restic's own success line."""
    text = "%s\n%s" % (stdout or "", stderr or "")
    errors = []
    for line in text.splitlines():
        stripped = line.strip()
        lowered = stripped.lower()
        if not stripped or RESTIC_OK_MARKER in lowered:
            continue
        if any(word in lowered for word in _CHECK_ERROR_WORDS):
            errors.append(stripped)
    ok = rc == 0 and RESTIC_OK_MARKER in text.lower() and not errors
    if not ok and not errors:
        errors.append("restic check exited with rc %s without its success line" % rc)
    return {"ok": ok, "errors": errors}


def systemd_quote(args):
    """A systemd ``ExecStart=`` command line: every argument double-quoted, ``%`` and ``$`` escaped."""
    quoted = []
    for arg in args:
        text = str(arg).replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%").replace("$", "$$")
        quoted.append('"%s"' % text)
    return " ".join(quoted)


def windows_quote(args):
    """A Windows command line (the C runtime's rules, as restic.exe parses it)."""
    return subprocess.list2cmdline([str(arg) for arg in args])


def _join(os_family, root, relative):
    parts = [part for part in relative.split("/") if part]
    if os_family == "windows":
        return "\\".join([root.rstrip("\\/")] + parts)
    return posixpath.join(root.rstrip("/") or "/", *parts)


def data_set_paths(environment, root, os_family, data_set):
    """Absolute directories of an environment's data set on its file server."""
    directories = environment.get("directories") or {}
    return [
        _join(os_family, root, directories[name])
        for name in DATA_SET_DIRECTORIES[_data_set(data_set)]
        if name in directories
    ]


def _check_plan_arguments(environments, file_pair, root, os_family, vaults):
    if not isinstance(environments, Mapping):
        raise ResticError(
            "environments: expected the divalto_environments inventory variable (a dict), got %r" % (environments,)
        )
    if not isinstance(file_pair, str) or not file_pair:
        raise ResticError("file_pair: expected the file server's HA pair name, got %r" % (file_pair,))
    if os_family not in OS_FAMILIES:
        raise ResticError("os_family: expected one of %s, got %r" % (", ".join(OS_FAMILIES), os_family))
    if not isinstance(root, str) or not root:
        raise ResticError("root: expected the tenant root directory, got %r" % (root,))
    if not isinstance(vaults, Mapping) or not vaults:
        raise ResticError("vaults: expected a mapping of datacenter -> vault address, got %r" % (vaults,))


def _schedule(policy, data_set, windows):
    """(the schedule of ``data_set`` in the form of the file server's OS, the seconds one run may last).

    The same for every environment of a plan: computed once per data set (a year of occurrences each).
    """
    try:
        # Only the schedule of this file server's OS: the other form would be computed for nothing.
        schedule = (
            {"triggers": windows_triggers(policy, data_set)}
            if windows
            else {"on_calendar": systemd_on_calendar(policy, data_set)}
        )
        return schedule, start_timeout(policy, data_set)
    except BackupScheduleError as exc:
        raise ResticError(str(exc)) from None


def file_backup_plan(
    environments,
    file_pair,
    root,
    os_family,
    policy,
    vaults,
    selected=None,
    config_dir=None,
    restic_binary="/usr/bin/restic",
):
    """Every restic job of a file server: one per environment placed on ``file_pair`` and data set.

    ``vaults`` maps a datacenter to the address of its backup vault (the data set's ``copy_to`` is looked up).
    Each job: ``name`` (``<key>-<set>``), ``environment``, ``tenant``, ``data_set``, ``account``, ``repository``,
    ``paths``, ``tags``, ``forget_args``, ``timeout_seconds`` (how long a run may last, from the policy: see
    ``backup_schedule.start_timeout``),
    ``identity_file``, ``password_file``, ``sftp_command`` (see :func:`sftp_command`: on Windows its paths use
    forward slashes, while ``identity_file`` and ``password_file`` keep backslashes), ``backup_args`` and
    ``forget_command_args``
    (argument lists after ``restic``); and only the forms of the file server's OS: on Linux ``on_calendar`` and
    ``backup_exec`` / ``forget_exec`` (systemd ``OnCalendar=`` and ``ExecStart=`` lines with ``restic_binary``), on
    Windows ``triggers`` (Task Scheduler), ``execution_time_limit`` and ``backup_arguments`` / ``forget_arguments``
    (command-line arguments).
    """
    _check_plan_arguments(environments, file_pair, root, os_family, vaults)
    windows = os_family == "windows"
    if config_dir is None:
        config_dir = "C:\\ProgramData\\divalto\\backup" if windows else "/etc/divalto/backup"
    sep = "\\" if windows else "/"
    known_hosts = config_dir + sep + "known_hosts"
    keys = sorted(
        key
        for key, environment in environments.items()
        if isinstance(environment, Mapping) and (environment.get("placement") or {}).get("files") == file_pair
    )
    if selected:
        unknown = sorted(set(selected) - set(keys))
        if unknown:
            raise ResticError("selected: %s not placed on file pair %s" % (", ".join(unknown), file_pair))
        keys = [key for key in keys if key in selected]
    schedules = {data_set: _schedule(policy, data_set, windows) for data_set in DATA_SETS}
    jobs = []
    for key in keys:
        environment = environments[key]
        tenant = environment.get("tenant")
        for data_set in DATA_SETS:
            copy_to = policy[data_set]["copy_to"]
            if copy_to not in vaults:
                raise ResticError("vaults: no backup vault for datacenter %s (backup.%s.copy_to)" % (copy_to, data_set))
            vault = vaults[copy_to]
            paths = data_set_paths(environment, root, os_family, data_set)
            identity = config_dir + sep + "keys" + sep + account(tenant)
            password_file = config_dir + sep + "passwords" + sep + key
            command = sftp_command(tenant, vault, identity, known_hosts, os_family)
            repository = repository_url(tenant, vault, key, data_set)
            common = ["--repo", repository, "--password-file", password_file, "--option", "sftp.command=" + command]
            snapshot_tags = tags(key, data_set)
            tag_args = [arg for tag in snapshot_tags for arg in ("--tag", tag)]
            schedule, timeout = schedules[data_set]
            jobs.append(
                {
                    "name": "%s-%s" % (key, data_set),
                    "environment": key,
                    "tenant": tenant,
                    "data_set": data_set,
                    "account": account(tenant),
                    "vault": vault,
                    "repository": repository,
                    "paths": paths,
                    "tags": snapshot_tags,
                    "forget_args": forget_args(policy, data_set),
                    "timeout_seconds": timeout,
                    "identity_file": identity,
                    "password_file": password_file,
                    "sftp_command": command,
                    "backup_args": common + ["backup", "--host", key] + tag_args + paths,
                    "forget_command_args": common + ["forget"] + forget_args(policy, data_set) + ["--prune"],
                }
            )
            job = jobs[-1]
            job.update(copy.deepcopy(schedule))
            if windows:
                job.update(
                    execution_time_limit=iso_duration(timeout),
                    backup_arguments=windows_quote(job["backup_args"]),
                    forget_arguments=windows_quote(job["forget_command_args"]),
                )
            else:
                job.update(
                    backup_exec=systemd_quote([restic_binary] + job["backup_args"]),
                    forget_exec=systemd_quote([restic_binary] + job["forget_command_args"]),
                )
    return jobs
