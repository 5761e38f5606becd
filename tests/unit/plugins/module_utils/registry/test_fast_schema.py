# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fast schema check answers as jsonschema does, for every registry schema and many broken documents."""

from __future__ import annotations

import copy
import os

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.registry.fast_schema import (
    accepts,
    compile_schema,
    json_equal,
)
from ansible_collections.divalto.cloud.plugins.module_utils.registry.load import _validator
from ansible_collections.divalto.cloud.plugins.module_utils.registry.schema import (
    PLATFORM_SCHEMA,
    SERVICE_PACKS_SCHEMA,
    TENANT_SCHEMA,
)
from ansible_collections.divalto.cloud.plugins.module_utils.registry.strict_yaml import load_yaml_file

EXAMPLE = os.path.join(os.path.dirname(__file__), *[os.pardir] * 5, "inventories", "example", "registry")
# Values put in place of every value of a valid document, one at a time: other types, bools where numbers go,
# floats where integers go, bounds, dates that are not days, strings with a trailing newline.
REPLACEMENTS = (
    None,
    True,
    False,
    0,
    1,
    -1,
    1.0,
    2.5,
    10**12,
    "",
    "x",
    "x" * 5000,
    "line\n",
    "2026-02-30",
    "2026-01-01\n",
    "  ",
    [],
    ["a", "a"],
    [1, True],
    {},
    {"unknown": 1},
)


def documents():
    """(schema name, schema, document) of the example registry."""
    yield "platform", PLATFORM_SCHEMA, load_yaml_file(os.path.join(EXAMPLE, "platform.yml"))
    yield "service packs", SERVICE_PACKS_SCHEMA, load_yaml_file(os.path.join(EXAMPLE, "service_packs.yml"))
    tenants = os.path.join(EXAMPLE, "tenants")
    for name in sorted(os.listdir(tenants)):
        yield name, TENANT_SCHEMA, load_yaml_file(os.path.join(tenants, name))


def paths(value, prefix=()):
    """Every path (a tuple of keys and indexes) into ``value``, containers included."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths(item, prefix + (index,))


def variants(document, per_path):
    """Broken (and some still valid) variants of ``document``, made in place and undone after each is checked: each
    value replaced (``per_path`` of REPLACEMENTS, rotating, so that every replacement meets every kind of field),
    each entry removed, an unknown key added to each mapping, each list's first item repeated."""
    for number, path in enumerate(list(paths(document))):
        if not path:
            continue
        parent = document
        for key in path[:-1]:
            parent = parent[key]
        key = path[-1]
        original = parent[key]
        chosen = [REPLACEMENTS[(number + step) % len(REPLACEMENTS)] for step in range(per_path)]
        if isinstance(original, dict):
            chosen.append(dict(original, unknown_key="x"))
        if isinstance(original, list) and original:
            chosen.append(original + [original[0]])
        for value in chosen:
            parent[key] = copy.deepcopy(value)
            yield document
        parent[key] = original
        if isinstance(parent, dict):
            del parent[key]
            yield document
            parent[key] = original


@pytest.mark.parametrize("name, schema, document", list(documents()), ids=lambda value: str(value)[:20])
def test_fast_check_answers_as_jsonschema(name, schema, document):
    fast, slow = accepts(schema), _validator(schema)
    assert fast(document) and slow.is_valid(document), name
    checked = rejected = 0
    per_path = 3 if name == "platform" else len(REPLACEMENTS)
    for variant in variants(document, per_path):
        expected = slow.is_valid(variant)
        assert fast(variant) == expected, "%s: %r" % (name, variant)
        checked += 1
        rejected += not expected
    # The variants really exercise both answers.
    assert checked > 300
    assert 0.5 * checked < rejected < checked
    assert fast(document) and slow.is_valid(document), "%s: the variants were not all undone" % name


def test_integer_is_an_int_never_a_bool_or_a_float():
    check = compile_schema({"type": "integer", "minimum": 1})
    assert check(2)
    assert not check(True)
    assert not check(2.0)
    assert not check(0)


def test_keywords_apply_to_their_kind_only():
    check = compile_schema({"maxLength": 2, "maximum": 3, "maxItems": 1, "maxProperties": 1, "pattern": "^a"})
    assert check(5.5) is False
    assert check("ab") and not check("abc") and not check("ba")
    assert check([1]) and not check([1, 2])
    assert check({"a": 1}) and not check({"a": 1, "b": 2})
    assert check(None)


def test_enum_and_unique_items_keep_bools_apart_from_numbers():
    assert not compile_schema({"enum": [1, 0]})(True)
    assert compile_schema({"enum": [1]})(1.0)
    assert compile_schema({"uniqueItems": True})([1, True, 0, False])
    assert not compile_schema({"uniqueItems": True})([{"a": [1]}, {"a": [1.0]}])
    assert json_equal({"a": [1, {"b": "c"}]}, {"a": [1.0, {"b": "c"}]})
    assert not json_equal([1], {"0": 1})


def test_date_is_a_real_day_without_trailing_newline():
    check = compile_schema({"format": "date"})
    assert check("2028-02-29") and check(20260101)
    assert not check("2026-02-29")
    assert not check("2026-01-01\n")
    assert not check("20260101")


def test_dependent_required_and_additional_properties():
    check = compile_schema(
        {
            "type": "object",
            "properties": {"a": {"type": "string"}, "b": {"type": "string"}},
            "additionalProperties": False,
            "dependentRequired": {"a": ["b"]},
        }
    )
    assert check({}) and check({"a": "x", "b": "y"}) and check({"b": "y"})
    assert not check({"a": "x"})
    assert not check({"c": "x"})


def test_unknown_keyword_is_refused_when_compiled():
    with pytest.raises(ValueError, match="oneOf"):
        compile_schema({"oneOf": [{"type": "string"}]})
    with pytest.raises(ValueError, match="format"):
        compile_schema({"format": "email"})


def test_compiled_once_per_schema():
    schema = {"type": "string", "maxLength": 3}
    assert accepts(schema) is accepts(schema)
    assert accepts({"type": "string", "maxLength": 3}) is not accepts(schema)
