# Shared by the benchmark scripts (sourced, not run): a release build, a throwaway SQLite
# database and a free port, the server in production mode with the bare route, and wrk.
# After `bench_init`: $bin, $work, $port and $base are set, and the server is stopped on exit.

bench_init() {
  command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
  # BENCH_BIN: a release binary built before (so a long run is not disturbed by a rebuild).
  if [ -n "${BENCH_BIN:-}" ]; then
    bin=$BENCH_BIN
  else
    echo "== release build"
    swift build -c release >/dev/null
    bin=.build/release/samverkan
  fi
  work=$(mktemp -d /tmp/samverkan-bench.XXXXXX)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  base="http://127.0.0.1:$port"
  export DATABASE_PATH="$work/db.sqlite" STORAGE_PATH="$work/files" MAIL_DIRECTORY="$work/mail" LOG_LEVEL=warning
  export OUTBOX_INTERVAL_SECONDS=0 SAMVERKAN_DEMO_DATA=false PORT=$port SAMVERKAN_BENCH_BARE_FILE="$work/bare.html" PUBLIC_BASE_URL=$base
  unset DATABASE_URL
  server=""
  trap 'bench_stop; rm -rf "$work"' EXIT
}

bench_stop() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; server=""; fi
}

# (Re)starts the server; the bare route reads $work/bare.html on its first request after a start.
bench_start_server() {
  bench_stop
  $bin serve --env production >"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 150); do curl -fs "$base/" >/dev/null && return; sleep 0.2; done
  echo "server did not start" >&2; cat "$work/server.log" >&2; exit 1
}

# Saves a page as the bare route's bytes, restarts so the route serves them, and checks it does.
bench_bare_copy_of() {
  curl -fs "$base$1" >"$work/bare.html"
  bench_start_server
  cmp -s <(curl -fs "$base/__bench/bare") "$work/bare.html" || { echo "bare route bytes differ" >&2; exit 1; }
}

# bench_measure NAME URL SECONDS: prints requests per second, p50 and p99; keeps the rate for bench_ratio.
bench_measure() {
  local out rps p50 p99
  out=$(wrk -t1 -c16 -d"${3}s" --latency "$2")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  printf '%-10s %12s req/s   p50 %8s   p99 %8s\n' "$1" "$rps" "$p50" "$p99"
  echo "$rps" >"$work/$1.rps"
}

# bench_ratio A B: prints A's rate over B's.
bench_ratio() {
  python3 -c "import sys; a,b=(float(open(f).read()) for f in sys.argv[3:]); print(f'   ratio {sys.argv[1]}/{sys.argv[2]} = {a/b:.3f}')" \
    "$1" "$2" "$work/$1.rps" "$work/$2.rps"
}

# bench_floor: measures the app's bare route next to a Vapor app with no middleware returning the
# same bytes ($work/bare.html), and prints the ratio (the stack's own cost).
bench_floor() {
  local mport floor
  mport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  .build/release/bench-bare serve --env production --hostname 127.0.0.1 --port "$mport" >"$work/floor.log" 2>&1 &
  floor=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$mport/bare" >/dev/null && break; sleep 0.1; done
  cmp -s <(curl -fs "http://127.0.0.1:$mport/bare") "$work/bare.html" || { echo "minimal app bytes differ" >&2; kill "$floor"; exit 1; }
  echo "== the stack's own cost: the app's bare route against a Vapor app without middleware"
  bench_measure minimal "http://127.0.0.1:$mport/bare" "$1"
  bench_measure bare "$base/__bench/bare" "$1"
  bench_ratio bare minimal
  kill "$floor"; wait "$floor" 2>/dev/null || true
}
