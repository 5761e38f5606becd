# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""app_servers.clamav: the settings, freshclam.conf, and clamdscan's answers read strictly."""

from __future__ import annotations

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.app_servers.clamav import (
    ClamavError,
    freshclam_conf,
    parse_scan,
    scan_argv,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.antivirus_policy import clamav_settings
from ansible_collections.divalto.cloud.plugins.module_utils.core.paths import PathError


def settings(section):
    return clamav_settings({"antivirus": {"clamav": section}})


MIRROR = "http://clamav-mirror.ops.erp.example.net"
CUSTOM = "http://clamav-mirror.ops.erp.example.net/platform.hdb"


def test_freshclam_reads_the_platforms_mirrors_only():
    assert freshclam_conf(settings({"mirrors": [MIRROR], "checks_per_day": 4})) == [
        "DatabaseOwner clamav",
        "DatabaseDirectory /var/lib/clamav",
        "UpdateLogFile /var/log/clamav/freshclam.log",
        "NotifyClamd /etc/clamav/clamd.conf",
        "Foreground false",
        "Checks 4",
        "PrivateMirror " + MIRROR,
    ]
    lines = freshclam_conf(settings({"mirrors": [MIRROR], "standard_databases": [], "custom_databases": [CUSTOM]}))
    assert lines[6:] == [
        "PrivateMirror " + MIRROR,
        "ExcludeDatabase main",
        "ExcludeDatabase daily",
        "ExcludeDatabase bytecode",
        "DatabaseCustomURL " + CUSTOM,
    ]


def test_scan_command():
    assert scan_argv("/usr/bin/clamdscan", ["/srv/t"], "/var/lib/q") == [
        "/usr/bin/clamdscan",
        "--fdpass",
        "--multiscan",
        "--infected",
        "--no-summary",
        "--stdout",
        "--move=/var/lib/q",
        "--",
        "/srv/t",
    ]
    assert "--move" not in " ".join(scan_argv("clamdscan", ["/srv/t"]))
    with pytest.raises(PathError, match=r"^paths: expected absolute paths, got \['srv'\]$"):
        scan_argv("clamdscan", ["/srv/t", "srv"])
    with pytest.raises(PathError, match=r"^paths: expected absolute paths, got \[\]$"):
        scan_argv("clamdscan", [])


# clamdscan 1.0 (Debian 12) with --infected --no-summary --stdout --move.
FOUND = """/srv/divalto/tenants/acme/production/erp_files/eicar.com: Eicar-Signature FOUND
/srv/divalto/tenants/acme/production/erp_files/eicar.com: moved to '/var/lib/divalto/quarantine/eicar.com'
/srv/divalto/tenants/acme/production/erp_files/locked.dat: Access denied. ERROR
"""


def test_detections_with_their_quarantine_and_errors():
    assert parse_scan(1, FOUND) == {
        "detections": [
            {
                "path": "/srv/divalto/tenants/acme/production/erp_files/eicar.com",
                "signature": "Eicar-Signature",
                "quarantined": "/var/lib/divalto/quarantine/eicar.com",
            }
        ],
        "errors": ["/srv/divalto/tenants/acme/production/erp_files/locked.dat: Access denied."],
    }


def test_clean_and_unreachable_daemon():
    assert parse_scan(0, "") == {"detections": [], "errors": []}
    answer = "ERROR: Could not connect to clamd on LocalSocket /run/clamav/clamd.ctl: No such file or directory\n"
    assert parse_scan(2, answer)["errors"] == [repr(answer.strip())]
    assert parse_scan(2, "")["errors"] == ["clamdscan exited with 2 without naming the error (is clamd running?)"]


@pytest.mark.parametrize(("rc", "stdout", "message"), [(0, FOUND, "but exited with 0"), (40, "", "exited with 40")])
def test_inconsistent_answers_are_errors(rc, stdout, message):
    with pytest.raises(ClamavError, match=message):
        parse_scan(rc, stdout)
