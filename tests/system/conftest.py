"""Fixtures for the system tests: the built `samverkan` binary, a server on a free port, Chromium."""
import os
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
# The command line speaks the terminal's language; the tests read Swedish whatever this machine's locale is.
SWEDISH = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "sv_SE.UTF-8"}
BINARY = os.environ.get("SAMVERKAN_BINARY", os.path.join(ROOT, ".build", "debug", "samverkan"))
DEMO_PASSWORD = "demo-samverkan-2026"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def read_mail(mail_dir, to, subject_part, timeout=30):
    """Waits for a .eml file to `to` whose subject contains `subject_part`; returns the parsed message."""
    import email
    from email import policy
    deadline = time.time() + timeout
    while time.time() < deadline:
        if os.path.isdir(mail_dir):
            for name in sorted(os.listdir(mail_dir)):
                with open(os.path.join(mail_dir, name), "rb") as f:
                    message = email.message_from_binary_file(f, policy=policy.default)
                if message["To"] == to and subject_part in str(message["Subject"]):
                    return message
        time.sleep(0.3)
    raise AssertionError(f"no mail to {to} about {subject_part!r} in {mail_dir}")


def run_cli(args, db_path, env_extra=None, input_text=None):
    """Runs the samverkan command in the project root, on the given SQLite file."""
    env = dict(os.environ, **SWEDISH, DATABASE_PATH=db_path, LOG_LEVEL="warning", BCRYPT_COST="4", FORM_RATE_LIMIT="100000")
    env.pop("DATABASE_URL", None)
    env.update(env_extra or {})
    return subprocess.run([BINARY, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          input=input_text, timeout=120)


@pytest.fixture
def db_path():
    with tempfile.TemporaryDirectory() as d:
        yield os.path.join(d, "samverkan.sqlite")


def start_server(env, log):
    """Starts `samverkan serve` with `env` and waits until it answers; returns (process, base URL)."""
    proc = subprocess.Popen([BINARY, "serve"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{env['PORT']}"
    deadline = time.time() + 90
    while True:
        try:
            urllib.request.urlopen(base + "/", timeout=2)
            return proc, base
        except Exception:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                raise RuntimeError("server did not start")
            time.sleep(0.3)


@pytest.fixture(scope="session")
def server():
    """The server as the README starts it: a new SQLite file, migrated and filled with demo data."""
    with tempfile.TemporaryDirectory() as d:
        port = free_port()
        mail_dir = os.path.join(d, "mail")
        env = dict(os.environ, **SWEDISH, DATABASE_PATH=os.path.join(d, "db.sqlite"), PORT=str(port), LOG_LEVEL="warning",
                   MAIL_DIRECTORY=mail_dir, STORAGE_PATH=os.path.join(d, "files"), OUTBOX_INTERVAL_SECONDS="1",
                   PUBLIC_BASE_URL=f"http://127.0.0.1:{port}", FORM_RATE_LIMIT="100000",
                   API_PER_MINUTE="1000000")
        env.pop("DATABASE_URL", None)
        log = open(os.path.join(d, "server.log"), "w+")
        try:
            proc, base = start_server(env, log)
        except RuntimeError:
            log.seek(0)
            raise RuntimeError("server did not start:\n" + log.read())
        log.seek(0)
        startup = log.read()
        yield {"url": base, "startup": startup, "mail_dir": mail_dir, "log": log.name}
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(autouse=True)
def server_log_of_the_test(request):
    """Prints what the shared server logged during a test; pytest shows it when the test fails."""
    if "server" not in request.fixturenames:
        yield
        return
    path = request.getfixturevalue("server")["log"]
    start = os.path.getsize(path)
    yield
    with open(path, encoding="utf-8", errors="replace") as f:
        f.seek(start)
        logged = f.read()
    if logged.strip():
        print("server log during the test:\n" + logged[-5000:])


@pytest.fixture(scope="module")
def browser():
    """A fresh Chromium for each test file, so one file's downloads and sessions cannot disturb the next."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    # No password manager: its prompt after a login form can replace the document under the driver.
    options.add_experimental_option("prefs", {"credentials_enable_service": False, "profile.password_manager_enabled": False})
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1000",
                "--password-store=basic", "--disable-features=PasswordManagerOnboarding,PasswordLeakDetection"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()
