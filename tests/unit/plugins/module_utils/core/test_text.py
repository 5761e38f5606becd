# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""core.text: error messages show a short excerpt, never a whole value; exports are decoded as UTF-8 or named."""

from __future__ import annotations

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.core.text import (
    EXCERPT_LENGTH,
    NotUtf8Error,
    excerpt,
    utf8_text,
)


def test_short_values_are_shown_whole():
    assert excerpt("10.0.1.1 backup") == "'10.0.1.1 backup'"
    assert excerpt(None) == "None"
    assert excerpt(2301.0) == "2301.0"


def test_long_values_are_cut_and_their_length_given():
    value = "-----BEGIN PRIVATE KEY-----" + "A" * 5000
    text = excerpt(value)
    assert text.startswith("'-----BEGIN PRIVATE KEY-----AAAA")
    assert text.endswith("... (5029 characters)")
    assert len(text) < EXCERPT_LENGTH + 30


def test_containers_are_described_not_expanded():
    bomb = [["x"] * 1000] * 1000
    assert excerpt(bomb) == "a list of 1000 item(s)"
    assert excerpt({"a": bomb}) == "a dict of 1 item(s)"


def test_limit():
    assert excerpt("abcdef", limit=3) == "'ab... (8 characters)"


def test_containers_are_named_by_kind_not_by_class():
    class LazyDict(dict):
        pass

    class LazyList(list):
        pass

    assert excerpt(LazyDict(a=1)) == "{'a': 1}"
    assert excerpt(LazyList([1, LazyDict(b=[])])) == "[1, {'b': []}]"
    assert excerpt((1,)) == "[1]"
    assert excerpt(frozenset({1})) == "{1}"
    assert excerpt(set()) == "set()"
    assert excerpt(b"ab") == "b'ab'"
    assert excerpt(LazyList(["x" * 40, "y" * 40])) == "a list of 2 item(s)"


def test_self_reference_and_depth_stay_within_the_budget():
    loop = []
    loop.append(loop)
    assert excerpt(loop) == "a list of 1 item(s)"
    deep = {"a": {"b": {"c": {"d": "e"}}}}
    assert excerpt(deep) == "{'a': {'b': {'c': {'d': 'e'}}}}"


def test_utf8_text_drops_a_byte_order_mark():
    assert utf8_text(b"\xef\xbb\xbfd\xc3\xa9j\xc3\xa0\n") == "d\u00e9j\u00e0\n"


def test_utf8_text_names_the_line_and_byte_of_latin1():
    with pytest.raises(NotUtf8Error) as info:
        utf8_text(b"ok\nalso ok\njos\xe9\n")
    assert (info.value.line, info.value.column, info.value.byte) == (3, 4, 0xE9)
    assert str(info.value) == "line 3: not UTF-8 (byte 0xe9 at byte 4 of the line)"
