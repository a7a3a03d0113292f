#!/usr/bin/env bash
# Benchmark (on demand, not a test): WebSocket echo ping-pong of Barrage against a plain C libwebsockets client and
# k6, then the memory of idle connections.
#
# 1. Ping-pong: CONNS connections each keep one SIZE-byte text message in flight (send, wait for the echo, send
#    again) for DUR seconds against one echo server, the embedded target (`barrage target --threads 1`) pinned to
#    core SRV_CPU. Three generators run in turn on core GEN_CPU:
#      - Barrage: a generated scenario (constant-users; `connect` with `reuse`, then ECHO_STEPS `send` steps with
#        `expect: equals`);
#      - C:       bench/targets/ws_pingpong.c, lws on a libuv foreign loop, writing from the receive callback;
#      - k6:      `k6/ws` (when `k6` is on PATH or K6=path), the same script as the shared peers' benchmark.
#    Prints round trips, rt/s, generator CPU-s, round trips per generator CPU-second and the ratios to C and k6.
# 2. Idle: IDLE connections opened and held without traffic for HOLD seconds (`ulimit -n` is raised); the
#    generator's VmRSS is read while they are held, and once with a single connection: the difference divided by
#    IDLE-1 is the memory per idle connection. Barrage and the C client. lws 4.1's client connect costs grow with
#    the number of connections already open (3,000 took 2 CPU-s in the C client, 1,000 took 0.14), so opening
#    10,000 takes minutes on a loaded machine: the waits allow 300 s.
#
# Options (environment):
#   DUR=10  CONNS=50  SIZE=32  RUNS=1  SRV_CPU=0  GEN_CPU=1  IDLE=10000 (0: skip)  HOLD=5  ECHO_STEPS=1
#   BARRAGE=path  use this barrage binary instead of building (swift build -c release --scratch-path .build-bench)
#   K6=path       k6 binary (default: `command -v k6`; none: k6 is skipped)
#   BASE=path     another barrage binary (e.g. built from main) measured in the same runs, as "Barrage (base)": the way
#                 to compare two builds on a machine whose load moves the absolute figures
#   KEEP=1        keep the temp dir (binaries, logs, result.json) and print its path
# Loopback only; every run is bounded by `timeout`, the target by the EXIT trap (which stops what this started).
set -euo pipefail
cd "$(dirname "$0")/.."

DUR=${DUR:-10}
CONNS=${CONNS:-50}
SIZE=${SIZE:-32}
RUNS=${RUNS:-1}
SRV_CPU=${SRV_CPU:-0}
GEN_CPU=${GEN_CPU:-1}
IDLE=${IDLE:-10000}
HOLD=${HOLD:-5}
ECHO_STEPS=${ECHO_STEPS:-1}
KEEP=${KEEP:-0}
K6=${K6:-$(command -v k6 || true)}

die() { echo "bench/websocket.sh: $*" >&2; exit 1; }
for n in DUR CONNS SIZE RUNS SRV_CPU GEN_CPU IDLE HOLD ECHO_STEPS; do
    [[ ${!n} =~ ^[0-9]+$ ]] || die "$n must be a whole number, found '${!n}'"
done
((DUR >= 1 && DUR <= 600)) || die "DUR must be 1..600 seconds"
((CONNS >= 1 && CONNS <= 10000)) || die "CONNS must be 1..10000"
((SIZE >= 1 && SIZE <= 65536)) || die "SIZE must be 1..65536"
((ECHO_STEPS >= 1 && ECHO_STEPS <= 100)) || die "ECHO_STEPS must be 1..100"
((IDLE == 0 || (IDLE >= 2 && IDLE <= 50000))) || die "IDLE must be 0 or 2..50000"
for tool in taskset cc timeout pkg-config curl python3; do
    command -v "$tool" >/dev/null || die "$tool is missing"
done
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (apt-get install time)"
pkg-config --exists libwebsockets libuv || die "libwebsockets-dev and libuv1-dev are needed (scripts/install-deps.sh)"
json() { python3 -c 'import json,sys,functools
d=json.load(open(sys.argv[1]))
path=[int(p) if p.isdigit() else p for p in sys.argv[2].replace("[",".").replace("]","").strip(".").split(".") if p]
print(functools.reduce(lambda a,k:a[k],path,d))' "$1" "$2"; }

if ((IDLE > 0)); then
    need=$((IDLE * 2 + 1000))
    ulimit -n "$need" 2>/dev/null || ulimit -n "$(ulimit -Hn)"
    (($(ulimit -n) >= IDLE + 500)) || die "ulimit -n is $(ulimit -n) (hard $(ulimit -Hn)): too low for IDLE=$IDLE"
fi

# --- Build ---------------------------------------------------------------------------------------------
if [[ -z "${BARRAGE:-}" ]]; then
    BARRAGE=$(scripts/build-release.sh --scratch-path .build-bench)
fi
[[ -x "$BARRAGE" ]] || die "no barrage binary at $BARRAGE"
[[ -z "${BASE:-}" || -x "$BASE" ]] || die "no barrage binary at BASE=$BASE"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/barrage-bench-ws.XXXXXX")
TARGET_PID=""
cleanup() {
    if [[ -n "$TARGET_PID" ]]; then
        kill -TERM "$TARGET_PID" 2>/dev/null || true
        wait "$TARGET_PID" 2>/dev/null || true
    fi
    if [[ "$KEEP" == 1 ]]; then echo "bench/websocket.sh: kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# shellcheck disable=SC2046
cc -O2 -Wall -o "$WORK/ws_pingpong" bench/targets/ws_pingpong.c $(pkg-config --cflags --libs libwebsockets libuv)

# --- Target --------------------------------------------------------------------------------------------
LIMIT=$((RUNS * 4 * (DUR + 70) + 4 * (HOLD + 340) + 60))
taskset -c "$SRV_CPU" timeout "$LIMIT" "$BARRAGE" target --threads 1 --tick-rate 0 --http 0 --ws 0 --tcp 0 --udp 0 \
    >"$WORK/ports.json" 2>"$WORK/target.err" &
TARGET_PID=$!
for _ in $(seq 100); do
    [[ -s "$WORK/ports.json" ]] && break
    kill -0 "$TARGET_PID" 2>/dev/null || die "the target exited: $(cat "$WORK/target.err")"
    sleep 0.05
done
WSP=$(sed -E 's/.*"ws":([0-9]+).*/\1/' "$WORK/ports.json")
HTTPP=$(sed -E 's/.*"http":([0-9]+).*/\1/' "$WORK/ports.json")
[[ $WSP =~ ^[0-9]+$ ]] || die "the target did not print its ports"
URL="ws://127.0.0.1:$WSP/echo"
MSG=$(head -c "$SIZE" /dev/zero | tr '\0' 'm')

cat >"$WORK/pingpong.yaml" <<EOF
name: bench-ws
scenarios:
  pingpong:
    load: {model: constant-users, users: $CONNS, duration: ${DUR}s}
    flow:
      - {name: open, ws: {connect: "$URL", reuse: true}}
EOF
# ECHO_STEPS echo steps per iteration: after the first iteration the `connect` step only checks that the connection
# is open, and costs 1/ECHO_STEPS of a sample per round trip. But each step also has its own histograms, which the
# worker snapshots and resets every second: on a loaded machine (1,000 rt/s) ECHO_STEPS=10 measured 4x worse.
for i in $(seq "$ECHO_STEPS"); do
    echo "      - {name: echo$i, ws: {send: \"$MSG\", expect: {equals: \"$MSG\"}, timeout: 5s}}" >>"$WORK/pingpong.yaml"
done
"$BARRAGE" validate "$WORK/pingpong.yaml" >"$WORK/validate.log" 2>&1 || die "barrage rejected the scenario: $(cat "$WORK/validate.log")"
cat >"$WORK/k6-ws.js" <<EOF
import ws from 'k6/ws';
export const options = { scenarios: { s: { executor: 'constant-vus', vus: $CONNS, duration: '${DUR}s', gracefulStop: '3s' } } };
const msg = '$MSG';
export default function () {
  ws.connect('$URL', {}, function (socket) {
    socket.on('open', () => socket.send(msg));
    socket.on('message', () => socket.send(msg));
    socket.setTimeout(() => socket.close(), ${DUR}000);
  });
}
export function handleSummary(d) { return { [__ENV.SUMMARY]: JSON.stringify(d) }; }
EOF

# --- Measuring -----------------------------------------------------------------------------------------
cpu_ticks() { awk -v c="cpu$1" '$1==c{b=$2+$3+$4+$7+$8; print b, b+$5+$6}' /proc/stat; }
# measure TAG CMD...: runs CMD on GEN_CPU under /usr/bin/time -v; sets CPU (user+sys s), RSS (peak MB), SRVUTIL.
measure() {
    local tag=$1 sb0 st0 sb1 st1 rc=0
    shift
    read -r sb0 st0 < <(cpu_ticks "$SRV_CPU")
    timeout -k 5 $((DUR + HOLD + 120)) taskset -c "$GEN_CPU" /usr/bin/time -v -o "$WORK/$tag.time" "$@" \
        >"$WORK/$tag.log" 2>&1 || rc=$?
    read -r sb1 st1 < <(cpu_ticks "$SRV_CPU")
    SRVUTIL=$((100 * (sb1 - sb0) / (st1 - st0 > 0 ? st1 - st0 : 1)))
    CPU=$(awk -F': ' '/User time/{u=$2} /System time/{s=$2} END{printf "%.2f", u+s}' "$WORK/$tag.time")
    RSS=$(awk -F': ' '/Maximum resident/{printf "%.1f", $2/1024}' "$WORK/$tag.time")
    return $rc
}
# steps_sum RESULT FIELD: FIELD summed over the echo steps (every step but the first) of result.json.
steps_sum() {
    python3 -c 'import json,sys; print(sum(s[sys.argv[2]] for s in json.load(open(sys.argv[1]))["scenarios"][0]["steps"][1:]))' "$1" "$2"
}
per_cpu() { awk -v n="$1" -v c="$2" 'BEGIN{ if (c > 0) printf "%.0f", n / c; else print "-" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0 && a != "-") printf "%.2f", a / b; else print "-" }'; }
fmt_k() { awk -v n="$1" 'BEGIN{ if (n == "-") print "-"; else printf "%.1fk", n / 1000 }'; }

printf '\nWebSocket ping-pong, %s B text, %s connections, %s s per run; echo server: barrage target (1 thread) on core %s, generator on core %s\n\n' \
    "$SIZE" "$CONNS" "$DUR" "$SRV_CPU" "$GEN_CPU"
printf '| tool | run | round trips | rt/s | gen CPU-s | rt per gen CPU-s | ratio to C | ratio to k6 | peak RSS MB | server core %% |\n'
printf '|---|---|---|---|---|---|---|---|---|---|\n'
NOTES=
for run in $(seq "$RUNS"); do
    measure "c-$run" "$WORK/ws_pingpong" pingpong 127.0.0.1 "$WSP" /echo "$CONNS" "$SIZE" "$DUR" ||
        die "the C client failed (run $run): $(tail -3 "$WORK/c-$run.log")"
    c_count=$(awk '/^round_trips/{print $2}' "$WORK/c-$run.log")
    c_rate=$(awk '/^rate/{print $2}' "$WORK/c-$run.log")
    c_per=$(per_cpu "$c_count" "$CPU")
    c_row=("$c_count" "$(fmt_k "$c_rate")" "$CPU" "$c_per" "$RSS" "$SRVUTIL")

    k_per="-"
    k_row=()
    if [[ -n "$K6" ]]; then
        if measure "k6-$run" env K6_NO_USAGE_REPORT=true SUMMARY="$WORK/k6-$run.json" "$K6" run -q "$WORK/k6-ws.js"; then
            k_count=$(json "$WORK/k6-$run.json" '.metrics.ws_msgs_received.values.count' | awk '{printf "%d", $1}')
            k_per=$(per_cpu "$k_count" "$CPU")
            k_rate=$(awk -v n="$k_count" -v d="$DUR" 'BEGIN{printf "%.0f", n/d}')
            k_row=("$k_count" "$(fmt_k "$k_rate")" "$CPU" "$k_per" "$RSS" "$SRVUTIL")
        else
            echo "bench/websocket.sh: k6 failed (run $run): $(tail -3 "$WORK/k6-$run.log")" >&2
        fi
    fi

    for base in ${BASE:+base}; do
        rc=0
        measure "base-$run" "$BASE" run "$WORK/pingpong.yaml" --workers 1 --quiet --out "$WORK/base-$run" || rc=$?
        [[ -s "$WORK/base-$run/result.json" ]] || die "the base barrage wrote no result.json (exit $rc, run $run)"
        base_count=$(steps_sum "$WORK/base-$run/result.json" count)
        base_per=$(per_cpu "$base_count" "$CPU")
        base_self_per=$(per_cpu "$base_count" "$(json "$WORK/base-$run/result.json" '.generator.cpuSeconds')")
        NOTES+="run $run: base's own CPU over the run: $(fmt_k "$base_self_per") rt per CPU-s, $(ratio "$base_self_per" "$c_per") of C"$'\n'
        base_row=("$base_count" "$(fmt_k "$(awk -v n="$base_count" -v d="$DUR" 'BEGIN{printf "%.0f", n/d}')")" "$CPU" \
            "$(fmt_k "$base_per")" "$(ratio "$base_per" "$c_per")" "$(ratio "$base_per" "$k_per")" "$RSS" "$SRVUTIL")
    done

    rc=0
    measure "barrage-$run" "$BARRAGE" run "$WORK/pingpong.yaml" --workers 1 --quiet --out "$WORK/barrage-$run" || rc=$?
    result="$WORK/barrage-$run/result.json"
    [[ -s "$result" ]] || die "barrage wrote no result.json (exit $rc, run $run): $(tail -5 "$WORK/barrage-$run.log")"
    b_count=$(steps_sum "$result" count)
    b_fail=$(steps_sum "$result" failures)
    b_rate=$(awk -v n="$b_count" -v d="$DUR" 'BEGIN{printf "%.0f", n/d}')
    b_per=$(per_cpu "$b_count" "$CPU")
    b_self=$(json "$result" '.generator.cpuSeconds')
    b_self_per=$(per_cpu "$b_count" "$b_self")
    NOTES+="run $run: Barrage's own CPU over the run (result.json, without start-up and report writing): $(awk -v c="$b_self" 'BEGIN{printf "%.2f", c}') s, $(fmt_k "$b_self_per") rt per CPU-s, $(ratio "$b_self_per" "$c_per") of C, $(ratio "$b_self_per" "$k_per") of k6"$'\n'
    ((b_fail == 0)) || echo "bench/websocket.sh: warning: Barrage counted $b_fail failed round trips in run $run" >&2

    printf '| C lws (libuv) | %s | %s | %s | %s | %s | 1.00 | %s | %s | %s |\n' "$run" "${c_row[0]}" "${c_row[1]}" \
        "${c_row[2]}" "$(fmt_k "${c_row[3]}")" "$(ratio "$c_per" "$k_per")" "${c_row[4]}" "${c_row[5]}"
    if ((${#k_row[@]})); then
        printf '| k6 k6/ws | %s | %s | %s | %s | %s | %s | 1.00 | %s | %s |\n' "$run" "${k_row[0]}" "${k_row[1]}" \
            "${k_row[2]}" "$(fmt_k "${k_row[3]}")" "$(ratio "$k_per" "$c_per")" "${k_row[4]}" "${k_row[5]}"
    fi
    if [[ -n "${BASE:-}" ]]; then
        printf '| Barrage (base) | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$run" "${base_row[@]}"
    fi
    printf '| Barrage | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$run" "$b_count" "$(fmt_k "$b_rate")" "$CPU" \
        "$(fmt_k "$b_per")" "$(ratio "$b_per" "$c_per")" "$(ratio "$b_per" "$k_per")" "$RSS" "$SRVUTIL"
done
echo
printf '%s' "$NOTES"
echo "gen CPU-s is /usr/bin/time's user + sys for the whole process (Barrage's includes start-up and writing its reports)."
echo "Round trips per generator CPU-second is the figure that compares generators (the server's core limits rt/s)."

# --- Idle connections ----------------------------------------------------------------------------------
((IDLE > 0)) || exit 0
open_ws() {
    curl -s "http://127.0.0.1:$HTTPP/stats" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["listeners"]["ws"]["open_connections"])' 2>/dev/null || echo 0
}
rss_of() { awk '/^VmRSS:/{print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
wait_closed() { for _ in $(seq 300); do (($(open_ws) == 0)) && break; sleep 0.1; done; }

# barrage_idle N: holds N connections; prints the generator's VmRSS (KiB) while all are open (0 if they never were).
barrage_idle() {
    local n=$1 pid rss=0
    cat >"$WORK/idle-$n.yaml" <<EOF
name: bench-ws-idle
scenarios:
  idle:
    load: {model: per-user-iterations, users: $n, iterations: 1}
    flow:
      - {name: open, ws: {connect: "$URL", timeout: 300s}}
      - {name: hold, ws: {receive: {duration: $((HOLD + 330))s, min: 0}}}
EOF
    taskset -c "$GEN_CPU" "$BARRAGE" run "$WORK/idle-$n.yaml" --workers 1 --quiet --out "$WORK/idle-$n" \
        >"$WORK/idle-$n.log" 2>&1 &
    pid=$!
    for _ in $(seq 3000); do
        (($(open_ws) >= n)) && break
        sleep 0.1
    done
    sleep "$HOLD"
    (($(open_ws) >= n)) && rss=$(rss_of "$pid")
    kill -INT "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    wait_closed
    echo "$rss"
}
c_idle() {
    timeout -k 5 $((HOLD + 300)) taskset -c "$GEN_CPU" "$WORK/ws_pingpong" idle 127.0.0.1 "$WSP" /echo "$1" "$SIZE" "$HOLD" \
        >"$WORK/c-idle-$1.log" 2>&1 || true
    wait_closed
    awk '/^rss_kb/{print $2}' "$WORK/c-idle-$1.log"
}

printf '\n%s idle connections held %s s (ulimit -n %s); generator VmRSS while holding them, and with 1 connection\n\n' \
    "$IDLE" "$HOLD" "$(ulimit -n)"
printf '| tool | RSS, 1 connection MB | RSS, %s connections MB | per idle connection KB |\n|---|---|---|---|\n' "$IDLE"
for tool in c barrage; do
    one=$("${tool}_idle" 1)
    many=$("${tool}_idle" "$IDLE")
    name=$([[ $tool == c ]] && echo "C lws (libuv)" || echo "Barrage")
    if [[ -z "$many" || "$many" == 0 ]]; then
        printf '| %s | %s | did not hold %s | - |\n' "$name" "$(awk -v k="${one:-0}" 'BEGIN{printf "%.1f", k/1024}')" "$IDLE"
        continue
    fi
    printf '| %s | %s | %s | %s |\n' "$name" "$(awk -v k="$one" 'BEGIN{printf "%.1f", k/1024}')" \
        "$(awk -v k="$many" 'BEGIN{printf "%.1f", k/1024}')" \
        "$(awk -v a="$one" -v b="$many" -v n="$IDLE" 'BEGIN{printf "%.1f", (b - a) / (n - 1) * 1.024}')"
done
