# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every value of the schemas is bounded and every pattern full-matches; hostile YAML costs no more than a
harmless file of the same size (nodes built, memory), never measured against a wall clock."""

from __future__ import annotations

import re

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.registry import schema
from ansible_collections.divalto.cloud.plugins.module_utils.registry.strict_yaml import (
    MAX_DEPTH,
    NODE_FLOOR,
    NODES_PER_BYTE,
    LoadStats,
    RegistryYamlError,
    load_yaml_bytes,
)

SCHEMAS = {
    "platform": schema.PLATFORM_SCHEMA,
    "service_packs": schema.SERVICE_PACKS_SCHEMA,
    "tenant": schema.TENANT_SCHEMA,
}
# Left open on purpose: checked by their own module (zone_flows) or free (extra_vars); the loader's bounds apply.
OPEN = ("zone_flows[].from", "zone_flows[].ports", "schedules.jobs.*.extra_vars")


def _walk(node, path):
    if isinstance(node, dict):
        yield path, node
        for key, child in node.get("properties", {}).items():
            yield from _walk(child, path + "." + key if path else key)
        if isinstance(node.get("additionalProperties"), dict):
            yield from _walk(node["additionalProperties"], path + ".*")
        if isinstance(node.get("propertyNames"), dict):
            yield from _walk(node["propertyNames"], path + ".<key>")
        if isinstance(node.get("items"), dict):
            yield from _walk(node["items"], path + "[]")
        for index, child in enumerate(node.get("anyOf", [])):
            yield from _walk(child, path + "|%d" % index)


def _all(name):
    return list(_walk(SCHEMAS[name], ""))


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_number_string_and_list_is_bounded(name):
    unbounded = []
    for path, node in _all(name):
        kind = node.get("type")
        if kind == "integer" and "maximum" not in node and "enum" not in node:
            unbounded.append("%s: integer without maximum" % path)
        if kind == "string" and "maxLength" not in node:
            unbounded.append("%s: string without maxLength" % path)
        if kind == "array" and "maxItems" not in node:
            unbounded.append("%s: list without maxItems" % path)
        if kind is None and not node.get("enum") and not node.get("anyOf") and path not in OPEN:
            unbounded.append("%s: value of any type" % path)
    assert unbounded == []


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_pattern_is_a_full_match(name):
    for path, node in _all(name):
        pattern = node.get("pattern")
        if pattern is None or pattern == schema.LINES_PATTERN:  # descriptions: several lines by design
            continue
        assert pattern.startswith("^") and pattern.endswith("\\Z"), "%s: %s" % (path, pattern)
        outside_classes = re.sub(r"\[(\\.|[^\]])*\]", "", pattern).replace("\\$", "")
        assert "$" not in outside_classes, "%s: $ accepts a trailing newline" % path
        compiled = re.compile(pattern)
        for value in ("x\n", "acme\n", "\n"):
            assert not compiled.search(value), "%s accepts %r" % (path, value)


IDENTIFIERS = {
    "SAFE_ID": schema.SAFE_ID,
    "MACHINE_NAME": schema.MACHINE_NAME,
    "KEYWORD": schema.KEYWORD,
    "ADDON_NAME": schema.ADDON_NAME,
    "SEARCH_DIRECTORY": schema.SEARCH_DIRECTORY,
    "FILE_NAME": schema.FILE_NAME,
}
RESERVED = ["con", "CON", "Prn", "aux", "nul", "NUL", "com0", "com9", "COM1", "lpt1", "LPT9", "nul.txt", "com\u00b9"]


@pytest.mark.parametrize("kind", sorted(IDENTIFIERS))
@pytest.mark.parametrize("value", RESERVED + [".", "..", "x.", "x ", " x", "a\tb", "a\x00", "a\u2028b", "a\x85b"])
def test_the_identifier_grammar_refuses(kind, value):
    assert not re.search(IDENTIFIERS[kind]["pattern"], value)


@pytest.mark.parametrize(
    "kind, value",
    [
        ("SAFE_ID", "acme"),
        ("SAFE_ID", "console"),
        ("MACHINE_NAME", "app-par1-01"),
        ("KEYWORD", "extranet_portal"),
        ("ADDON_NAME", "Éditions spéciales"),
        ("ADDON_NAME", "Conseil"),
        ("SEARCH_DIRECTORY", "erp/std"),
        ("FILE_NAME", "divalto-erpx13-p223a.zip"),
    ],
)
def test_the_identifier_grammar_accepts(kind, value):
    assert re.search(IDENTIFIERS[kind]["pattern"], value)


def _alias_bomb(levels, width=9):
    lines = ['a0: &a0 ["lol"]']
    for level in range(1, levels + 1):
        lines.append("a%d: &a%d [%s]" % (level, level, ", ".join(["*a%d" % (level - 1)] * width)))
    return "\n".join(lines).encode("ascii")


def _merge_bomb(levels):
    lines = ["m0: &m0 {k0: 1, k1: 1, k2: 1, k3: 1}"]
    for level in range(1, levels + 1):
        lines.append("m%d: &m%d {<<: [%s], x%d: 1}" % (level, level, ", ".join(["*m%d" % (level - 1)] * 9), level))
    return "\n".join(lines).encode("ascii")


HOSTILE = {
    "alias-bomb": _alias_bomb(9),
    "wide-alias-bomb": _alias_bomb(4, width=200),
    "merge-bomb": _merge_bomb(9),
    "alias-depth": b"a: &a [[[[[[[[[[[[[[[[x]]]]]]]]]]]]]]]]\n"
    + b"".join(
        b"b%d: &b%d [[[[[[[[[[[[*%s]]]]]]]]]]]]\n" % (i, i, b"a" if i == 0 else b"b%d" % (i - 1)) for i in range(8)
    ),
    "deep-flow": b"[" * 5000 + b"]" * 5000,
    "many-anchors": b"[" + b", ".join(b"&x%d %d" % (i, i) for i in range(20000)) + b"]",
    "many-aliases": b"[&a x, " + b", ".join([b"*a"] * 30000) + b"]",
    "long-string": b"v: '" + b"x" * 200000 + b"'",
    "big-int": b"v: " + b"9" * 100000,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_nodes_built_are_bounded_by_the_file_size(name, hostile):
    data = HOSTILE[name]
    stats = hostile.parse_or_refuse(data)
    assert stats.budget == NODE_FLOOR + NODES_PER_BYTE * len(data)
    # a refused file stops as soon as it crosses the bound (plus one merged or aliased subtree at most)
    assert stats.expanded <= 2 * stats.budget
    assert stats.nodes <= len(data)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_memory_is_bounded_relative_to_a_harmless_file_of_the_same_size(name, hostile):
    data = HOSTILE[name]
    harmless = hostile.harmless_of_size(len(data))
    hostile.parse_or_refuse(harmless)  # warm up imports and caches
    baseline = hostile.peak_memory(hostile.parse_or_refuse, harmless)
    measured = hostile.peak_memory(hostile.parse_or_refuse, data)
    assert measured <= 4 * baseline + 256 * 1024, "%s: %d bytes, a harmless file of its size: %d" % (
        name,
        measured,
        baseline,
    )


def test_bombs_are_refused_with_the_bound():
    for name in ("alias-bomb", "merge-bomb", "wide-alias-bomb"):
        with pytest.raises(RegistryYamlError) as caught:
            load_yaml_bytes(HOSTILE[name], name)
        assert "YAML nodes once aliases are expanded" in caught.value.expected
        assert caught.value.field, "no field for %s" % name


def test_depth_through_aliases_is_bounded():
    with pytest.raises(RegistryYamlError) as caught:
        load_yaml_bytes(HOSTILE["alias-depth"], "depth.yml")
    assert "nesting at most %d levels deep" % MAX_DEPTH in caught.value.expected


def test_harmless_aliases_load():
    stats = LoadStats()
    document = load_yaml_bytes(b"base: &b {a: 1, b: [1, 2]}\nother: {<<: *b, c: 3}\nsame: *b\n", "ok.yml", stats)
    assert document == {"base": {"a": 1, "b": [1, 2]}, "other": {"a": 1, "b": [1, 2], "c": 3}, "same": document["base"]}
    assert stats.expanded <= stats.budget
