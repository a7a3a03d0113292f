#!/usr/bin/env bash
# Benchmark (on demand, not a test): Barrage's Redis example client against redis-benchmark.
#
# One redis-server pinned to core SRV_CPU; each generator in turn pinned to core GEN_CPU, against that same
# server, GET of one 3-byte value (redis-benchmark's default key and size):
#   - redis-benchmark -t get -c CONNS -n N -q              (N sized for about DUR seconds by a short calibration)
#   - barrage-redis: CONNS users (constant-users, DUR s, --workers 1), one `redis: {command: [GET, key]}` step
# and the pipelined variant of both: redis-benchmark -P PIPE against a `pipeline` step of PIPE GETs.
# Prints a Markdown table: GETs, GETs/s, generator CPU-seconds (user+sys from /usr/bin/time -v), GETs per
# generator CPU-second, and Barrage's ratio to redis-benchmark in both. The goal without pipelining is 0.8×
# redis-benchmark or better.
#
# Options (environment):
#   DUR=10        seconds per generator run            CONNS=50     connections (Barrage users)
#   PIPE=16       commands per pipeline                RUNS=1       repetitions (each variant, alternating)
#   SRV_CPU=0     core of redis-server                 GEN_CPU=1    core of the generators
#   BARRAGE_REDIS=path  use this barrage-redis binary instead of building the example package (release)
#   SCRATCH_PATH=dir    build folder of that release build, from the repository's root (default: the package's .build)
#   KEEP=1        keep the temp dir (logs, result.json) and print its path
# Loopback only; every generator run is bounded by `timeout`; the EXIT trap stops the server this script started.
set -euo pipefail
cd "$(dirname "$0")/.."

DUR=${DUR:-10}
CONNS=${CONNS:-50}
PIPE=${PIPE:-16}
RUNS=${RUNS:-1}
SRV_CPU=${SRV_CPU:-0}
GEN_CPU=${GEN_CPU:-1}
KEEP=${KEEP:-0}

die() { echo "bench/redis.sh: $*" >&2; exit 1; }
for n in DUR CONNS PIPE RUNS SRV_CPU GEN_CPU; do
    [[ ${!n} =~ ^[0-9]+$ ]] || die "$n must be a whole number, found '${!n}'"
done
((DUR >= 1 && DUR <= 600)) || die "DUR must be 1..600 seconds"
((CONNS >= 1 && CONNS <= 10000)) || die "CONNS must be 1..10000"
((PIPE >= 2 && PIPE <= 1000)) || die "PIPE must be 2..1000"
((RUNS >= 1 && RUNS <= 20)) || die "RUNS must be 1..20"
for tool in taskset timeout redis-server redis-cli redis-benchmark jq; do
    command -v "$tool" >/dev/null || die "$tool is missing (apt-get install redis-server redis-tools jq)"
done
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (apt-get install time)"

# --- Build ---------------------------------------------------------------------------------------------
if [[ -z "${BARRAGE_REDIS:-}" ]]; then
    build=(scripts/build-release.sh --package-path examples/redis-client --product barrage-redis)
    [[ -n "${SCRATCH_PATH:-}" ]] && build+=(--scratch-path "$SCRATCH_PATH")
    BARRAGE_REDIS=$("${build[@]}")
fi
[[ -x "$BARRAGE_REDIS" ]] || die "no barrage-redis binary at $BARRAGE_REDIS"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/barrage-bench-redis.XXXXXX")
SERVER_PID=""
cleanup() {
    if [[ -n "$SERVER_PID" ]]; then
        kill -KILL "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    if [[ "$KEEP" == 1 ]]; then echo "bench/redis.sh: kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- Server --------------------------------------------------------------------------------------------
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
taskset -c "$SRV_CPU" redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK" \
    --daemonize no --logfile "$WORK/redis.log" &
SERVER_PID=$!
for _ in $(seq 100); do
    redis-cli -p "$PORT" PING 2>/dev/null | grep -q PONG && break
    kill -0 "$SERVER_PID" 2>/dev/null || die "redis-server exited: $(tail -5 "$WORK/redis.log")"
    sleep 0.05
done
redis-cli -p "$PORT" PING | grep -q PONG || die "redis-server did not answer within 5 s"
KEY='key:__rand_int__' # what redis-benchmark GETs without -r
redis-cli -p "$PORT" SET "$KEY" xxx >/dev/null

scenario() { # scenario FILE COMMAND-YAML
    cat >"$1" <<EOF
name: bench-redis
scenarios:
  get:
    load: {model: constant-users, users: $CONNS, duration: ${DUR}s}
    flow:
      - name: get
        redis: {address: "127.0.0.1:$PORT", $2, timeout: 5s}
EOF
    "$BARRAGE_REDIS" validate "$1" >"$WORK/validate.log" 2>&1 || die "validate rejected $1: $(cat "$WORK/validate.log")"
}
scenario "$WORK/single.yaml" "command: [GET, \"$KEY\"]"
PIPELINE=$(for _ in $(seq "$PIPE"); do printf '[GET, "%s"], ' "$KEY"; done)
scenario "$WORK/pipelined.yaml" "pipeline: [${PIPELINE%, }]"

# --- Measuring -----------------------------------------------------------------------------------------
# measure TAG CMD...: runs CMD on GEN_CPU under /usr/bin/time -v and timeout; sets CPU (user+sys s).
measure() {
    local tag=$1
    shift
    local rc=0
    timeout -k 5 $((DUR * 3 + 60)) taskset -c "$GEN_CPU" /usr/bin/time -v -o "$WORK/$tag.time" "$@" \
        >"$WORK/$tag.log" 2>&1 || rc=$?
    CPU=$(awk -F': ' '/User time/{u=$2} /System time/{s=$2} END{printf "%.2f", u+s}' "$WORK/$tag.time")
    WALL=$(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; printf "%.2f", s}' "$WORK/$tag.time")
    return $rc
}
div() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.0f", a / b; else print "-" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.2f", a / b; else print "-" }'; }
fmt_k() { awk -v n="$1" 'BEGIN{ printf "%.1fk", n / 1000 }'; }

# redis-benchmark has no duration: size -n from a short calibration run of each shape.
calibrate() { # calibrate PIPELINE → requests for about DUR seconds
    local rate
    rate=$(taskset -c "$GEN_CPU" timeout 60 redis-benchmark -p "$PORT" -t get -c "$CONNS" -n $((20000 * $1)) -P "$1" -q \
        2>/dev/null | tr '\r' '\n' | awk '/requests per second/{print $2; exit}')
    [[ -n "$rate" ]] || die "redis-benchmark's calibration run printed no rate"
    awk -v r="$rate" -v d="$DUR" 'BEGIN{ n = int(r * d); printf "%d", (n > 1000 ? n : 1000) }'
}
N_SINGLE=$(calibrate 1)
N_PIPE=$(calibrate "$PIPE")

printf '\nRedis GET (3-byte value), %s connections, ~%s s per run; redis-server %s on core %s, generator on core %s\n\n' \
    "$CONNS" "$DUR" "$(redis-server --version | awk '{print $3}')" "$SRV_CPU" "$GEN_CPU"
printf '| variant | tool | run | GETs | GETs/s | gen CPU-s | GETs per gen CPU-s | ratio GETs/s | ratio per CPU-s |\n'
printf '|---|---|---|---|---|---|---|---|---|\n'

SINGLE_RATIOS=()
for run in $(seq "$RUNS"); do
    for variant in single pipelined; do
        if [[ $variant == single ]]; then p=1 n=$N_SINGLE label="GET"; else p=$PIPE n=$N_PIPE label="GET ×$PIPE pipelined"; fi
        measure "rb-$variant-$run" redis-benchmark -p "$PORT" -t get -c "$CONNS" -n "$n" -P "$p" -q ||
            die "redis-benchmark failed: $(tr '\r' '\n' <"$WORK/rb-$variant-$run.log" | tail -3)"
        rb_rate=$(tr '\r' '\n' <"$WORK/rb-$variant-$run.log" | awk '/requests per second/{print $2}' | tail -1)
        rb_cpu=$CPU
        rb_per=$(div "$n" "$rb_cpu")
        printf '| %s | redis-benchmark | %s | %s | %s | %s | %s | 1.00 | 1.00 |\n' \
            "$label" "$run" "$n" "$(fmt_k "$rb_rate")" "$rb_cpu" "$(fmt_k "$rb_per")"

        rc=0
        measure "barrage-$variant-$run" "$BARRAGE_REDIS" run "$WORK/$variant.yaml" --workers 1 --quiet \
            --out "$WORK/barrage-$variant-$run" || rc=$?
        result="$WORK/barrage-$variant-$run/result.json"
        [[ -s "$result" ]] || die "barrage-redis wrote no result.json (exit $rc): $(tail -5 "$WORK/barrage-$variant-$run.log")"
        steps=$(jq -r '.scenarios[0].steps[0].count' "$result")
        fails=$(jq -r '.scenarios[0].steps[0].failures' "$result")
        b_rate=$(jq -r ".scenarios[0].steps[0].rate * $p" "$result")
        b_count=$((steps * p))
        b_per=$(div "$b_count" "$CPU")
        r_rate=$(ratio "$b_rate" "$rb_rate")
        r_cpu=$(ratio "$b_per" "$rb_per")
        [[ $variant == single ]] && SINGLE_RATIOS+=("$r_rate/$r_cpu")
        printf '| %s | Barrage | %s | %s | %s | %s | %s | %s | %s |\n' \
            "$label" "$run" "$b_count" "$(fmt_k "$b_rate")" "$CPU" "$(fmt_k "$b_per")" "$r_rate" "$r_cpu"
        [[ "$fails" == 0 ]] || echo "bench/redis.sh: warning: Barrage counted $fails failed steps ($variant, run $run)" >&2
    done
done
echo
printf 'Without pipelining, Barrage / redis-benchmark (GETs/s / per gen CPU-s): %s; the goal is 0.80 or better.\n' "${SINGLE_RATIOS[*]}"
printf 'gen CPU-s: /usr/bin/time -v user+sys of the whole generator process (Barrage includes its start-up and report).\n'
