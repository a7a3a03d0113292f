#!/usr/bin/env bash
# Benchmark (not a test): Barrage's Postgres client against pgbench, select-only, prepared, 8 connections.
#
# Creates a throwaway PostgreSQL 15 cluster in /tmp (initdb as the postgres user when run as root), loads it
# with `pgbench -i -s 1`, pins the server to core 0 and the generator to core 1, then runs for DURATION each:
#   1. pgbench -S -M prepared -c 8 -j 1 -T DURATION
#   2. barrage run (release build, --workers 1): the same query, prepared, 8 users, one query in flight each
#   3. barrage run with the query pipelined, DEPTH per batch, one sync per batch
# and prints TPS and transactions per generator CPU-second (user+sys from /usr/bin/time -v) with the ratios.
# pgbench draws a random aid per query; Barrage asks for one fixed aid (its scenario language has no random
# values yet). At scale 1 every row is in shared buffers, so this does not change the server's work. One
# scenario of 8 users, not 8 one-user scenarios: the core costs ~50% more user CPU with 8 scenarios.
# Override: DURATION=30 CLIENTS=8 DEPTH=16 PGBIN=/usr/lib/postgresql/15/bin bench/postgres.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10}
CLIENTS=${CLIENTS:-8}
DEPTH=${DEPTH:-16}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
for tool in taskset python3; do
    command -v "$tool" >/dev/null || { echo "bench/postgres.sh: $tool is missing" >&2; exit 1; }
done
[[ -x /usr/bin/time ]] || { echo "bench/postgres.sh: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }
[[ -x "$PGBIN/initdb" ]] || { echo "bench/postgres.sh: no $PGBIN/initdb (apt-get install postgresql-15)" >&2; exit 1; }

swift build -c release --scratch-path .build-pg --product barrage >&2
BIN="$(swift build -c release --scratch-path .build-pg --show-bin-path)/barrage"

WORK=$(mktemp -d /tmp/barrage-pg-bench-XXXXXX)
AS_PG=()
if [[ $(id -u) -eq 0 ]]; then
    chown postgres: "$WORK"
    AS_PG=(runuser -u postgres --)
fi
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cleanup() {
    "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

(cd "$WORK" && "${AS_PG[@]}" "$PGBIN/initdb" -D "$WORK/data" -U postgres -A trust --no-sync >/dev/null)
(cd "$WORK" && taskset -c 0 "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$WORK -c max_connections=50" \
    start >/dev/null)
"$PGBIN/pgbench" -h 127.0.0.1 -p "$PORT" -U postgres -i -q -s 1 postgres >/dev/null 2>&1

# user+sys seconds from /usr/bin/time -v's report in file $1.
cpu_seconds() { awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.3f", u + s}' "$1"; }

echo "== pgbench -S -M prepared -c $CLIENTS -j 1 -T $DURATION" >&2
/usr/bin/time -v -o "$WORK/pgbench.time" taskset -c 1 "$PGBIN/pgbench" -h 127.0.0.1 -p "$PORT" -U postgres \
    -S -M prepared -c "$CLIENTS" -j 1 -T "$DURATION" postgres >"$WORK/pgbench.out" 2>&1
PGBENCH_TPS=$(awk '/^tps = / {print $3; exit}' "$WORK/pgbench.out")
PGBENCH_CPU=$(cpu_seconds "$WORK/pgbench.time")

# Writes scenario file $1: one scenario of CLIENTS users; $2 is the step's action.
scenario() {
    cat >"$1" <<YAML
name: pgbench-select-only
scenarios:
  select-only:
    load: {model: constant-users, users: $CLIENTS, duration: ${DURATION}s}
    flow:
      - name: select
        postgres: {dsn: "host=127.0.0.1 port=$PORT dbname=postgres user=postgres", prepared: true, $2}
YAML
}

# Runs barrage on scenario $1 and prints "<steps per second> <cpu seconds> <failures>".
run_barrage() {
    local name=$1
    /usr/bin/time -v -o "$WORK/$name.time" taskset -c 1 "$BIN" run "$WORK/$name.yaml" --workers 1 --quiet \
        --out "$WORK/$name" >"$WORK/$name.out" 2>&1 || { cat "$WORK/$name.out" >&2; exit 1; }
    python3 - "$WORK/$name/result.json" <<'PY'
import json, sys
result = json.load(open(sys.argv[1]))
steps = [step for scenario in result["scenarios"] for step in scenario["steps"]]
count = sum(step["count"] for step in steps)
failures = sum(step["failures"] for step in steps)
print(count / result["durationSeconds"], failures)
PY
}

scenario "$WORK/single.yaml" 'query: "SELECT abalance FROM pgbench_accounts WHERE aid = $1", params: ["12347"]'
scenario "$WORK/pipeline.yaml" 'pipeline: {query: "SELECT abalance FROM pgbench_accounts WHERE aid = $1", params: ["12347"], count: DEPTH}'
sed -i "s/count: DEPTH/count: $DEPTH/" "$WORK/pipeline.yaml"

echo "== barrage, one query in flight per connection" >&2
read -r SINGLE_RATE SINGLE_FAILURES < <(run_barrage single)
SINGLE_CPU=$(cpu_seconds "$WORK/single.time")
echo "== barrage, pipeline depth $DEPTH" >&2
read -r PIPE_RATE PIPE_FAILURES < <(run_barrage pipeline)
PIPE_CPU=$(cpu_seconds "$WORK/pipeline.time")

python3 - "$PGBENCH_TPS" "$PGBENCH_CPU" "$SINGLE_RATE" "$SINGLE_CPU" "$SINGLE_FAILURES" \
    "$PIPE_RATE" "$PIPE_CPU" "$PIPE_FAILURES" "$DURATION" "$DEPTH" "$CLIENTS" <<'PY'
import sys
pg_tps, pg_cpu, s_rate, s_cpu, s_fail, p_rate, p_cpu, p_fail, duration, depth, clients = sys.argv[1:]
pg_tps, pg_cpu, s_rate, s_cpu, p_rate, p_cpu = map(float, (pg_tps, pg_cpu, s_rate, s_cpu, p_rate, p_cpu))
duration, depth = float(duration), int(depth)
p_qps = p_rate * depth
pg_eff = pg_tps * duration / pg_cpu
s_eff = s_rate * duration / s_cpu
p_eff = p_qps * duration / p_cpu
print(f"select-only, prepared, {clients} connections, {duration:.0f} s, server on core 0, generator on core 1")
print(f"{'driver':<42} {'queries/s':>10} {'per CPU-s':>11} {'vs pgbench':>22}")
print(f"{'pgbench -S -M prepared -j 1':<42} {pg_tps:>10.0f} {pg_eff:>11.0f} {'1.00 / 1.00':>22}")
print(f"{'barrage, 1 in flight per connection':<42} {s_rate:>10.0f} {s_eff:>11.0f} "
      f"{f'{s_rate / pg_tps:.2f} TPS / {s_eff / pg_eff:.2f} CPU':>22}")
print(f"{f'barrage, pipeline depth {depth}, 1 sync':<42} {p_qps:>10.0f} {p_eff:>11.0f} "
      f"{f'{p_qps / pg_tps:.2f} TPS / {p_eff / pg_eff:.2f} CPU':>22}")
print(f"failures: barrage single {s_fail}, pipeline {p_fail} (batches)")
PY
