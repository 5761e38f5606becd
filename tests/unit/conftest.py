# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures shared by the unit tests: a private, editable copy of the example registry."""

from __future__ import annotations

import importlib.util
import os
import pathlib
import shutil

import pytest
import yaml

COLLECTION_ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLE_INVENTORY = COLLECTION_ROOT / "inventories" / "example"


class RegistryCopy:
    """A copy of the example registry in a temporary directory, with YAML editing helpers."""

    def __init__(self, root):
        self.root = root

    def path(self, name):
        return self.root / name

    def read(self, name):
        return yaml.safe_load(self.path(name).read_text(encoding="utf-8"))

    def write(self, name, document):
        self.path(name).parent.mkdir(parents=True, exist_ok=True)
        self.path(name).write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")

    def edit(self, name, change):
        """Load ``name``, let ``change`` mutate the document in place, write it back."""
        document = self.read(name)
        change(document)
        self.write(name, document)

    def write_text(self, name, text):
        self.path(name).write_text(text, encoding="utf-8")


@pytest.fixture
def inventory_dir(tmp_path):
    """A copy of inventories/example (plugin config and registry)."""
    target = tmp_path / "example"
    shutil.copytree(EXAMPLE_INVENTORY, target)
    return target


@pytest.fixture
def registry(inventory_dir):
    """An editable copy of the example registry."""
    return RegistryCopy(inventory_dir / "registry")


@pytest.fixture(scope="session")
def example_model():
    """The inventory model of the example registry, as the plugin builds it."""
    from ansible_collections.divalto.cloud.plugins.module_utils.registry.inventory_model import build_inventory_model
    from ansible_collections.divalto.cloud.plugins.module_utils.registry.load import load_registry

    return build_inventory_model(load_registry(str(EXAMPLE_INVENTORY / "registry")))


@pytest.fixture(scope="session")
def example_platform(example_model):
    """The domain model (``core.model.PlatformModel``) of the example registry, as consumers read it back."""
    from ansible_collections.divalto.cloud.plugins.module_utils.core.model import PlatformModel

    variables = example_model["vars"]
    return PlatformModel(variables["divalto_platform"], variables["divalto_environments"])


@pytest.fixture(scope="session")
def synthetic_registry():
    """``write_registry(root, tenants)`` of benchmarks/synthetic_registry.py: a valid registry of any size."""
    spec = importlib.util.spec_from_file_location(
        "synthetic_registry", COLLECTION_ROOT / "benchmarks" / "synthetic_registry.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.write_registry


REGENERATE_GOLDEN = "DIVALTO_REGENERATE_GOLDEN"


class Golden:
    """Compares a rendering with its reviewed golden file, or rewrites the file under ``DIVALTO_REGENERATE_GOLDEN=1``.

    ``make golden`` (scripts/golden.sh) regenerates every golden file that way, runs the tests again without the
    variable and lists what changed, for review. In a normal run a difference fails the test, naming the file.
    """

    def __init__(self, regenerate):
        self.regenerate = regenerate

    def __call__(self, path, text):
        """``text``: a str (written as UTF-8, line ends as they are) or bytes (byte-exact files, e.g. ISO-8859-1)."""
        path = pathlib.Path(path)
        binary = isinstance(text, bytes)
        if self.regenerate:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.is_file() or self._read(path, binary) != text:
                if binary:
                    path.write_bytes(text)
                else:
                    path.write_text(text, encoding="utf-8", newline="")
            return
        assert path.is_file(), "golden file %s is missing: run make golden and review it" % path
        expected = self._read(path, binary)
        assert text == expected, "%s is stale or the rendering changed: run make golden and review the diff" % path

    @staticmethod
    def _read(path, binary):
        return path.read_bytes() if binary else path.read_text(encoding="utf-8")


@pytest.fixture
def golden():
    """``golden(path, text)``: the rendering ``text`` must be the golden file ``path`` (see ``Golden``)."""
    return Golden(os.environ.get(REGENERATE_GOLDEN) == "1")
