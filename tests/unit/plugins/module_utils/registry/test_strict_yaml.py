# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Strict YAML loading of registry files."""

from __future__ import annotations

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.registry.strict_yaml import (
    RegistryYamlError,
    load_yaml_file,
)


def test_loads_a_mapping(tmp_path):
    path = tmp_path / "ok.yml"
    path.write_text("a: 1\nb: [x, y]\nc: {d: true}\n", encoding="utf-8")
    assert load_yaml_file(str(path)) == {"a": 1, "b": ["x", "y"], "c": {"d": True}}


def test_duplicate_key_names_both_lines(tmp_path):
    path = tmp_path / "dup.yml"
    path.write_text("machines:\n  app-01: {}\n  app-02: {}\n  app-01: {}\n", encoding="utf-8")
    with pytest.raises(RegistryYamlError) as caught:
        load_yaml_file(str(path))
    assert caught.value.message == "duplicate key 'app-01' (first at line 2, again at line 4)"
    assert caught.value.line == 4
    assert str(caught.value) == "%s:4: duplicate key 'app-01' (first at line 2, again at line 4)" % path


def test_syntax_error_names_the_line(tmp_path):
    path = tmp_path / "bad.yml"
    path.write_text("a: 1\nb: [1, 2\n", encoding="utf-8")
    with pytest.raises(RegistryYamlError) as caught:
        load_yaml_file(str(path))
    assert caught.value.line == 3
    assert "expected ',' or ']'" in caught.value.message


def test_unreadable_file(tmp_path):
    with pytest.raises(RegistryYamlError) as caught:
        load_yaml_file(str(tmp_path / "missing.yml"))
    assert caught.value.message == "cannot read file: No such file or directory"


def test_python_tags_are_refused(tmp_path):
    path = tmp_path / "evil.yml"
    path.write_text("a: !!python/object/apply:os.system ['true']\n", encoding="utf-8")
    with pytest.raises(RegistryYamlError) as caught:
        load_yaml_file(str(path))
    assert "a plain YAML list (no tag 'tag:yaml.org,2002:python/object/apply:os.system')" in str(caught.value)
