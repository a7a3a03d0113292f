#!/usr/bin/env bash
# Installs the Debian packages Barrage needs to build, test and run its demo, if any are missing.
# Usage: scripts/install-deps.sh [build|test]   (default: build)
set -euo pipefail

build_packages=(pkg-config libuv1-dev libpq-dev libcurl4-openssl-dev libwebsockets-dev)
test_packages=(chromium python3-jsonschema postgresql-15 nginx-light openssl)

case "${1:-build}" in
  build) wanted=("${build_packages[@]}") ;;
  test) wanted=("${build_packages[@]}" "${test_packages[@]}") ;;
  *) echo "usage: $0 [build|test]" >&2; exit 2 ;;
esac

missing=()
for package in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
