#!/usr/bin/env bash
# The service against the hash-bound limit (docs/benchmarks.md). Builds the service and the JMH benchmark,
# measures one Argon2id hash, the time from launch to ready (embedded and external PostgreSQL) and the idle RSS,
# starts the service on the embedded PostgreSQL with rate limits off, loads the tenant store, drives each
# workload with wrk at several concurrencies, measures the recovery-start timing gap, and writes the report to
# bench/results/run-<users>-users.txt.
#
#   bench/run.sh                     10,000 users
#   bench/run.sh --users 1000000     a million
#   bench/run.sh --quick             shorter runs, to try the command (figures not worth keeping)
#
# Settings (environment): BENCH_DURATION seconds per run (15), BENCH_WARMUP seconds (30), BENCH_CONCURRENCY
# ("1 4 16 64"), BENCH_WORKLOADS (all five), BENCH_PORT (18080), BENCH_JAVA_OPTS, BENCH_PAIRS (4),
# BENCH_PAIR_SECONDS (10), BENCH_SHARE_ROUNDS (40), BENCH_SKIP_BUILD=true,
# BENCH_SKIP_STARTUP=true, BENCH_SKIP_JMH=true.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh

USERS=10000
DURATION="${BENCH_DURATION:-15}"
# Each workload is warmed up first: at a few dozen requests a second, the code of a hash-bound request reaches
# the JIT's top tier only after some thousands of requests, and compiling it costs CPU the hashes then miss.
WARMUP="${BENCH_WARMUP:-30}"
CONCURRENCY="${BENCH_CONCURRENCY:-1 4 16 64}"
# Verify first: its many cheap requests warm the code every workload shares. Recovery-start last: a start
# replaces the open flows of its user, which reset needs.
WORKLOADS="${BENCH_WORKLOADS:-verify sign-in reset on-behalf-reset recovery-start}"
TIMING_REQUESTS=2000
SHARE_ROUNDS="${BENCH_SHARE_ROUNDS:-40}"
while [ $# -gt 0 ]; do
  case "$1" in
    --users) USERS="$2"; shift 2 ;;
    --quick) DURATION=4; WARMUP=3; TIMING_REQUESTS=300; QUICK_PAIRS=1; QUICK_PAIR_SECONDS=3; SHARE_ROUNDS=8; shift ;;
    *) echo "usage: bench/run.sh [--users N] [--quick]" >&2; exit 2 ;;
  esac
done
PORT="${BENCH_PORT:-18080}"
CORES=$(nproc)

select_jdk
ensure_wrk
WORK="$(mktemp -d)"
chmod 755 "$WORK"
PG_EXTERNAL=
cleanup() {
  stop_service
  stop_smtp_sink
  if [ -n "$PG_EXTERNAL" ]; then as_postgres "$PG_EXTERNAL/pg_ctl" -D "$WORK/external/data" -m fast stop > /dev/null 2>&1 || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p bench/results
REPORT="bench/results/run-$USERS-users.txt"
TABLE="bench/results/run-$USERS-users.tsv"
: > "$REPORT"
say() { echo "$@" | tee -a "$REPORT"; }

say "# identity-service benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
say "machine: $CORES cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr)"
say "JDK: $("$JAVA" -version 2>&1 | head -1); service JVM options: $SERVICE_JAVA_OPTS"
say "load generator: $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2), on the same machine"
say "users in the tenant store: $USERS; $DURATION s per run after $WARMUP s of warm-up; concurrency: $CONCURRENCY"
say

echo "building the service and the JMH benchmark"
build_service
./mvnw -B -q -f bench/jmh/pom.xml package
# The benchmark runs the service's own class with the very jars the service runs with.
JMH_CP="bench/jmh/target/benchmarks.jar:$(ls target/identity-service-*.jar target/quarkus-app/lib/main/de.mkammerer.argon2-jvm-*.jar target/quarkus-app/lib/main/net.java.dev.jna.jna-*.jar | paste -sd:)"
ARGON2_JVM_VERSION=$(ls target/quarkus-app/lib/main/ | sed -n 's/^de.mkammerer.argon2-jvm-\([0-9.]*\).jar$/\1/p')

# ---- 2. One Argon2id hash (JMH) and the hash-bound limit ----------------------------------------------------
MEMORY_KIB="${IDENTITY_HASHING_MEMORY_KIB:-19456}"
ITERATIONS="${IDENTITY_HASHING_ITERATIONS:-2}"
PARALLELISM="${IDENTITY_HASHING_PARALLELISM:-1}"
if [ "${BENCH_SKIP_JMH:-false}" != true ]; then
  echo "JMH: one Argon2id hash (m=$MEMORY_KIB KiB, t=$ITERATIONS, p=$PARALLELISM), on 1 thread and on $CORES"
  for threads in 1 "$CORES"; do
    "$JAVA" -cp "$JMH_CP" org.openjdk.jmh.Main 'dev.identity.bench.Argon2Hash' -t "$threads" \
      -p memoryKib="$MEMORY_KIB" -p iterations="$ITERATIONS" -p parallelism="$PARALLELISM" \
      -rf csv -rff "bench/results/jmh-argon2-$threads-threads.csv" > "$WORK/jmh-$threads.log" 2>&1
  done
fi
# The ceiling: what share of that limit every core hashing at once, and nothing else, reaches (AllCoresShare:
# alternating rounds in one JVM, so that the drift falls out of each round's ratio).
declare -A SHARE=()
SHARE_TEXT=
if [ "${BENCH_SKIP_JMH:-false}" != true ]; then
  echo "the share of the limit every core hashing at once reaches ($SHARE_ROUNDS rounds)"
  "$JAVA" -cp "$JMH_CP" dev.identity.bench.AllCoresShare "$MEMORY_KIB" "$ITERATIONS" "$PARALLELISM" "$SHARE_ROUNDS" \
    2> /dev/null > "$WORK/share.out"
  while read -r _ op median low high alone all; do
    SHARE[$op]="$median"
    SHARE_TEXT+="${SHARE_TEXT:+; }$op $median (quartiles $low-$high; $alone ms alone, $all ms with all cores)"
  done < <(grep '^SHARE ' "$WORK/share.out")
fi
jmh_score() { # benchmark file...: its mean score (ms per operation) over JMH result files
  awk -F, -v name="\"dev.identity.bench.Argon2Hash.$1\"" '$1 == name { s += $5; n++ } END { printf "%.3f", s / n }' "${@:2}"
}
jmh_ms() { # benchmark threads: the first JMH run's
  jmh_score "$1" "bench/results/jmh-argon2-$2-threads.csv"
}
HASH_MS=$(jmh_ms hash 1)
VERIFY_MS=$(jmh_ms verify 1)
HASH_MS_ALL=$(jmh_ms hash "$CORES")
VERIFY_MS_ALL=$(jmh_ms verify "$CORES")
LIMIT=$(awk -v c="$CORES" -v t="$HASH_MS" 'BEGIN { printf "%.1f", c * 1000 / t }')
say "## Argon2id (JMH, argon2-jvm $ARGON2_JVM_VERSION; m=$MEMORY_KIB KiB, t=$ITERATIONS, p=$PARALLELISM)"
say "one hash: $(printf %.2f "$HASH_MS") ms, one verification: $(printf %.2f "$VERIFY_MS") ms (1 thread)"
say "on all $CORES cores at once: $(printf %.2f "$HASH_MS_ALL") ms per hash, $(printf %.2f "$VERIFY_MS_ALL") ms per verification"
say "hash-bound limit: $CORES cores / $(printf %.2f "$HASH_MS") ms = $LIMIT hashes/s"
if [ -n "${SHARE_TEXT:-}" ]; then
  say "every core hashing at once and nothing else reaches, of that limit (median of $SHARE_ROUNDS alternating rounds"
  say " in one JVM, the ceiling of any service here): $SHARE_TEXT"
fi
say

# ---- 4. Launch to ready, idle RSS ---------------------------------------------------------------------------
service_secrets
export IDENTITY_RATE_LIMIT_ENABLED=false
# Every request comes from wrk's one address: the hash pool's share per caller (DESIGN.md 4.6), which the switch
# above leaves on, would answer 429 to most of them past 8 connections.
export IDENTITY_HASHING_CALLER_SHARE=100000
start_smtp_sink "$((PORT + 2))" "$WORK/mails"
export QUARKUS_HTTP_PORT="$PORT"
export QUARKUS_LOG_CATEGORY__IO_QUARKUS_MAILER__LEVEL=WARN
export IDENTITY_EMBEDDED_DB_DIR="$WORK/pg"

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

if [ "${BENCH_SKIP_STARTUP:-false}" != true ]; then
  echo "launch to ready"
  first=$(date +%s%N); start_service "$WORK/start-0.log"; FIRST_MS=$(wait_ready "$first" "$PORT"); stop_service
  for i in 1 2 3; do
    t=$(date +%s%N); start_service "$WORK/start-$i.log"; wait_ready "$t" "$PORT"; stop_service
  done > "$WORK/embedded.ms"
  EMBEDDED_MS=$(median < "$WORK/embedded.ms")
  EXTERNAL_MS="not measured (no PostgreSQL server binaries under /usr/lib/postgresql)"
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -1 || true)
  if [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ]; then
    mkdir -p "$WORK/external"
    [ "$(id -u)" = 0 ] && chown postgres "$WORK/external"
    as_postgres "$PG_BIN/initdb" -D "$WORK/external/data" -U postgres -A trust > /dev/null
    PG_EXTERNAL="$PG_BIN"
    as_postgres "$PG_BIN/pg_ctl" -D "$WORK/external/data" -l "$WORK/external/pg.log" -w \
      -o "-p $((PORT + 1)) -k $WORK/external -c listen_addresses=127.0.0.1" start > /dev/null
    as_postgres "$PG_BIN/createdb" -h 127.0.0.1 -p $((PORT + 1)) -U postgres identity
    (
      export QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$((PORT + 1))/identity"
      export QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=postgres
      t=$(date +%s%N); start_service "$WORK/external-0.log"; wait_ready "$t" "$PORT" > /dev/null; stop_service
      for i in 1 2 3; do
        t=$(date +%s%N); start_service "$WORK/external-$i.log"; wait_ready "$t" "$PORT"; stop_service
      done > "$WORK/external.ms"
    )
    EXTERNAL_MS="$(median < "$WORK/external.ms") ms (PostgreSQL $("$PG_BIN/postgres" --version | awk '{ print $3 }'), median of 3)"
    as_postgres "$PG_BIN/pg_ctl" -D "$WORK/external/data" -m fast stop > /dev/null
    PG_EXTERNAL=
  fi
  say "## Launch to ready (java -jar to the first 200 from /q/health/ready)"
  say "embedded PostgreSQL, first start (initdb, migrations): $FIRST_MS ms"
  say "embedded PostgreSQL already initialised: $EMBEDDED_MS ms (median of 3; includes starting the server)"
  say "external PostgreSQL already initialised: $EXTERNAL_MS"
fi

# ---- The service under load -----------------------------------------------------------------------------------
launched=$(date +%s%N)
start_service "$WORK/service.log"
wait_ready "$launched" "$PORT" > /dev/null
sleep 5
IDLE_RSS=$(rss_kib "$SERVICE_PID")
say "RSS idle (after start, before any request): $((IDLE_RSS / 1024)) MiB"
say

PG_PORT=$(sed -n 's/.*Started embedded PostgreSQL on port \([0-9]*\).*/\1/p' "$WORK/service.log" | head -1)
PG_JAR=$(ls target/quarkus-app/lib/main/org.postgresql.postgresql-*.jar)
echo "loading $USERS users"
"$JAVA" -cp "$PG_JAR" bench/Load.java "http://127.0.0.1:$PORT" "$IDENTITY_OPERATOR_TOKEN" \
  "jdbc:postgresql://127.0.0.1:$PG_PORT/identity" "$IDENTITY_SECRETS_KEY" "$USERS" "$WORK/requests" | tee -a "$REPORT"
say

# One wrk run: workload, concurrency, seconds; leaves wrk's output in $WORK/wrk.out and moves the workload's
# offset past the lines it used.
declare -A OFFSET
run_wrk() {
  local workload="$1" connections="$2" seconds="$3" threads lines
  threads=$(( connections < 2 ? 1 : 2 ))
  # A workload that went through all its lines starts them again (sign-in and recovery-start may repeat theirs).
  lines=$(wc -l < "$WORK/requests/$workload.txt")
  if [ "${OFFSET[$workload]:-0}" -ge "$lines" ]; then OFFSET[$workload]=0; fi
  BENCH_REQUESTS="$WORK/requests/$workload.txt" BENCH_THREADS=$threads BENCH_OFFSET="${OFFSET[$workload]:-0}" \
    wrk -t "$threads" -c "$connections" -d "${seconds}s" --timeout 10s -s bench/workload.lua \
    "http://127.0.0.1:$PORT" > "$WORK/wrk.out" 2>&1 || { cat "$WORK/wrk.out" >&2; return 1; }
  local last
  last=$(sed -n 's/.*last_line=\(-\{0,1\}[0-9]*\).*/\1/p' "$WORK/wrk.out" | sort -n | tail -1)
  OFFSET[$workload]=$(( last + 1 ))
}
outbox_depth() {
  curl -fs "http://127.0.0.1:$(management_port "$PORT")/q/metrics" | awk '/^identity_mail_outbox_depth/ { print $2 + 0 }'
}
# Waits until every mail queued so far has gone to the SMTP sink; prints the milliseconds it took beyond the
# first second (the outbox depth is counted once a second, so the figure is good to about a second).
wait_outbox_drained() {
  local started
  started=$(date +%s%N)
  sleep 1.1
  for _ in $(seq 1 1200); do
    [ "$(outbox_depth)" = 0 ] && break
    sleep 0.5
  done
  echo $(( ($(date +%s%N) - started) / 1000000 - 1100 ))
}
field() { sed -n "s/.*[ ]$1=\([0-9]*\).*/\1/p" <<< "$2" | head -1; }

printf 'workload\tconcurrency\trequests_per_s\tp50_ms\tp90_ms\tp99_ms\tnon2xx\terrors\tservice_cpu_cores\tmachine_cpu_cores\tpeak_rss_mib\tmail_drain_s\trequests_per_s_with_mail\thash_cpu_cores\n' > "$TABLE"
say "## Workloads (rate limits off; mail over SMTP to a sink on the same machine)"
say "$(printf '%-16s %4s %9s %8s %8s %8s %7s %6s %8s %8s %8s %7s %9s %8s' workload conc 'req/s' 'p50 ms' 'p90 ms' 'p99 ms' non2xx errors 'svc cpu' 'all cpu' 'rss MiB' 'drain s' 'with mail' 'hash cpu')"
say "(drain s: time after the run until the outbox was empty; with mail: requests / (run + drain); hash cpu: cores"
say " the hashing threads used, of $CORES: what the rest of the service, PostgreSQL and wrk left them)"
declare -A BEST BEST_HASH_CPU BEST_CONC PAIRED
# The hash-bound limit of a workload comes from a short JMH run (one thread) right before its runs and another
# right after them: this VM's speed drifts by up to 40 % within minutes, so a limit measured at the start
# would flatter or wrong a workload measured a quarter of an hour later.
declare -A HASH_OPS=([sign-in]="verify" [reset]="verify hash" [on-behalf-reset]="hash")
bracket_jmh() { # workload before|after|pair-N [warm-up iterations, measured iterations]
  [ -n "${HASH_OPS[$1]:-}" ] && [ "${BENCH_SKIP_JMH:-false}" != true ] || return 0
  echo "$1: JMH $2 (${HASH_OPS[$1]})"
  "$JAVA" -cp "$JMH_CP" org.openjdk.jmh.Main "dev.identity.bench.Argon2Hash.($(tr ' ' '|' <<< "${HASH_OPS[$1]}"))\$" \
    -t 1 -wi "${3:-2}" -w 2s -i "${4:-3}" -r 3s -f 1 -p memoryKib="$MEMORY_KIB" -p iterations="$ITERATIONS" \
    -p parallelism="$PARALLELISM" -rf csv -rff "bench/results/jmh-$1-$2.csv" > "$WORK/jmh-$1-$2.log" 2>&1
}
# Pairs: a short one-thread JMH run, then at once a short run of the workload at its best concurrency, several
# times. Each pair's ratio compares a rate and a limit measured within half a minute of each other, where the
# brackets above are minutes apart; the median of the pairs is the reading least moved by the VM's drift.
PAIRS="${BENCH_PAIRS:-${QUICK_PAIRS:-4}}"
PAIR_SECONDS="${BENCH_PAIR_SECONDS:-${QUICK_PAIR_SECONDS:-10}}"
paired_runs() { # workload
  [ -n "${HASH_OPS[$1]:-}" ] && [ "${BENCH_SKIP_JMH:-false}" != true ] && [ "$PAIRS" -gt 0 ] || return 0
  local i rate ms op ratios=""
  for i in $(seq 1 "$PAIRS"); do
    bracket_jmh "$1" "pair-$i" 1 2
    run_wrk "$1" "${BEST_CONC[$1]}" "$PAIR_SECONDS"
    rate=$(awk -v n="$(field requests "$(grep '^RESULT' "$WORK/wrk.out")")" \
      -v d="$(field duration_us "$(grep '^RESULT' "$WORK/wrk.out")")" 'BEGIN { printf "%.2f", n / (d / 1e6) }')
    wait_outbox_drained > /dev/null
    ms=0
    for op in ${HASH_OPS[$1]}; do
      ms=$(awk -v a="$ms" -v b="$(jmh_score "$op" "bench/results/jmh-$1-pair-$i.csv")" 'BEGIN { print a + b }')
    done
    ratios+="$(awk -v r="$rate" -v c="$CORES" -v ms="$ms" 'BEGIN { printf "%.2f", r / (c * 1000 / ms) }') "
    echo "$1: pair $i: $rate/s against $(awk -v c="$CORES" -v ms="$ms" 'BEGIN { printf "%.1f", c * 1000 / ms }')/s"
  done
  PAIRED[$1]="$ratios"
}
for workload in $WORKLOADS; do
  bracket_jmh "$workload" before
  echo "$workload: warm-up"
  run_wrk "$workload" 4 "$WARMUP"
  wait_outbox_drained > /dev/null
  for c in $CONCURRENCY; do
    rm -f "$WORK/stop"; echo 0 > "$WORK/peak"
    sample_peak_rss "$SERVICE_PID" "$WORK/peak" "$WORK/stop" &
    sampler=$!
    cpu0=$(cpu_ticks "$SERVICE_PID"); hash0=$(hash_cpu_ticks "$SERVICE_PID"); read -r busy0 total0 <<< "$(machine_ticks)"
    thread_group_ticks "$SERVICE_PID" > "$WORK/threads0"
    run_wrk "$workload" "$c" "$DURATION"
    out=$(cat "$WORK/wrk.out")
    cpu1=$(cpu_ticks "$SERVICE_PID"); hash1=$(hash_cpu_ticks "$SERVICE_PID"); read -r busy1 total1 <<< "$(machine_ticks)"
    thread_group_ticks "$SERVICE_PID" > "$WORK/threads1"
    touch "$WORK/stop"; wait "$sampler" || true
    # The run's mail is part of its work: the next run starts once the outbox is empty, and the rate "with mail"
    # counts the time it took to send what the run queued.
    drain_ms=$(wait_outbox_drained)
    result=$(grep '^RESULT' <<< "$out")
    requests=$(field requests "$result"); duration=$(field duration_us "$result")
    errors=$(( $(field connect_errors "$result") + $(field read_errors "$result") + $(field write_errors "$result") + $(field timeouts "$result") ))
    row=$(awk -v w="$workload" -v c="$c" -v n="$requests" -v d="$duration" -v p50="$(field p50_us "$result")" \
      -v p90="$(field p90_us "$result")" -v p99="$(field p99_us "$result")" -v bad="$(field non2xx "$result")" \
      -v err="$errors" -v svc=$((cpu1 - cpu0)) -v hash=$((hash1 - hash0)) -v busy=$((busy1 - busy0)) -v total=$((total1 - total0)) \
      -v cores="$CORES" -v hz="$(getconf CLK_TCK)" -v rss="$(cat "$WORK/peak")" -v drain="$drain_ms" 'BEGIN {
        if (drain < 0) drain = 0
        printf "%s\t%d\t%.1f\t%.2f\t%.2f\t%.2f\t%d\t%d\t%.2f\t%.2f\t%.0f\t%.1f\t%.1f\t%.2f", w, c, n / (d / 1e6),
          p50 / 1000, p90 / 1000, p99 / 1000, bad, err, svc / hz / (d / 1e6), busy / total * cores, rss / 1024,
          drain / 1000, n / (d / 1e6 + drain / 1000), hash / hz / (d / 1e6) }')
    echo "$row" >> "$TABLE"
    say "$(awk -F'\t' '{ printf "%-16s %4d %9.1f %8.2f %8.2f %8.2f %7d %6d %8.2f %8.2f %8d %7.1f %9.1f %8.2f", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14 }' <<< "$row")"
    # Where the cores went: the service's threads by group, and PostgreSQL (wrk and the SMTP sink are the rest).
    say "    cores: $(thread_group_cores "$WORK/threads0" "$WORK/threads1" "$(awk -v d="$duration" 'BEGIN { print d / 1e6 }')")"
    if grep -q '^BAD' <<< "$out" || grep -q 'wrapped=[1-9]' <<< "$out"; then
      grep -E '^(BAD|THREAD)' <<< "$out" | sed 's/^/    /' | tee -a "$REPORT"
    fi
    best=$(cut -f3 <<< "$row")
    if awk -v a="$best" -v b="${BEST[$workload]:-0}" 'BEGIN { exit !(a > b) }'; then
      BEST[$workload]=$best
      BEST_CONC[$workload]=$c
      BEST_HASH_CPU[$workload]=$(cut -f14 <<< "$row")
    fi
  done
  paired_runs "$workload"
  bracket_jmh "$workload" after
done
PEAK_RSS=$(awk '/^VmHWM/ { print $2 }' "/proc/$SERVICE_PID/status")
say "peak RSS of the service over the whole run (VmHWM): $((PEAK_RSS / 1024)) MiB"
sleep 2
say "mails taken by the SMTP sink: $(cat "$WORK/mails" 2> /dev/null || echo 0); still in the outbox: $(outbox_depth)"
say

# The rate against the limit, and the cores the hashing threads had in that run. The limit is the issue's:
# cores / the time of the request's Argon2id runs on one thread, the mean of the JMH runs just before and just
# after the workload (the first JMH run's when those were skipped). A service that did nothing but hash would
# not reach it either: with every core hashing, each hash takes longer (AllCoresShare's ceiling, above).
bracketed() { # workload: whether JMH ran around it
  [ "${BENCH_SKIP_JMH:-false}" != true ] && [ -f "bench/results/jmh-$1-before.csv" ] && [ -f "bench/results/jmh-$1-after.csv" ]
}
op_ms() { # benchmark workload: ms of one run of it around the workload (the mean of before and after)
  if bracketed "$2"; then
    jmh_score "$1" "bench/results/jmh-$2-before.csv" "bench/results/jmh-$2-after.csv"
  else
    jmh_ms "$1" 1
  fi
}
bracket() { # benchmark workload: the JMH figures the limit came from
  if bracketed "$2"; then
    printf '%.2f / %.2f ms' "$(jmh_score "$1" "bench/results/jmh-$2-before.csv")" "$(jmh_score "$1" "bench/results/jmh-$2-after.csv")"
  else
    printf '%.2f ms' "$(jmh_ms "$1" 1)"
  fi
}
ceiling() { # workload: the share of its limit every core hashing at once reaches (empty when not measured)
  local op num=0 den=0
  for op in ${HASH_OPS[$1]}; do
    [ -n "${SHARE[$op]:-}" ] || return 0
    num=$(awk -v a="$num" -v b="$(jmh_ms "$op" 1)" 'BEGIN { print a + b }')
    den=$(awk -v a="$den" -v b="$(jmh_ms "$op" 1)" -v s="${SHARE[$op]}" 'BEGIN { print a + b / s }')
  done
  awk -v n="$num" -v d="$den" 'BEGIN { printf "%.3f", n / d }'
}
ratio() { # workload rate
  local ms=0 op detail="" label="JMH before / after" top
  bracketed "$1" || label="the first JMH run"
  for op in ${HASH_OPS[$1]}; do
    ms=$(awk -v a="$ms" -v b="$(op_ms "$op" "$1")" 'BEGIN { print a + b }')
    detail+="${detail:+, }$op $(bracket "$op" "$1")"
  done
  top=$(ceiling "$1")
  awk -v got="$2" -v c="$CORES" -v ms="$ms" -v top="$top" -v h="${BEST_HASH_CPU[$1]}" -v d="$detail" -v label="$label" 'BEGIN {
    l = c * 1000 / ms; printf "%.1f/s of %.1f/s = %.2f (%s: %s)", got, l, got / l, label, d
    if (top != "") printf "; of the ceiling (%.2f): %.2f", top, got / (l * top)
    printf "; hashing threads: %.2f of %d cores", h, c }'
}
say "## Against the hash-bound limit (best throughput over the concurrencies)"
for workload in sign-in reset on-behalf-reset; do
  [ -n "${BEST[$workload]:-}" ] && say "$(printf '%-16s' "$workload") $(ratio "$workload" "${BEST[$workload]}")"
done
for workload in sign-in reset on-behalf-reset; do
  [ -n "${PAIRED[$workload]:-}" ] || continue
  say "$(printf '%-16s' "$workload") paired ($PAIRS x JMH on 1 thread, then $PAIR_SECONDS s at ${BEST_CONC[$workload]} connections): $(tr ' ' '\n' <<< "${PAIRED[$workload]}" | grep . | sort -n | awk -v top="$(ceiling "$workload")" '{ v[NR] = $1; all = all (NR > 1 ? ", " : "") $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "median %.2f (%s)", m, all; if (top != "") printf "; of the ceiling: %.2f", m / top }')"
done
say "(sign-in: 1 verification per request; reset: the reused-password check, 1 verification, then 1 hash;"
say " on-behalf reset with a generated password: 1 hash)"
say

# ---- 3. The recovery-start timing gap ----------------------------------------------------------------------------
echo "recovery-start timing gap"
sleep 5
say "## Recovery-start timing, existing vs unknown user ($TIMING_REQUESTS each, interleaved, one connection)"
"$JAVA" bench/RecoveryTiming.java "http://127.0.0.1:$PORT" "$IDENTITY_OPERATOR_TOKEN" "$TIMING_REQUESTS" \
  | tee -a "$REPORT" || true
say
cp "$WORK/service.log" "bench/results/run-$USERS-users-service.log"
say "service log: $(grep -c ERROR "$WORK/service.log" || true) ERROR lines (bench/results/run-$USERS-users-service.log)"
echo "report: $REPORT, table: $TABLE"
