#!/usr/bin/env bash
# Run galaxy-importer, the checks Galaxy runs on upload, on the built tarball
# (`make importer`). Fails when the import fails or logs an ERROR.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
WORK=$PWD/.build/importer
tarball=$(echo "$PWD"/.build/dist/divalto-cloud-*.tar.gz)
[[ -f $tarball ]] || { echo "no tarball in .build/dist: run make setup" >&2; exit 1; }

# run_ansible_test: it would start ansible-test in a container from a registry.
# run_ansible_lint: the importer lints with only this collection on the
#   collections path, so every task using a dependency would be reported as
#   unresolvable; `make lint` runs ansible-lint (production profile) with the
#   dependencies installed instead.
# ansible-doc (documentation of every plugin) and the changelog check stay on.
mkdir -p "$WORK"
cat >"$WORK/galaxy-importer.cfg" <<'CFG'
[galaxy-importer]
run_ansible_test = False
run_ansible_lint = False
run_ansible_doc = True
check_changelog = True
CFG
export GALAXY_IMPORTER_CONFIG=$WORK/galaxy-importer.cfg

cd "$WORK"
status=0
python -m galaxy_importer.main "$tarball" 2>&1 | tee importer.log || status=$?
if ((status)) || grep -q '^ERROR' importer.log; then
  echo "galaxy-importer reported errors (log: $WORK/importer.log)" >&2
  exit 1
fi
