#!/usr/bin/env bash
# Benchmark (not a test): HTTP keep-alive throughput of `barrage target` on one core, measured with wrk.
#
# Builds release, starts the target pinned to core 0 with one event loop thread, runs
# `wrk -t1 -c50 -d10s` pinned to core 1 against GET /, prints requests/s, and stops the target.
# The bar: at least 30,000 requests/s. Override the run with DURATION=30s CONNECTIONS=100.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-50}
BAR=30000

command -v wrk >/dev/null || { echo "bench/target.sh: wrk is missing (apt-get install wrk)" >&2; exit 1; }
command -v taskset >/dev/null || { echo "bench/target.sh: taskset is missing (apt-get install util-linux)" >&2; exit 1; }

BIN=$(scripts/build-release.sh)

PORTS_FILE=$(mktemp)
TARGET_PID=""
cleanup() {
    if [[ -n "$TARGET_PID" ]]; then
        kill -TERM "$TARGET_PID" 2>/dev/null || true
        wait "$TARGET_PID" 2>/dev/null || true
    fi
    rm -f "$PORTS_FILE"
}
trap cleanup EXIT

taskset -c 0 "$BIN" target --http 0 --ws 0 --tcp 0 --udp 0 --threads 1 --tick-rate 0 >"$PORTS_FILE" &
TARGET_PID=$!

for _ in $(seq 100); do
    [[ -s "$PORTS_FILE" ]] && break
    sleep 0.1
done
[[ -s "$PORTS_FILE" ]] || { echo "bench/target.sh: the target did not print its ports within 10 s" >&2; exit 1; }
PORT=$(sed -E 's/.*"http":([0-9]+).*/\1/' "$PORTS_FILE")

WRK_OUT=$(timeout 120 taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"$DURATION" "http://127.0.0.1:$PORT/")
echo "$WRK_OUT" >&2
RPS=$(echo "$WRK_OUT" | awk '/Requests\/sec/ {print $2}')
echo "barrage target GET / keep-alive, 1 core, wrk -t1 -c$CONNECTIONS -d$DURATION: $RPS requests/s (bar: $BAR)"
awk -v rps="$RPS" -v bar="$BAR" 'BEGIN { exit (rps >= bar) ? 0 : 2 }' || {
    echo "bench/target.sh: below the bar of $BAR requests/s" >&2
    exit 2
}
