#!/usr/bin/env bash
# Memory over a long run: does the generator's resident memory stay flat? Runs a closed TCP loop and an open
# UDP rate against the embedded target for DUR seconds (default 120) and prints the generator's RSS over time
# (from result.json's per-second generator series) and its slope. Loopback only; stops what it started.
set -euo pipefail
cd "$(dirname "$0")/.."
DUR=${DUR:-120}
USERS=${USERS:-50}
RATE=${RATE:-1000}
WORKERS=${WORKERS:-1}

if [ -z "${BARRAGE:-}" ]; then
  BARRAGE=$(scripts/build-release.sh)
fi
work=$(mktemp -d)
"$BARRAGE" target --http 0 --ws 0 --tcp 0 --udp 0 --threads 1 >"$work/ports" &
target=$!
trap 'kill $target 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do [ -s "$work/ports" ] && break; sleep 0.1; done
tcp=$(sed -E 's/.*"tcp":([0-9]+).*/\1/' "$work/ports")
udp=$(sed -E 's/.*"udp":([0-9]+).*/\1/' "$work/ports")
cat >"$work/soak.yaml" <<YAML
name: soak
scenarios:
  tcp:
    load: {model: constant-users, users: $USERS, duration: ${DUR}s}
    flow:
      - tcp: {address: "127.0.0.1:$tcp", send: "ping\n", read: line, expect: {equals: ping}}
  udp:
    load: {model: constant-rate, rate: $RATE, duration: ${DUR}s, max_in_flight: 100}
    flow:
      - udp: {address: "127.0.0.1:$udp", send: hello}
YAML
timeout $((DUR + 60)) "$BARRAGE" run "$work/soak.yaml" --workers "$WORKERS" --quiet --out "$work/out" | tail -n +3
python3 - "$work/out/result.json" <<'PY'
import json, sys
result = json.load(open(sys.argv[1]))
rss = [p["rssBytes"] / 1048576 for p in result["generator"]["series"]]
samples = sum(s["count"] for sc in result["scenarios"] for s in sc["steps"])
marks = [0, len(rss) // 4, len(rss) // 2, 3 * len(rss) // 4, len(rss) - 1]
print("RSS MB at " + ", ".join(f"{i + 1}s {rss[i]:.1f}" for i in marks))
half = len(rss) // 2
first, second = sum(rss[:half]) / half, sum(rss[half:]) / (len(rss) - half)
print(f"{samples:,} samples; mean RSS first half {first:.1f} MB, second half {second:.1f} MB "
      f"({(second - first) / first * 100:+.1f}%)")
PY
