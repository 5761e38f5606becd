#!/usr/bin/env bash
# mypy over the typed core (plugins/module_utils/core, plugins/plugin_utils), by its import name
# ansible_collections.divalto.cloud..., from a tree in .build that links to this checkout.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
tree=.build/mypy-path
mkdir -p "$tree/ansible_collections/divalto"
ln -sfn "$root" "$tree/ansible_collections/divalto/cloud"
cd "$tree"
exec mypy --config-file "$root/pyproject.toml" --cache-dir "$root/.build/mypy-cache" \
  -p ansible_collections.divalto.cloud.plugins.module_utils.core \
  -p ansible_collections.divalto.cloud.plugins.plugin_utils
