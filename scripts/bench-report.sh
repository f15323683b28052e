#!/usr/bin/env bash
# Benchmarks the follow-up report at scale: a published round in Södertälje with RESPONDENTS
# generated respondents, each answering all 35 commitments (3 000 give 105 000 answers).
# In one run it measures, with wrk on loopback, the report's p50 and p99 latency and requests
# per second next to a bare Vapor route that returns the same bytes, and prints the ratio: with the
# page cache off, then on.
# Usage: bash scripts/bench-report.sh [RESPONDENTS] [SECONDS]   (defaults: 3000, 10)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-lib.sh
respondents=${1:-3000}
seconds=${2:-10}
bench_init

echo "== data: demo municipalities plus $respondents respondents in one Södertälje follow-up"
$bin demo load >/dev/null
generated=$($bin demo answers --municipality sodertalje --count "$respondents")
echo "$generated"
page=$(grep -o '/sodertalje/uppfoljning/[0-9]*' <<<"$generated" | head -1)

for mode in uncached cached; do
  if [ "$mode" = uncached ]; then export PAGE_CACHE_SECONDS=0; else unset PAGE_CACHE_SECONDS; fi
  bench_start_server
  bench_bare_copy_of "$page"
  echo "== $mode: $page ($(wc -c <"$work/bare.html") bytes)"
  bench_measure report "$base$page" "$seconds"
  bench_measure bare "$base/__bench/bare" "$seconds"
  bench_ratio report bare
done
