#!/usr/bin/env bash
# Builds the release `barrage` (or another product of a package) and prints the binary's path on stdout; the
# build's own output goes to stderr. One place for the release build's flags, used by the demo and bench/:
# the Swift runtime and Foundation are linked statically (`--static-swift-stdlib`), which cuts 1.5–3 µs of user
# time per request on a hot path (no PLT calls into libswiftCore/libswift_Concurrency, no `__tls_get_addr` for
# the runtime's thread-locals). Measured with bench/postgres.sh: docs/engine.md, "The hot path: what one request
# costs, and the release build".
# Usage: scripts/build-release.sh [--scratch-path DIR] [--package-path DIR] [--product NAME]
set -euo pipefail
cd "$(dirname "$0")/.."

options=(-c release --static-swift-stdlib)
product=barrage
while [[ $# -gt 0 ]]; do
    case $1 in
    --scratch-path | --package-path) options+=("$1" "$2"); shift 2 ;;
    --product) product=$2; shift 2 ;;
    *) echo "scripts/build-release.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
swift build "${options[@]}" --product "$product" >&2
echo "$(swift build "${options[@]}" --show-bin-path)/$product"
