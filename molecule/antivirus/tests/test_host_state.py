# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The state the antivirus role leaves on a Linux file server (pytest-testinfra, run by verify.yml through
molecule/shared/testinfra.yml): packages, services, the scheduled scan, freshclam's mirror, the quarantine."""

from __future__ import annotations

import pytest

QUARANTINE = "/var/lib/divalto/quarantine"
MIRROR_DATABASE = "DatabaseCustomURL http://10.204.12.50:8080/divalto-test.hdb"


@pytest.mark.parametrize("name", ["clamav", "clamav-daemon", "clamav-freshclam"])
def test_clamav_is_installed_from_debian(host, name):
    assert host.package(name).is_installed


@pytest.mark.parametrize("name", ["clamav-daemon", "clamav-freshclam"])
def test_the_daemons_run_and_start_at_boot(host, name):
    service = host.service(name)
    assert service.is_running
    assert service.is_enabled


def test_clamd_listens_on_its_local_socket_only(host):
    # The base image has no ss or netstat: the socket file and clamd's configuration say it.
    assert host.file("/run/clamav/clamd.ctl").is_socket
    lines = host.file("/etc/clamav/clamd.conf").content_string.splitlines()
    assert "LocalSocket /var/run/clamav/clamd.ctl" in lines
    assert not [line for line in lines if line.startswith("TCPSocket")]


def test_the_scan_is_scheduled_and_not_running_by_itself(host):
    assert host.service("divalto-clamav-scan.timer").is_running
    assert host.service("divalto-clamav-scan.timer").is_enabled
    unit = host.file("/etc/systemd/system/divalto-clamav-scan.service")
    assert unit.user == "root" and unit.mode == 0o644
    assert "Type=oneshot" in unit.content_string


def test_signatures_come_from_the_registry_mirror_only(host):
    config = host.file("/etc/clamav/freshclam.conf")
    assert (config.user, config.group, config.mode) == ("root", "root", 0o644)
    lines = config.content_string.splitlines()
    assert MIRROR_DATABASE in lines
    assert not [line for line in lines if line.startswith("DatabaseMirror")]
    assert {"ExcludeDatabase main", "ExcludeDatabase daily"} <= set(lines)
    assert host.file("/var/lib/clamav/divalto-test.hdb").is_file


def test_the_quarantine_is_root_only(host):
    quarantine = host.file(QUARANTINE)
    assert quarantine.is_directory
    assert (quarantine.user, quarantine.group, quarantine.mode) == ("root", "root", 0o700)
