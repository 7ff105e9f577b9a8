#!/usr/bin/env bash
# Imports N users (default 1,000,000) in one POST /api/v1/tenants/{tenant}/users/import, as an operator moving a
# tenant would: `curl --data-binary @users.ndjson`. Each line carries a bcrypt hash (the same one: the import
# stores hashes, it does not compute them). Measures the wall time from the first byte sent to the summary line,
# and the service's peak RSS (VmHWM) over the run, on a fresh embedded PostgreSQL with the JVM options of
# bench/common.sh. Writes bench/results/import.txt.
# Usage: bench/import.sh [n]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
select_jdk
N="${1:-1000000}"
PORT="${BENCH_PORT:-18080}"
build_service
DATA="$(mktemp -d)"
service_secrets
export IDENTITY_EMBEDDED_DB_DIR="$DATA/pg"
export QUARKUS_HTTP_PORT="$PORT"
trap 'stop_service; rm -rf "$DATA"' EXIT

# The file first, so that generating it is not measured: about 220 bytes a line.
awk -v n="$N" 'BEGIN {
  for (i = 0; i < n; i++) {
    printf "{\"userName\":\"user%07d@import.example\",\"displayName\":\"Imported User %d\",\"email\":\"user%07d@import.example\",\"locale\":\"en-US\",\"passwordHash\":\"$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy\"}\n", i, i, i
  }
}' > "$DATA/users.ndjson"
SIZE=$(stat -c %s "$DATA/users.ndjson")

launched=$(date +%s%N)
start_service "$DATA/service.log"
wait_ready "$launched" "$PORT" > /dev/null
curl -fs -o /dev/null -X POST "http://127.0.0.1:$PORT/api/v1/tenants" -H "Authorization: Bearer $IDENTITY_OPERATOR_TOKEN" \
  -H 'Content-Type: application/json' -d '{"domain":"import.example","displayName":"Import","kind":"customer"}'
RSS_BEFORE=$(awk '/^VmRSS/ { print $2 }' "/proc/$SERVICE_PID/status")

started=$(date +%s%N)
curl -fsS -N -X POST "http://127.0.0.1:$PORT/api/v1/tenants/import.example/users/import" \
  -H "Authorization: Bearer $IDENTITY_OPERATOR_TOKEN" -H 'Content-Type: application/x-ndjson' \
  --data-binary @"$DATA/users.ndjson" > "$DATA/answers.ndjson"
ended=$(date +%s%N)
PEAK=$(awk '/^VmHWM/ { print $2 }' "/proc/$SERVICE_PID/status")
SUMMARY=$(tail -1 "$DATA/answers.ndjson")
ANSWERED=$(grep -c '"result":"created"' "$DATA/answers.ndjson" || true)
ms=$(( (ended - started) / 1000000 ))

mkdir -p bench/results
{
  echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores, $(uname -m), $("$JAVA" -version 2>&1 | head -1)"
  echo "# JVM options: $SERVICE_JAVA_OPTS"
  echo "users: $N in $SIZE bytes"
  echo "import: $ms ms ($(( N * 1000 / (ms > 0 ? ms : 1) )) users/s), $ANSWERED created lines answered"
  echo "summary: $SUMMARY"
  echo "service RSS: $(( RSS_BEFORE / 1024 )) MiB before, peak (VmHWM) $(( PEAK / 1024 )) MiB"
} | tee bench/results/import.txt
