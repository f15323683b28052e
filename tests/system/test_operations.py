"""Operating the server: it starts from any folder and finds its resources, or says in one line
which setting to give; /healthz and /readyz answer; every answer names its request."""
import os
import subprocess
import tempfile
import time
import urllib.request

from conftest import BINARY, SWEDISH, free_port


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
