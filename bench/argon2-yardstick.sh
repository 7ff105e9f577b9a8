#!/usr/bin/env bash
# Our Argon2id against libargon2 built three ways (../shared/tools/argon2-yardstick: the portable ref.c, opt.c for
# SSE2 and for AVX2), alternated round by round in the same minutes, one thread each, memory reused on huge pages
# in all four. Usage: bench/argon2-yardstick.sh [rounds, default 10] [hashes per round, default 50]
# Settings: YARDSTICK (the programs' directory), IDENTITY_HASHING_MEMORY_KIB / _ITERATIONS (19456 / 2),
# BENCH_SKIP_BUILD=true to measure the jars already built.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
select_jdk

ROUNDS="${1:-10}"
HASHES="${2:-50}"
MEMORY_KIB="${IDENTITY_HASHING_MEMORY_KIB:-19456}"
ITERATIONS="${IDENTITY_HASHING_ITERATIONS:-2}"
YARDSTICK="${YARDSTICK:-../shared/tools/argon2-yardstick}"
[ -x "$YARDSTICK/argon2-opt-avx2" ] || { echo "no yardstick programs in $YARDSTICK (set YARDSTICK)" >&2; exit 2; }

if [ "${BENCH_SKIP_BUILD:-false}" != true ]; then
  ./mvnw -B -q package -DskipTests
  ./mvnw -B -q -f bench/jmh/pom.xml package
fi
CP="bench/jmh/target/benchmarks.jar:$(ls target/identity-service-*.jar target/quarkus-app/lib/main/de.mkammerer.argon2-jvm-*.jar target/quarkus-app/lib/main/net.java.dev.jna.jna-*.jar | paste -sd:)"
WORK=$(mktemp -d)
trap 'kill "${JAVA_PID:-}" 2> /dev/null || true; rm -rf "$WORK"' EXIT

# The service's JVM options (bench/common.sh), so the hash is timed as the service runs it.
mkfifo "$WORK/in"
# shellcheck disable=SC2086
"$JAVA" $SERVICE_JAVA_OPTS -cp "$CP" dev.identity.bench.HashRound "$MEMORY_KIB" "$ITERATIONS" "$HASHES" "$ROUNDS" 3 \
  < "$WORK/in" > "$WORK/out" 2> "$WORK/err" &
JAVA_PID=$!
exec 3> "$WORK/in"
until grep -q '^implementation' "$WORK/out"; do
  kill -0 "$JAVA_PID" 2> /dev/null || { cat "$WORK/err" >&2; exit 1; }
  sleep 0.2
done
echo "m=$MEMORY_KIB KiB, t=$ITERATIONS, p=1, $HASHES hashes per round, $ROUNDS rounds, alternated"
echo "ours: $(sed -n 's/^implementation //p' "$WORK/out"); JDK: $("$JAVA" -version 2>&1 | head -1)"
echo "JVM options: $SERVICE_JAVA_OPTS"
printf '%-6s %10s %10s %10s %10s %12s\n' round ours ref opt-sse2 opt-avx2 ours/avx2
for round in $(seq 1 "$ROUNDS"); do
  echo >&3
  until [ "$(grep -c '^mean' "$WORK/out")" -ge "$round" ]; do sleep 0.05; done
  ours=$(grep '^mean' "$WORK/out" | sed -n "${round}p" | awk '{ print $2 }')
  declare -A lib=()
  for build in ref opt-sse2 opt-avx2; do
    lib[$build]=$("$YARDSTICK/argon2-$build" "$MEMORY_KIB" "$ITERATIONS" "$HASHES" | sed -n 's/.*mean \([0-9.]*\) ms.*/\1/p')
  done
  ratio=$(awk -v a="$ours" -v b="${lib[opt-avx2]}" 'BEGIN { printf "%.2f", a / b }')
  printf '%-6s %10s %10s %10s %10s %12s\n' "$round" "$ours" "${lib[ref]}" "${lib[opt-sse2]}" "${lib[opt-avx2]}" "$ratio"
  echo "$ratio" >> "$WORK/ratios"
done
exec 3>&-
sort -n "$WORK/ratios" | awk '{ r[NR] = $1 } END { printf "ours / opt-avx2, median of the rounds: %.2f (lowest %.2f, highest %.2f)\n", (NR % 2 ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2), r[1], r[NR] }'
