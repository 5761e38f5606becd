#!/usr/bin/env bash
# Build divalto.cloud, install the tarball the way users get it, and lay out a
# copy of the source tree for ansible-test (called by scripts/setup.sh).
#   .build/dist/divalto-cloud-<version>.tar.gz      the built artifact
#   .build/collections/ansible_collections/...       it, installed, next to
#                                                    the bundled dependencies
#   .build/src/ansible_collections/divalto/cloud     source copy: ansible-test
#                                                    must run from a path ending
#                                                    in ansible_collections/NS/NAME
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
BUILD=$PWD/.build
COLLECTIONS=$BUILD/collections
SRC_ROOT=$BUILD/src/ansible_collections
SRC=$SRC_ROOT/divalto/cloud

echo "==> building and installing divalto.cloud"
rm -rf "$BUILD/dist"
ansible-galaxy collection build --force --output-path "$BUILD/dist" . >/dev/null
tarball=$(echo "$BUILD"/dist/divalto-cloud-*.tar.gz)
ansible-galaxy collection install --force --offline --no-deps -p "$COLLECTIONS" "$tarball" >/dev/null
echo "    $tarball"

# Source copy: exactly the files git would commit (tracked + untracked, not
# ignored). Files gone from the tree are removed from the copy; ansible-test's
# results (tests/output) are kept.
mkdir -p "$SRC"
files=$(mktemp)
trap 'rm -f "$files"' EXIT
LC_ALL=C comm -z -23 \
  <(git ls-files -z --cached --others --exclude-standard | LC_ALL=C sort -zu) \
  <(git ls-files -z --deleted | LC_ALL=C sort -zu) >"$files"
rsync -a --from0 --files-from="$files" ./ "$SRC/"
(cd "$SRC" && find . \( -path ./.git -o -path ./tests/output \) -prune -o ! -type d -printf '%P\0' | LC_ALL=C sort -z) |
  LC_ALL=C comm -z -23 - "$files" | (cd "$SRC" && xargs -0r rm -f --)
find "$SRC" -mindepth 1 -type d -empty ! -path "$SRC/.git*" ! -path "$SRC/tests/output*" -delete
# ansible-test lists content with git when it finds a .git above it, and the
# repository above ignores .build/: give the copy a repository of its own, in
# which every file is "untracked" (git ls-files --others) and so listed.
[[ -d $SRC/.git ]] || git -C "$SRC" init -q

# ansible-test points ANSIBLE_COLLECTIONS_PATH at $BUILD/src only, so the
# dependency collections must sit beside divalto/ there.
for ns in "$COLLECTIONS"/ansible_collections/*/; do
  ns=$(basename "$ns")
  [[ $ns == divalto ]] || ln -sfn "../../collections/ansible_collections/$ns" "$SRC_ROOT/$ns"
done
