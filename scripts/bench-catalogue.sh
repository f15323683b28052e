#!/usr/bin/env bash
# Benchmarks the public organisation catalogue with 10 000 organisations in one municipality.
# In one run it measures, with wrk on loopback, the catalogue's requests per second and p50/p99
# latency next to a bare Vapor route that returns the same bytes, and prints the ratio: first with
# the page cache off (PAGE_CACHE_SECONDS=0), then with it on as in production.
# Usage: bash scripts/bench-catalogue.sh [COUNT] [SECONDS]   (defaults: 10000, 10)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-lib.sh
count=${1:-10000}
seconds=${2:-10}
bench_init

echo "== data: demo municipalities plus $count organisations in Botkyrka"
$bin demo load >/dev/null
time $bin demo organisations --municipality botkyrka --count "$count"

# First with the page cache turned off (what a first visitor after a change gets), then on.
for mode in uncached cached; do
  if [ "$mode" = uncached ]; then export PAGE_CACHE_SECONDS=0; else unset PAGE_CACHE_SECONDS; fi
  bench_start_server
  for page in "/botkyrka/foreningar" "/botkyrka/foreningar?q=kulturforeningen" "/botkyrka/foreningar?distrikt=Norr&undertecknat=ja&sida=20"; do
    bench_bare_copy_of "$page"
    total=$(grep -o '[0-9]* föreningar\.' "$work/bare.html" | head -1)
    echo "== $mode: $page ($(wc -c <"$work/bare.html") bytes, $total)"
    bench_measure catalogue "$base$page" "$seconds"
    bench_measure bare "$base/__bench/bare" "$seconds"
    bench_ratio catalogue bare
  done
done
