# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The execution environment definition agrees with the pins CI tests and the collection's dependencies."""

from __future__ import annotations

import pathlib
import re

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]


def load(name):
    return yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))


def pins():
    found = {}
    for line in (ROOT / "requirements-dev.txt").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)==(\S+)", line)
        if match:
            found[match.group(1).lower()] = match.group(2)
    return found


def test_ansible_core_and_runner_pins_match_requirements_dev():
    dependencies = load("execution-environment.yml")["dependencies"]
    assert load("execution-environment.yml")["version"] == 3
    assert dependencies["ansible_core"]["package_pip"] == "ansible-core==%s" % pins()["ansible-core"]
    assert dependencies["ansible_runner"]["package_pip"] == "ansible-runner==%s" % pins()["ansible-runner"]


def test_dependency_files_exist_and_cover_the_collection():
    ee = load("execution-environment.yml")
    for key in ("galaxy", "python", "system"):
        assert (ROOT / ee["dependencies"][key]).is_file(), key
    assert ee["images"]["base_image"]["name"]
    collections = {c["name"] for c in load(ee["dependencies"]["galaxy"])["collections"]}
    assert set(load("galaxy.yml")["dependencies"]) <= collections
    assert {"awx.awx", "community.zabbix"} <= collections
    python = (ROOT / ee["dependencies"]["python"]).read_text(encoding="utf-8")
    for package in ("holidays", "jsonschema", "netaddr", "python-dateutil", "PyYAML", "pywinrm"):
        assert re.search(r"^%s>=" % re.escape(package), python, re.M), package


def test_collection_meta_points_at_the_requirements_files():
    meta = load("meta/execution-environment.yml")
    assert meta["dependencies"] == {"python": "requirements.txt", "system": "bindep.txt"}
    for path in meta["dependencies"].values():
        assert (ROOT / path).is_file()
