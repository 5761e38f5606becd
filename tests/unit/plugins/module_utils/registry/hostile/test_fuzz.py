# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A hypothesis fuzzer of the registry loader: whatever a tenant file or the platform holds, a load gives a clean
registry or a RegistryError whose every problem names its file and where, in a bounded message; never another
exception, and never more memory than a harmless file of the same size would take (times a constant)."""

from __future__ import annotations

import copy
import pathlib
import shutil

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLE_INVENTORY = pathlib.Path(__file__).resolve().parents[6] / "inventories" / "example"
FUZZ = settings(
    max_examples=120,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
COBALT = "tenants/cobalt.yml"
FILES = {"platform.yml", "service_packs.yml", "tenants/acme.yml", "tenants/breizhfood.yml", COBALT}
FILES.add("tenants/dentelles.yml")

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=80),
    st.sampled_from(["cobalt\n", "con", "NUL", "..", "lpt1.", "2026-02-30", "v2026_erpx13_p223a", "app-par1-a", ""]),
)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=5), st.dictionaries(st.one_of(st.text(max_size=20), SCALARS), children, max_size=5)
    ),
    max_leaves=20,
)
FRAGMENTS = st.sampled_from(
    [
        "&a ",
        "*a",
        "<<: ",
        "<<: *a",
        "[",
        "]",
        "{",
        "}",
        ": ",
        ", ",
        "\n",
        "\n  ",
        "- ",
        "'",
        '"',
        "!!",
        "!!python/object:os.system ",
        "!!set ",
        "? ",
        "---\n",
        "#",
        "tenant: cobalt\n",
        "environments:\n  production:\n",
        "9" * 50,
        "0x" + "f" * 40,
        "\t",
        "\x00",
        "\u2028",
        "2026-02-30",
        ".nan",
    ]
)
RAW = st.lists(st.one_of(FRAGMENTS, st.text(max_size=10)), max_size=60).map("".join)
COBALT_DOCUMENT = yaml.safe_load((EXAMPLE_INVENTORY / "registry" / COBALT).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def fuzz_registry(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz") / "registry"
    shutil.copytree(str(EXAMPLE_INVENTORY / "registry"), str(root))
    return root


def _paths(document, prefix=()):
    yield prefix
    if isinstance(document, dict):
        for key, value in document.items():
            yield from _paths(value, prefix + (key,))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield from _paths(value, prefix + (index,))


COBALT_PATHS = [path for path in _paths(COBALT_DOCUMENT) if path]


def _replace(document, path, value):
    document = copy.deepcopy(document)
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return document


def _check(root, hostile):
    problems = hostile.load_outcome(root)
    if problems is not None:
        hostile.assert_well_reported(problems, FILES | {p.file for p in problems if p.file.startswith("tenants/")})
    return problems


@FUZZ
@given(path=st.sampled_from(COBALT_PATHS), value=VALUES)
def test_any_value_anywhere_in_a_tenant(fuzz_registry, hostile, path, value):
    document = _replace(COBALT_DOCUMENT, path, value)
    text = yaml.safe_dump(document, allow_unicode=True)
    (fuzz_registry / COBALT).write_text(text, encoding="utf-8")
    _check(fuzz_registry, hostile)


@FUZZ
@given(extra=st.dictionaries(st.one_of(st.text(max_size=20), SCALARS), VALUES, min_size=1, max_size=3))
def test_any_keys_in_a_tenant(fuzz_registry, hostile, extra):
    document = dict(COBALT_DOCUMENT, **{str(k): v for k, v in extra.items()})
    (fuzz_registry / COBALT).write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    problems = _check(fuzz_registry, hostile)
    assert problems is not None, "unknown keys must be refused"


@FUZZ
@given(text=RAW)
def test_any_text_as_a_tenant_file(fuzz_registry, hostile, text):
    (fuzz_registry / COBALT).write_bytes(text.encode("utf-8", "surrogatepass"))
    _check(fuzz_registry, hostile)


@FUZZ
@given(text=RAW)
def test_any_text_after_the_platform(fuzz_registry, hostile, text):
    platform = (EXAMPLE_INVENTORY / "registry" / "platform.yml").read_text(encoding="utf-8")
    (fuzz_registry / "platform.yml").write_bytes((platform + text).encode("utf-8", "surrogatepass"))
    try:
        _check(fuzz_registry, hostile)
    finally:
        (fuzz_registry / "platform.yml").write_text(platform, encoding="utf-8")


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    width=st.integers(min_value=1, max_value=50),
    levels=st.integers(min_value=1, max_value=12),
    merge=st.booleans(),
)
def test_alias_structures_cost_no_more_than_a_harmless_file(hostile, width, levels, merge):
    """Nodes built stay under the bound, and memory within a constant factor of a harmless file of the same size."""
    lines = ["l0: &l0 {k: [1, 2]}" if merge else "l0: &l0 [1, 2]"]
    for level in range(1, levels + 1):
        refs = ", ".join(["*l%d" % (level - 1)] * width)
        lines.append(("l%d: &l%d {<<: [%s]}" if merge else "l%d: &l%d [%s]") % (level, level, refs))
    data = "\n".join(lines).encode("ascii")
    stats = hostile.parse_or_refuse(data)
    assert stats.expanded <= 2 * stats.budget
    harmless = hostile.harmless_of_size(len(data))
    baseline = hostile.peak_memory(hostile.parse_or_refuse, harmless)
    assert hostile.peak_memory(hostile.parse_or_refuse, data) <= 4 * baseline + 256 * 1024
