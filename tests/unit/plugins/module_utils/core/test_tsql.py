# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Names and texts quoted for T-SQL (core/tsql.py), hostile ones first."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansible_collections.divalto.cloud.plugins.module_utils.core.tsql import TsqlError, identifier, literal


def test_names_are_delimited_as_quotename_does():
    assert identifier("CLOUD\\gg_acme_production") == "[CLOUD\\gg_acme_production]"
    assert identifier("db_owner") == "[db_owner]"
    # QUOTENAME('a]b') = [a]]b]; a [ inside needs nothing.
    assert identifier("a]b") == "[a]]b]"
    assert identifier("x]; DROP DATABASE erp; --") == "[x]]; DROP DATABASE erp; --]"
    assert identifier("[db_owner]") == "[[db_owner]]]"
    assert identifier("é" * 128) == "[" + "é" * 128 + "]"


def test_texts_are_unicode_literals_with_quotes_doubled():
    assert literal("CLOUD\\gg_acme") == "N'CLOUD\\gg_acme'"
    assert literal("O'Brien'); DROP USER x; --") == "N'O''Brien''); DROP USER x; --'"
    assert literal("") == "N''"


@pytest.mark.parametrize(
    "value, message",
    [
        ("", "identifier: expected 1 to 128 characters (sysname), got 0"),
        ("x" * 129, "identifier: expected 1 to 128 characters (sysname), got 129"),
        ("a\x00b", "identifier: contains a NUL character"),
        (None, "identifier: expected a string, got None"),
        (["db_owner"], "identifier: expected a string"),
    ],
)
def test_names_sql_server_would_refuse_or_change_are_refused(value, message):
    with pytest.raises(TsqlError) as error:
        identifier(value)
    assert str(error.value).startswith(message)


def test_a_nul_or_a_non_string_is_no_literal():
    with pytest.raises(TsqlError, match="literal: contains a NUL character"):
        literal("a\x00'; DROP")
    with pytest.raises(TsqlError, match="literal: expected a string"):
        literal(42)


@given(st.text(min_size=1, max_size=128).filter(lambda text: "\x00" not in text))
def test_no_name_ends_its_quotes_early(name):
    quoted = identifier(name)
    # Inside the brackets every ] is doubled: reading the delimited identifier back gives the name, whole.
    inner = quoted[1:-1]
    assert quoted[0] == "[" and quoted[-1] == "]"
    assert re.fullmatch(r"(?:[^\]]|\]\])*", inner, re.S)
    assert inner.replace("]]", "]") == name


@given(st.text(max_size=200).filter(lambda text: "\x00" not in text))
def test_no_text_ends_its_literal_early(text):
    quoted = literal(text)
    inner = quoted[2:-1]
    assert quoted.startswith("N'") and quoted.endswith("'")
    assert re.fullmatch(r"(?:[^']|'')*", inner, re.S)
    assert inner.replace("''", "'") == text
