#!/usr/bin/env bash
# Benchmark (not a test): Barrage's Postgres client against pgbench, select-only, prepared, 8 connections.
#
# Creates a throwaway PostgreSQL 15 cluster in /tmp (initdb as the postgres user when run as root), loads it
# with `pgbench -i -s 1`, pins the server to core 0 and the generator to core 1, then runs for DURATION each:
#   1. pgbench -S -M prepared -c 8 -j 1 -T DURATION
#   2. barrage run (release build, --workers 1): the same query, prepared, 8 users, one query in flight each
#   3. barrage run with the query pipelined, DEPTH per batch, one sync per batch
# and prints TPS and transactions per generator CPU-second (user+sys from /usr/bin/time -v) with the ratios:
# the median of ROUNDS rounds that alternate the three drivers (the machine may be shared).
# Both draw a random aid per query from pgbench's range at scale 1 (Barrage with `${random_int(1,100000)}`, rendered
# per execution; AID=12347 asks for one fixed aid instead). One scenario of 8 users, not 8 one-user scenarios: the
# core costs ~50% more user CPU with 8 scenarios.
# Override: DURATION=30 CLIENTS=8 DEPTH=16 ROUNDS=5 AID=12347 PGBIN=/usr/lib/postgresql/15/bin SCRATCH=.build-pg \
#   bench/postgres.sh
# COUNT=instructions bench/postgres.sh counts user-space instructions per query with callgrind instead (below).
# The output starts with the load average before and after: on a shared machine, compare runs at like loads.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10}
CLIENTS=${CLIENTS:-8}
ROUNDS=${ROUNDS:-3}
DEPTH=${DEPTH:-16}
AID=${AID:-'${random_int(1,100000)}'}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
for tool in taskset python3; do
    command -v "$tool" >/dev/null || { echo "bench/postgres.sh: $tool is missing" >&2; exit 1; }
done
[[ -x /usr/bin/time ]] || { echo "bench/postgres.sh: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }
[[ -x "$PGBIN/initdb" ]] || { echo "bench/postgres.sh: no $PGBIN/initdb (apt-get install postgresql-15)" >&2; exit 1; }

SCRATCH=${SCRATCH:-.build-pg}
BIN=$(scripts/build-release.sh --scratch-path "$SCRATCH")

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
QUERY='"SELECT abalance FROM pgbench_accounts WHERE aid = $1"'
scenario "$WORK/single.yaml" "query: $QUERY, params: [\"$AID\"]"
scenario "$WORK/pipeline.yaml" "pipeline: {query: $QUERY, params: [\"$AID\"], count: $DEPTH}"

# Appends "<driver> <queries/s> <queries> <cpu seconds> <failures> <cpu seconds of the load alone>" to $WORK/rounds:
# for Barrage the last is result.json's generator.cpuSeconds (from the run's start to its end, without process
# start-up and report writing); for pgbench the process's, as it has neither.
run_pgbench() {
    /usr/bin/time -v -o "$WORK/pgbench.time" taskset -c 1 "$PGBIN/pgbench" -h 127.0.0.1 -p "$PORT" -U postgres \
        -S -M prepared -c "$CLIENTS" -j 1 -T "$DURATION" postgres >"$WORK/pgbench.out" 2>&1
    local tps count failed
    tps=$(awk '/^tps = / {print $3; exit}' "$WORK/pgbench.out")
    count=$(awk -F': ' '/number of transactions actually processed/ {print $2}' "$WORK/pgbench.out")
    failed=$(awk -F': ' '/number of failed transactions/ {print $2 + 0}' "$WORK/pgbench.out")
    local cpu
    cpu=$(cpu_seconds "$WORK/pgbench.time")
    echo "pgbench $tps ${count%%/*} $cpu ${failed:-0} $cpu" >>"$WORK/rounds"
}

run_barrage() {
    local name=$1 depth=$2
    rm -rf "$WORK/$name"
    /usr/bin/time -v -o "$WORK/$name.time" taskset -c 1 "$BIN" run "$WORK/$name.yaml" --workers 1 --quiet \
        --out "$WORK/$name" >"$WORK/$name.out" 2>&1 || { cat "$WORK/$name.out" >&2; exit 1; }
    python3 - "$WORK/$name/result.json" "$name" "$depth" "$(cpu_seconds "$WORK/$name.time")" >>"$WORK/rounds" <<'PY'
import json, sys
result = json.load(open(sys.argv[1]))
depth = int(sys.argv[3])
steps = [step for scenario in result["scenarios"] for step in scenario["steps"]]
queries = sum(step["count"] for step in steps) * depth
failures = sum(step["failures"] for step in steps)
print(sys.argv[2], queries / result["durationSeconds"], queries, sys.argv[4], failures,
      result["generator"]["cpuSeconds"])
PY
}

# COUNT=instructions: user-space instructions per query by callgrind instead of timed rounds (deterministic, where
# CPU-seconds on a small VM swing by ±15% between identical runs). Each driver runs for 3 s and 6 s; the difference
# in instructions over the difference in queries is one query's cost without start-up or the kernel. valgrind cannot
# read the Swift binary's DWARF: a copy stripped of it is counted (symbols stay). valgrind runs on core 1 like the
# timed drivers (unpinned, it sometimes shares core 0 with the server and its query rate halves).
# Under valgrind a driver makes only ~4k queries a second, so work that grows with the run's length rather than with
# its queries weighs ~50 times what it does at full speed: for Barrage, the collector's per-second fold and writing
# the longer result at the end, ~5M instructions per run-second on the main thread, which alone would move the
# figure by ±1k between runs. Barrage's threads are therefore counted apart (--separate-threads): "worker" is the
# thread that runs the VUs (the per-query path, plus its 10 ms tick and per-second snapshot), "process" all of them.
# pgbench -j 1 has one thread.
if [[ ${COUNT:-} == instructions ]]; then
    command -v valgrind >/dev/null || { echo "bench/postgres.sh: valgrind is missing (apt-get install valgrind)" >&2; exit 1; }
    objcopy --strip-debug "$BIN" "$WORK/barrage.nodebug"
    for seconds in 3 6; do
        echo "== callgrind, ${seconds} s: pgbench, then barrage" >&2
        taskset -c 1 valgrind --tool=callgrind --callgrind-out-file="$WORK/pgbench.$seconds.cg" "$PGBIN/pgbench" \
            -h 127.0.0.1 -p "$PORT" -U postgres -S -M prepared -c "$CLIENTS" -j 1 -T "$seconds" postgres \
            >"$WORK/pgbench.out" 2>&1
        awk -F': ' '/number of transactions actually processed/ {split($2, n, "/"); print n[1]}' "$WORK/pgbench.out" \
            >"$WORK/pgbench.$seconds.count"
        DURATION=$seconds scenario "$WORK/count.yaml" "query: $QUERY, params: [\"$AID\"]"
        rm -rf "$WORK/count"
        taskset -c 1 valgrind --tool=callgrind --separate-threads=yes \
            --callgrind-out-file="$WORK/barrage.$seconds.cg" "$WORK/barrage.nodebug" run "$WORK/count.yaml" \
            --workers 1 --quiet --out "$WORK/count" >/dev/null 2>&1
        python3 -c "import json, sys; r = json.load(open(sys.argv[1])); print(r['scenarios'][0]['steps'][0]['count'])" \
            "$WORK/count/result.json" >"$WORK/barrage.$seconds.count"
    done
    python3 - "$WORK" <<'PY'
import glob, re, subprocess, sys
work = sys.argv[1]

def by_library(paths):
    """Instructions per object file, from callgrind_annotate's per-function lists of `paths`."""
    totals = {}
    for path in paths:
        out = subprocess.run(["callgrind_annotate", "--threshold=100", path],
                             capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            match = re.match(r"\s*([\d,]+)\s+\([\s\d.]+%\)\s+.*\[(.+?)\]\s*$", line)
            if match:
                library = match.group(2).rsplit("/", 1)[-1]
                library = ("libpq" if library.startswith("libpq") else "libc" if library.startswith("libc.")
                           else "own code" if library in ("pgbench", "barrage.nodebug") else "other")
                totals[library] = totals.get(library, 0) + int(match.group(1).replace(",", ""))
    return totals

def files(driver, seconds, part):
    """The callgrind files of `driver`'s run: every thread's, or only the worker's (the one that ran the VUs)."""
    paths = sorted(glob.glob(f"{work}/{driver}.{seconds}.cg*"))
    paths = [path for path in paths if open(path, errors="replace").read(1) != ""]
    if part == "worker":
        paths = [path for path in paths if "runIteration" in open(path, errors="replace").read()]
    return paths

print("user-space instructions per query (callgrind: the 6 s run minus the 3 s run)")
print(f"{'driver':<18} {'total':>8} {'libpq':>8} {'libc':>8} {'own code':>9} {'other':>8}")
for driver, part in (("pgbench", "process"), ("barrage", "process"), ("barrage", "worker")):
    counts = [int(open(f"{work}/{driver}.{s}.count").read()) for s in (3, 6)]
    short, long = (by_library(files(driver, s, part)) for s in (3, 6))
    per_query = {k: (long.get(k, 0) - short.get(k, 0)) / (counts[1] - counts[0]) for k in set(short) | set(long)}
    name = driver if driver == "pgbench" else f"{driver} {part}"
    print(f"{name:<18} {sum(per_query.values()):>8.0f} {per_query.get('libpq', 0):>8.0f} "
          f"{per_query.get('libc', 0):>8.0f} {per_query.get('own code', 0):>9.0f} {per_query.get('other', 0):>8.0f}"
          f"   ({counts[0]} and {counts[1]} queries)")
PY
    exit 0
fi

# Rounds alternate the drivers, so that load from elsewhere on the machine falls on all of them alike, and rotate
# their order: on this machine the run right after another is measurably penalised (5–10% per CPU-second), so no
# driver may always come second.
: >"$WORK/rounds"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for round in $(seq "$ROUNDS"); do
    echo "== round $round/$ROUNDS: load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    drivers=(pgbench single pipeline)
    first=$(((round - 1) % 3))
    for driver in "${drivers[@]:$first}" "${drivers[@]:0:$first}"; do
        case $driver in
        pgbench)
            echo "== round $round/$ROUNDS: pgbench -S -M prepared -c $CLIENTS -j 1 -T $DURATION" >&2
            run_pgbench
            ;;
        single)
            echo "== round $round/$ROUNDS: barrage, one query in flight per connection" >&2
            run_barrage single 1
            ;;
        pipeline)
            echo "== round $round/$ROUNDS: barrage, pipeline depth $DEPTH" >&2
            run_barrage pipeline "$DEPTH"
            ;;
        esac
    done
done

python3 - "$WORK/rounds" "$DURATION" "$DEPTH" "$CLIENTS" "$LOAD_BEFORE" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import statistics, sys
path, duration, depth, clients = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
print(f"load average (1, 5, 15 min): {sys.argv[5]} before, {sys.argv[6]} after")
rows = {}
for line in open(path):
    driver, qps, queries, cpu, failures, run_cpu = line.split()
    rows.setdefault(driver, []).append(
        (float(qps), float(queries) / float(cpu), int(failures), float(queries) / float(run_cpu)))
names = {
    "pgbench": "pgbench -S -M prepared -j 1",
    "single": "barrage, 1 in flight per connection",
    "pipeline": f"barrage, pipeline depth {depth}, 1 sync/batch",
}
rounds = len(rows["pgbench"])
print(f"select-only, prepared, {clients} connections, {duration} s x {rounds} rounds (median), "
      "server on core 0, generator on core 1")
print(f"{'driver':<40} {'queries/s':>10} {'per CPU-s':>11} {'TPS ratio':>10} {'CPU ratio':>10} {'failures':>9}"
      f" {'CPU ratio, load only':>21}")
base_qps = statistics.median(r[0] for r in rows["pgbench"])
base_eff = statistics.median(r[1] for r in rows["pgbench"])
for driver in ("pgbench", "single", "pipeline"):
    qps = statistics.median(r[0] for r in rows[driver])
    eff = statistics.median(r[1] for r in rows[driver])
    run_eff = statistics.median(r[3] for r in rows[driver])
    failures = sum(r[2] for r in rows[driver])
    print(f"{names[driver]:<40} {qps:>10.0f} {eff:>11.0f} {qps / base_qps:>10.2f} {eff / base_eff:>10.2f} {failures:>9}"
          f" {run_eff / base_eff:>21.2f}")
for index in range(rounds):
    print(f"round {index + 1}: " + ", ".join(
        f"{driver} {rows[driver][index][0]:.0f} q/s {rows[driver][index][1]:.0f} per CPU-s"
        for driver in ("pgbench", "single", "pipeline")))
if rounds > 1:
    print("per round, barrage 1-in-flight vs pgbench (TPS, CPU):",
          ", ".join(f"{s[0] / p[0]:.2f}/{s[1] / p[1]:.2f}" for p, s in zip(rows["pgbench"], rows["single"])))
PY
