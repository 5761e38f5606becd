#!/usr/bin/env bash
# Build the podman image the Molecule scenarios run on, localhost/debian-base,
# from Debian's mirror with debootstrap: no container registry is reachable.
# Debian 12 minbase with python3 (for Ansible) and systemd, systemd-sysv and
# dbus, so scenarios that manage services can run /sbin/init.
# Rebuilt only when missing or when this script changed (image label).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
IMAGE=localhost/debian-base
SUITE=bookworm
PACKAGES=python3,python3-apt,systemd,systemd-sysv,dbus,ca-certificates
export CONTAINERS_CONF=${CONTAINERS_CONF:-$PWD/.build/containers.conf}

recipe=$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-16)
if podman image exists "$IMAGE" &&
  [[ $(podman image inspect --format '{{ index .Labels "divalto.recipe" }}' "$IMAGE") == "$recipe" ]]; then
  echo "==> podman image $IMAGE is up to date"
  exit 0
fi

# The machine's Debian mirror: deb822 sources first, then sources.list.
mirror=$(
  cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
    awk '/^URIs:/ {print $2}' | grep -v -- '-security' | head -n1 || true
)
if [[ -z $mirror ]]; then
  mirror=$(awk '$1 == "deb" && $0 !~ /security/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
fi
[[ -n $mirror ]] || { echo "no Debian mirror found in the apt sources" >&2; exit 1; }

echo "==> building $IMAGE with debootstrap ($SUITE from $mirror)"
rootfs=$(mktemp -d)
trap 'rm -rf "$rootfs"' EXIT
debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$rootfs" "$mirror" >/dev/null ||
  { cat "$rootfs/debootstrap/debootstrap.log" >&2; exit 1; }

# Containers use the same apt sources as this machine (updates and security
# included), and start with an empty apt cache to keep the image small.
rm -f "$rootfs/etc/apt/sources.list"
cp /etc/apt/sources.list.d/*.sources "$rootfs/etc/apt/sources.list.d/" 2>/dev/null || true
[[ -f /etc/apt/sources.list ]] && cp /etc/apt/sources.list "$rootfs/etc/apt/sources.list"
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
# systemd in a container: no getty on a console that does not exist, and no periodic apt or dpkg jobs, which
# would take the dpkg lock (or the CPU) at moments no test chooses.
rm -f "$rootfs/etc/systemd/system/getty.target.wants/"* \
  "$rootfs/etc/systemd/system/timers.target.wants/"{apt-daily,apt-daily-upgrade,dpkg-db-backup}.timer

tar -C "$rootfs" -c . | podman import --quiet \
  --change 'CMD ["/sbin/init"]' \
  --change "LABEL divalto.recipe=$recipe" \
  - "$IMAGE" >/dev/null
echo "==> built $IMAGE"
