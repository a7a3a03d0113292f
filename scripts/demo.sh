#!/usr/bin/env bash
# The demo: installs what is missing, builds Barrage (release), starts its embedded target server on free
# loopback ports, runs a scenario against it with live progress, and writes the results and reports.
# Usage: scripts/demo.sh [examples/http-api.yaml] [barrage run options…]   (default: examples/tcp-echo.yaml)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh build

echo "== building Barrage (release; the first build takes a few minutes)"
barrage=$(scripts/build-release.sh)

ports_file="$(mktemp)"
"$barrage" target --http 0 --ws 0 --tcp 0 --udp 0 >"$ports_file" &
target_pid=$!
trap 'kill "$target_pid" 2>/dev/null || true; rm -f "$ports_file"' EXIT
for _ in $(seq 1 100); do [ -s "$ports_file" ] && break; sleep 0.1; done
ports=$(head -1 "$ports_file")
echo "== embedded target: $ports"
export BARRAGE_HTTP_PORT=$(echo "$ports" | sed -E 's/.*"http":([0-9]+).*/\1/')
export BARRAGE_WS_PORT=$(echo "$ports" | sed -E 's/.*"ws":([0-9]+).*/\1/')
export BARRAGE_TCP_PORT=$(echo "$ports" | sed -E 's/.*"tcp":([0-9]+).*/\1/')
export BARRAGE_UDP_PORT=$(echo "$ports" | sed -E 's/.*"udp":([0-9]+).*/\1/')

scenario=examples/tcp-echo.yaml
case "${1:-}" in *.yaml|*.yml) scenario=$1; shift ;; esac
echo "== barrage run $scenario ${*:-}"
status=0
"$barrage" run "$scenario" "$@" || status=$?
exit "$status"
