# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A fast yes/no answer to "does this document pass the registry's JSON schema?".

jsonschema spends most of the registry's load time building a validator object for every node it descends into
(about 1.2 s of CPU for 2,000 tenant files, most of the plugin's cost above the inventory floor). Nearly every file
is valid, and a valid file needs no message. So the loader first asks ``accepts(schema)(document)``: a checker
compiled once per schema into plain closures, for exactly the keywords the registry's schemas use, with
jsonschema's Draft 2020-12 meaning and the loader's own ``integer`` (an int, never a bool or a float). Only when it
answers no does jsonschema run, and every message still comes from jsonschema (load.py ``_schema_problems``).

The checker never says yes where jsonschema says no: the unit tests compare both over every schema and over
valid and broken documents. A schema keyword it does not know is refused when the schema is compiled (a
``ValueError``, a programming error): a new keyword cannot be skipped silently.
"""

from __future__ import annotations

import datetime
import re
from typing import Any, Callable

Check = Callable[[Any], bool]

# Keywords that say nothing about validity (annotations).
_ANNOTATIONS = frozenset(("description", "title", "default", "examples", "$comment", "x-expected"))
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


_TYPES: dict[str, Check] = {
    "object": lambda value: isinstance(value, dict),
    "array": lambda value: isinstance(value, list),
    "string": lambda value: isinstance(value, str),
    "integer": lambda value: isinstance(value, int) and not isinstance(value, bool),
    "number": _is_number,
    "boolean": lambda value: isinstance(value, bool),
    "null": lambda value: value is None,
}


def json_equal(one: Any, two: Any) -> bool:
    """Equality as JSON Schema means it (jsonschema's ``equal``): a bool equals only a bool, 1 equals 1.0."""
    if isinstance(one, bool) or isinstance(two, bool):
        return isinstance(one, bool) and isinstance(two, bool) and one == two
    if isinstance(one, dict) and isinstance(two, dict):
        return one.keys() == two.keys() and all(json_equal(one[key], two[key]) for key in one)
    if isinstance(one, list) and isinstance(two, list):
        return len(one) == len(two) and all(json_equal(a, b) for a, b in zip(one, two))
    if isinstance(one, (dict, list)) or isinstance(two, (dict, list)):
        return False
    return bool(one == two)


def _unique(items: list) -> bool:
    if all(isinstance(item, str) for item in items):
        return len(set(items)) == len(items)
    return not any(json_equal(items[i], items[j]) for i in range(len(items)) for j in range(i + 1, len(items)))


def _is_date(value: Any) -> bool:
    """jsonschema's ``date`` format: only strings are checked; YYYY-MM-DD that is a real day."""
    if not isinstance(value, str):
        return True
    if not _DATE.fullmatch(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _type(expected: Any) -> Check:
    names = expected if isinstance(expected, list) else [expected]
    checks = [_TYPES[name] for name in names]
    if len(checks) == 1:
        return checks[0]
    return lambda value: any(check(value) for check in checks)


def _on(kind: Check, test: Callable[[Any], bool]) -> Check:
    """A keyword that only applies to instances of one kind (JSON Schema: any other kind passes it)."""
    return lambda value: not kind(value) or test(value)


def _properties(schema: dict) -> Check:
    named = {key: compile_schema(sub) for key, sub in schema.get("properties", {}).items()}
    required = tuple(schema.get("required", ()))
    extra = schema.get("additionalProperties", True)
    extra_check = None if extra is True else (lambda _value: False) if extra is False else compile_schema(extra)

    def check(value: dict) -> bool:
        for key in required:
            if key not in value:
                return False
        for key, item in value.items():
            sub = named.get(key)
            if sub is not None:
                if not sub(item):
                    return False
            elif extra_check is not None and not extra_check(item):
                return False
        return True

    return _on(_TYPES["object"], check)


def _keyword_checks(schema: dict) -> list[Check]:
    checks: list[Check] = []
    if "type" in schema:
        checks.append(_type(schema["type"]))
    if "enum" in schema:
        allowed = list(schema["enum"])
        checks.append(lambda value: any(json_equal(value, option) for option in allowed))
    if "anyOf" in schema:
        branches = [compile_schema(sub) for sub in schema["anyOf"]]
        checks.append(lambda value: any(branch(value) for branch in branches))
    is_string, is_array, is_object = _TYPES["string"], _TYPES["array"], _TYPES["object"]
    if "pattern" in schema:
        search = re.compile(schema["pattern"]).search
        checks.append(_on(is_string, lambda value: search(value) is not None))
    if "format" in schema:
        if schema["format"] != "date":
            raise ValueError("fast_schema: no check for format %r" % schema["format"])
        checks.append(_is_date)
    bounds = (
        ("minLength", is_string, lambda value, bound: len(value) >= bound),
        ("maxLength", is_string, lambda value, bound: len(value) <= bound),
        ("minimum", _is_number, lambda value, bound: value >= bound),
        ("maximum", _is_number, lambda value, bound: value <= bound),
        ("minItems", is_array, lambda value, bound: len(value) >= bound),
        ("maxItems", is_array, lambda value, bound: len(value) <= bound),
        ("minProperties", is_object, lambda value, bound: len(value) >= bound),
        ("maxProperties", is_object, lambda value, bound: len(value) <= bound),
    )
    for keyword, kind, test in bounds:
        if keyword in schema:
            checks.append(_on(kind, lambda value, bound=schema[keyword], test=test: test(value, bound)))
    if schema.get("uniqueItems"):
        checks.append(_on(is_array, _unique))
    if "items" in schema:
        item = compile_schema(schema["items"])
        checks.append(_on(is_array, lambda value: all(item(entry) for entry in value)))
    if "propertyNames" in schema:
        name = compile_schema(schema["propertyNames"])
        checks.append(_on(is_object, lambda value: all(name(key) for key in value)))
    if {"properties", "required", "additionalProperties"} & schema.keys():
        checks.append(_properties(schema))
    if "dependentRequired" in schema:
        dependent = [(key, tuple(needed)) for key, needed in schema["dependentRequired"].items()]
        checks.append(
            _on(
                is_object,
                lambda value: all(need in value for key, needed in dependent if key in value for need in needed),
            )
        )
    return checks


KNOWN = frozenset(
    (
        "type",
        "enum",
        "anyOf",
        "pattern",
        "format",
        "minLength",
        "maxLength",
        "minimum",
        "maximum",
        "minItems",
        "maxItems",
        "minProperties",
        "maxProperties",
        "uniqueItems",
        "items",
        "propertyNames",
        "properties",
        "required",
        "additionalProperties",
        "dependentRequired",
    )
)


def compile_schema(schema: Any) -> Check:
    """A function answering whether an instance passes ``schema``; ValueError for a keyword it cannot check."""
    if schema is True:
        return lambda _value: True
    if schema is False:
        return lambda _value: False
    if not isinstance(schema, dict):
        raise ValueError("fast_schema: a schema is a mapping or a boolean, got %s" % type(schema).__name__)
    unknown = sorted(set(schema) - KNOWN - _ANNOTATIONS)
    if unknown:
        raise ValueError("fast_schema: no check for the keyword(s) %s" % ", ".join(unknown))
    checks = _keyword_checks(schema)
    if not checks:
        return lambda _value: True
    if len(checks) == 1:
        return checks[0]
    return lambda value: all(check(value) for check in checks)


_COMPILED: dict[int, tuple[Any, Check]] = {}


def accepts(schema: dict) -> Check:
    """The compiled check of ``schema``, compiled once per schema object."""
    entry = _COMPILED.get(id(schema))
    if entry is None or entry[0] is not schema:
        entry = (schema, compile_schema(schema))
        _COMPILED[id(schema)] = entry
    return entry[1]
