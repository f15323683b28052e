#!/usr/bin/env bash
# Runs every test: the Swift tests on SQLite, the same tests on a throwaway PostgreSQL,
# and the system tests (command line, real Chromium, axe-core) against the built server.
# Installs what it needs first (scripts/install-test-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-test-deps.sh

echo "== swift build"
swift build --build-tests

echo "== Swift tests on SQLite"
swift test --skip-build 2>&1 | tee /tmp/samverkan-sqlite.log | grep -E "^(✘|✔ Test run|✘ Test run)|error:" || true
grep -q "^✔ Test run with" /tmp/samverkan-sqlite.log || { tail -50 /tmp/samverkan-sqlite.log; exit 1; }

echo "== Swift tests on PostgreSQL"
bash scripts/with-postgres.sh swift test --skip-build 2>&1 | tee /tmp/samverkan-pg.log | grep -E "^(✘|✔ Test run|✘ Test run|== PostgreSQL)|error:" || true
grep -q "^✔ Test run with" /tmp/samverkan-pg.log || { tail -50 /tmp/samverkan-pg.log; exit 1; }

echo "== System tests: command line, Chromium, axe-core"
python3 -m pytest -q tests/system
