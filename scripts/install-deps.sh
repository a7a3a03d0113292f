#!/usr/bin/env bash
# Installs what Barrage needs to build, test and run its demo, if any of it is missing: Debian packages, and for
# the tests a few Python modules (into the python3 on PATH) and kubectl.
# Usage: scripts/install-deps.sh [build|test]   (default: build)
set -euo pipefail

build_packages=(pkg-config libuv1-dev libpq-dev libcurl4-openssl-dev libwebsockets-dev)
test_packages=(chromium python3-jsonschema python3-yaml postgresql-15 nginx-light openssl prometheus iproute2 python3-aiosmtpd)
# Python modules the tests import, as module:pip-package.
test_python_modules=(jsonschema:jsonschema yaml:pyyaml kubernetes_validate:kubernetes-validate)

mode="${1:-build}"
case "$mode" in
  build) wanted=("${build_packages[@]}") ;;
  test) wanted=("${build_packages[@]}" "${test_packages[@]}") ;;
  *) echo "usage: $0 [build|test]" >&2; exit 2 ;;
esac

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
updated=false
apt_install() {
  echo "installing: $*"
  if ! $updated; then $sudo apt-get update -qq; updated=true; fi
  $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

missing=()
for package in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"

if [ "$mode" = test ]; then
  # kubectl renders deploy/kubernetes (client-side only); Debian's kubernetes-client when none is installed.
  command -v kubectl >/dev/null || apt_install kubernetes-client
  for entry in "${test_python_modules[@]}"; do
    python3 -c "import ${entry%%:*}" 2>/dev/null && continue
    echo "installing Python module: ${entry##*:}"
    python3 -m pip install --quiet --disable-pip-version-check "${entry##*:}" 2>/dev/null \
      || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "${entry##*:}"
  done
fi
