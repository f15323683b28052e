#!/usr/bin/env bash
# Benchmarks the public pages people read most, served from the page cache as in production: the
# agreement, the catalogue, the signatories, the meetings and a published follow-up report, each
# next to the bare route returning the same bytes in the same run; and once the bare route itself
# next to a Vapor app without middleware (Sources/bench-bare).
# Usage: bash scripts/bench-pages.sh [SECONDS]   (default: 10)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-lib.sh
seconds=${1:-10}
bench_init
$bin demo load >/dev/null
bench_start_server
for page in /orebro/overenskommelse /orebro/foreningar /orebro/undertecknare /orebro/moten /orebro/uppfoljning/2025; do
  bench_bare_copy_of "$page"
  echo "== cached: $page ($(wc -c <"$work/bare.html") bytes)"
  bench_measure page "$base$page" "$seconds"
  bench_measure bare "$base/__bench/bare" "$seconds"
  bench_ratio page bare
  if [ "$page" = /orebro/overenskommelse ]; then bench_floor "$seconds"; fi
done
