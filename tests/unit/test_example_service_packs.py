# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The example catalogue's checksums are those of the artifacts tools/build-example-service-packs builds."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import pathlib

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _builder():
    path = ROOT / "tools" / "build-example-service-packs"
    loader = importlib.machinery.SourceFileLoader("build_example_service_packs", str(path))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))
    loader.exec_module(module)
    return module


def test_catalogue_matches_the_built_artifacts(tmp_path):
    builder = _builder()
    catalogue = yaml.safe_load((ROOT / "inventories/example/registry/service_packs.yml").read_text(encoding="utf-8"))
    entries = catalogue["service_packs"]
    assert sorted(entry["artifact"] for entry in entries.values()) == sorted(builder.PACKS)
    for version, entry in entries.items():
        built = builder.sha256(builder.build(str(tmp_path), entry["artifact"]))
        assert built == entry["sha256"], version


def test_builds_are_reproducible(tmp_path):
    builder = _builder()
    first = builder.sha256(builder.build(str(tmp_path), "divalto-erpx13-p224.zip"))
    (tmp_path / "again").mkdir()
    assert builder.sha256(builder.build(str(tmp_path / "again"), "divalto-erpx13-p224.zip")) == first
