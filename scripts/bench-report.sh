#!/usr/bin/env bash
# Benchmarks the follow-up report at scale: a published round in Södertälje with RESPONDENTS
# generated respondents, each answering all 35 commitments (3 000 give 105 000 answers).
# In one run it measures, with wrk on loopback, the report's p50 and p99 latency and requests
# per second next to a bare Vapor route that returns the same bytes, and prints the ratio.
# Usage: bash scripts/bench-report.sh [RESPONDENTS] [SECONDS]   (defaults: 3000, 10)
set -euo pipefail
cd "$(dirname "$0")/.."
respondents=${1:-3000}
seconds=${2:-10}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }

echo "== release build"
swift build -c release >/dev/null
bin=.build/release/samverkan

work=$(mktemp -d /tmp/samverkan-bench.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
export DATABASE_PATH="$work/db.sqlite" STORAGE_PATH="$work/files" MAIL_DIRECTORY="$work/mail" LOG_LEVEL=warning
export OUTBOX_INTERVAL_SECONDS=0 SAMVERKAN_DEMO_DATA=false PORT=$port SAMVERKAN_BENCH_BARE_FILE="$work/bare.html"
unset DATABASE_URL

echo "== data: demo municipalities plus $respondents respondents in one Södertälje follow-up"
$bin demo load >/dev/null
generated=$($bin demo answers --municipality sodertalje --count "$respondents")
echo "$generated"
page=$(grep -o '/sodertalje/uppfoljning/[0-9]*' <<<"$generated" | head -1)
base="http://127.0.0.1:$port"

start_server() {
  $bin serve --env production >"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 150); do curl -fs "$base/" >/dev/null && return; sleep 0.2; done
  echo "server did not start" >&2; cat "$work/server.log" >&2; exit 1
}
start_server
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
curl -fs "$base$page" >"$work/bare.html"
echo "== $page ($(wc -c <"$work/bare.html") bytes)"
# The bare route reads its file when the server starts: restart with the page's bytes in place.
kill $server; wait $server 2>/dev/null || true
start_server
cmp -s <(curl -fs "$base/__bench/bare") "$work/bare.html" || { echo "bare route bytes differ" >&2; exit 1; }

measure() { # name url -> prints "name rps p50 p99"
  local out rps p50 p99
  out=$(wrk -t1 -c16 -d"${seconds}s" --latency "$2")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  printf '%-8s %12s req/s   p50 %8s   p99 %8s\n' "$1" "$rps" "$p50" "$p99"
  echo "$rps" >"$work/$1.rps"
}
measure report "$base$page"
measure bare "$base/__bench/bare"
python3 -c "import sys; c,b=(float(open(f).read()) for f in sys.argv[1:]); print(f'   ratio report/bare = {c/b:.3f}')" "$work/report.rps" "$work/bare.rps"
