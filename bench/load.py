#!/usr/bin/env python3
"""A city network's mix behind nginx on two gunicorn instances, with real Argon2id.

    .venv/bin/python bench/load.py [--quick]                 # SQLite
    .venv/bin/python scripts/with_postgres.py -- .venv/bin/python bench/load.py

Scratch databases with the demo world (SAFEREPORT_ENV=development: production
Argon2id parameters for receipt codes and passwords, demo data allowed). As
production runs it (README, deploy/): two gunicorn instances on loopback and
nginx in front with the repository's proxy snippet (deploy/nginx/
safereport-proxy.conf) — when nginx is installed; `--no-nginx` (or no nginx)
sends each virtual browser straight to one of the two instances.

The journeys:

* a person writes (open the form, send it, get the code) — 40%;
* a person comes back (the code page, the code, their messages) — 35%;
* a worker (signed in once through the pages: password, then TOTP) opens the
  inbox, a case page and sends a reply with the form's one-time token — 25%.

Steps that run one Argon2id derivation each: "write: send form" (the new
receipt code is hashed) and "come back: send code" (the typed code is hashed).
No other step in the mix does (staff sign in once, before the load).

Two set-ups of the app, measured back to back under the same load:

* before — sync workers and no limit on Argon2id: the deployment until ADR 0032 §5;
* after  — the sample deployment now: gthread workers and at most
  SAFEREPORT_ARGON2_SLOTS derivations at once on the machine (cores − 1), so
  the other requests keep a core.

For each: a closed loop (virtual users without pauses: the most the machine
holds, the worst case) at 16 and 64 users, with throughput, p50/p95/p99 per
step, errors, people asked to try again, and the Argon2id share of the app's
CPU (derivations × one derivation's CPU time measured alone ÷ the CPU seconds of
every gunicorn process from /proc). Then, for the set-up now deployed, short
steps that find the largest closed-loop mix and the largest arrival rate (an
open loop: journeys start at random times at a given rate per minute and
people pause to read between steps) at which p95 ≤ 1 s holds for every step
that runs no Argon2id. The load generator (Python threads in this process)
shares the 2 cores with the app and nginx.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import http.client
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
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
SECONDS = 25
QUICK_SECONDS = 10
SEARCH_SECONDS = 8
OPEN_SECONDS = 15
MIX = (("write", 40), ("come back", 35), ("worker", 25))
CODE_STEPS = {"come back: send code", "write: send form"}  # each runs one Argon2id derivation
THINK_SECONDS = (1.0, 4.0)  # an open loop's pause to read or type between two steps (uniform)
P95_LIMIT = 1.0


@dataclass(frozen=True)
class Setup:
    """How the app runs: per instance `workers` processes of `threads` threads; `slots` Argon2id at once (0: no limit)."""

    name: str
    workers: int
    threads: int
    slots: int

    def describe(self) -> str:
        kind = "sync" if self.threads == 1 else f"gthread × {self.threads} threads"
        limit = "no limit on Argon2id" if self.slots == 0 else f"at most {self.slots} Argon2id at once on the machine"
        return f"{self.name}: 2 instances × {self.workers} {kind} workers, {limit}"


CORES = os.cpu_count() or 1
BEFORE = Setup("before", workers=CORES, threads=1, slots=0)
AFTER = Setup("after", workers=2, threads=4, slots=max(1, CORES - 1))

TARGETS = tuple(
    Target(f"{setup.name}: p95 at {users} users, every step without Argon2id", "ms", 1000, "lower",
           "issue 19 §4: p95 ≤ 1 s for everything but code entry")
    for setup in (BEFORE, AFTER) for users in LEVELS
) + tuple(
    Target(f"{setup.name}: errors at {users} users", "requests", 0, "lower", "issue 19 §3: faults lose nothing")
    for setup in (BEFORE, AFTER) for users in LEVELS
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
        SAFEREPORT_ENV="development",
        SAFEREPORT_SECRET_KEY=secrets.token_urlsafe(50),
        SAFEREPORT_KEK_FILE=str(workdir / "kek"),
        SAFEREPORT_RECEIPT_PEPPER=secrets.token_hex(32),
        SAFEREPORT_ALLOWED_HOSTS="127.0.0.1",
        SAFEREPORT_NEW_CONTACTS_PER_10_MINUTES="1000000",
        SAFEREPORT_REQUEST_LOG="off",
        SAFEREPORT_KEYSTORE_URL=databases.keystore,
        SAFEREPORT_ARGON2_SLOT_FOLDER=str(workdir / "argon2-slots"),
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


# --- the app as production runs it -------------------------------------------------


def find_nginx() -> str | None:
    """The same look-up as the fault test and the static bench."""
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")


def nginx_config(folder: Path, ports: list[int], listen: int) -> Path:
    """nginx in front of the instances with the repository's proxy snippet, as deploy/nginx/safereport.conf does."""
    snippet = (ROOT / "deploy" / "nginx" / "safereport-proxy.conf").read_text()
    (folder / "proxy.conf").write_text(snippet.replace("/opt/safereport/deploy/nginx", str(ROOT / "deploy" / "nginx")))
    servers = " ".join(f"server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;" for port in ports)
    config = folder / "nginx.conf"
    config.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"pid {folder}/nginx.pid;\nerror_log {folder}/nginx-error.log;\nworker_processes 1;\n"
        "events { worker_connections 1024; }\n"
        f"http {{ access_log off; client_body_temp_path {folder}/body; proxy_temp_path {folder}/proxy;\n"
        f"fastcgi_temp_path {folder}/f; uwsgi_temp_path {folder}/u; scgi_temp_path {folder}/s;\n"
        f"upstream safereport_app {{ {servers} keepalive 16; }}\n"
        f"server {{ listen 127.0.0.1:{listen}; include {folder}/proxy.conf; }} }}\n"
    )
    return config


@dataclass
class App:
    ports: list[int]  # where browsers connect: nginx's port, or each instance's
    servers: list[subprocess.Popen]

    def cpu_seconds(self) -> float:
        return sum(process_tree_cpu(server) for server in self.servers)


@contextlib.contextmanager
def running(setup: Setup, env: dict[str, str], folder: Path, nginx: str | None) -> Iterator[App]:
    folder.mkdir(parents=True, exist_ok=True)
    ports = [free_port(), free_port()]
    servers = []
    config = None
    try:
        for port in ports:
            servers.append(subprocess.Popen(
                [PYTHON, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"],
                cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL,
                stderr=(folder / f"gunicorn-{port}.log").open("w"),
                env={**env, "SAFEREPORT_BIND": f"127.0.0.1:{port}", "SAFEREPORT_WORKERS": str(setup.workers),
                     "SAFEREPORT_THREADS": str(setup.threads), "SAFEREPORT_ARGON2_SLOTS": str(setup.slots)},
            ))
        for port in ports:
            wait_for_port(port)
        entry = ports
        if nginx:
            listen = free_port()
            config = nginx_config(folder, ports, listen)
            subprocess.run([nginx, "-p", str(folder), "-c", str(config)], check=True)
            wait_for_port(listen)
            entry = [listen]
        yield App(entry, servers)
    finally:
        if config is not None and (folder / "nginx.pid").exists():
            subprocess.run([nginx, "-p", str(folder), "-c", str(config), "-s", "stop"], check=False)  # type: ignore[list-item]
        for server in servers:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


def wait_for_port(port: int) -> None:
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing answered on port {port}")


def process_tree_cpu(server: subprocess.Popen) -> float:
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


# --- browsers and journeys -----------------------------------------------------------


class Client:
    """One browser: its own connection and cookies."""

    def __init__(self, port: int):
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookies: dict[str, str] = {}

    def clone(self) -> Client:
        """The same signed-in worker in another tab: the session cookie, a connection of its own."""
        copy = Client(self.port)
        copy.cookies = dict(self.cookies)
        return copy

    def close(self) -> None:
        self.connection.close()

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


# What a person is told when every Argon2 slot stayed taken (or a budget is spent): asked again, nothing lost.
TRY_AGAIN = ("Many people are writing right now", "Many people are using this page right now")


class Results:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.asked_again: dict[str, int] = defaultdict(int)
        self.codes: list[str] = []
        self.requests = 0
        self.journeys = 0

    def timed(self, client: Client, step: str, path: str, form: dict | None = None, ok=(200, 302)):
        started = time.perf_counter()
        status, location, page = client.request(path, form)
        elapsed = time.perf_counter() - started
        with self.lock:
            self.requests += 1
            self.times[step].append(elapsed)
            if status == 200 and any(words in page for words in TRY_AGAIN):
                self.asked_again[step] += 1
            elif status not in ok:
                self.errors[step] += 1
        return status, location, page

    def slowest_p95(self) -> float:
        """p95 of the slowest step that runs no Argon2id, in seconds."""
        return max((percentile(samples, 0.95) for step, samples in self.times.items() if step not in CODE_STEPS),
                   default=0.0)


Pause = Callable[[], None]


def no_pause() -> None:
    return None


def write(port: int, centre: str, results: Results, pause: Pause = no_pause) -> None:
    person = Client(port)
    _, _, page = results.timed(person, "write: open form", "/en/write/")
    pause()
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
            results.journeys += 1
    elif status == 200 and not any(words in page for words in TRY_AGAIN):
        with results.lock:
            results.errors["write: send form"] += 1  # answered without a code, and not asked to try again
    person.close()


def come_back(port: int, results: Results, pause: Pause = no_pause) -> None:
    with results.lock:
        code = random.choice(results.codes) if results.codes else None
    if code is None:
        return
    person = Client(port)
    _, _, page = results.timed(person, "come back: code page", "/en/back/")
    pause()
    status, location, _ = results.timed(
        person, "come back: send code", "/en/back/", {"csrfmiddlewaretoken": field(page, "csrfmiddlewaretoken"), "code": code},
        ok=(302,),
    )
    if status == 302:
        results.timed(person, "come back: messages", urllib.parse.urlsplit(location).path or "/en/messages/")
        with results.lock:
            results.journeys += 1
    person.close()


def worker_journey(worker: Client, results: Results, number: int, pause: Pause = no_pause) -> None:
    _, _, page = results.timed(worker, "worker: inbox", "/staff/cases/inbox/")
    cases = list(dict.fromkeys(re.findall(r'href="/staff/cases/([0-9a-f-]{36})/"', page)))
    if not cases:
        _, _, page = results.timed(worker, "worker: case list", "/staff/cases/")
        cases = list(dict.fromkeys(re.findall(r'href="/staff/cases/([0-9a-f-]{36})/"', page)))
    if not cases:
        worker.close()
        return
    pause()
    case_id = random.choice(cases[:20])
    _, _, page = results.timed(worker, "worker: case page", f"/staff/cases/{case_id}/")
    if 'name="form_token"' not in page:
        worker.close()
        return
    pause()
    status, _, _ = results.timed(worker, "worker: send reply", f"/staff/cases/{case_id}/reply/", {
        "csrfmiddlewaretoken": field(page, "csrfmiddlewaretoken"), "form_token": field(page, "form_token"),
        "message": f"Reply {number}: you can come tomorrow at ten.",
    }, ok=(302,))
    if status == 302:
        with results.lock:
            results.journeys += 1
    worker.close()


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


class Mix:
    """The journeys of the city mix, drawn by weight, on the app's entry ports."""

    def __init__(self, app: App, centre: str, workers: list[Client], results: Results):
        self.app, self.centre, self.workers, self.results = app, centre, workers, results
        self.kinds = [kind for kind, weight in MIX for _ in range(weight)]
        self.counter = iter(range(10**9))
        self.lock = threading.Lock()

    def one(self, rng: random.Random, pause: Pause = no_pause) -> None:
        kind = rng.choice(self.kinds)
        port = rng.choice(self.app.ports)
        if kind == "write":
            write(port, self.centre, self.results, pause)
        elif kind == "come back":
            come_back(port, self.results, pause)
        else:
            with self.lock:
                number = next(self.counter)
            worker = self.workers[number % len(self.workers)].clone()
            worker.port = port
            worker_journey(worker, self.results, number, pause)


def closed_loop(mix: Mix, users: int, seconds: float) -> float:
    """`users` virtual users, each starting the next journey as soon as one ends; wall seconds."""
    stop = time.monotonic() + seconds

    def user(number: int) -> None:
        rng = random.Random(number)
        while time.monotonic() < stop:
            mix.one(rng)

    return run_threads([threading.Thread(target=user, args=(n,)) for n in range(users)])


def closed_at(mix: Mix, *, users: int, seconds: float) -> float:
    return closed_loop(mix, users, seconds)


def open_loop(mix: Mix, per_minute: float, seconds: float) -> float:
    """Journeys starting at random (Poisson) times, `per_minute` on average, with pauses between steps."""
    rng = random.Random(per_minute)
    threads = []
    stop = time.monotonic() + seconds
    started = time.perf_counter()
    while True:
        time.sleep(rng.expovariate(per_minute / 60))
        if time.monotonic() >= stop:
            break
        seed = rng.random()

        def journey(seed: float = seed) -> None:
            own = random.Random(seed)
            mix.one(own, pause=lambda: time.sleep(own.uniform(*THINK_SECONDS)))

        thread = threading.Thread(target=journey)
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def run_threads(threads: list[threading.Thread]) -> float:
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


# --- the measurements ------------------------------------------------------------------


@dataclass
class World:
    env: dict[str, str]
    centre: str
    hash_seconds: float
    folder: Path
    nginx: str | None
    codes: list[str]


def measure(world: World, setup: Setup, load: Callable[[Mix], float]) -> tuple[Results, float, float]:
    """Start the app as `setup`, sign two workers in, run `load`; results, wall seconds, CPU seconds of the app."""
    with running(setup, world.env, world.folder / setup.name, world.nginx) as app:
        workers = [sign_in(app.ports[0], world.env, name) for name in ("case_manager", "crisis_worker")]
        results = Results()
        if not world.codes:
            for _ in range(5):
                write(app.ports[0], world.centre, results)
            world.codes.extend(results.codes)
            results = Results()
        results.codes = list(world.codes)
        cpu_before = app.cpu_seconds()
        elapsed = load(Mix(app, world.centre, workers, results))
        cpu = app.cpu_seconds() - cpu_before
        world.codes[:] = results.codes[-500:]
        return results, elapsed, cpu


def add_level(collect: Collector, world: World, setup: Setup, users: int, results: Results, elapsed: float,
              cpu: float) -> None:
    label = f"{setup.name}: {users} users"
    # A code step whose person was asked to try again found no Argon2 slot: it ran no derivation.
    hashes = sum(len(results.times[step]) - results.asked_again.get(step, 0) for step in CODE_STEPS)
    collect.add(f"{label} · throughput", throughput(results.requests, elapsed), "req/s",
                f"{results.requests:,} requests, {results.journeys:,} journeys completed in {elapsed:.0f} s")
    collect.add(f"{label} · requests per CPU second of the app", results.requests / max(cpu, 1e-9), "req/CPU s",
                f"{cpu:.0f} CPU s of gunicorn over {elapsed:.0f} s wall")
    for step in sorted(results.times):
        samples = results.times[step]
        p50, p95, p99 = (percentile(samples, q) * 1000 for q in (0.5, 0.95, 0.99))
        collect.add(f"{label} · {step}", p95, "ms",
                    f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, p99 {p99:.0f} ms over {len(samples):,}, "
                    f"{len(samples) / elapsed:.1f}/s; errors {results.errors.get(step, 0)}, "
                    f"asked to try again {results.asked_again.get(step, 0)}"
                    + ("; runs Argon2id" if step in CODE_STEPS else ""))
    name = f"{setup.name}: p95 at {users} users, every step without Argon2id"
    collect.add(name, results.slowest_p95() * 1000, "ms")
    collect.add(f"{setup.name}: errors at {users} users", sum(results.errors.values()), "requests",
                f"asked to try again (not errors: nothing lost, the page says so) {sum(results.asked_again.values())}")
    collect.add(f"{label} · Argon2id share of the app's CPU", 100 * hashes * world.hash_seconds / max(cpu, 1e-9), "%",
                f"{hashes:,} derivations × {world.hash_seconds * 1000:.0f} ms ÷ {cpu:.0f} CPU s of gunicorn")


def largest(within: Callable[[float], bool], start: float, most: float) -> float | None:
    """Double from `start` until `within` fails (or passes `most`), then one step halfway back; the largest that held."""
    good, bad, value = None, None, start
    while value <= most:
        if within(value):
            good, value = value, value * 2
        else:
            bad = value
            break
    if good is not None and bad is not None and bad - good > 1:
        middle = round((good + bad) / 2)
        if within(middle):
            good = middle
    return good


def main() -> None:
    parser = arguments(__doc__, quick=f"{QUICK_SECONDS} s per level instead of {SECONDS} s, shorter searches")
    parser.add_argument("--users", default=",".join(map(str, LEVELS)), help="closed-loop levels, comma-separated")
    parser.add_argument("--no-nginx", action="store_true", help="no proxy: browsers go straight to the instances")
    parser.add_argument("--only", choices=("before", "after"), help="measure one set-up only")
    parser.add_argument("--no-search", action="store_true", help="skip the searches for the largest mix and rate")
    args = parser.parse_args()
    seconds = QUICK_SECONDS if args.quick else SECONDS
    search_seconds = SEARCH_SECONDS * (0.6 if args.quick else 1)
    open_seconds = OPEN_SECONDS * (0.6 if args.quick else 1)
    levels = tuple(int(n) for n in args.users.split(","))
    setups = [s for s in (BEFORE, AFTER) if args.only in (None, s.name)]
    nginx = None if args.no_nginx else find_nginx()
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
        world = World(env, centre, hash_seconds, databases.workdir, nginx, [])

        slowest: dict[tuple[str, int], float] = {}
        throughputs: dict[tuple[str, int], float] = {}
        for users in levels:
            for setup in setups:  # back to back at each level: the same load, the same moment
                progress(f"{setup.name}: {users} users for {seconds:.0f} s (closed loop)")
                results, elapsed, cpu = measure(world, setup, functools.partial(closed_at, users=users, seconds=seconds))
                add_level(collect, world, setup, users, results, elapsed, cpu)
                slowest[(setup.name, users)] = results.slowest_p95()
                throughputs[(setup.name, users)] = throughput(results.requests, elapsed)
        if len(setups) == 2:
            for users in levels:
                collect.add(f"before ÷ after at {users} users: p95 of the slowest step without Argon2id",
                            slowest[("before", users)] / max(slowest[("after", users)], 1e-9), "×",
                            f"{slowest[('before', users)] * 1000:.0f} ms before, {slowest[('after', users)] * 1000:.0f} ms after")
                collect.add(f"after ÷ before at {users} users: throughput",
                            throughputs[("after", users)] / max(throughputs[("before", users)], 1e-9), "×")

        def open_within(rate: float, setup: Setup) -> bool:
            results, _, _ = measure(world, setup, lambda mix: open_loop(mix, rate, open_seconds))
            p95 = results.slowest_p95()
            progress(f"{setup.name}: {rate:.0f} journeys a minute: slowest p95 without Argon2id "
                     f"{p95 * 1000:.0f} ms, errors {sum(results.errors.values())}")
            return p95 <= P95_LIMIT and not results.errors

        if not args.no_search:
            for setup in setups:
                def closed_within(users: float, setup: Setup = setup) -> bool:
                    results, _, _ = measure(world, setup, lambda mix: closed_loop(mix, int(users), search_seconds))
                    p95 = results.slowest_p95()
                    progress(f"{setup.name}: {int(users)} users without pauses: slowest p95 without Argon2id {p95 * 1000:.0f} ms")
                    return p95 <= P95_LIMIT

                most_users = largest(closed_within, 2, 128)
                collect.add(f"{setup.name}: largest closed-loop mix with p95 ≤ 1 s for every step without Argon2id",
                            most_users or 0, "users", f"short steps of {search_seconds:.0f} s, doubling from 2, then halfway")
            # The open-loop search is the longest part: run it for the set-up deployed now, then the
            # other set-up once at the rate found, for the comparison.
            deployed = setups[-1]
            rate = largest(lambda r: open_within(r, deployed), 30, 3840)
            collect.add(f"{deployed.name}: largest arrival rate with p95 ≤ 1 s for every step without Argon2id",
                        rate or 0, "journeys/min",
                        f"open loop, steps of {open_seconds:.0f} s, pauses of {THINK_SECONDS[0]:.0f}–"
                        f"{THINK_SECONDS[1]:.0f} s between steps, doubling from 30, then halfway")
            if rate and len(setups) == 2:
                collect.add(f"before at {rate:.0f} journeys/min: p95 ≤ 1 s for every step without Argon2id",
                            1 if open_within(rate, BEFORE) else 0, "(1 holds, 0 misses)")
        notes.append(f"Argon2id derivation alone: {hash_seconds * 1000:.0f} ms of CPU (production parameters). "
                     f"Steps that run one: {', '.join(sorted(CODE_STEPS))}; no other step does.")
        for setup in setups:
            notes.append(setup.describe())
        notes.append(("nginx in front (deploy/nginx/safereport-proxy.conf)" if nginx else "no proxy (nginx not found "
                      "or --no-nginx): browsers go straight to the instances")
                     + "; the load generator shares the cores.")
        report("load: a city network's mix", collect.figures,
               size=f"{seconds:.0f} s per closed-loop level, levels {levels}", machine=host, notes=notes,
               json_path=args.json)


if __name__ == "__main__":
    main()
