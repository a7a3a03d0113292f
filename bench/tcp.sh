#!/usr/bin/env bash
# Benchmark (on demand, not a test): TCP request/response throughput of Barrage against the native floor.
#
# SIZE-byte ping-pong over CONNS TCP connections against a small C epoll echo server pinned to core SRV_CPU.
# Two generators run in turn, each pinned to core GEN_CPU for DUR seconds against that same server:
#   - Barrage: `barrage run` of a generated scenario (constant-users, one tcp step, read: {length: SIZE});
#   - C:       bench/targets/tcp_pingpong.c, a plain epoll client, the native floor.
# Prints a Markdown table: round trips, round trips/s, round trips per generator CPU-second, latency p50/p99,
# Barrage's scheduling lag p99, peak RSS, and Barrage's ratio to the C client in round trips per CPU-second.
# On a 2-core machine the echo server saturates its core, so raw rate says little; work per generator
# CPU-second is the figure that compares generators.
#
# Options (environment):
#   DUR=10        seconds per generator run            CONNS=50    connections (Barrage users)
#   SIZE=16       message bytes                        RUNS=1      repetitions (C and Barrage each)
#   SRV_CPU=0     core of the echo server              GEN_CPU=1   core of the generators
#   WORKERS=1     Barrage worker threads (more than 1 shares GEN_CPU; only for experiments)
#   BARRAGE=path  use this barrage binary instead of building (swift build -c release --scratch-path .build-bench)
#   KEEP=1        keep the temp dir (binaries, logs, result.json) and print its path
# Loopback only; every generator run is bounded by `timeout`, the server by its own time limit; the EXIT
# trap stops everything this script started.
set -euo pipefail
cd "$(dirname "$0")/.."

DUR=${DUR:-10}
CONNS=${CONNS:-50}
SIZE=${SIZE:-16}
RUNS=${RUNS:-1}
SRV_CPU=${SRV_CPU:-0}
GEN_CPU=${GEN_CPU:-1}
WORKERS=${WORKERS:-1}
KEEP=${KEEP:-0}

die() { echo "bench/tcp.sh: $*" >&2; exit 1; }
for n in DUR CONNS SIZE RUNS SRV_CPU GEN_CPU WORKERS; do
    [[ ${!n} =~ ^[0-9]+$ ]] || die "$n must be a whole number, found '${!n}'"
done
((DUR >= 1 && DUR <= 600)) || die "DUR must be 1..600 seconds"
((CONNS >= 1 && CONNS <= 10000)) || die "CONNS must be 1..10000"
((SIZE >= 1 && SIZE <= 65536)) || die "SIZE must be 1..65536"
((RUNS >= 1 && RUNS <= 20)) || die "RUNS must be 1..20"
for tool in taskset cc timeout; do
    command -v "$tool" >/dev/null || die "$tool is missing"
done
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (apt-get install time)"
if command -v jq >/dev/null; then
    json() { jq -r "$2" "$1"; }
elif command -v python3 >/dev/null; then
    json() { python3 -c 'import json,sys,functools
d=json.load(open(sys.argv[1]))
path=[int(p) if p.isdigit() else p for p in sys.argv[2].replace("[",".").replace("]","").strip(".").split(".") if p]
print(functools.reduce(lambda a,k:a[k],path,d))' "$1" "$2"; }
else
    die "jq or python3 is needed to read result.json"
fi

# --- Build ---------------------------------------------------------------------------------------------
if [[ -z "${BARRAGE:-}" ]]; then
    BARRAGE=$(scripts/build-release.sh --scratch-path .build-bench)
fi
[[ -x "$BARRAGE" ]] || die "no barrage binary at $BARRAGE"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/barrage-bench-tcp.XXXXXX")
SERVER_PID=""
cleanup() {
    if [[ -n "$SERVER_PID" ]]; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    if [[ "$KEEP" == 1 ]]; then echo "bench/tcp.sh: kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cc -O2 -Wall -o "$WORK/tcp_echo_server" bench/targets/tcp_echo_server.c
cc -O2 -Wall -o "$WORK/tcp_pingpong" bench/targets/tcp_pingpong.c

# --- Server --------------------------------------------------------------------------------------------
# Port 0: the server binds a free loopback port and prints it. It exits on its own after the longest this
# script could need, even if the trap never runs.
SERVER_LIMIT=$((RUNS * 2 * (DUR + 70) + 60))
taskset -c "$SRV_CPU" "$WORK/tcp_echo_server" 0 "$SERVER_LIMIT" >"$WORK/server.out" 2>"$WORK/server.err" &
SERVER_PID=$!
for _ in $(seq 100); do
    grep -q '^port ' "$WORK/server.out" 2>/dev/null && break
    kill -0 "$SERVER_PID" 2>/dev/null || die "the echo server exited: $(cat "$WORK/server.err")"
    sleep 0.05
done
PORT=$(awk '/^port /{print $2}' "$WORK/server.out")
[[ -n "$PORT" ]] || die "the echo server did not print its port within 5 s"

PAYLOAD=$(head -c "$SIZE" /dev/zero | tr '\0' 'x')
cat >"$WORK/scenario.yaml" <<EOF
name: bench-tcp
scenarios:
  pingpong:
    load: {model: constant-users, users: $CONNS, duration: ${DUR}s}
    flow:
      - name: ping
        tcp: {address: "127.0.0.1:$PORT", send: "$PAYLOAD", read: {length: $SIZE}, timeout: 5s}
EOF
"$BARRAGE" validate "$WORK/scenario.yaml" >"$WORK/validate.log" 2>&1 || die "barrage validate rejected the scenario: $(cat "$WORK/validate.log")"

# --- Measuring -----------------------------------------------------------------------------------------
# busy and total jiffies of one core
cpu_ticks() { awk -v c="cpu$1" '$1==c{b=$2+$3+$4+$7+$8; print b, b+$5+$6}' /proc/stat; }

# measure TAG CMD...: runs CMD on GEN_CPU under /usr/bin/time -v and timeout; sets CPU (user+sys s),
# RSS (peak MB), SRVUTIL (% busy of the server's core meanwhile).
measure() {
    local tag=$1
    shift
    local sb0 st0 sb1 st1 rc=0
    read -r sb0 st0 < <(cpu_ticks "$SRV_CPU")
    timeout -k 5 $((DUR + 60)) taskset -c "$GEN_CPU" /usr/bin/time -v -o "$WORK/$tag.time" "$@" \
        >"$WORK/$tag.log" 2>&1 || rc=$?
    read -r sb1 st1 < <(cpu_ticks "$SRV_CPU")
    SRVUTIL=$((100 * (sb1 - sb0) / (st1 - st0 > 0 ? st1 - st0 : 1)))
    CPU=$(awk -F': ' '/User time/{u=$2} /System time/{s=$2} END{printf "%.2f", u+s}' "$WORK/$tag.time")
    RSS=$(awk -F': ' '/Maximum resident/{printf "%.1f", $2/1024}' "$WORK/$tag.time")
    return $rc
}

per_cpu() { awk -v n="$1" -v c="$2" 'BEGIN{ if (c > 0) printf "%.0f", n / c; else print "-" }'; }
fmt_k() { awk -v n="$1" 'BEGIN{ printf "%.1fk", n / 1000 }'; }

printf '\nTCP ping-pong, %s B, %s connections, %s s per run; echo server (C, epoll) on core %s, generator on core %s\n\n' \
    "$SIZE" "$CONNS" "$DUR" "$SRV_CPU" "$GEN_CPU"
printf '| tool | run | round trips | rt/s | gen CPU-s | rt per gen CPU-s | p50 ms | p99 ms | sched lag p99 ms | peak RSS MB | ratio to C | server core %% |\n'
printf '|---|---|---|---|---|---|---|---|---|---|---|---|\n'

RATIOS=()
NOTES=""
for run in $(seq "$RUNS"); do
    # C floor
    measure "c-$run" "$WORK/tcp_pingpong" 127.0.0.1 "$PORT" "$CONNS" "$SIZE" "$DUR" ||
        die "the C client failed (run $run): $(tail -3 "$WORK/c-$run.log")"
    c_count=$(awk '/^round_trips/{print $2}' "$WORK/c-$run.log")
    c_rate=$(awk '/^rate/{print $2}' "$WORK/c-$run.log")
    c_p50=$(awk '/^p50_us/{printf "%.3f", $2/1000}' "$WORK/c-$run.log")
    c_p99=$(awk '/^p99_us/{printf "%.3f", $2/1000}' "$WORK/c-$run.log")
    c_per=$(per_cpu "$c_count" "$CPU")
    printf '| C epoll client | %s | %s | %s | %s | %s | %s | %s | - | %s | 1.00 | %s |\n' \
        "$run" "$c_count" "$(fmt_k "$c_rate")" "$CPU" "$(fmt_k "$c_per")" "$c_p50" "$c_p99" "$RSS" "$SRVUTIL"

    # Barrage
    rc=0
    measure "barrage-$run" "$BARRAGE" run "$WORK/scenario.yaml" --workers "$WORKERS" --quiet --out "$WORK/barrage-$run" || rc=$?
    result="$WORK/barrage-$run/result.json"
    [[ -s "$result" ]] || die "barrage wrote no result.json (exit $rc, run $run): $(tail -5 "$WORK/barrage-$run.log")"
    b_count=$(json "$result" '.scenarios[0].steps[0].count')
    b_fail=$(json "$result" '.scenarios[0].steps[0].failures')
    b_rate=$(json "$result" '.scenarios[0].steps[0].rate')
    b_p50=$(json "$result" '.scenarios[0].steps[0].latency.p50')
    b_p99=$(json "$result" '.scenarios[0].steps[0].latency.p99')
    b_lag=$(json "$result" '.generator.schedulingLag.p99')
    b_selfcpu=$(json "$result" '.generator.cpuSeconds')
    b_selfrss=$(json "$result" '.generator.peakRSSBytes')
    b_per=$(per_cpu "$b_count" "$CPU")
    ratio=$(awk -v b="$b_per" -v c="$c_per" 'BEGIN{ if (c > 0) printf "%.2f", b / c; else print "-" }')
    RATIOS+=("$ratio")
    printf '| Barrage | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' \
        "$run" "$b_count" "$(fmt_k "$b_rate")" "$CPU" "$(fmt_k "$b_per")" "$b_p50" "$b_p99" "$b_lag" "$RSS" "$ratio" "$SRVUTIL"
    if [[ "$b_fail" != 0 ]]; then echo "bench/tcp.sh: warning: Barrage counted $b_fail failed round trips in run $run" >&2; fi
    NOTES+="run $run: Barrage self-reported $(awk -v c="$b_selfcpu" 'BEGIN{printf "%.2f", c}') CPU-s and $(awk -v r="$b_selfrss" 'BEGIN{printf "%.1f", r/1048576}') MB peak RSS (exit $rc)"$'\n'
done

echo
printf 'Barrage / C, round trips per generator CPU-second: %s (mean %s)\n' "${RATIOS[*]}" \
    "$(printf '%s\n' "${RATIOS[@]}" | awk '{s+=$1} END{printf "%.2f", s/NR}')"
printf 'gen CPU-s and peak RSS are /usr/bin/time -v figures for the whole process; %s' "$NOTES"
printf 'A server core near 100%% means the echo server, not the generator, limits rt/s: compare rt per gen CPU-s.\n'
