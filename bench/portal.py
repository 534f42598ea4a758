#!/usr/bin/env python3
"""Portal speed under gunicorn, in production mode (real Argon2id parameters).

    .venv/bin/python bench/portal.py                 # SQLite
    .venv/bin/python scripts/with_postgres.py -- .venv/bin/python bench/portal.py

Prints: information-page throughput and p50/p95 latency (over loopback HTTP
from one client thread in this process, so the client's time is included);
anonymous-contact throughput at 1, 4 and 16 concurrent clients against the
ceiling cores ÷ hash_time; and whether any contact was lost or duplicated.
The load generator shares the machine's cores with gunicorn.
"""

import base64
import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import threading
import time

from _common import (
    ROOT,
    Collector,
    Percentiles,
    Target,
    arguments,
    machine,
    progress,
    report,
    scratch_databases,
    throughput,
)

PYTHON = sys.executable
INFORMATION_REQUESTS = 2000
CONTACT_RUNS = ((1, 8), (4, 4), (16, 2))  # (concurrent clients, contacts each)
TARGETS = (
    Target("information page /en/ p95", "ms", 10, "lower", "issue 4 ('in the app'; measured here over HTTP)"),
    Target("contacts at 16 clients, share of ceiling", "%", 90, "higher", "issue 4"),
    Target("contacts lost", "contacts", 0, "lower", "issue 4: none at 16 concurrent clients"),
    Target("contacts duplicated", "contacts", 0, "lower", "issue 4: none at 16 concurrent clients"),
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(databases) -> dict[str, str]:
    workdir = databases.workdir
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
        SAFEREPORT_KEYSTORE_URL=databases.keystore,
        DATABASE_URL=databases.main,
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    return env


def manage(env: dict[str, str], *args: str) -> str:
    return subprocess.run([PYTHON, "manage.py", *args, *(["--no-imports"] if args[0] == "shell" else [])], cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout


# Run inside `manage.py shell`: the project modules these name are the bench's
# only imports from the project (paths to fix if modules move).
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


def bench_information(collect: Collector, port: int, requests: int = INFORMATION_REQUESTS) -> None:
    client = Client(port)
    client.request("GET", "/en/")
    latencies = []
    start = time.perf_counter()
    for _ in range(requests):
        t = time.perf_counter()
        status, _ = client.request("GET", "/en/")
        latencies.append(time.perf_counter() - t)
        assert status == 200
    elapsed = time.perf_counter() - start
    page = Percentiles.of(latencies, scale=1e3)
    collect.add(TARGETS[0].name, page.p95, note=f"{requests:,} GET /en/ from 1 client: {page.describe()}")
    collect.add("information page /en/ throughput (1 client)", throughput(requests, elapsed), "req/s")


def one_contact(port: int, centre: str) -> str | None:
    client = Client(port)
    status, html = client.request("GET", "/en/write/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    once = re.search(r'name="form_token" value="([^"]+)"', html).group(1)  # one contact per form (ADR 0023)
    body = f"csrfmiddlewaretoken={token}&form_token={once}&centre={centre}&message=bench+message&preferred_language=en&may_contact=no"
    status, html = client.request("POST", "/en/write/", body)
    match = re.search(r'class="receipt-code"[^>]*><bdi>([0-9 ]+)<', html)
    return match.group(1) if status == 200 and match else None


def bench_contacts(port: int, centre: str, clients: int, per_client: int) -> tuple[list[str], int, float]:
    """Receipts answered, failures, contacts per second."""
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
    return receipts, len(failures), throughput(len(receipts), elapsed)


def main() -> None:
    args = arguments(__doc__).parse_args()
    collect = Collector(TARGETS)
    with scratch_databases("portal") as databases:
        env = environment(databases)
        progress(f"portal on {databases.vendor}: collectstatic, migrate")
        manage(env, "collectstatic", "--noinput", "-v0")
        manage(env, "migrate", "-v0")
        manage(env, "migrate", "--database", "keystore", "-v0")
        host = machine(databases.main)
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
            progress(f"gunicorn with {cores} workers: information page, then contacts")
            bench_information(collect, port)
            ceiling = cores / hash_seconds
            collect.add("Argon2id receipt hash (production parameters)", hash_seconds * 1000, "ms",
                        f"ceiling = {cores} cores ÷ hash time = {ceiling:.2f} contacts/s")
            all_receipts: list[str] = []
            for clients, per_client in CONTACT_RUNS:
                receipts, failed, rate = bench_contacts(port, centre, clients, per_client)
                all_receipts += receipts
                collect.add(f"contacts at {clients} client{'s' if clients > 1 else ''}", rate, "contacts/s",
                            f"{len(receipts)} answered, {failed} failed")
            collect.add(TARGETS[1].name, rate / ceiling * 100)
            stored, distinct = map(int, manage(env, "shell", "-c", COUNT).split())
            collect.add(TARGETS[2].name, len(all_receipts) - stored,
                        note=f"answered {len(all_receipts)}, stored {stored}, distinct receipts {distinct}")
            collect.add(TARGETS[3].name, stored - distinct)
        finally:
            server.terminate()
            server.wait(timeout=20)
        report(
            f"portal under gunicorn on {databases.vendor}, production settings (bench/portal.py)",
            collect.figures,
            size=f"full: {INFORMATION_REQUESTS:,} information pages; contacts "
            + ", ".join(f"{c} client{'s' if c > 1 else ''} × {n}" for c, n in CONTACT_RUNS)
            + f"; gunicorn with {cores} workers",
            machine=host,
            json_path=args.json,
        )


if __name__ == "__main__":
    main()
