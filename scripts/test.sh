#!/usr/bin/env bash
# The whole test suite: what CI runs (.ci/run) and what the README's second command runs.
# Installs missing packages, checks formatting, builds with warnings as errors and the check that no target
# imports a module it does not declare (the core must not know any protocol), then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh test

echo "== swift format lint"
git ls-files -z -- '*.swift' | xargs -0 swift format lint --strict

echo "== build"
swift build --build-tests -Xswiftc -warnings-as-errors --explicit-target-dependency-import-check error

echo "== test"
# One test at a time: several tests measure timing (rates, stalls, timeouts) on a 2-core machine.
swift test --skip-build --no-parallel

echo "== examples/redis-client (a protocol built as a third party would, against a real redis-server)"
examples/redis-client/test.sh
