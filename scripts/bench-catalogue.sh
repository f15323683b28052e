#!/usr/bin/env bash
# Benchmarks the public organisation catalogue with 10 000 organisations in one municipality.
# In one run it measures, with wrk on loopback, the catalogue's requests per second and p99
# latency next to a bare Vapor route that returns the same bytes, and prints the ratio.
# Usage: bash scripts/bench-catalogue.sh [COUNT] [SECONDS]   (defaults: 10000, 10)
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-10000}
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

echo "== data: demo municipalities plus $count organisations in Botkyrka"
$bin demo load >/dev/null
time $bin demo organisations --municipality botkyrka --count "$count"

$bin serve --env production >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.2; done

measure() { # name url -> prints "name rps p99"
  local out
  out=$(wrk -t1 -c16 -d"${seconds}s" --latency "$2")
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  printf '%-34s %12s req/s   p99 %8s\n' "$1" "$rps" "$p99"
  echo "$rps" >"$work/$1.rps"
}

base="http://127.0.0.1:$port"
for page in "/botkyrka/foreningar" "/botkyrka/foreningar?q=kulturforeningen" "/botkyrka/foreningar?distrikt=Centrum&undertecknat=ja&sida=20"; do
  curl -fs "$base$page" >"$work/bare.html"
  total=$(grep -o '[0-9]* föreningar\.' "$work/bare.html" | head -1)
  echo "== $page ($(wc -c <"$work/bare.html") bytes, $total)"
  # The bare route reads its file once; restart it per page by using a fresh copy name.
  kill $server; wait $server 2>/dev/null || true
  $bin serve --env production >"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 100); do curl -fs "$base/__bench/bare" >/dev/null && break; sleep 0.2; done
  cmp -s <(curl -fs "$base/__bench/bare") "$work/bare.html" || { echo "bare route bytes differ" >&2; exit 1; }
  measure catalogue "$base$page"
  measure bare "$base/__bench/bare"
  python3 -c "import sys; c,b=(float(open(f).read()) for f in sys.argv[1:]); print(f'   ratio catalogue/bare = {c/b:.3f}')" "$work/catalogue.rps" "$work/bare.rps"
done
