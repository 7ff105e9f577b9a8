#!/usr/bin/env bash
# What the limits cost a request at the hot endpoints (sign-in, recovery-start): builds the service, starts two
# instances on fresh embedded PostgreSQL servers of their own, one with the limits on (sized wide, so that they
# are counted on every request but never refuse) and one with them off, both mailing to one SMTP sink, and
# alternates requests between them (bench/LimitsOverhead.java). Writes bench/results/limits-overhead.txt.
# Usage: bench/limits-overhead.sh [sign-ins] [starts]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
select_jdk
SIGN_INS="${1:-1000}"
STARTS="${2:-2000}"
PORT="${BENCH_PORT:-18080}"
build_service
DATA="$(mktemp -d)"
service_secrets
export QUARKUS_LOG_CATEGORY__IO_QUARKUS_MAILER__LEVEL=WARN
start_smtp_sink "$((PORT + 2))" "$DATA/mails"
OFF_PID=
trap 'stop_service; [ -n "$OFF_PID" ] && kill "$OFF_PID" 2> /dev/null; stop_smtp_sink; rm -rf "$DATA"' EXIT
WIDE=100000000/1m
for name in SIGN_IN_PER_ADDRESS SIGN_IN_PER_TENANT RECOVERY_START_PER_ADDRESS RECOVERY_START_PER_TENANT \
    SIGN_IN_FAILURES_PER_ACCOUNT_AND_ADDRESS RECOVERY_START_MAILS_PER_ACCOUNT_AND_ADDRESS \
    RECOVERY_START_MAILS_PER_ACCOUNT SIGN_IN_FAILURES_PER_ACCOUNT; do
  export "IDENTITY_RATE_LIMIT_$name=$WIDE"
done
export IDENTITY_HASHING_CALLER_SHARE=1000

IDENTITY_RATE_LIMIT_ENABLED=false IDENTITY_EMBEDDED_DB_DIR="$DATA/pg-off" QUARKUS_HTTP_PORT="$((PORT + 1))" \
  start_service "$DATA/off.log"
OFF_PID=$SERVICE_PID
wait_ready "$(date +%s%N)" "$((PORT + 1))" > /dev/null
IDENTITY_RATE_LIMIT_ENABLED=true IDENTITY_EMBEDDED_DB_DIR="$DATA/pg-on" QUARKUS_HTTP_PORT="$PORT" \
  start_service "$DATA/on.log"
wait_ready "$(date +%s%N)" "$PORT" > /dev/null
mkdir -p bench/results
{
  echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores, $(uname -m), $("$JAVA" -version 2>&1 | head -1)"
  "$JAVA" bench/LimitsOverhead.java "http://127.0.0.1:$PORT" "http://127.0.0.1:$((PORT + 1))" \
    "$IDENTITY_OPERATOR_TOKEN" "$SIGN_INS" "$STARTS"
} | tee bench/results/limits-overhead.txt
