# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.haproxy_stat module: rows from the socket, clean failures."""

from __future__ import annotations

import json

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.divalto.cloud.plugins.modules import haproxy_stat

STAT = "# pxname,svname,scur,status\nbe_a,FRONTEND,1,OPEN\nbe_a,app1,3,UP\nbe_a,app2,0,MAINT\n"


def run_module(args, capsys):
    with patch_module_args(args), pytest.raises(SystemExit) as exit_info:
        haproxy_stat.main()
    return exit_info.value.code, json.loads(capsys.readouterr().out)


def test_rows_of_the_servers_asked(capsys, monkeypatch):
    asked = []
    monkeypatch.setattr(haproxy_stat, "read_show_stat", lambda path, timeout: asked.append((path, timeout)) or STAT)
    code, result = run_module({"servers": ["app2"], "_ansible_check_mode": True}, capsys)
    assert code == 0 and result["changed"] is False
    assert result["rows"] == [{"backend": "be_a", "server": "app2", "status": "MAINT", "sessions": 0}]
    assert asked == [("/run/haproxy/admin.sock", 10)]


def test_a_socket_that_is_not_there_fails_naming_it(tmp_path, capsys):
    code, result = run_module({"socket": str(tmp_path / "admin.sock"), "timeout": 1}, capsys)
    assert code == 1
    assert result["msg"] == "haproxy_stat: %s: No such file or directory" % (tmp_path / "admin.sock")


def test_a_timeout_below_one_second_is_refused(capsys):
    code, result = run_module({"timeout": 0}, capsys)
    assert code == 1 and result["msg"] == "timeout: expected at least 1 second, got 0"
