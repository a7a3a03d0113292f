#!/usr/bin/env bash
# Builds and tests the Redis example package against a real redis-server that the tests start themselves.
# Installs redis-server/redis-tools when missing (and stops the system service apt may start), then runs
# the same checks as the main package: warnings as errors, explicit dependency imports, every test.
# SCRATCH_PATH (default .build) is the build folder, for several checkouts building side by side.
set -euo pipefail
cd "$(dirname "$0")"
scratch="${SCRATCH_PATH:-.build}"

if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
    echo "== installing redis-server and redis-tools"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y redis-server redis-tools >/dev/null 2>&1 || {
        apt-get update >/dev/null
        apt-get install -y redis-server redis-tools >/dev/null
    }
    # The tests start their own servers on free ports; a system service left running would only cost memory.
    if command -v systemctl >/dev/null; then systemctl disable --now redis-server >/dev/null 2>&1 || true; fi
    if [ -f /run/redis/redis-server.pid ]; then kill "$(cat /run/redis/redis-server.pid)" 2>/dev/null || true; fi
fi

echo "== swift format lint (examples/redis-client)"
git ls-files -z -- '*.swift' | xargs -0 swift format lint --strict --configuration ../../.swift-format

echo "== build (examples/redis-client)"
swift build --scratch-path "$scratch" --build-tests -Xswiftc -warnings-as-errors --explicit-target-dependency-import-check error

echo "== test (examples/redis-client)"
swift test --scratch-path "$scratch" --skip-build --no-parallel
