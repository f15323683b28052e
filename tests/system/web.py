"""A client that behaves like a browser without one: its own cookies, the form's CSRF token, no
redirects followed (so a 303 is seen as the answer it is), and any certificate accepted (the
scale-out test's nginx has a self-signed one)."""
import http.cookiejar
import re
import ssl
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

_TLS = ssl.create_default_context()
_TLS.check_hostname = False
_TLS.verify_mode = ssl.CERT_NONE


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Answer:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")


class Visitor:
    def __init__(self, base, follow=False):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        handlers = [urllib.request.HTTPCookieProcessor(self.cookies), urllib.request.HTTPSHandler(context=_TLS)]
        if not follow:
            handlers.append(_NoRedirect())
        self.opener = urllib.request.build_opener(*handlers)
        self.last = None

    def request(self, path, data=None, headers=None, timeout=60):
        url = path if path.startswith("http") else self.base + path
        req = urllib.request.Request(url, data=data, headers=headers or {})
        try:
            with self.opener.open(req, timeout=timeout) as response:
                answer = Answer(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            answer = Answer(error.code, error.headers, error.read())
        self.last = answer
        return answer

    def get(self, path, headers=None):
        return self.request(path, headers=headers)

    def post(self, path, fields, page=None, headers=None):
        """Posts the form with the CSRF token of `page` (else of the last page fetched)."""
        source = (page or self.last).text
        token = re.search(r'name="_csrf" value="([^"]+)"', source).group(1)
        data = urllib.parse.urlencode([("_csrf", token)] + list(fields)).encode()
        return self.request(path, data=data, headers=dict(headers or {}, **{"Content-Type": "application/x-www-form-urlencoded"}))

    def login(self, email, password):
        self.get("/logga-in")
        return self.post("/logga-in", [("email", email), ("password", password)])


def subscribe(base, address, slug="sodertalje"):
    """Subscribes `address` to a municipality's newsletter as a resident would; True when the
    server answered that it took the subscription."""
    visitor = Visitor(base)
    page = visitor.get(f"/{slug}/nyhetsbrev")
    if page.status != 200:
        return False
    answer = visitor.post(f"/{slug}/nyhetsbrev", [("email", address), ("language", "sv")], page)
    return answer.status in (200, 303) and (answer.status == 303 or address in answer.text)


class Writers:
    """Residents subscribing from a few threads until the block ends: each address the server
    answered for, with the time of its answer, and how many were refused or cut off."""
    def __init__(self, base, prefix, threads=4):
        self.base, self.prefix = base, prefix
        self.acknowledged = []
        self.failed = 0
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self.run, args=(n,), daemon=True) for n in range(threads)]

    def run(self, n):
        i = 0
        while not self.stop.is_set():
            address = f"{self.prefix}-{n}-{i}@exempel.se"
            i += 1
            try:
                ok = subscribe(self.base, address)
            except Exception:
                ok = False
            with self.lock:
                if ok:
                    self.acknowledged.append((address, time.time()))
                else:
                    self.failed += 1

    def addresses(self, before=None):
        with self.lock:
            return [a for a, t in self.acknowledged if before is None or t < before]

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for t in self.threads:
            t.join(timeout=60)
