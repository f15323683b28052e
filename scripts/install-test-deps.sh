#!/usr/bin/env bash
# Installs what the test suite needs beyond Swift: PostgreSQL, nginx, Chromium and its
# driver from Debian, and the Python browser/accessibility tools from PyPI.
# Safe to run again: it skips what is already there.
set -euo pipefail

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
[ -x /usr/lib/postgresql/15/bin/initdb ] || need_apt+=(postgresql)
command -v runuser >/dev/null 2>&1 || need_apt+=(util-linux)
command -v curl >/dev/null 2>&1 || need_apt+=(curl)
command -v msmtp >/dev/null 2>&1 || need_apt+=(msmtp)
command -v wrk >/dev/null 2>&1 || need_apt+=(wrk)
# The scale-out test puts nginx in front of two instances, with a self-signed certificate.
[ -x /usr/sbin/nginx ] || need_apt+=(nginx)
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "== apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  # Where the package starts nginx as a service on port 80, the tests do not need it.
  if pgrep -x nginx >/dev/null 2>&1; then /usr/sbin/nginx -s quit >/dev/null 2>&1 || true; fi
fi

if ! python3 -c 'import selenium, yaml, pytest, aiosmtpd, icalendar, tzdata' >/dev/null 2>&1; then
  echo "== pip install (scripts/requirements-test.txt)"
  python3 -m pip install -q --disable-pip-version-check --root-user-action=ignore -r "$(dirname "$0")/requirements-test.txt"
fi
# axe-core itself: this package ships axe.min.js (4.12); the tests inject it through Selenium,
# so the Playwright it would pull in (and its browser download) is not needed.
if ! python3 -c 'import importlib.util as u; import sys; sys.exit(0 if u.find_spec("axe_playwright_python") else 1)' 2>/dev/null; then
  echo "== pip install axe-core (axe-playwright-python, without dependencies)"
  python3 -m pip install -q --disable-pip-version-check --root-user-action=ignore --no-deps axe-playwright-python==0.1.8
fi
