#!/usr/bin/env bash
# The demo: installs what is missing, builds Barrage (release), starts its embedded target server on free
# loopback ports, runs examples/tcp-echo.yaml against it with live progress, and writes the results.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh build

echo "== building Barrage (release; the first build takes a few minutes)"
swift build -c release --product barrage
barrage="$(swift build -c release --show-bin-path)/barrage"

ports_file="$(mktemp)"
"$barrage" target --http 0 --ws 0 --tcp 0 --udp 0 >"$ports_file" &
target_pid=$!
trap 'kill "$target_pid" 2>/dev/null || true; rm -f "$ports_file"' EXIT
for _ in $(seq 1 100); do [ -s "$ports_file" ] && break; sleep 0.1; done
ports=$(head -1 "$ports_file")
echo "== embedded target: $ports"
export BARRAGE_TCP_PORT=$(echo "$ports" | sed -E 's/.*"tcp":([0-9]+).*/\1/')
export BARRAGE_UDP_PORT=$(echo "$ports" | sed -E 's/.*"udp":([0-9]+).*/\1/')

echo "== barrage run examples/tcp-echo.yaml ${*:-}"
status=0
"$barrage" run examples/tcp-echo.yaml "$@" || status=$?
exit "$status"
