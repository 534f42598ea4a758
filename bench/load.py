#!/usr/bin/env python3
"""A city network's mix under gunicorn, with real Argon2id: 16 and 64 concurrent users.

    .venv/bin/python bench/load.py [--quick]                 # SQLite
    .venv/bin/python scripts/with_postgres.py -- .venv/bin/python bench/load.py

Scratch databases with the demo world (SAFEREPORT_ENV=development: production
Argon2id parameters for receipt codes and passwords, demo data allowed),
gunicorn with one worker per core on loopback (no proxy in front: the
two-instance fault test drives nginx; here we measure the app). Each virtual
user repeats one journey after another, without pause (a closed loop: the
figures are the most the machine holds, not a day's traffic):

* a person writes (open the form, send it, get the code) — 40%;
* a person comes back (the code page, the code, their messages) — 35%;
* a worker (signed in once through the pages: password, then TOTP) opens the
  inbox, a case page and sends a reply with the form's one-time token — 25%.

Prints throughput, p50/p95/p99 per journey step, errors, and an estimate of
the share of the app's CPU spent in Argon2id (receipt hashes × the hash time
measured alone ÷ the gunicorn workers' CPU seconds). The load generator
(Python threads in this process) shares the 2 cores with gunicorn.
"""

import base64
import http.client
import os
import random
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

from _common import (
    ROOT,
    Collector,
    Target,
    arguments,
    machine,
    percentile,
    progress,
    report,
    scratch_databases,
    throughput,
)

PYTHON = sys.executable
LEVELS = (16, 64)
SECONDS = 45
QUICK_SECONDS = 15
MIX = (("write", 40), ("come back", 35), ("worker", 25))
CODE_STEPS = {"come back: send code", "write: send form"}  # each pays one Argon2id hash
TARGETS = tuple(
    Target(f"p95 at {users} users, every step but code entry", "ms", 1000, "lower",
           "issue 19 §4: p95 ≤ 1 s for everything but code entry")
    for users in LEVELS
) + tuple(Target(f"errors at {users} users", "requests", 0, "lower", "issue 19 §3: faults lose nothing") for users in LEVELS)


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
        SAFEREPORT_ENV="development",
        SAFEREPORT_SECRET_KEY=secrets.token_urlsafe(50),
        SAFEREPORT_KEK_FILE=str(workdir / "kek"),
        SAFEREPORT_RECEIPT_PEPPER=secrets.token_hex(32),
        SAFEREPORT_ALLOWED_HOSTS="127.0.0.1",
        SAFEREPORT_NEW_CONTACTS_PER_10_MINUTES="1000000",
        SAFEREPORT_REQUEST_LOG="off",
        SAFEREPORT_KEYSTORE_URL=databases.keystore,
        DATABASE_URL=databases.main,
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    return env


def manage(env: dict[str, str], *args: str) -> str:
    extra = ["--no-imports"] if args[0] == "shell" else []
    return subprocess.run([PYTHON, "manage.py", *args, *extra], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True).stdout


HASH_TIME = """
import time
from safereport.cases.receipts import receipt_lookup_hash
receipt_lookup_hash("0"*16)
t = time.process_time(); [receipt_lookup_hash(str(i).zfill(16)) for i in range(5)]
print((time.process_time() - t) / 5)
"""


class Client:
    """One browser: its own connection and cookies."""

    def __init__(self, port: int):
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookies: dict[str, str] = {}

    def clone(self) -> "Client":
        """The same signed-in worker in another tab: the session cookie, a connection of its own."""
        copy = Client(self.port)
        copy.cookies = dict(self.cookies)
        return copy

    def request(self, path: str, form: dict | None = None) -> tuple[int, str, str]:
        headers = {"Host": "127.0.0.1", "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True)
            headers.update({"Content-Type": "application/x-www-form-urlencoded", "Origin": "null",
                            "Sec-Fetch-Site": "same-origin"})
        try:
            self.connection.request("POST" if form is not None else "GET", path, body=body, headers=headers)
            response = self.connection.getresponse()
            text = response.read().decode()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            return 0, "", ""
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location") or "", text


def field(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    return found.group(1) if found else ""


class Results:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.codes: list[str] = []
        self.requests = 0

    def timed(self, client: Client, step: str, path: str, form: dict | None = None, ok=(200, 302)):
        started = time.perf_counter()
        status, location, page = client.request(path, form)
        elapsed = time.perf_counter() - started
        with self.lock:
            self.requests += 1
            self.times[step].append(elapsed)
            if status not in ok:
                self.errors[step] += 1
        return status, location, page


def write(port: int, centre: str, results: Results) -> None:
    person = Client(port)
    _, _, page = results.timed(person, "write: open form", "/en/write/")
    form = {
        "csrfmiddlewaretoken": field(page, "csrfmiddlewaretoken"), "form_token": field(page, "form_token"),
        "centre": centre, "message": "Something happened last night. Can I see a doctor without papers?",
        "help_kinds": ["health"], "preferred_language": "en", "interpreter_language": "", "companion": "no",
        "may_contact": "no", "contact_how_and_when": "",
    }
    status, _, page = results.timed(person, "write: send form", "/en/write/", form, ok=(200,))
    found = re.search(r'class="receipt-code"[^>]*><bdi>([0-9 ]+)<', page)
    if status == 200 and found:
        with results.lock:
            results.codes.append(found.group(1))
    elif status == 200:
        with results.lock:
            results.errors["write: send form"] += 1  # answered without a code


def come_back(port: int, results: Results) -> None:
    with results.lock:
        code = random.choice(results.codes) if results.codes else None
    if code is None:
        return
    person = Client(port)
    _, _, page = results.timed(person, "come back: code page", "/en/back/")
    status, location, _ = results.timed(
        person, "come back: send code", "/en/back/", {"csrfmiddlewaretoken": field(page, "csrfmiddlewaretoken"), "code": code},
        ok=(302,),
    )
    if status == 302:
        results.timed(person, "come back: messages", urllib.parse.urlsplit(location).path or "/en/messages/")


def worker_journey(worker: Client, results: Results, number: int) -> None:
    _, _, page = results.timed(worker, "worker: inbox", "/staff/cases/inbox/")
    cases = list(dict.fromkeys(re.findall(r'href="/staff/cases/([0-9a-f-]{36})/"', page)))
    if not cases:
        _, _, page = results.timed(worker, "worker: case list", "/staff/cases/")
        cases = list(dict.fromkeys(re.findall(r'href="/staff/cases/([0-9a-f-]{36})/"', page)))
    if not cases:
        return
    case_id = random.choice(cases[:20])
    _, _, page = results.timed(worker, "worker: case page", f"/staff/cases/{case_id}/")
    if 'name="form_token"' not in page:
        return
    results.timed(worker, "worker: send reply", f"/staff/cases/{case_id}/reply/", {
        "csrfmiddlewaretoken": field(page, "csrfmiddlewaretoken"), "form_token": field(page, "form_token"),
        "message": f"Reply {number}: you can come tomorrow at ten.",
    }, ok=(302,))


def sign_in(port: int, env: dict[str, str], username: str) -> Client:
    worker = Client(port)
    _, _, page = worker.request("/staff/sign-in/")
    status, location, page = worker.request(
        "/staff/sign-in/", {"csrfmiddlewaretoken": field(page, "csrfmiddlewaretoken"), "username": username,
                            "password": f"demo-{username}-pass"})
    assert status == 302 and location.endswith("/staff/sign-in/code/"), (status, location)
    _, _, page = worker.request("/staff/sign-in/code/")
    code = manage(env, "demo_totp", username).strip()
    status, location, _ = worker.request(
        "/staff/sign-in/code/", {"csrfmiddlewaretoken": field(page, "csrfmiddlewaretoken"), "token": code})
    assert status == 302 and not location.endswith("/sign-in/code/"), (status, location)
    return worker


def worker_cpu_seconds(server: subprocess.Popen) -> float:
    """CPU seconds of gunicorn's master and workers so far (from /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    pids = [server.pid]
    children = f"/proc/{server.pid}/task/{server.pid}/children"
    if os.path.exists(children):
        pids += [int(p) for p in Path(children).read_text().split()]
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def run_level(port: int, users: int, seconds: float, centre: str, workers: list[Client], results: Results) -> float:
    stop = time.monotonic() + seconds
    counter = iter(range(10**9))

    def user(number: int) -> None:
        rng = random.Random(number)
        kinds = [kind for kind, weight in MIX for _ in range(weight)]
        while time.monotonic() < stop:
            kind = rng.choice(kinds)
            if kind == "write":
                write(port, centre, results)
            elif kind == "come back":
                come_back(port, results)
            else:
                worker_journey(workers[number % len(workers)].clone(),
                               results, next(counter))

    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def main() -> None:
    parser = arguments(__doc__, quick=f"{QUICK_SECONDS} s per level instead of {SECONDS} s")
    parser.add_argument("--users", default=",".join(map(str, LEVELS)),
                        help="concurrent users per level, comma-separated (to find the largest mix within the targets)")
    args = parser.parse_args()
    seconds = QUICK_SECONDS if args.quick else SECONDS
    levels = tuple(int(n) for n in args.users.split(","))
    collect = Collector(TARGETS)
    notes = []
    with scratch_databases("load") as databases:
        env = environment(databases)
        progress(f"load on {databases.vendor}: migrate, demo world")
        manage(env, "collectstatic", "--noinput", "-v0")
        manage(env, "migrate", "-v0")
        manage(env, "migrate", "--database", "keystore", "-v0")
        manage(env, "demo_data")
        host = machine(databases.main)
        centre = manage(env, "shell", "-c",
                        "from safereport.accounts.models import Organisation as O; "
                        "print(O.objects.get(name__icontains='Ghent', kind='care_centre').public_id)").strip()
        hash_seconds = float(manage(env, "shell", "-c", HASH_TIME).strip())
        cores = os.cpu_count() or 1
        port = free_port()
        env["SAFEREPORT_BIND"] = f"127.0.0.1:{port}"
        env["SAFEREPORT_WORKERS"] = str(cores)
        server = subprocess.Popen([PYTHON, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"],
                                  cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(200):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.1)
            workers = [sign_in(port, env, name) for name in ("case_manager", "crisis_worker")]
            seed = Results()
            for _ in range(5):
                write(port, centre, seed)
            for users in levels:
                results = Results()
                results.codes = list(seed.codes)
                progress(f"{users} users for {seconds:.0f} s")
                cpu_before = worker_cpu_seconds(server)
                elapsed = run_level(port, users, seconds, centre, workers, results)
                cpu = worker_cpu_seconds(server) - cpu_before
                seed.codes = results.codes
                hashes = sum(len(results.times[step]) for step in CODE_STEPS)
                collect.add(f"throughput at {users} users", throughput(results.requests, elapsed), "req/s",
                            f"{results.requests:,} requests in {elapsed:.0f} s")
                # What the mix costs, whatever else the machine was doing: an idle machine
                # of this kind would serve about cores × this many requests a second.
                collect.add(f"requests per CPU second of gunicorn at {users} users", results.requests / max(cpu, 1e-9),
                            "req/CPU s", f"{cpu:.0f} CPU s of gunicorn over {elapsed:.0f} s wall")
                slowest = 0.0
                for step in sorted(results.times):
                    samples = results.times[step]
                    p50, p95, p99 = (percentile(samples, q) * 1000 for q in (0.5, 0.95, 0.99))
                    collect.add(f"{users} users · {step}", p95, "ms",
                                f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, p99 {p99:.0f} ms over {len(samples):,}; "
                                f"errors {results.errors.get(step, 0)}")
                    if step not in CODE_STEPS:
                        slowest = max(slowest, p95)
                if users in LEVELS:
                    collect.add(TARGETS[LEVELS.index(users)].name, slowest)
                    collect.add(f"errors at {users} users", sum(results.errors.values()))
                else:
                    collect.add(f"p95 at {users} users, every step but code entry", slowest, "ms")
                    collect.add(f"errors at {users} users", sum(results.errors.values()), "requests")
                collect.add(f"Argon2id share of the app's CPU at {users} users", 100 * hashes * hash_seconds / max(cpu, 1e-9),
                            "%", f"{hashes:,} hashes × {hash_seconds * 1000:.0f} ms ÷ {cpu:.0f} CPU s of gunicorn")
            notes.append(f"Argon2id receipt hash alone: {hash_seconds * 1000:.0f} ms of CPU (production parameters).")
            notes.append(f"gunicorn: {cores} sync workers on loopback, no proxy; the load generator shares the cores.")
        finally:
            server.terminate()
            server.wait(timeout=30)
        report("load: a city network's mix", collect.figures, size=f"{seconds:.0f} s per level, levels {levels}",
               machine=host, notes=notes, json_path=args.json)


if __name__ == "__main__":
    main()
