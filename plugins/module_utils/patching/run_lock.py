# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The rollout lock shared by patching and hotfix runs (private to the divalto.cloud collection; API may change).

Pure Python, no Ansible imports. One lock file (JSON: owner, acquired, host, pid) held by at most one run:

* :func:`acquire` creates it with ``O_CREAT | O_EXCL`` (atomic on a local file system). When it exists and
  belongs to another owner it fails naming that owner and since when, unless it is older than ``max_age``
  seconds: a stale lock (a run that died) is replaced and the old content returned. The same owner acquiring
  again is a no-op (a retried task).
* :func:`release` removes it when it belongs to ``owner`` (someone else's lock is never removed).

**Decision** (documented in docs/patching.md): a run that stops with machines left drained (a failed health
check keeps the machine out of HAProxy) releases the lock but records those machines in ``<path>.drained``.
While that file exists, :func:`acquire` refuses to start unless ``accept_drained`` is true (the operator has
looked at the machines); a run that ends with nothing left drained removes the file.
"""

from __future__ import annotations

import datetime as _dt
import errno
import json
import os
import socket

UTC = _dt.timezone.utc


class RunLockError(RuntimeError):
    """The lock cannot be taken or released."""


def drained_path(path):
    """Where the machines left drained by the last run are recorded."""
    return path + ".drained"


def _read_json(path):
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise RunLockError(f"cannot read {path}: {error}") from None
    if not isinstance(data, dict):
        raise RunLockError(f"cannot read {path}: expected a JSON object")
    return data


def _age_seconds(lock, now):
    try:
        acquired = _dt.datetime.fromisoformat(str(lock.get("acquired")).replace("Z", "+00:00"))
    except ValueError:
        return None
    if acquired.tzinfo is None:
        return None
    return (now - acquired).total_seconds()


def _now(now):
    if now is None:
        return _dt.datetime.now(UTC)
    if now.tzinfo is None:
        raise RunLockError("now must be timezone-aware")
    return now


def acquire(path, owner, max_age, now=None, accept_drained=False, check_mode=False):
    """Take the lock. Returns a dict: changed, lock (content), replaced (stale lock content or None), drained."""
    if not owner:
        raise RunLockError("owner must be a non-empty string")
    if max_age <= 0:
        raise RunLockError(f"max_age must be positive, got {max_age}")
    now = _now(now)
    directory = os.path.dirname(path) or "."
    if not os.path.isdir(directory):
        raise RunLockError(f"lock directory {directory} does not exist")
    drained = _read_json(drained_path(path))
    drained_machines = list(drained.get("machines", [])) if drained else []
    if drained_machines and not accept_drained:
        raise RunLockError(
            "machine(s) {} were left drained by run {!r} at {}; put them back in service or let the run "
            "re-patch them (accept_drained), then run again".format(
                ", ".join(drained_machines), drained.get("owner"), drained.get("at")
            )
        )
    content = {"owner": owner, "acquired": now.isoformat(), "host": socket.gethostname(), "pid": os.getpid()}
    replaced = None
    current = _read_json(path)
    if current is not None:
        if current.get("owner") == owner:
            return {"changed": False, "lock": current, "replaced": None, "drained": drained_machines}
        age = _age_seconds(current, now)
        if age is None or age <= max_age:
            raise RunLockError(
                "lock {} is held by {!r} since {} (host {}, pid {}); another run is in progress".format(
                    path, current.get("owner"), current.get("acquired"), current.get("host"), current.get("pid")
                )
                if age is not None
                else f"lock {path} is held by {current.get('owner')!r} with an unreadable date; remove it by hand"
            )
        replaced = current
    if check_mode:
        return {"changed": True, "lock": content, "replaced": replaced, "drained": drained_machines}
    if replaced is not None:
        os.unlink(path)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except OSError as error:
        if error.errno == errno.EEXIST:
            raise RunLockError(f"lock {path} was taken by another run at the same moment") from None
        raise RunLockError(f"cannot create lock {path}: {error}") from None
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(content, handle, sort_keys=True)
    return {"changed": True, "lock": content, "replaced": replaced, "drained": drained_machines}


def release(path, owner, left_drained=(), now=None, check_mode=False):
    """Release the lock of ``owner`` and record (or clear) the machines left drained. Returns changed, drained."""
    if not owner:
        raise RunLockError("owner must be a non-empty string")
    now = _now(now)
    current = _read_json(path)
    if current is not None and current.get("owner") != owner:
        raise RunLockError(
            f"lock {path} belongs to {current.get('owner')!r} since {current.get('acquired')}, not to {owner!r}"
        )
    left = sorted(set(left_drained))
    marker = drained_path(path)
    previous = _read_json(marker)
    changed = current is not None
    record = {"owner": owner, "at": now.isoformat(), "machines": left}
    if left:
        changed = changed or previous is None or previous.get("machines") != left
    else:
        changed = changed or previous is not None
    if check_mode:
        return {"changed": changed, "drained": left}
    if current is not None:
        os.unlink(path)
    if left:
        if previous is None or previous.get("machines") != left:
            tmp = marker + ".tmp"
            with open(tmp, "w", encoding="utf-8") as handle:
                json.dump(record, handle, sort_keys=True)
            os.replace(tmp, marker)
    elif previous is not None:
        os.unlink(marker)
    return {"changed": changed, "drained": left}
