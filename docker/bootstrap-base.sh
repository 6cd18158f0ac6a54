#!/usr/bin/env bash
# Makes the base image debian:bookworm-slim without a registry: debootstrap a minimal
# bookworm from Debian's package mirror and import it. Used only when pulling fails.
set -euo pipefail

TAG="${1:-debian:bookworm-slim}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

if ! command -v debootstrap >/dev/null 2>&1; then
  echo "bootstrap-base: debootstrap is missing (apt-get install debootstrap)" >&2
  exit 2
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "bootstrap-base: debootstrap needs root" >&2
  exit 2
fi

DIR="$(mktemp -d "${TMPDIR:-/tmp}/atomic-skills-rootfs.XXXXXX")"
trap 'rm -rf "$DIR"' EXIT

echo "bootstrap-base: debootstrap --variant=minbase bookworm into $DIR" >&2
debootstrap --variant=minbase bookworm "$DIR" "$MIRROR"
# Keep the image small and its apt lists out of the layer.
rm -rf "$DIR"/var/cache/apt/archives/*.deb "$DIR"/var/lib/apt/lists/*

echo "bootstrap-base: importing as $TAG" >&2
tar -C "$DIR" -c . | docker import - "$TAG"
