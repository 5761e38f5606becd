# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Python port of restic's SplitShellStrings (restic_shell_split) is faithful: restic's own test cases
(internal/backend/shell_split_test.go, TestShellSplitter and TestShellSplitterInvalid), then cases derived from the
Go source (internal/backend/shell_split.go) for the behaviours the sftp.command encoding relies on."""

from __future__ import annotations

import pytest

from ansible_collections.divalto.cloud.tests.unit.plugins.module_utils.backup.restic_shell_split import (
    ShellSplitError,
    split_shell_strings,
)

# TestShellSplitter, verbatim (the Go raw strings `...` as Python literals).
RESTIC_CASES = [
    ("foo", ["foo"]),
    ("'foo'", ["foo"]),
    ("foo bar baz", ["foo", "bar", "baz"]),
    ("foo 'bar' baz", ["foo", "bar", "baz"]),
    ("'bar box' baz", ["bar box", "baz"]),
    (""""bar 'box'" baz""", ["bar 'box'", "baz"]),
    ("""'bar "box"' baz""", ['bar "box"', "baz"]),
    (r"\"bar box baz", ['"bar', "box", "baz"]),
    ('"bar/foo/x" "box baz"', ["bar/foo/x", "box baz"]),
]

# TestShellSplitterInvalid, verbatim.
RESTIC_INVALID_CASES = [
    ("foo'", "single-quoted string not terminated"),
    ('foo"', "double-quoted string not terminated"),
    ("foo 'bar", "single-quoted string not terminated"),
    ('foo "bar', "double-quoted string not terminated"),
]


@pytest.mark.parametrize("data, args", RESTIC_CASES)
def test_restic_shell_splitter_cases(data, args):
    assert split_shell_strings(data) == args


@pytest.mark.parametrize("data, message", RESTIC_INVALID_CASES)
def test_restic_shell_splitter_invalid_cases(data, message):
    with pytest.raises(ShellSplitError) as caught:
        split_shell_strings(data)
    assert str(caught.value) == message


# Derived from shell_split.go (not in restic's tests): what happens to Windows paths, quotes and spaces.
SOURCE_CASES = [
    # outside quotes a backslash ends the word and is dropped: the defect of issue #13
    (
        r"ssh -i C:\ProgramData\divalto\keys\bk_acme h",
        ["ssh", "-i", "C:", "ProgramData", "divalto", "keys", "bk_acme", "h"],
    ),
    (r"a\\b", ["a", "b"]),
    (r"a\ b", ["a", "b"]),  # no POSIX-style escaped space
    # forward slashes are ordinary characters
    ("ssh -i C:/ProgramData/divalto/keys/bk_acme h", ["ssh", "-i", "C:/ProgramData/divalto/keys/bk_acme", "h"]),
    # inside quotes a backslash is kept
    (r'"C:\ProgramData\x" h', [r"C:\ProgramData\x", "h"]),
    (r"'C:\Program Files\x' h", [r"C:\Program Files\x", "h"]),
    # inside quotes a backslash keeps the next quote from closing, and stays
    (r'"a\"b" c', [r"a\"b", "c"]),
    (r"'a\'b' c", [r"a\'b", "c"]),
    # quotes are word boundaries: no concatenation, empty quotes give no word
    ("a'b'c", ["a", "b", "c"]),
    ("a '' b", ["a", "b"]),
    ("-o'X=1'", ["-o", "X=1"]),
    # the other quote is literal inside a quoted word
    ('"it\'s" x', ["it's", "x"]),
    # Go's unicode.IsSpace, not Python's str.isspace
    ("a\tb\nc\u00a0d\u3000e", ["a", "b", "c", "d", "e"]),
    ("a\x1cb", ["a\x1cb"]),
    ("  a  ", ["a"]),
]


@pytest.mark.parametrize("data, args", SOURCE_CASES)
def test_shell_split_go_source_cases(data, args):
    assert split_shell_strings(data) == args


@pytest.mark.parametrize(
    "data, message",
    [
        ("", "command string is empty"),
        (" \t ", "command string is empty"),
        ("''", "command string is empty"),
        (r'"a\"', "double-quoted string not terminated"),
        (r'"a\\"', "double-quoted string not terminated"),
    ],
)
def test_shell_split_go_source_errors(data, message):
    with pytest.raises(ShellSplitError) as caught:
        split_shell_strings(data)
    assert str(caught.value) == message
