# Shared by the bench scripts (sourced, not run): JDK choice, the load generator, building, starting and
# stopping the service, and reading its CPU time and memory from /proc.

# A JDK of 21 or later: JAVA_HOME when it is one, else the first under /usr/lib/jvm.
select_jdk() {
  if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
    for candidate in /usr/lib/jvm/*; do
      if "$candidate/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
        export JAVA_HOME="$candidate"
        break
      fi
    done
  fi
  JAVA="$JAVA_HOME/bin/java"
}

# wrk, from Debian's packages, installed when missing and we may.
ensure_wrk() {
  command -v wrk > /dev/null && return
  if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    echo "installing wrk from Debian's packages"
    apt-get install -y -q wrk > /dev/null 2>&1 || { apt-get update -q > /dev/null && apt-get install -y -q wrk > /dev/null; }
  fi
  command -v wrk > /dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 2; }
}

# What every run of the service is given: the operator token the bench drivers use, and a fresh secrets key.
service_secrets() {
  export IDENTITY_OPERATOR_TOKEN=bench-operator-token
  IDENTITY_SECRETS_KEY="$(head -c 32 /dev/urandom | base64)"
  export IDENTITY_SECRETS_KEY
}

# The service as the README recommends running it: the aot-jar and its ahead-of-time cache (-Paot).
build_service() {
  if [ "${BENCH_SKIP_BUILD:-false}" != true ]; then
    ./mvnw -B -q package -DskipTests -Paot
  fi
}

# The JVM options the service is measured with: those the README recommends for a small machine (README "Running
# it in production", where each is explained). No incubator module (the hash is libargon2 built for the CPU, which
# the build makes: credential/LibArgon2); C2 on, but only for code run tens of thousands of times, so that it does
# not spend the first seconds compiling the startup's code; a 96 MB heap, SerialGC, unused memory back to the OS
# every second. Override with BENCH_JAVA_OPTS (add --add-modules jdk.incubator.vector and
# -Ddev.identity.argon2.cpu-build=false to measure the vectorised Java hash instead).
# Two malloc arenas keep glibc from holding memory per thread.
SERVICE_JAVA_OPTS="${BENCH_JAVA_OPTS:--XX:+UseSerialGC -Xms48m -Xmx96m -XX:MaxMetaspaceSize=160m -XX:ReservedCodeCacheSize=48m -XX:TrimNativeHeapInterval=1000 -Xss512k -XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=6000 -XX:Tier4CompileThreshold=150000 -XX:Tier4BackEdgeThreshold=400000 -Dquarkus.thread-pool.max-threads=32}"
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"

# The packaged service serves health and metrics on its management interface: here the HTTP port + 1000.
management_port() {
  echo $(( $1 + 1000 ))
}

# Starts the packaged service in the background (its settings come from the environment); sets SERVICE_PID.
start_service() {
  local log="$1"
  # From its directory, with its ahead-of-time cache when the build made one (the cache names the class path as
  # the JVM saw it when recording).
  local aot=""
  [ -f target/quarkus-app/app.aot ] && aot="-XX:AOTCache=app.aot"
  # shellcheck disable=SC2086
  (cd target/quarkus-app && QUARKUS_MANAGEMENT_HOST=127.0.0.1 \
    QUARKUS_MANAGEMENT_PORT="$(management_port "${QUARKUS_HTTP_PORT:-8080}")" \
    exec "$JAVA" $SERVICE_JAVA_OPTS $aot -jar quarkus-run.jar) > "$log" 2>&1 &
  SERVICE_PID=$!
}

# Waits until /q/health/ready answers 200 on the management port of the service on HTTP port $2; prints the
# milliseconds since $1 (date +%s%N at launch).
wait_ready() {
  local started="$1" port="$2"
  for _ in $(seq 1 6000); do
    if curl -fs -o /dev/null "http://127.0.0.1:$(management_port "$port")/q/health/ready"; then
      echo $(( ($(date +%s%N) - started) / 1000000 ))
      return 0
    fi
    kill -0 "$SERVICE_PID" 2> /dev/null || { echo "the service stopped; see its log" >&2; return 1; }
    sleep 0.02
  done
  echo "the service was not ready in 120 s" >&2
  return 1
}

stop_service() {
  if [ -n "${SERVICE_PID:-}" ] && kill -0 "$SERVICE_PID" 2> /dev/null; then
    kill "$SERVICE_PID"
    wait "$SERVICE_PID" 2> /dev/null || true
  fi
  SERVICE_PID=
}

# CPU time of a process so far, in clock ticks (user + system).
cpu_ticks() {
  awk '{ print $14 + $15 }' "/proc/$1/stat"
}

# CPU ticks so far of each group of a process's threads (the name without its number: argon2, executor-thread,
# vert.x-eventloop-thread, C2 CompilerThread...), "name ticks" per line; and "postgres" for every PostgreSQL
# process of the machine.
thread_group_ticks() {
  local task
  for task in /proc/"$1"/task/*; do
    printf '%s %s\n' "$(tr ' ' '_' 2> /dev/null < "$task/comm")" "$(sed 's/.*) //' "$task/stat" 2> /dev/null)"
  done | awk 'NF > 13 { n = $1; sub(/[-_]?[0-9]+$/, "", n); t[n] += $13 + $14 } END { for (k in t) print k, t[k] }'
  for pid in $(pgrep -x postgres); do sed 's/.*) //' "/proc/$pid/stat" 2> /dev/null; done \
    | awk '{ t += $12 + $13 } END { print "postgres", t + 0 }'
}

# The cores each thread group used between two thread_group_ticks files, over $3 seconds: the busiest first.
thread_group_cores() {
  awk -v s="$3" -v hz="$(getconf CLK_TCK)" 'NR == FNR { a[$1] = $2; next } { d = ($2 - a[$1]) / hz / s; if (d >= 0.005) printf "%s %.2f\n", $1, d }' \
    "$1" "$2" | sort -k2 -rn | awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2 } END { print "" }'
}

# CPU time so far of a process's hashing threads (the pool PasswordHasher names argon2-N), in clock ticks.
hash_cpu_ticks() {
  local total=0 task
  for task in /proc/"$1"/task/*; do
    [[ "$(cat "$task/comm" 2> /dev/null)" == argon2-* ]] || continue
    total=$(( total + $(awk '{ print $14 + $15 }' "$task/stat" 2> /dev/null || echo 0) ))
  done
  echo "$total"
}

# The whole machine's busy and total clock ticks, for every core: "busy total".
machine_ticks() {
  awk '/^cpu / { total = 0; for (i = 2; i <= NF; i++) total += $i; print total - $5 - $6, total }' /proc/stat
}

rss_kib() {
  awk '/^VmRSS/ { print $2 }' "/proc/$1/status"
}

# Samples a process's RSS every 0.2 s and keeps the highest in $2, until the file $3 appears.
sample_peak_rss() {
  local pid="$1" out="$2" stop="$3" peak=0 now
  while [ ! -e "$stop" ] && kill -0 "$pid" 2> /dev/null; do
    now=$(rss_kib "$pid" 2> /dev/null || echo 0)
    if [ "${now:-0}" -gt "$peak" ]; then peak=$now; echo "$peak" > "$out"; fi
    sleep 0.2
  done
}

# Starts bench/SmtpSink.java on 127.0.0.1:$1 (it takes every mail and keeps none; the count so far goes to $2 every
# second) and points the service's mailer at it; sets SINK_PID. Quarkus' mock mailer would keep every mail in the
# heap, so a long run would measure its garbage collector instead of the service.
start_smtp_sink() {
  local port="$1" count="$2"
  "$JAVA" -XX:+UseSerialGC -Xmx32m -XX:TieredStopAtLevel=1 bench/SmtpSink.java "$port" "$count" > /dev/null 2>&1 &
  SINK_PID=$!
  for _ in $(seq 1 200); do
    (echo > "/dev/tcp/127.0.0.1/$port") 2> /dev/null && break
    sleep 0.05
  done
  export QUARKUS_MAILER_MOCK=false QUARKUS_MAILER_HOST=127.0.0.1 QUARKUS_MAILER_PORT="$port"
  export QUARKUS_MAILER_START_TLS=DISABLED QUARKUS_MAILER_TLS=false
}

stop_smtp_sink() {
  if [ -n "${SINK_PID:-}" ]; then kill "$SINK_PID" 2> /dev/null || true; wait "$SINK_PID" 2> /dev/null || true; fi
  SINK_PID=
}
