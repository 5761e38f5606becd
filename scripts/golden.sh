#!/usr/bin/env bash
# `make golden`: regenerate every golden file (the tests that take the `golden` fixture of tests/unit/conftest.py,
# run with DIVALTO_REGENERATE_GOLDEN=1), run the same tests again without it, and list the files that changed, for
# review before they are committed. CI never regenerates: there a stale golden file fails its test.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
tree=.build/golden-path
mkdir -p "$tree/ansible_collections/divalto"
ln -sfn "$root" "$tree/ansible_collections/divalto/cloud"
mapfile -t files < <(grep -rlE '\bgolden\b[,)]' tests/unit --include='test_*.py' | sort)
[[ ${#files[@]} -gt 0 ]] || { echo "golden: no test takes the golden fixture" >&2; exit 1; }

run() {
  PYTHONPATH="$root/$tree" python -m pytest -q -p no:cacheprovider --import-mode=importlib -k golden "${files[@]}"
}
echo "==> regenerating the golden files of ${#files[@]} test files"
# A test that only reads a golden file may run before the test that rewrites it: the check below decides.
DIVALTO_REGENERATE_GOLDEN=1 run || true
echo "==> checking them"
run
echo "==> golden files changed (review the diff before committing):"
git status --short --untracked-files=all -- tests/unit | grep '/fixtures/' || echo "    none"
