#!/usr/bin/env bash
# The platform at the scale of the country, on PostgreSQL: 290 municipalities, 250 000
# organisations and 1 000 000 follow-up answers (`samverkan demo national`). For every kind of
# public page it runs wrk with 32 connections for SECONDS, each request the next municipality's
# page of that kind, and reports p50/p95/p99 and the rate; first with the page cache on (as in
# production), then off. It also reports the server's resident memory under that load and the cold
# start: from starting the process to the first page served.
# Usage: bash scripts/bench-national.sh [SECONDS] [ORGANISATIONS] [ANSWERS]   (defaults: 10, 250000, 1000000)
# With SAMVERKAN_TEST_DATABASE_URL set it uses that database instead of a throwaway cluster, and
# with BENCH_DATA_READY=1 as well it measures the data generated there before (generating takes
# about 12 minutes on two cores).
set -euo pipefail
cd "$(dirname "$0")/.."
# A throwaway PostgreSQL cluster of its own (scripts/with-postgres.sh), unless one is given.
if [ -z "${SAMVERKAN_TEST_DATABASE_URL:-}" ]; then exec bash scripts/with-postgres.sh bash "$0" "$@"; fi
source scripts/bench-lib.sh
seconds=${1:-10}
organisations=${2:-250000}
answers=${3:-1000000}
bench_init
export DATABASE_URL="$SAMVERKAN_TEST_DATABASE_URL"

if [ -n "${BENCH_DATA_READY:-}" ]; then
  echo "== data: as generated before in $DATABASE_URL (BENCH_DATA_READY)"
else
  echo "== data: 290 municipalities, $organisations organisations, $answers follow-up answers"
  start=$(date +%s)
  $bin demo national --municipalities 290 --organisations "$organisations" --answers "$answers" | tail -1
  echo "   generated in $(( $(date +%s) - start )) s"
fi

echo "== cold start: from starting the process to the first page served"
for attempt in 1 2 3; do
  t0=$(date +%s%N)
  $bin serve --env production >"$work/server.log" 2>&1 &
  server=$!
  until curl -fs -o /dev/null "$base/"; do sleep 0.005; done
  echo "   start $attempt: $(( ($(date +%s%N) - t0) / 1000000 )) ms"
  bench_stop
done

slugs=(botkyrka boras orebro sodertalje eslov $(seq -f 'kommun-%g' 6 290))
# The year of each municipality's generated round: the demo ones had rounds up to 2025 already.
year_of() { case "$1" in kommun-*) echo 2001 ;; *) curl -fs "$base/$1/uppfoljning" | grep -o "/$1/uppfoljning/[0-9]*" | sort | tail -1 | grep -o '[0-9]*$' ;; esac; }
kinds="start agreement catalogue search district signatories meetings reports report"
paths_of() {
  for s in "${slugs[@]}"; do
    case "$1" in
      start) echo "/" ;;
      agreement) echo "/$s/overenskommelse" ;;
      catalogue) echo "/$s/foreningar" ;;
      search) echo "/$s/foreningar?q=kultur" ;;
      district) echo "/$s/foreningar?distrikt=Centrum&sida=2" ;;
      signatories) echo "/$s/undertecknare" ;;
      meetings) echo "/$s/moten" ;;
      reports) echo "/$s/uppfoljning" ;;
      report) echo "/$s/uppfoljning/${years[$s]}" ;;
    esac
  done
}

for mode in cached uncached; do
  if [ "$mode" = uncached ]; then export PAGE_CACHE_SECONDS=0; else unset PAGE_CACHE_SECONDS; fi
  bench_start_server
  if [ -z "${years_known:-}" ]; then
    declare -A years
    for s in "${slugs[@]}"; do years[$s]=$(year_of "$s"); done
    years_known=1
  fi
  echo "== $mode, 32 connections, ${seconds} s per kind, every request the next municipality's page"
  printf '   %-12s %8s %8s %8s %8s %7s\n' page req/s p50-ms p95-ms p99-ms errors
  for kind in $kinds; do
    paths_of "$kind" >"$work/paths"
    for p in $(head -3 "$work/paths"); do curl -fs -o /dev/null "$base$p" || { echo "$p does not answer 200" >&2; exit 1; }; done
    line=$(PATHS="$work/paths" wrk -t2 -c32 -d"${seconds}s" -s scripts/bench-national.lua "$base" | grep '^RESULT')
    eval "${line#RESULT }"
    printf '   %-12s %8s %8s %8s %8s %7s\n' "$kind" "$rps" "$p50" "$p95" "$p99" "$errors"
  done
  echo "   server memory: $(awk '/VmHWM/ {printf "peak %d MB", $2/1024} /VmRSS/ {printf ", now %d MB", $2/1024}' /proc/$server/status)"
done
