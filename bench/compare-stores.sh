#!/usr/bin/env bash
# Recovery-start (and every other workload) with a small and a large tenant store, from two runs of run.sh:
#   bench/run.sh && bench/run.sh --users 1000000 && bench/compare-stores.sh [10000] [1000000]
# Prints, per workload and concurrency, p50 and throughput of both and how far the large store is from the small.
set -euo pipefail
cd "$(dirname "$0")/.."
SMALL="bench/results/run-${1:-10000}-users.tsv"
LARGE="bench/results/run-${2:-1000000}-users.tsv"
for f in "$SMALL" "$LARGE"; do [ -f "$f" ] || { echo "no $f: run bench/run.sh first" >&2; exit 2; }; done
printf '%-16s %4s %12s %12s %7s %12s %12s\n' workload conc "p50 ${1:-10000}" "p50 ${2:-1000000}" change "req/s small" "req/s large"
awk -F'\t' 'NR == FNR { if (FNR > 1) { p50[$1 FS $2] = $4; rate[$1 FS $2] = $3 } next }
  FNR > 1 && (($1 FS $2) in p50) {
    printf "%-16s %4d %12.2f %12.2f %+6.0f%% %12.1f %12.1f\n", $1, $2, p50[$1 FS $2], $4,
      (p50[$1 FS $2] > 0 ? ($4 / p50[$1 FS $2] - 1) * 100 : 0), rate[$1 FS $2], $3 }' "$SMALL" "$LARGE"
