# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""network.haproxy_stat: show stat CSV read strictly, and the admin socket read over a real UNIX socket."""

from __future__ import annotations

import socket
import threading

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.network.haproxy_stat import (
    HaproxyStatError,
    parse_show_stat,
    read_show_stat,
)

# HAProxy 2.6 (Debian 12) answers with this header; rows trimmed to its first 18 columns plus status kept in place.
STAT = """# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,
fe_https,FRONTEND,,,1,2,,,,,,,,,,,,OPEN,
be_a,app1,0,0,2,3,,,,,,,,,,,,DRAIN,
be_a,app2,0,0,0,3,,,,,,,,,,,,UP,
be_a,BACKEND,0,0,2,3,,,,,,,,,,,,UP,
be_b,app2,0,0,,3,,,,,,,,,,,,MAINT,

"""


def test_server_rows_only_in_haproxys_order():
    assert parse_show_stat(STAT) == [
        {"backend": "be_a", "server": "app1", "status": "DRAIN", "sessions": 2},
        {"backend": "be_a", "server": "app2", "status": "UP", "sessions": 0},
        {"backend": "be_b", "server": "app2", "status": "MAINT", "sessions": 0},
    ]


def test_only_the_servers_asked():
    assert [row["backend"] for row in parse_show_stat(STAT, ["app2"])] == ["be_a", "be_b"]
    assert parse_show_stat(STAT, []) == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "not the output of show stat"),
        ("Unknown command, but maybe one of the following ones is a better match:\n", "not the output of show stat"),
        ("# pxname,svname,status\nbe,app,UP\n", "show stat has no column scur"),
        ("# pxname,svname,scur,status\nbe,app\n", "line 2 has 2 fields, the header 4"),
        ("# pxname,svname,scur,status\nbe,app,many,UP\n", "line 2: scur is not a number: 'many'"),
    ],
)
def test_anything_else_is_an_error_not_an_empty_answer(text, message):
    with pytest.raises(HaproxyStatError, match=message):
        parse_show_stat(text)


@pytest.fixture
def admin_socket(tmp_path):
    """A UNIX socket that answers one connection as HAProxy does: reads the command, writes the CSV, closes."""
    path = str(tmp_path / "admin.sock")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(1)
    received = []

    def answer():
        connection, _address = server.accept()
        with connection:
            received.append(connection.recv(1024))
            connection.sendall(STAT.encode())

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    yield path, received
    thread.join(5)
    server.close()


def test_the_socket_is_asked_show_stat(admin_socket):
    path, received = admin_socket
    assert parse_show_stat(read_show_stat(path, 5), ["app1"])[0]["status"] == "DRAIN"
    assert received == [b"show stat\n"]


def test_a_missing_socket_names_it(tmp_path):
    path = str(tmp_path / "none.sock")
    with pytest.raises(HaproxyStatError, match="none.sock: No such file or directory"):
        read_show_stat(path, 1)
