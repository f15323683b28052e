"""Scaling out: PostgreSQL, two app instances on it, and nginx in front with the site from
deploy/nginx-samverkan.conf. Through nginx a session works whichever instance answers; 200
residents register for a meeting with a seat limit from concurrent clients; the login throttle
counts across both instances; both workers drain 500 messages to a real SMTP server, each
delivered once; a backup taken under write load restores into a new database; and an instance
killed with SIGKILL mid-load loses no write it had answered for."""
import concurrent.futures
import email
import os
import re
import signal
import subprocess
import tempfile
import time
import urllib.request
from email import policy

import pytest
from aiosmtpd.controller import Controller

from conftest import BINARY, DEMO_PASSWORD, ROOT, SWEDISH, free_port
from pgcluster import postgres_cluster
import test_mail
from web import Visitor, Writers

SITE = os.path.join(ROOT, "deploy", "nginx-samverkan.conf")
SEATS = 40
RESIDENTS = 200
MESSAGES = 500


class Collect(test_mail.Collect):
    def parsed(self, predicate=lambda rcpts: True):
        with self.lock:
            found = [(r, m) for r, m in self.messages if predicate(r)]
        return [(r, email.message_from_bytes(m, policy=policy.default)) for r, m in found]


def wait_until(condition, timeout, what):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def nginx_site(directory, upstreams, port, certificate, key):
    """The documented site with this machine's ports, certificate and cache folder put in."""
    with open(SITE) as f:
        site = f.read()
    replacements = [
        ("    server 127.0.0.1:8081 max_fails=1 fail_timeout=5s;\n    server 127.0.0.1:8082 max_fails=1 fail_timeout=5s;\n",
         "".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;\n" for p in upstreams)),
        ("/var/cache/nginx/samverkan", os.path.join(directory, "cache")),
        ("    listen 80;\n    listen [::]:80;\n", f"    listen 127.0.0.1:{free_port()};\n"),
        ("    listen 443 ssl http2;\n    listen [::]:443 ssl http2;\n", f"    listen 127.0.0.1:{port} ssl http2;\n"),
        ("/etc/letsencrypt/live/samverkan.kommun.se/fullchain.pem", certificate),
        ("/etc/letsencrypt/live/samverkan.kommun.se/privkey.pem", key),
        # For the test only: which instance answered.
        ("        add_header X-Cache $upstream_cache_status always;\n",
         "        add_header X-Cache $upstream_cache_status always;\n        add_header X-Upstream $upstream_addr always;\n"),
    ]
    for old, new in replacements:
        assert old in site, old
        site = site.replace(old, new)
    path = os.path.join(directory, "site.conf")
    with open(path, "w") as f:
        f.write(site)
    main = os.path.join(directory, "nginx.conf")
    temp = os.path.join(directory, "temp")
    os.makedirs(temp, exist_ok=True)
    with open(main, "w") as f:
        f.write(f"""daemon off;
worker_processes 1;
pid {directory}/nginx.pid;
error_log {directory}/error.log warn;
user root;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log {directory}/access.log;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {path};
}}
""")
    return main


@pytest.fixture(scope="module")
def stack():
    with postgres_cluster() as cluster, tempfile.TemporaryDirectory() as d:
        handler = Collect()
        smtp = Controller(handler, hostname="127.0.0.1", port=free_port())
        smtp.start()
        rc = os.path.join(d, "msmtprc")
        with open(rc, "w") as f:
            f.write(f"defaults\nauth off\ntls off\n\naccount local\nhost 127.0.0.1\nport {smtp.port}\n"
                    "from samverkan@kommun.example\n\naccount default : local\n")
        os.chmod(rc, 0o600)
        database = cluster.create_database("samverkan")
        nginx_port = free_port()
        base = f"https://127.0.0.1:{nginx_port}"
        common = dict(os.environ, **SWEDISH, DATABASE_URL=database, STORAGE_PATH=os.path.join(d, "files"), LOG_LEVEL="warning",
                      MAIL_TRANSPORT="sendmail", SENDMAIL_COMMAND=f"/usr/bin/msmtp -C {rc} -t", MAIL_FROM="samverkan@kommun.example",
                      OUTBOX_INTERVAL_SECONDS="1", PUBLIC_BASE_URL=base, TRUSTED_PROXIES="127.0.0.1", FORM_RATE_LIMIT="1000000",
                      LOGIN_BLOCK_AFTER="6", LOGIN_SLOWDOWN_AFTER="3", LOGIN_DELAY_STEP_MS="1", API_PER_MINUTE="1000000",
                      VAPOR_ENV="production")
        common.pop("DATABASE_PATH", None)
        instances = {}
        logs = {}

        def start(name):
            port = free_port()
            logs[name] = open(os.path.join(d, f"{name}.log"), "w+")
            proc = subprocess.Popen([BINARY, "serve"], cwd=ROOT, env=dict(common, PORT=str(port)), stdout=logs[name], stderr=subprocess.STDOUT)
            url = f"http://127.0.0.1:{port}"

            def ready():
                assert proc.poll() is None, open(logs[name].name).read()[-3000:]
                try:
                    return urllib.request.urlopen(url + "/readyz", timeout=2).status == 200
                except Exception:
                    return False
            wait_until(ready, 240, f"instance {name}")
            instances[name] = {"proc": proc, "url": url, "port": port}

        # The first instance migrates and loads the demo; the second finds both done.
        start("a")
        start("b")

        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                        "-keyout", os.path.join(d, "key.pem"), "-out", os.path.join(d, "cert.pem")], check=True, capture_output=True)
        conf = nginx_site(d, [instances["a"]["port"], instances["b"]["port"]], nginx_port,
                          os.path.join(d, "cert.pem"), os.path.join(d, "key.pem"))
        tested = subprocess.run(["nginx", "-t", "-c", conf, "-p", d], capture_output=True, text=True)
        assert tested.returncode == 0, tested.stderr
        nginx = subprocess.Popen(["nginx", "-c", conf, "-p", d], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        def answers():
            if nginx.poll() is not None:
                pytest.fail("nginx stopped: " + open(os.path.join(d, "error.log")).read())
            try:
                return Visitor(base).get("/healthz").status == 200
            except OSError:
                return False
        wait_until(answers, 30, "nginx")
        try:
            yield {"base": base, "instances": instances, "cluster": cluster, "smtp": handler, "env": common, "dir": d,
                   "nginx_test": tested, "logs": logs}
        finally:
            nginx.send_signal(signal.SIGQUIT)
            try:
                nginx.wait(timeout=20)
            except subprocess.TimeoutExpired:
                nginx.kill()
            for instance in instances.values():
                if instance["proc"].poll() is None:
                    instance["proc"].terminate()
                    instance["proc"].wait(timeout=40)
            smtp.stop()
            for log in logs.values():
                log.close()


def test_the_documented_nginx_site_serves_over_tls_http2_with_gzip_and_caches(stack):
    base = stack["base"]
    assert "syntax is ok" in stack["nginx_test"].stderr
    # HTTP/2 over TLS.
    head = subprocess.run(["curl", "-k", "-s", "-I", "--http2", base + "/sodertalje"], capture_output=True, text=True, timeout=30)
    assert head.stdout.startswith("HTTP/2 200"), head.stdout
    visitor = Visitor(base)
    page = visitor.get("/sodertalje", headers={"Accept-Encoding": "gzip"})
    assert page.status == 200 and page.headers["Content-Encoding"] == "gzip"
    stylesheet = re.search(r'/css/samverkan\.css\?v=[0-9a-f]+', Visitor(base).get("/sodertalje").text).group(0)
    css = Visitor(base).get(stylesheet, headers={"Accept-Encoding": "gzip"})
    assert css.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert css.headers["Content-Encoding"] == "gzip"
    # A public page for visitors from nginx's cache, as the app allows; never for someone signed in.
    statuses = [Visitor(base).get("/boras/moten").headers["X-Cache"] for _ in range(3)]
    assert "HIT" in statuses, statuses
    coordinator = Visitor(base)
    assert coordinator.login("samordnare.boras@samverkan.example", DEMO_PASSWORD).status == 303
    assert coordinator.get("/boras/moten").headers["X-Cache"] == "BYPASS"
    # The metrics are not reachable through nginx, and answer each instance's own address.
    assert Visitor(base).get("/metrics").status == 404
    for instance in stack["instances"].values():
        with urllib.request.urlopen(instance["url"] + "/metrics", timeout=10) as response:
            assert b"samverkan_http_requests_total" in response.read()


def test_a_session_works_whichever_instance_answers(stack):
    visitor = Visitor(stack["base"])
    assert visitor.login("samordnare.sodertalje@samverkan.example", DEMO_PASSWORD).status == 303
    upstreams = set()
    for _ in range(20):
        page = visitor.get("/admin/sodertalje")
        assert page.status == 200, page.status
        assert "Logga ut" in page.text
        upstreams.add(page.headers["X-Upstream"])
    assert upstreams == {f"127.0.0.1:{i['port']}" for i in stack["instances"].values()}, upstreams


def test_two_hundred_residents_and_a_seat_limit(stack):
    base, cluster = stack["base"], stack["cluster"]
    listing = Visitor(base).get("/orebro/moten").text
    path = re.search(r'href="(/orebro/moten/[0-9A-F-]{36})">[^<]*Stormöte', listing).group(1)
    meeting = path.rsplit("/", 1)[1].lower()
    [[confirmed0, waiting0]] = cluster.psql(
        f"SELECT COUNT(*) FILTER (WHERE status = 'confirmed'), COUNT(*) FILTER (WHERE status = 'waiting') "
        f"FROM meeting_registrations WHERE meeting_id = '{meeting}'", "samverkan")
    capacity = int(confirmed0) + SEATS
    cluster.psql(f"UPDATE meetings SET capacity = {capacity} WHERE id = '{meeting}'", "samverkan")
    addresses = [f"invanare{n}@exempel.se" for n in range(RESIDENTS)]

    def register(address):
        visitor = Visitor(base)
        page = visitor.get(path)
        answer = visitor.post(path + "/anmalan", [("name", "Invånare " + address.split("@")[0]), ("email", address)], page)
        return answer.status

    with concurrent.futures.ThreadPoolExecutor(25) as pool:
        statuses = list(pool.map(register, addresses))
    assert statuses == [303] * RESIDENTS, sorted(set(statuses))

    # Each confirms from the mailed link, all at once.
    wanted = set(addresses)

    def links():
        found = {}
        for rcpts, message in stack["smtp"].parsed(lambda r: r[0] in wanted):
            if str(message["Subject"]).startswith("Bekräfta din anmälan"):
                body = message.get_body(preferencelist=("plain",)).get_content()
                found[rcpts[0]] = re.search(r"https://\S+/orebro/moten/bekrafta/\S+", body).group(0)
        return found if len(found) == RESIDENTS else None
    confirmation = wait_until(links, 180, "200 confirmation mails")

    def confirm(address):
        visitor = Visitor(base)
        page = visitor.get(confirmation[address])
        action = re.findall(r'<form[^>]*action="([^"]+)"', page.text)[-1]
        answer = visitor.post(action, [], page)
        if answer.status == 303:
            answer = visitor.get(answer.headers["Location"])
        return "seat" if "Anmälan är klar" in answer.text else "waiting" if "väntelistan" in answer.text else answer.status

    with concurrent.futures.ThreadPoolExecutor(25) as pool:
        outcomes = list(pool.map(confirm, addresses))
    assert outcomes.count("seat") == SEATS and outcomes.count("waiting") == RESIDENTS - SEATS, sorted(set(map(str, outcomes)))
    [[confirmed, waiting, distinct]] = cluster.psql(
        f"SELECT COUNT(*) FILTER (WHERE status = 'confirmed'), COUNT(*) FILTER (WHERE status = 'waiting'), COUNT(DISTINCT email) "
        f"FROM meeting_registrations WHERE meeting_id = '{meeting}' AND email LIKE 'invanare%'", "samverkan")
    assert int(confirmed) == SEATS and int(waiting) == RESIDENTS - SEATS and int(distinct) == RESIDENTS
    [[total]] = cluster.psql(f"SELECT COUNT(*) FROM meeting_registrations WHERE meeting_id = '{meeting}' AND status = 'confirmed'", "samverkan")
    assert int(total) == capacity, "no seat given twice"
    print(f"\nseat limit: {RESIDENTS} residents from 25 clients, {capacity} seats ({SEATS} free): {confirmed} seated, {waiting} waiting")


def test_the_login_throttle_counts_across_both_instances(stack):
    """Failed logins for one account from one address, through nginx, which takes turns between
    the instances (one nginx worker, so strictly): the block comes after LOGIN_BLOCK_AFTER (6) in
    all, not per instance, and then both instances refuse."""
    # The client's address as nginx passes it on (this machine is the trusted proxy).
    headers = {"X-Forwarded-For": "203.0.113.77"}
    visitor = Visitor(stack["base"])
    visitor.get("/logga-in", headers=headers)
    answers = []
    for _ in range(11):
        answer = visitor.post("/logga-in", [("email", "ledamot.boras@samverkan.example"), ("password", "fel lösenord")], headers=headers)
        answers.append((answer.status, answer.headers["X-Upstream"]))
    statuses = [status for status, _ in answers]
    assert statuses == [401] * 6 + [429] * 5, answers
    assert len({upstream for _, upstream in answers[:6]}) == 2, f"the failures were counted by one instance only: {answers}"
    assert len({upstream for _, upstream in answers[6:]}) == 2, f"only one instance refused: {answers}"


def metric(url, name, labels):
    with urllib.request.urlopen(url + "/metrics", timeout=10) as response:
        text = response.read().decode()
    match = re.search(re.escape(name + labels) + r" (\d+)", text)
    return int(match.group(1)) if match else 0


def test_both_workers_drain_five_hundred_messages_each_delivered_once(stack):
    cluster, instances = stack["cluster"], stack["instances"]
    before = {n: metric(i["url"], "samverkan_outbox_deliveries_total", '{result="sent"}') for n, i in instances.items()}
    cluster.psql(f"""
        INSERT INTO outbox_messages (id, to_address, subject, body, kind, message_id, status, attempts, next_attempt_at, created_at)
        SELECT gen_random_uuid(), 'tomning' || n || '@exempel.se', 'Prov ' || n, 'Meddelande ' || n, 'test',
               gen_random_uuid()::text, 'pending', 0, EXTRACT(EPOCH FROM now())::bigint, now()
        FROM generate_series(1, {MESSAGES}) AS n""", "samverkan")

    def drained():
        got = stack["smtp"].parsed(lambda r: r[0].startswith("tomning"))
        return got if len(got) >= MESSAGES else None
    delivered = wait_until(drained, 240, f"{MESSAGES} messages at the SMTP server")
    time.sleep(3)  # anything sent twice would arrive now
    delivered = stack["smtp"].parsed(lambda r: r[0].startswith("tomning"))
    ids = [m["Message-ID"] for _, m in delivered]
    assert len(delivered) == MESSAGES and len(set(ids)) == MESSAGES, (len(delivered), len(set(ids)))
    assert {r[0] for r, _ in delivered} == {f"tomning{n}@exempel.se" for n in range(1, MESSAGES + 1)}
    [[sent]] = cluster.psql("SELECT COUNT(*) FROM outbox_messages WHERE to_address LIKE 'tomning%' AND status = 'sent'", "samverkan")
    assert int(sent) == MESSAGES
    shares = {n: metric(i["url"], "samverkan_outbox_deliveries_total", '{result="sent"}') - before[n] for n, i in instances.items()}
    assert all(share > 0 for share in shares.values()), shares
    print(f"\noutbox: {MESSAGES} queued, {len(delivered)} delivered, {len(set(ids))} distinct; by instance {shares}")


def test_a_backup_under_write_load_restores_into_a_new_postgresql_database(stack):
    cluster, base, env = stack["cluster"], stack["base"], stack["env"]
    output = os.path.join(stack["dir"], "pg-backup.tar.gz")
    with Writers(base, "pgkopia") as writers:
        time.sleep(2)
        started = time.time()
        backup = subprocess.run([BINARY, "backup", "--output", output], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        time.sleep(1)
    assert backup.returncode == 0, backup.stdout + backup.stderr

    restored_url = cluster.create_database("aterstalld")
    files = os.path.join(stack["dir"], "restored-files")
    restore = subprocess.run([BINARY, "restore", output], cwd=ROOT, env=dict(env, DATABASE_URL=restored_url, STORAGE_PATH=files),
                             capture_output=True, text=True, timeout=300)
    assert restore.returncode == 0, restore.stdout + restore.stderr
    before = writers.addresses(before=started)
    stored = {r[0] for r in cluster.psql("SELECT email FROM newsletter_subscribers WHERE email LIKE 'pgkopia-%'", "aterstalld")}
    assert before and all(a in stored for a in before), f"{len([a for a in before if a not in stored])} of {len(before)} missing"
    live_tables = {r[0] for r in cluster.psql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", "samverkan")}
    restored_tables = {r[0] for r in cluster.psql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", "aterstalld")}
    assert restored_tables == live_tables
    for table in ("municipalities", "organisations", "agreements", "meetings", "users", "_fluent_migrations"):
        [[live]] = cluster.psql(f'SELECT COUNT(*) FROM "{table}"', "samverkan")
        [[copy]] = cluster.psql(f'SELECT COUNT(*) FROM "{table}"', "aterstalld")
        assert live == copy, table
    names = {r[0] for r in cluster.psql("SELECT stored_name FROM stored_files UNION SELECT logo_stored_name FROM municipalities "
                                        "WHERE logo_stored_name IS NOT NULL", "aterstalld")}
    assert names and all(os.path.exists(os.path.join(files, n)) for n in names)
    # Restoring into the same database again is refused: it is not empty any more.
    again = subprocess.run([BINARY, "restore", output], cwd=ROOT, env=dict(env, DATABASE_URL=restored_url, STORAGE_PATH=files),
                           capture_output=True, text=True, timeout=300)
    assert again.returncode == 1 and "inte tom" in again.stdout + again.stderr
    print(f"\nPostgreSQL backup under load: {len(before)} acknowledged before it, all restored; {len(names)} files")


def test_an_instance_killed_mid_load_loses_nothing_it_answered_for(stack):
    base, cluster = stack["base"], stack["cluster"]
    with Writers(base, "dodad", threads=8) as writers:
        time.sleep(2)
        victim = stack["instances"]["b"]["proc"]
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=30)
        at_kill = len(writers.addresses())
        time.sleep(3)
    acknowledged, failed = writers.addresses(), writers.failed
    stored = {r[0] for r in cluster.psql("SELECT email FROM newsletter_subscribers WHERE email LIKE 'dodad-%'", "samverkan")}
    missing = [a for a in acknowledged if a not in stored]
    assert at_kill > 10 and len(acknowledged) > at_kill, (at_kill, len(acknowledged))
    assert missing == [], f"{len(missing)} of {len(acknowledged)} acknowledged writes lost"
    print(f"\nSIGKILL mid-load: {len(acknowledged)} writes acknowledged ({at_kill} before the kill), {len(acknowledged) - len(missing)} found,"
          f" {failed} refused or cut off, {len(stored)} rows")
