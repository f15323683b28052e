"""Operating the server: it starts from any folder and finds its resources, or says in one line
which setting to give; /healthz and /readyz answer; every answer names its request; LOG_FORMAT=json
writes one object per line; SIGTERM answers every request in flight and exits 0; kill -9 on the
SQLite default loses no write the server had answered for."""
import os
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

from conftest import BINARY, ROOT as ROOT_DIR, SWEDISH, free_port


def wait_for(url, proc, seconds=90):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            return None
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response
        except Exception:
            time.sleep(0.3)
    return None


def test_the_server_starts_from_any_folder():
    with tempfile.TemporaryDirectory() as d:
        port = free_port()
        env = dict(os.environ, **SWEDISH, DATABASE_PATH=os.path.join(d, "db.sqlite"), PORT=str(port), LOG_LEVEL="warning",
                   STORAGE_PATH=os.path.join(d, "files"), MAIL_DIRECTORY=os.path.join(d, "mail"), OUTBOX_INTERVAL_SECONDS="0")
        env.pop("SAMVERKAN_HOME", None)
        env.pop("DATABASE_URL", None)
        with open(os.path.join(d, "log"), "w+") as log:
            proc = subprocess.Popen([BINARY, "serve"], cwd=d, env=env, stdout=log, stderr=subprocess.STDOUT)
            try:
                base = f"http://127.0.0.1:{port}"
                response = wait_for(base + "/healthz", proc)
                log.seek(0)
                assert response is not None, log.read()
                assert response.status == 200 and response.headers["X-Request-ID"]
                with urllib.request.urlopen(base + "/sodertalje", timeout=10) as page:
                    html = page.read().decode()
                assert "Södertälje" in html
                stylesheet = html.split('<link rel="stylesheet" href="')[1].split('"')[0]
                with urllib.request.urlopen(base + stylesheet, timeout=10) as css:
                    assert css.status == 200 and b"margin-inline-start" in css.read()
                with urllib.request.urlopen(base + "/readyz", timeout=10) as ready:
                    assert ready.status == 200 and b'"status":"ready"' in ready.read()
            finally:
                proc.terminate()
                proc.wait(timeout=30)


def test_without_its_resources_it_says_which_setting_in_one_line():
    with tempfile.TemporaryDirectory() as d:
        env = dict(os.environ, **SWEDISH, SAMVERKAN_HOME=d, DATABASE_PATH=os.path.join(d, "db.sqlite"), PORT=str(free_port()))
        result = subprocess.run([BINARY, "serve"], cwd=d, env=env, capture_output=True, text=True, timeout=60)
        output = (result.stdout + result.stderr).strip()
        assert result.returncode == 1, output
        assert "SAMVERKAN_HOME" in output and d in output
        assert len(output.splitlines()) == 1, output
        assert "Fatal" not in output and "backtrace" not in output.lower()


def own_server(d, **extra):
    port = free_port()
    env = dict(os.environ, **SWEDISH, DATABASE_PATH=os.path.join(d, "db.sqlite"), PORT=str(port), LOG_LEVEL="notice",
               STORAGE_PATH=os.path.join(d, "files"), MAIL_DIRECTORY=os.path.join(d, "mail"), OUTBOX_INTERVAL_SECONDS="1",
               PUBLIC_BASE_URL=f"http://127.0.0.1:{port}", FORM_RATE_LIMIT="1000000", LOGIN_DELAY_STEP_MS="1")
    env.update(extra)
    env.pop("DATABASE_URL", None)
    env.pop("SAMVERKAN_HOME", None)
    return env, f"http://127.0.0.1:{port}"


def test_sigterm_answers_every_request_in_flight_and_exits_cleanly():
    """Logins at a high bcrypt cost take about a second each, and each writes its session after the
    hash: the stop signal comes while all of them are in flight."""
    import threading
    from conftest import DEMO_PASSWORD
    from web import Visitor

    accounts = [f"{role}.{slug}@samverkan.example" for slug in ("sodertalje", "boras", "orebro", "botkyrka")
                for role in ("samordnare", "tjansteperson")]
    with tempfile.TemporaryDirectory() as d:
        env, base = own_server(d, BCRYPT_COST="14")
        with open(os.path.join(d, "log"), "w+") as log:
            proc = subprocess.Popen([BINARY, "serve"], cwd=ROOT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
            try:
                assert wait_for(base + "/healthz", proc, seconds=180) is not None
                visitors = [Visitor(base) for _ in accounts]
                for v in visitors:
                    assert v.get("/logga-in").status == 200
                answers = [None] * len(accounts)

                def log_in(i):
                    try:
                        answers[i] = visitors[i].post("/logga-in", [("email", accounts[i]), ("password", DEMO_PASSWORD)]).status
                    except Exception as error:
                        answers[i] = repr(error)

                threads = [threading.Thread(target=log_in, args=(i,)) for i in range(len(accounts))]
                for t in threads:
                    t.start()
                time.sleep(0.8)
                proc.send_signal(signal.SIGTERM)
                for t in threads:
                    t.join(timeout=60)
                code = proc.wait(timeout=60)
            finally:
                if proc.poll() is None:
                    proc.kill()
            log.seek(0)
            logged = log.read()
        assert answers == [303] * len(accounts), (answers, logged[-3000:])
        assert code == 0, logged[-3000:]
        for sign in ("Fatal error", "Unexpectedly found nil", "backtrace", "Could not stop HTTP server"):
            assert sign not in logged, logged[-3000:]
        assert "Stopped: every request answered" in logged
        print(f"\nSIGTERM with {len(accounts)} logins in flight: {answers.count(303)} answered, exit {code}")


def test_kill_9_on_sqlite_keeps_every_write_that_was_answered():
    import sqlite3
    from web import Writers

    with tempfile.TemporaryDirectory() as d:
        env, base = own_server(d)
        with open(os.path.join(d, "log"), "w+") as log:
            proc = subprocess.Popen([BINARY, "serve"], cwd=ROOT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
            assert wait_for(base + "/healthz", proc, seconds=180) is not None
            with Writers(base, "kill9", threads=6) as writers:
                time.sleep(3)
                proc.kill()
                proc.wait(timeout=30)
            acknowledged = writers.addresses()
            # The server starts again on the same file; what it answered for is there.
            again = subprocess.Popen([BINARY, "serve"], cwd=ROOT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
            try:
                assert wait_for(base + "/readyz", again, seconds=180) is not None
            finally:
                again.terminate()
                again.wait(timeout=40)
        db = sqlite3.connect(env["DATABASE_PATH"])
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = {r[0] for r in db.execute("SELECT email FROM newsletter_subscribers WHERE email LIKE 'kill9-%'")}
        missing = [a for a in acknowledged if a not in stored]
        assert len(acknowledged) > 20
        assert missing == [], f"{len(missing)} of {len(acknowledged)} acknowledged writes lost"
        print(f"\nkill -9 on SQLite: {len(acknowledged)} writes acknowledged, {len(acknowledged) - len(missing)} found,"
              f" {len(stored)} stored in all")


def test_json_logs_are_one_object_per_line():
    import json
    with tempfile.TemporaryDirectory() as d:
        env, base = own_server(d, LOG_FORMAT="json", LOG_LEVEL="debug", OUTBOX_INTERVAL_SECONDS="0")
        with open(os.path.join(d, "log"), "w+") as log:
            proc = subprocess.Popen([BINARY, "serve"], cwd=ROOT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
            try:
                assert wait_for(base + "/healthz", proc, seconds=180) is not None
                try:
                    urllib.request.urlopen(base + "/sodertalje/finns-inte", timeout=10)
                except urllib.error.HTTPError as error:
                    request_id = error.headers["X-Request-ID"]
                time.sleep(0.5)
            finally:
                proc.terminate()
                proc.wait(timeout=40)
            log.seek(0)
            lines = [line for line in log.read().splitlines() if line.startswith("{")]
        records = [json.loads(line) for line in lines]
        assert records and all({"time", "level", "label", "message"} <= set(r) for r in records)
        assert request_id
        # Every line is one object; the start and the graceful stop are among them.
        assert any(r["message"].startswith("Stopping: finishing the requests in flight") for r in records), records[-5:]
        assert any(r["message"].startswith("Stopped: every request answered") and r["level"] == "notice" for r in records)
