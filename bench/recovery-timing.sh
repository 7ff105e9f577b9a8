#!/usr/bin/env bash
# Builds the service, starts it on a fresh embedded PostgreSQL with its mail going to an SMTP sink and the limits
# on (requests per address and tenant wide, so that they are not what is measured; code mails capped at CAP per
# account), and measures two recovery-start timing gaps: an existing against an unknown user, and an existing user
# within the code-mail caps against one past them; then the recovery verify gap of a wrong authenticator code for a
# user with an authenticator, one without, and nobody. Writes the report to bench/results/recovery-timing.txt.
# Usage: bench/recovery-timing.sh [n]
# (bench/run.sh measures the same gap at the end of its run, on its loaded store.)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
select_jdk
N="${1:-2000}"
PORT="${BENCH_PORT:-18080}"
build_service
DATA="$(mktemp -d)"
service_secrets
export IDENTITY_EMBEDDED_DB_DIR="$DATA/pg"
CAP="${BENCH_CAP:-3000}"
export IDENTITY_RATE_LIMIT_RECOVERY_START_PER_ADDRESS=100000000/1m
export IDENTITY_RATE_LIMIT_RECOVERY_START_PER_TENANT=100000000/1m
export IDENTITY_RATE_LIMIT_VERIFY_PER_ADDRESS=100000000/1m
export IDENTITY_RATE_LIMIT_VERIFY_PER_TENANT=100000000/1m
export IDENTITY_RATE_LIMIT_RECOVERY_START_MAILS_PER_ACCOUNT_AND_ADDRESS="$CAP/1d"
export IDENTITY_RATE_LIMIT_RECOVERY_START_MAILS_PER_ACCOUNT="$CAP/1d"
start_smtp_sink "$((PORT + 2))" "$DATA/mails"
export QUARKUS_HTTP_PORT="$PORT"
export QUARKUS_LOG_CATEGORY__IO_QUARKUS_MAILER__LEVEL=WARN
trap 'stop_service; stop_smtp_sink; rm -rf "$DATA"' EXIT
launched=$(date +%s%N)
start_service "$DATA/service.log"
wait_ready "$launched" "$PORT" > /dev/null
mkdir -p bench/results
{
  echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores, $(uname -m), $("$JAVA" -version 2>&1 | head -1)"
  "$JAVA" bench/RecoveryTiming.java "http://127.0.0.1:$PORT" "$IDENTITY_OPERATOR_TOKEN" "$N" unknown || true
  echo
  "$JAVA" bench/RecoveryTiming.java "http://127.0.0.1:$PORT" "$IDENTITY_OPERATOR_TOKEN" "$N" "capped:$CAP" || true
  echo
  "$JAVA" bench/VerifyTiming.java "http://127.0.0.1:$PORT" "$IDENTITY_OPERATOR_TOKEN" "$((N / 4))" || true
} | tee bench/results/recovery-timing.txt
