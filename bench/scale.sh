#!/usr/bin/env bash
# Benchmark (not a test): one process against two segment processes of the same open-model HTTP load, against
# the embedded target, and the cost of merging long results.
#
# 1. The target runs on every core; an open model (RATE/s GET /, DURATION) runs once as one process (2 workers)
#    and once as two segment processes (--segment 0/2 and 1/2, one worker each, pinned one per core) with a
#    shared --start-at. Printed: achieved total rate, dropped arrivals, and the merged p50/p99 beside the single
#    run's.
# 2. Merge time and peak memory for two results of one hour at one-second resolution (made from the run's
#    result by repeating its per-second points: the same size a real one-hour result has).
#
#   bench/scale.sh
#   RATE=8000 DURATION=20s bench/scale.sh
#   BARRAGE_BIN=.build/debug/barrage RATE=500 DURATION=3s bench/scale.sh     # a quick check of the script
set -euo pipefail
cd "$(dirname "$0")/.."

RATE=${RATE:-4000}
DURATION=${DURATION:-15s}
SCRATCH=${SCRATCH:-.build-bench}

if [[ -z "${BARRAGE_BIN:-}" ]]; then
    BARRAGE_BIN=$(scripts/build-release.sh --scratch-path "$SCRATCH")
fi
BIN=$BARRAGE_BIN
WORK=$(mktemp -d)
TARGET_PID=""
cleanup() {
    [[ -n "$TARGET_PID" ]] && kill "$TARGET_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

"$BIN" target --http 0 --ws 0 --tcp 0 --udp 0 >"$WORK/ports.json" &
TARGET_PID=$!
for _ in $(seq 100); do [[ -s "$WORK/ports.json" ]] && break; sleep 0.1; done
HTTP=$(sed -E 's/.*"http":([0-9]+).*/\1/' "$WORK/ports.json")
cat >"$WORK/scale.yaml" <<YAML
scenarios:
  open:
    load: {model: constant-rate, rate: ${RATE}/s, duration: ${DURATION}, max_in_flight: 400}
    flow:
      - name: get
        http: {url: "http://127.0.0.1:${HTTP}/", http_version: "1.1"}
YAML

"$BIN" run "$WORK/scale.yaml" --workers 2 --quiet --out "$WORK/single" >/dev/null || true
START=$(date -u -d '+3 sec' +%Y-%m-%dT%H:%M:%SZ)
taskset -c 0 "$BIN" run "$WORK/scale.yaml" --segment 0/2 --start-at "$START" --workers 1 --quiet --out "$WORK/seg0" >/dev/null &
A=$!
taskset -c 1 "$BIN" run "$WORK/scale.yaml" --segment 1/2 --start-at "$START" --workers 1 --quiet --out "$WORK/seg1" >/dev/null &
B=$!
wait $A || true
wait $B || true
"$BIN" merge "$WORK/seg0" "$WORK/seg1" --out "$WORK/merged" >/dev/null

python3 - "$WORK" <<'PY'
import json, sys, copy
work = sys.argv[1]
def load(name):
    return json.load(open(f"{work}/{name}/result.json"))
def row(name):
    r = load(name); s = r["scenarios"][0]; step = s["steps"][0]
    return (step["count"] / r["durationSeconds"], s.get("droppedIterations", 0), step["latency"]["p50"], step["latency"]["p99"], step["failures"])
print("| run | achieved rate/s | dropped | p50 ms | p99 ms | failures |")
print("|---|---|---|---|---|---|")
for name in ["single", "merged"]:
    rate, dropped, p50, p99, failures = row(name)
    print(f"| {name} | {rate:,.0f} | {dropped} | {p50:.3f} | {p99:.3f} | {failures} |")
# One-hour results: repeat the per-second points of each segment's result to 3600 seconds.
for name in ["seg0", "seg1"]:
    r = load(name)
    def stretch(series):
        if not series: return series
        out = []
        for second in range(3600):
            point = copy.deepcopy(series[second % len(series)])
            point["t"] = r["startTimeUnixMs"] + second * 1000
            out.append(point)
        return out
    for scenario in r["scenarios"]:
        for step in scenario["steps"]:
            step["series"] = stretch(step["series"])
        if "series" in scenario: scenario["series"] = stretch(scenario["series"])
    r["generator"]["series"] = stretch(r["generator"]["series"])
    r["durationSeconds"] = 3600
    json.dump(r, open(f"{work}/{name}-hour.json", "w"))
PY
/usr/bin/time -f "merge of two one-hour results: %e s, peak RSS %M KB" "$BIN" merge "$WORK/seg0-hour.json" "$WORK/seg1-hour.json" --out "$WORK/merged-hour" >/dev/null
