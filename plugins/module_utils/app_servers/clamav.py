# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: ClamAV on the platform's Linux machines (DMZ proxies, backup vault, Linux file servers).

Microsoft Defender protects the Windows machines (``antivirus.py``); ClamAV from Debian protects the Linux ones:
``clamd`` with signatures that ``freshclam`` takes only from the mirrors ``platform.yml`` names (``antivirus.clamav``,
docs/registry.md), a scheduled ``clamdscan`` of the directories a machine's role exposes, infected files moved into
a quarantine directory, and each scan's detections returned as data.

- :func:`freshclam_conf`: the lines of ``freshclam.conf`` that ``core.antivirus_policy.clamav_settings`` gives.
- :func:`scan_argv` and :func:`parse_scan`: the ``clamdscan`` command of a scan and its answer read strictly
  (``<path>: <signature> FOUND``, ``<path>: moved to '<quarantine file>'``, ``<path>: <message> ERROR``).

Standard library only: the ``divalto.cloud.clamav_scan`` module runs on the machine.
"""

from __future__ import annotations

import re

from ansible_collections.divalto.cloud.plugins.module_utils.core.antivirus_policy import STANDARD_DATABASES
from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.paths import check_absolute_paths
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt

MAX_DETECTIONS = 1000
_FOUND = re.compile(r"(?P<path>/.*): (?P<signature>[^\s:][^:]*) FOUND\Z")
_MOVED = re.compile(r"(?P<path>/.*): moved to '(?P<target>/.*)'\Z")
_ERROR = re.compile(r"(?P<path>/.*): (?P<message>.+) ERROR\Z")


class ClamavError(DivaltoError):
    """clamdscan cannot be run as asked, or its answer is not what it prints."""


def freshclam_conf(settings):
    """The settings lines of ``freshclam.conf``: the platform's mirrors only, never ClamAV's public network."""
    lines = [
        "DatabaseOwner clamav",
        "DatabaseDirectory /var/lib/clamav",
        "UpdateLogFile /var/log/clamav/freshclam.log",
        "NotifyClamd /etc/clamav/clamd.conf",
        "Foreground false",
        "Checks %d" % settings["checks_per_day"],
    ]
    lines += ["PrivateMirror %s" % url for url in settings["mirrors"]]
    lines += ["ExcludeDatabase %s" % name for name in STANDARD_DATABASES if name not in settings["standard_databases"]]
    lines += ["DatabaseCustomURL %s" % url for url in settings["custom_databases"]]
    return lines


def scan_argv(executable, paths, quarantine=None):
    """``clamdscan`` over ``paths`` through the running clamd; infected files moved into ``quarantine`` when given."""
    paths = check_absolute_paths("paths", paths, allow_empty=False)
    argv = [executable, "--fdpass", "--multiscan", "--infected", "--no-summary", "--stdout"]
    if quarantine:
        argv.append("--move=%s" % quarantine)
    return argv + ["--"] + paths


def parse_scan(rc, stdout):
    """``{detections: [{path, signature, quarantined}], errors: [...]}`` of a ``clamdscan --infected`` run.

    clamdscan exits with 0 (clean), 1 (something found) or 2 (an error); any other line or exit code, or a
    detection reported with exit code 0, raises :class:`ClamavError`.
    """
    if rc not in (0, 1, 2):
        raise ClamavError("clamdscan exited with %s: %s" % (rc, excerpt(stdout)))
    detections, moved, errors = [], {}, []
    for line in stdout.splitlines():
        line = line.rstrip()
        if not line:
            continue
        found, move, error = _FOUND.match(line), _MOVED.match(line), _ERROR.match(line)
        if found:
            detections.append({"path": found.group("path"), "signature": found.group("signature")})
        elif move:
            moved[move.group("path")] = move.group("target")
        elif error:
            errors.append("%s: %s" % (error.group("path"), error.group("message")))
        else:
            errors.append(excerpt(line, 200))
    if detections and rc != 1:
        raise ClamavError("clamdscan reported %d detection(s) but exited with %d" % (len(detections), rc))
    if rc == 2 and not errors:
        errors.append("clamdscan exited with 2 without naming the error (is clamd running?)")
    for detection in detections:
        detection["quarantined"] = moved.get(detection["path"])
    return {"detections": detections[:MAX_DETECTIONS], "errors": errors[:MAX_DETECTIONS]}
