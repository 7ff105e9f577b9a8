#!/usr/bin/env bash
# Records the JDK's ahead-of-time cache (JEP 483, 514, 515) of the packaged service: target/quarkus-app/app.aot.
# Run by `./mvnw package -Paot` after Quarkus has built the aot-jar (every class on the application class path,
# which the cache can hold); see README "Running it in production".
#
# A training run: the service starts with -XX:AOTCacheOutput on a throwaway embedded PostgreSQL, the requests of
# a working day go through it (a tenant and a user made, sign-ins right and wrong, the signed-in user's view, a
# recovery started, the OpenAPI document, health and metrics), and it stops; the JVM writes the classes it loaded
# and linked, and the profiles of the methods it ran, as it exits. The cache holds for the same JDK and the same
# module options: the JVM options below are those the README recommends, and the run must use them too.
# Usage: train.sh <java executable> <target/quarkus-app>
set -euo pipefail
JAVA="$1"
APP="$(cd "$2" && pwd)"
WORK="$(dirname "$APP")/aot-training"
if ! "$JAVA" -XX:+PrintFlagsFinal -version 2> /dev/null | grep -q ' AOTCacheOutput '; then
  echo "train.sh: $JAVA has no AOT cache (it needs JDK 25 or later); no app.aot recorded" >&2
  exit 0
fi
rm -rf "$WORK" "$APP/app.aot"
mkdir -p "$WORK"
export IDENTITY_EMBEDDED_DB_DIR="$WORK/postgres" IDENTITY_OPERATOR_TOKEN=training-operator
IDENTITY_SECRETS_KEY="$(head -c 32 /dev/urandom | base64)"
export IDENTITY_SECRETS_KEY QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=0 QUARKUS_MANAGEMENT_PORT=0
export IDENTITY_MAIL_DISPATCH_EVERY=1h IDENTITY_RATE_LIMIT_ENABLED=false
# shellcheck disable=SC2086 # the options are words
(cd "$APP" && exec "$JAVA" ${AOT_JAVA_OPTS:--XX:+UseSerialGC -Xmx96m} \
  -XX:AOTCacheOutput=app.aot -jar quarkus-run.jar > "$WORK/service.log" 2>&1) &
PID=$!
trap 'kill "$PID" 2> /dev/null || true' EXIT
for _ in $(seq 1 600); do
  URL=$(sed -n 's|.*Listening on: \(http://[0-9.]*:[0-9]*\).*|\1|p' "$WORK/service.log" | head -1)
  MANAGEMENT=$(sed -n 's|.*Management interface listening on \(http://[0-9.]*:[0-9]*\).*|\1|p' "$WORK/service.log" | head -1)
  [ -n "$URL" ] && [ -n "$MANAGEMENT" ] && break
  kill -0 "$PID" 2> /dev/null || { cat "$WORK/service.log" >&2; exit 1; }
  sleep 0.2
done
[ -n "$URL" ] || { echo "train.sh: the service did not start" >&2; exit 1; }

OP="Authorization: Bearer training-operator"
JSON="Content-Type: application/json"
call() { curl -s -o /dev/null "$@" || true; }
call -X POST "$URL/api/v1/tenants" -H "$OP" -H "$JSON" -d '{"domain": "training.example",
  "displayName": "Training", "kind": "customer", "selfServiceReset": true}'
call -X POST "$URL/api/v1/tenants/training.example/users" -H "$OP" -H "$JSON" -d '{
  "userName": "ada@training.example", "displayName": "Ada", "email": "ada@training.example",
  "password": "Copper-Lantern-Meadow-17", "roles": ["GLOBAL_ADMIN"], "locale": "en-GB"}'
for _ in $(seq 1 12); do
  TOKEN=$(curl -s -X POST "$URL/api/v1/tenants/training.example/sign-in" -H "$JSON" \
    -d '{"userName": "ada@training.example", "password": "Copper-Lantern-Meadow-17"}' \
    | sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p')
  call "$URL/api/v1/me" -H "Authorization: Bearer $TOKEN"
  call "$URL/api/v1/tenants/training.example/users" -H "Authorization: Bearer $TOKEN"
  call -X POST "$URL/api/v1/me/sign-out" -H "Authorization: Bearer $TOKEN"
  call -X POST "$URL/api/v1/tenants/training.example/sign-in" -H "$JSON" \
    -d '{"userName": "ada@training.example", "password": "Wrong-Lantern-Meadow-17"}'
  call -X POST "$URL/api/v1/tenants/training.example/sign-in" -H "$JSON" \
    -d '{"userName": "nobody@training.example", "password": "Wrong-Lantern-Meadow-17"}'
  call -X POST "$URL/api/v1/tenants/training.example/recovery" -H "$JSON" \
    -d '{"userName": "ada@training.example"}'
  call "$URL/api/v1/deployment"
done
call "$URL/q/openapi"
call "$MANAGEMENT/q/health/ready"
call "$MANAGEMENT/q/metrics"

kill -TERM "$PID"
wait "$PID" || true
trap - EXIT
[ -s "$APP/app.aot" ] || { tail -20 "$WORK/service.log" >&2; echo "train.sh: no app.aot written" >&2; exit 1; }
echo "train.sh: recorded $APP/app.aot ($(du -m "$APP/app.aot" | cut -f1) MB)"
