"""The whole mail path: the outbox, msmtp speaking SMTP, a real SMTP server receiving,
and the received message read back with Python's email parser."""
import email
import os
import re
import subprocess
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from email import policy
from http.cookiejar import CookieJar

import pytest
from aiosmtpd.controller import Controller

from conftest import BINARY, ROOT, SWEDISH, free_port, start_server


class Collect:
    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"


@pytest.fixture
def smtp():
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, handler
    controller.stop()


def msmtp_config(directory, port):
    path = os.path.join(directory, "msmtprc")
    with open(path, "w") as f:
        f.write(f"defaults\nauth off\ntls off\nlogfile {directory}/msmtp.log\n\n"
                f"account local\nhost 127.0.0.1\nport {port}\nfrom samverkan@kommun.example\n\naccount default : local\n")
    os.chmod(path, 0o600)
    return path


def start_mailing_server(tmp_path, smtp_port):
    """A server of its own on an empty demo database that sends through msmtp to the test's SMTP
    server; returns the process and its base URL."""
    rc = msmtp_config(str(tmp_path), smtp_port)
    port = free_port()
    env = dict(os.environ, **SWEDISH, DATABASE_PATH=str(tmp_path / "db.sqlite"), PORT=str(port), LOG_LEVEL="warning",
               MAIL_TRANSPORT="sendmail", SENDMAIL_COMMAND=f"/usr/bin/msmtp -C {rc} -t", MAIL_FROM="samverkan@kommun.example",
               OUTBOX_INTERVAL_SECONDS="1", STORAGE_PATH=str(tmp_path / "files"), PUBLIC_BASE_URL=f"http://127.0.0.1:{port}",
               FORM_RATE_LIMIT="100000")
    env.pop("DATABASE_URL", None)
    # The server's log stays beside its database, to read when a test fails.
    return start_server(env, open(tmp_path / "server.log", "w"))


def register(base, email_address):
    """Registers an organisation through the public form, as a browser would (cookie, CSRF token)."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    page = opener.open(base + "/sodertalje/foreningar/registrera").read().decode()
    token = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({
        "_csrf": token, "personName": "Åsa Öberg", "personEmail": email_address, "password": "en riktigt lång lösenfras",
        "name": "Föreningen Ängsblomman", "legalForm": "ideellForening",
    }).encode()
    response = opener.open(base + "/sodertalje/foreningar/registrera", data=form)
    assert response.status == 201


def wait_for(handler, count, timeout=30, to=None):
    """Waits until `count` messages arrived (to `to`, when given); returns all that arrived."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        with handler.lock:
            matching = [m for m in handler.messages if to is None or m[0] == [to]]
            if len(matching) >= count:
                return list(handler.messages)
        time.sleep(0.2)
    raise AssertionError(f"expected {count} messages, got {len(handler.messages)}")


def wait_for_subject(handler, to, subject, timeout=30):
    """Waits for a message to `to` whose subject begins with `subject`, whatever else the server's
    jobs send to that address meanwhile (reminders about the demo's inquiries, warnings about rules);
    returns it parsed."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        with handler.lock:
            for rcpts, raw in handler.messages:
                if rcpts == [to]:
                    message = email.message_from_bytes(raw, policy=policy.default)
                    if str(message["Subject"]).startswith(subject):
                        return message
        time.sleep(0.2)
    raise AssertionError(f"no message “{subject}” to {to}")


def message_ids(messages):
    return [re.search(rb"Message-ID: <([^>]+)>", raw).group(1) for _, raw in messages]


def check_message(raw, to):
    message = email.message_from_bytes(raw, policy=policy.default)
    assert message["To"] == to
    assert message["Subject"] == "Bekräfta din e-postadress"
    assert "Samverkan" in message["From"] and "samverkan@kommun.example" in message["From"]
    assert re.fullmatch(r"<[^@>]+@127\.0\.0\.1>", message["Message-ID"])
    assert message["Date"] is not None and message["MIME-Version"] == "1.0"
    assert message.get_content_type() == "text/plain" and message.get_content_charset() == "utf-8"
    body = message.get_content()
    assert "Hej Åsa Öberg!" in body
    assert "Föreningen Ängsblomman" in body
    assert re.search(r"http://127\.0\.0\.1:\d+/verifiera/[0-9a-f]{64}", body)
    return message


def test_the_server_worker_delivers_through_msmtp_to_an_smtp_server(smtp, tmp_path):
    controller, handler = smtp
    rc = msmtp_config(str(tmp_path), controller.port)
    port = free_port()
    env = dict(os.environ, **SWEDISH, DATABASE_PATH=str(tmp_path / "db.sqlite"), PORT=str(port), LOG_LEVEL="warning",
               MAIL_TRANSPORT="sendmail", SENDMAIL_COMMAND=f"/usr/bin/msmtp -C {rc} -t", MAIL_FROM="samverkan@kommun.example",
               OUTBOX_INTERVAL_SECONDS="1", STORAGE_PATH=str(tmp_path / "files"), PUBLIC_BASE_URL=f"http://127.0.0.1:{port}")
    env.pop("DATABASE_URL", None)
    server, base = start_server(env, subprocess.DEVNULL)
    try:
        register(base, "asa@angsblomman.example")
        messages = wait_for(handler, 1, to="asa@angsblomman.example")
        to_person = [raw for rcpts, raw in messages if rcpts == ["asa@angsblomman.example"]]
        assert len(to_person) == 1, messages
        check_message(to_person[0], "asa@angsblomman.example")
        # Each message was sent once: the worker claims rows. (The worker also sends the demo's
        # warning about a rule at risk, so count distinct messages rather than all of them.)
        time.sleep(2.5)
        ids = message_ids(handler.messages)
        assert len(ids) == len(set(ids))
        assert len([1 for rcpts, _ in handler.messages if rcpts == ["asa@angsblomman.example"]]) == 1
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_the_outbox_command_delivers_and_retries_when_the_server_is_down(smtp, tmp_path):
    controller, handler = smtp
    db = str(tmp_path / "db.sqlite")
    port = free_port()
    env = dict(os.environ, **SWEDISH, DATABASE_PATH=db, PORT=str(port), LOG_LEVEL="warning", OUTBOX_INTERVAL_SECONDS="0",
               STORAGE_PATH=str(tmp_path / "files"), PUBLIC_BASE_URL=f"http://127.0.0.1:{port}")
    env.pop("DATABASE_URL", None)
    server, base = start_server(env, subprocess.DEVNULL)
    try:
        register(base, "bo@angsblomman.example")
    finally:
        server.terminate()
        server.wait(timeout=20)

    def send(rc):
        cli_env = dict(env, MAIL_TRANSPORT="sendmail", SENDMAIL_COMMAND=f"/usr/bin/msmtp -C {rc} -t",
                       MAIL_FROM="samverkan@kommun.example")
        return subprocess.run([BINARY, "outbox", "send"], cwd=ROOT, env=cli_env, capture_output=True, text=True, timeout=120)

    # An SMTP server that is not there: the messages wait for a retry.
    os.makedirs(tmp_path / "down")
    result = send(msmtp_config(str(tmp_path / "down"), free_port()))
    assert result.returncode == 0, result.stderr
    assert "0 skickade" in result.stdout and "försöks igen senare" in result.stdout
    assert handler.messages == []

    # Once the retry is due (the test moves it forward), the command delivers.
    subprocess.run(["python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); "
                    "c.execute('UPDATE outbox_messages SET next_attempt_at = 0'); c.commit()", db], check=True)
    result = send(msmtp_config(str(tmp_path), controller.port))
    assert result.returncode == 0, result.stderr
    messages = wait_for(handler, 2)
    to_person = [raw for rcpts, raw in messages if rcpts == ["bo@angsblomman.example"]]
    message = email.message_from_bytes(to_person[0], policy=policy.default)
    assert message["Subject"] == "Bekräfta din e-postadress"
    again = send(msmtp_config(str(tmp_path), controller.port))
    assert "0 skickade" in again.stdout
