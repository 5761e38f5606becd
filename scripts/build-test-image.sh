#!/usr/bin/env bash
# Build localhost/divalto-test, the image most Molecule scenarios run on: localhost/debian-base plus every
# Debian package of molecule/test-image.packages, so that scenarios do not each download and install them.
#
# - Rebuilt only when the package list or the base image changed (label divalto.recipe: a hash of both).
# - The services those packages enable are disabled again: the image is a machine with the packages present
#   and nothing configured, and the roles enable and start what they manage. The package lists stay in the
#   image, so a role finds them fresh while the image is younger than its cache_valid_time, and refreshes
#   them after that.
# - Scenarios that run on the plain base image keep the roles' install tasks tested (docs/testing.md).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
BASE=localhost/debian-base
IMAGE=localhost/divalto-test
LIST=molecule/test-image.packages
export CONTAINERS_CONF=${CONTAINERS_CONF:-$PWD/.build/containers.conf}

mapfile -t packages < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$LIST" | grep -v '^$' | sort -u)
((${#packages[@]})) || { echo "$LIST lists no package" >&2; exit 1; }
base_id=$(podman image inspect --format '{{ .Id }}' "$BASE")
recipe=$({ printf '%s\n' "${packages[@]}"; echo "$base_id"; sha256sum "${BASH_SOURCE[0]}"; } | sha256sum | cut -c1-16)
if podman image exists "$IMAGE" &&
  [[ $(podman image inspect --format '{{ index .Labels "divalto.recipe" }}' "$IMAGE") == "$recipe" ]]; then
  echo "==> podman image $IMAGE is up to date (${#packages[@]} packages)"
  exit 0
fi

echo "==> building $IMAGE: $BASE + ${packages[*]}"
builder=divalto-test-image-build
podman rm -f "$builder" >/dev/null 2>&1 || true
trap 'podman rm -f "$builder" >/dev/null 2>&1 || true' EXIT
podman run --name "$builder" "$BASE" bash -euo pipefail -c '
  enabled() { systemctl list-unit-files --state=enabled --no-legend --no-pager | awk "{print \$1}" | sort; }
  enabled >/tmp/enabled.before
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  apt-get clean
  comm -13 /tmp/enabled.before <(enabled) | xargs --no-run-if-empty systemctl disable --quiet
  rm -f /tmp/enabled.before
' bash "${packages[@]}"
podman commit --quiet \
  --change 'CMD ["/sbin/init"]' \
  --change "LABEL divalto.recipe=$recipe" \
  "$builder" "$IMAGE" >/dev/null
echo "==> built $IMAGE"
