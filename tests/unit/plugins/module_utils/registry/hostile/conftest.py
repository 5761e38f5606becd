# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every load of a hostile registry must give: a clean load, or a RegistryError whose every problem names
its file and where in it (a field path or a line), in a bounded number of characters. Nothing else."""

from __future__ import annotations

import tracemalloc
import types

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.registry.load import RegistryError, load_registry
from ansible_collections.divalto.cloud.plugins.module_utils.registry.strict_yaml import (
    LoadStats,
    RegistryYamlError,
    load_yaml_bytes,
)

MAX_PROBLEM_CHARACTERS = 2000
# File-level problems need no field: the file itself is what is wrong.
FILE_LEVEL = (
    "a regular file",
    "a file of at most",
    "a YAML mapping, got an empty file",
    "well-formed YAML",
    "only tenant files",
    "a tenant file name ending",
    "a file named <tenant>.yml",
    "one file per tenant",
    "a directory of tenant files",
    "at least one tenant file",
    "fewer problems",
    "required key",
    "only known keys",
    "a value of type object",
)


def load_outcome(root):
    """``None`` for a clean load, else the list of problems; any other exception propagates (a test failure)."""
    try:
        load_registry(str(root))
    except RegistryError as exc:
        assert exc.problems, "a RegistryError without problems"
        return exc.problems
    return None


def assert_well_reported(problems, files=None):
    """Each problem names a file (one of ``files`` when given), says where, and is short."""
    for problem in problems:
        text = str(problem)
        assert len(text) <= MAX_PROBLEM_CHARACTERS, "problem of %d characters: %s..." % (len(text), text[:300])
        assert problem.file, text
        assert text.isprintable(), "unescaped control character in %r" % text[:300]
        if files is not None:
            assert problem.file in files, text
        located = problem.path or "(line " in problem.expected or problem.expected.startswith(FILE_LEVEL)
        assert located, "no field, line or file-level reason in: %s" % text


def peak_memory(function, *args):
    """Peak bytes allocated (tracemalloc) while ``function(*args)`` runs."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        function(*args)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def parse_or_refuse(data):
    """Load YAML bytes with the registry loader, refusals included; return the LoadStats."""
    stats = LoadStats()
    try:
        load_yaml_bytes(data, "fuzz.yml", stats)
    except RegistryYamlError:
        pass
    return stats


def harmless_of_size(size):
    """The densest harmless YAML of ``size`` bytes: a flow list of one-letter strings (about one node per 2 bytes)."""
    count = max(1, (size - 2) // 2)
    text = "[" + ",".join("a" * count) + "]"
    return (text + " " * max(0, size - len(text))).encode("ascii")


@pytest.fixture(scope="session")
def hostile():
    """The helpers above, for the tests of this directory (``--import-mode=importlib`` cannot import a sibling)."""
    return types.SimpleNamespace(
        load_outcome=load_outcome,
        assert_well_reported=assert_well_reported,
        peak_memory=peak_memory,
        parse_or_refuse=parse_or_refuse,
        harmless_of_size=harmless_of_size,
    )
