#!/usr/bin/env bash
# Builds the service, starts it on a fresh embedded PostgreSQL with rate limits off (they would otherwise be
# what is measured) and the mock mailer, and measures the recovery-start timing gap between an existing and an
# unknown user. Writes the report to bench/results/recovery-timing.txt. Usage: bench/recovery-timing.sh [n]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  for candidate in /usr/lib/jvm/*; do
    if "$candidate/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then export JAVA_HOME="$candidate"; break; fi
  done
fi
N="${1:-2000}"
PORT="${BENCH_PORT:-18080}"
./mvnw -B -q package -DskipTests
DATA="$(mktemp -d)"
export IDENTITY_OPERATOR_TOKEN=bench-operator-token
export IDENTITY_SECRETS_KEY="$(head -c 32 /dev/urandom | base64)"
export IDENTITY_EMBEDDED_DB_DIR="$DATA/pg"
export IDENTITY_RATE_LIMIT_ENABLED=false
export QUARKUS_MAILER_MOCK=true
export QUARKUS_HTTP_PORT="$PORT"
export QUARKUS_LOG_CATEGORY__IO_QUARKUS_MAILER__LEVEL=WARN
"$JAVA_HOME/bin/java" -jar target/quarkus-app/quarkus-run.jar > "$DATA/service.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do
  curl -fs "localhost:$PORT/q/health/ready" > /dev/null 2>&1 && break
  sleep 0.5
done
mkdir -p bench/results
{
  echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores, $(uname -m), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
  "$JAVA_HOME/bin/java" bench/RecoveryTiming.java "http://localhost:$PORT" "$IDENTITY_OPERATOR_TOKEN" "$N"
} | tee bench/results/recovery-timing.txt
