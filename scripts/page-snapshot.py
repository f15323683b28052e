#!/usr/bin/env python3
"""Saves the HTML of every page the demo data reaches, to compare two builds page by page.

    python3 scripts/page-snapshot.py OUT_DIR [--binary .build/debug/samverkan]

Starts the server on a new SQLite file with the demo data, follows every same-site link from the
home page as a visitor, then logs in as each demo role of Örebro and as the platform
administrator and follows every link under /admin and /orebro. Each page is saved with its status
and content type; what differs from run to run is masked (ids, CSRF tokens, cookie values, times
of day), so two runs of the same code give the same files and `diff -r` shows what a change did.
Pages whose masked address is the same (one per organisation, say) are kept together, sorted.
"""
import argparse
import hashlib
import html.parser
import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
PASSWORD = "demo-samverkan-2026"
ROLES = ["admin@samverkan.example", "samordnare.orebro@samverkan.example",
         "tjansteperson.orebro@samverkan.example", "forening.orebro@samverkan.example"]
LIMIT = 3000

MASKS = [
    (re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"), "UUID"),
    (re.compile(r'(name="_csrf"[^>]*value=")[^"]*'), r"\1CSRF"),
    (re.compile(r'(<meta name="csrf-token" content=")[^"]*'), r"\1CSRF"),
    (re.compile(r"[A-Za-z0-9_-]{43,}"), "TOKEN"),
    (re.compile(r"DTSTAMP:\d{8}T\d{6}Z"), "DTSTAMP:NOW"),
]


def normalise(kind, text):
    """Calendar lines unfolded (a fold can split an id); CSV rows sorted and respondents unnumbered,
    since respondents are numbered in the order of their random ids."""
    if "calendar" in kind:
        text = text.replace("\r\n ", "")
    if "csv" in kind:
        lines = text.splitlines()
        text = "\n".join(lines[:1] + sorted(re.sub(r"^\d+,", "N,", line) for line in lines[1:]))
    return text


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.found.append(href)


def mask(text):
    for pattern, replacement in MASKS:
        text = pattern.sub(replacement, text)
    return text


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def opener():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())


def fetch(session, url, data=None):
    try:
        with session.open(url, data=data, timeout=60) as r:
            return r.status, r.headers.get("Content-Type", ""), r.headers.get("Location"), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.headers.get("Location"), e.read()


def login(session, base, email):
    _, _, _, body = fetch(session, base + "/logga-in")
    token = re.search(rb'name="_csrf"[^>]*value="([^"]*)"', body).group(1).decode()
    form = urllib.parse.urlencode({"email": email, "password": PASSWORD, "_csrf": token}).encode()
    status, _, _, _ = fetch(session, base + "/logga-in", form)
    if status != 303:
        sys.exit(f"login as {email} gave {status}")


def crawl(session, base, start, allowed, pages):
    seen, queue = {start}, [start]
    while queue and len(seen) <= LIMIT:
        path = queue.pop(0)
        status, kind, location, body = fetch(session, base + path)
        if "text" in kind or "json" in kind or "calendar" in kind:
            text = normalise(kind, body.decode("utf-8", "replace"))
        else:
            text = f"{len(body)} bytes, sha256 {hashlib.sha256(body).hexdigest()}"
        record = f"{status} {kind.split(';')[0]}" + (f" -> {mask(location)}" if location else "") + "\n" + mask(text)
        pages.setdefault(mask(path), []).append(record)
        targets = [location] if location else []
        if "html" in kind:
            parser = Links()
            parser.feed(text)
            targets += parser.found
        for href in targets:
            url = urllib.parse.urljoin(base + path, href)
            if not url.startswith(base + "/"):
                continue
            target = url[len(base):].split("#")[0]
            if target not in seen and allowed(target):
                seen.add(target)
                queue.append(target)
    return len(seen)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "debug", "samverkan"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as d:
        port = free_port()
        env = dict(os.environ, DATABASE_PATH=os.path.join(d, "db.sqlite"), PORT=str(port), LOG_LEVEL="warning",
                   MAIL_DIRECTORY=os.path.join(d, "mail"), STORAGE_PATH=os.path.join(d, "files"),
                   OUTBOX_INTERVAL_SECONDS="0", PUBLIC_BASE_URL="http://samverkan.test",
                   FORM_RATE_LIMIT="100000", BCRYPT_COST="4")
        env.pop("DATABASE_URL", None)
        log = open(os.path.join(d, "server.log"), "w")
        proc = subprocess.Popen([args.binary, "serve"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.time() + 120
            while True:
                try:
                    urllib.request.urlopen(base + "/", timeout=2)
                    break
                except Exception:
                    if proc.poll() is not None or time.time() > deadline:
                        sys.exit("server did not start")
                    time.sleep(0.3)
            pages = {}
            counts = {"visitor": crawl(opener(), base, "/", lambda p: not p.startswith("/admin"), pages)}
            for email in ROLES:
                session = opener()
                login(session, base, email)
                allowed = lambda p: p.startswith("/admin") or p.startswith("/orebro")
                counts[email] = crawl(session, base, "/admin", allowed, pages)
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    shutil.rmtree(args.out, ignore_errors=True)
    os.makedirs(args.out)
    for path, records in pages.items():
        name = urllib.parse.quote(path, safe="") or "root"
        with open(os.path.join(args.out, name[:200] + ".txt"), "w") as f:
            f.write("\n\n=====\n\n".join(sorted(records)))
    print(" ".join(f"{who}: {n} pages" for who, n in counts.items()), f"({len(pages)} files in {args.out})")


if __name__ == "__main__":
    main()
