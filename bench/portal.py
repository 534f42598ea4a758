#!/usr/bin/env python3
"""Portal speed under gunicorn, in production mode (real Argon2id parameters).

    .venv/bin/python bench/portal.py                 # SQLite
    .venv/bin/python scripts/with_postgres.py -- .venv/bin/python bench/portal.py

Prints: information-page throughput and p50/p95 latency; anonymous-contact
throughput at 1, 4 and 16 concurrent clients against the ceiling
cores ÷ hash_time; and whether any contact was lost or duplicated.
"""

import base64
import http.client
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(workdir: Path) -> dict[str, str]:
    (workdir / "kek").write_text(f"bench:{base64.b64encode(secrets.token_bytes(32)).decode()}\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAFEREPORT_")}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(
        SAFEREPORT_ENV="production",
        SAFEREPORT_SECRET_KEY=secrets.token_urlsafe(50),
        SAFEREPORT_KEK_FILE=str(workdir / "kek"),
        SAFEREPORT_RECEIPT_PEPPER=secrets.token_hex(32),
        SAFEREPORT_ALLOWED_HOSTS="127.0.0.1",
        SAFEREPORT_SSL_REDIRECT="0",
        SAFEREPORT_NEW_CONTACTS_PER_10_MINUTES="1000000",
        SAFEREPORT_KEYSTORE_URL=f"sqlite:///{workdir / 'keystore.sqlite3'}",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    env.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'main.sqlite3'}")
    return env


def manage(env: dict[str, str], *args: str) -> str:
    return subprocess.run([PYTHON, "manage.py", *args, *(["--no-imports"] if args[0] == "shell" else [])], cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout


SETUP = """
from safereport.accounts.models import Organisation
Organisation.objects.get_or_create(name="Bench centre", kind="care_centre", jurisdiction="BE")
print(Organisation.objects.get(name="Bench centre").public_id)
"""

COUNT = """
from safereport.cases.models import Case
rows = Case.objects.exclude(receipt_lookup=None)
print(rows.count(), rows.values("receipt_lookup").distinct().count())
"""

HASH_TIME = """
import time
from safereport.cases.receipts import receipt_lookup_hash
receipt_lookup_hash("0"*16)
t = time.perf_counter(); [receipt_lookup_hash(str(i).zfill(16)) for i in range(5)]
print((time.perf_counter() - t) / 5)
"""


class Client:
    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str]:
        headers = {"Host": "127.0.0.1", "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = "null"
            headers["Sec-Fetch-Site"] = "same-origin"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, response.read().decode()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def bench_information(port: int, requests: int = 2000) -> None:
    client = Client(port)
    client.request("GET", "/en/")
    latencies = []
    start = time.perf_counter()
    for _ in range(requests):
        t = time.perf_counter()
        status, _ = client.request("GET", "/en/")
        latencies.append((time.perf_counter() - t) * 1000)
        assert status == 200
    elapsed = time.perf_counter() - start
    print(f"information page /en/: {requests / elapsed:,.0f} req/s (1 client), p50 {statistics.median(latencies):.2f} ms, p95 {percentile(latencies, 0.95):.2f} ms")


def one_contact(port: int, centre: str) -> str | None:
    client = Client(port)
    status, html = client.request("GET", "/en/write/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    once = re.search(r'name="form_token" value="([^"]+)"', html).group(1)  # one contact per form (ADR 0023)
    body = f"csrfmiddlewaretoken={token}&form_token={once}&centre={centre}&message=bench+message&preferred_language=en&may_contact=no"
    status, html = client.request("POST", "/en/write/", body)
    match = re.search(r'class="receipt-code"[^>]*><bdi>([0-9 ]+)<', html)
    return match.group(1) if status == 200 and match else None


def bench_contacts(port: int, centre: str, clients: int, per_client: int) -> list[str]:
    receipts: list[str] = []
    failures = []
    lock = threading.Lock()

    def run() -> None:
        for _ in range(per_client):
            code = one_contact(port, centre)
            with lock:
                (receipts.append(code) if code else failures.append(1))

    threads = [threading.Thread(target=run) for _ in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    print(f"  {clients:2d} clients: {len(receipts) / elapsed:5.2f} contacts/s, {len(failures)} failed")
    return receipts


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="safereport-bench-") as tmp:
        workdir = Path(tmp)
        env = environment(workdir)
        database = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
        manage(env, "collectstatic", "--noinput", "-v0")
        manage(env, "migrate", "-v0")
        manage(env, "migrate", "--database", "keystore", "-v0")
        centre = manage(env, "shell", "-c", SETUP).strip()
        hash_seconds = float(manage(env, "shell", "-c", HASH_TIME).strip())
        cores = os.cpu_count() or 1
        port = free_port()
        env["SAFEREPORT_BIND"] = f"127.0.0.1:{port}"
        env["SAFEREPORT_WORKERS"] = str(cores)
        server = subprocess.Popen([PYTHON, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"],
                                  cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.1)
            print(f"SafeReport portal bench on {database}, gunicorn with {cores} workers, {cores} cores")
            bench_information(port)
            ceiling = cores / hash_seconds
            print(f"Argon2id receipt hash (production parameters): {hash_seconds * 1000:.0f} ms → ceiling {ceiling:.2f} contacts/s")
            all_receipts: list[str] = []
            for clients, per_client in ((1, 8), (4, 4), (16, 2)):
                all_receipts += bench_contacts(port, centre, clients, per_client)
            stored, distinct = map(int, manage(env, "shell", "-c", COUNT).split())
            lost = len(all_receipts) - stored
            print(f"contacts answered {len(all_receipts)}, stored {stored}, distinct receipts {distinct}, "
                  f"lost {lost}, duplicated {stored - distinct}")
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
