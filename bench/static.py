#!/usr/bin/env python3
"""One information page, three ways, side by side in one run (issue 18, docs/adr/0034).

    .venv/bin/python bench/static.py            # 5 s per run
    .venv/bin/python bench/static.py --quick    # 2 s per run

1. the static export (`safereport export-static`) served by a stock web
   server: nginx with the sample headers (deploy/nginx/safereport-static-headers.conf),
   or Python's http.server where nginx is not installed;
2. the live app under gunicorn (production settings, one sync worker per
   core, as configured) with the information-page cache off;
3. the same with the cache on (the default; kept pages are answered by the
   WSGI layer in front of Django, safereport/ops/wsgi.py), then once more
   with gthread workers and keep-alive for comparison (sync workers close
   after each answer, so the client reconnects, as a browser would).

Each is loaded with 16 concurrent connections from an asyncio client in this
process (HTTP/1.1, keep-alive where the server offers it). The client shares the machine's cores with the server it measures.
Prints requests per second, p50/p95 latency, and the ratios.
"""

import asyncio
import base64
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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
)

PYTHON = sys.executable
CONNECTIONS = 16
PAGE = "/en/about/first-visit/"
# (label, cache seconds, gunicorn worker class): the configured default is sync
# workers (a new connection per request); gthread with keep-alive is the option compared.
LIVE_RUNS = (("uncached", "0", "sync"), ("cached", "600", "sync"), ("cached-gthread", "600", "gthread"))
TARGETS = (
    Target("live app, cached: throughput at 16 connections", "req/s", 2000, "higher", "issue 18"),
    Target("live app, cached: p95 at 16 connections", "ms", 10, "lower", "issue 18"),
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int) -> None:
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}")


def environment(workdir: Path, databases, **extra: str) -> dict[str, str]:
    (workdir / "kek").write_text(f"bench:{base64.b64encode(secrets.token_bytes(32)).decode()}\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAFEREPORT_")}
    env.update(
        SAFEREPORT_ENV="production",
        SAFEREPORT_SECRET_KEY=secrets.token_urlsafe(50),
        SAFEREPORT_KEK_FILE=str(workdir / "kek"),
        SAFEREPORT_RECEIPT_PEPPER=secrets.token_hex(32),
        SAFEREPORT_ALLOWED_HOSTS="127.0.0.1",
        SAFEREPORT_SSL_REDIRECT="0",
        SAFEREPORT_KEYSTORE_URL=databases.keystore,
        DATABASE_URL=databases.main,
        DJANGO_SETTINGS_MODULE="config.settings",
        **extra,
    )
    return env


async def _worker(port: int, path: str, deadline: float, latencies: list[float], failures: list[str]) -> None:
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n".encode()
    reader = writer = None
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(request)
            head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").lower()
            status = head.split(" ", 2)[1]
            length = int(head.split("content-length:", 1)[1].split("\r\n", 1)[0])
            await reader.readexactly(length)
        except (OSError, asyncio.IncompleteReadError, IndexError, ValueError) as error:
            failures.append(type(error).__name__)
            if writer is not None:
                writer.close()
            reader = writer = None
            continue
        if status != "200":
            failures.append(status)
        latencies.append(time.perf_counter() - started)
        if "connection: close" in head:
            writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


async def _load(port: int, path: str, seconds: float) -> tuple[list[float], list[str], float]:
    latencies: list[float] = []
    failures: list[str] = []
    started = time.perf_counter()
    deadline = started + seconds
    await asyncio.gather(*(_worker(port, path, deadline, latencies, failures) for _ in range(CONNECTIONS)))
    return latencies, failures, time.perf_counter() - started


def load(port: int, path: str, seconds: float) -> tuple[float, Percentiles, int]:
    asyncio.run(_load(port, path, min(1.0, seconds / 2)))  # warm up: connections, caches, workers
    latencies, failures, elapsed = asyncio.run(_load(port, path, seconds))
    return len(latencies) / elapsed, Percentiles.of(latencies, scale=1e3), len(failures)


# The app alone, without an HTTP server: the WSGI callable in one child process,
# called in a loop (what the cache saves, apart from gunicorn and the network).
IN_PROCESS = """
import io, sys, time
from config.wsgi import application
def call():
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": sys.argv[1], "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1",
               "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1", "wsgi.input": io.BytesIO(b""), "wsgi.url_scheme": "http",
               "wsgi.errors": sys.stderr}
    status = []
    body = application(environ, lambda s, h: status.append(s))
    b"".join(body)
    if hasattr(body, "close"):  # WSGI: close() is optional (a kept page is a plain list)
        body.close()
    assert status[0].startswith("200"), status
for _ in range(50):
    call()
count = int(sys.argv[2])
started = time.perf_counter()
for _ in range(count):
    call()
print((time.perf_counter() - started) / count)
"""


def in_process(env: dict[str, str], *, cache_seconds: str, count: int) -> float:
    child = dict(env, SAFEREPORT_INFORMATION_CACHE_SECONDS=cache_seconds, SAFEREPORT_REQUEST_LOG="off")
    done = subprocess.run([PYTHON, "-c", IN_PROCESS, PAGE, str(count)], cwd=ROOT, env=child, check=True,
                          capture_output=True, text=True)
    return float(done.stdout.strip().splitlines()[-1])


def gunicorn(env: dict[str, str], port: int, *, cache_seconds: str, worker_class: str) -> subprocess.Popen[bytes]:
    cores = os.cpu_count() or 1
    child = dict(env, SAFEREPORT_BIND=f"127.0.0.1:{port}", SAFEREPORT_WORKERS=str(cores),
                 SAFEREPORT_INFORMATION_CACHE_SECONDS=cache_seconds, SAFEREPORT_WORKER_CLASS=worker_class,
                 SAFEREPORT_THREADS="4" if worker_class == "gthread" else "1")
    server = subprocess.Popen([PYTHON, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"],
                              cwd=ROOT, env=child, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(port)
    return server


def stock_server(export: Path, workdir: Path, port: int) -> tuple[subprocess.Popen[bytes], str]:
    nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    if nginx:
        headers = ROOT / "deploy" / "nginx" / "safereport-static-headers.conf"
        temp = " ".join(f"{kind}_temp_path {workdir};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        cores = os.cpu_count() or 1
        (workdir / "nginx.conf").write_text(
            f"pid {workdir}/nginx.pid;\nerror_log stderr;\ndaemon off;\nworker_processes {cores};\nevents {{}}\n"
            f"http {{ access_log off; include /etc/nginx/mime.types; {temp} "
            f"server {{ listen 127.0.0.1:{port}; root {export}; include {headers}; }} }}\n"
        )
        server = subprocess.Popen([nginx, "-p", str(workdir), "-c", str(workdir / "nginx.conf")],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        name = f"nginx ({cores} worker processes, the sample headers)"
    else:
        server = subprocess.Popen([PYTHON, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(export)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        name = "python -m http.server"
    wait_for(port)
    return server, name


def manage(env: dict[str, str], *command: str) -> str:
    """One management command in the bench's environment; its own error output if it fails."""
    done = subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"manage.py {command[0]} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return done.stdout


def prepare(env: dict[str, str], export: Path, *, portal_url: str) -> Path:
    """What a deployment does before it serves (deploy/Containerfile): the compiled catalogues
    (without them Django answers 404 for /ti/, the one language it has none of its own for),
    the collected static files (production reads their manifest), then the export."""
    manage(env, "compilemessages", "-v0", "--ignore=.venv")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "export_static", str(export), "--portal-url", portal_url)
    return export


def stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()


def main() -> None:
    args = arguments(__doc__, quick="2 s per run instead of 5").parse_args()
    seconds = 2.0 if args.quick else 5.0
    collect = Collector(TARGETS)
    with scratch_databases("static") as databases:
        workdir = Path(tempfile.mkdtemp(prefix="safereport-bench-static-"))
        try:
            env = environment(workdir, databases)
            live_port, stock_port = free_port(), free_port()
            progress("compilemessages, collectstatic, then the static export")
            export = prepare(env, workdir / "mirror", portal_url=f"http://127.0.0.1:{live_port}")
            host = machine(databases.main)
            results = {}
            server, stock_name = stock_server(export, workdir, stock_port)
            try:
                progress(f"static export under {stock_name}: {CONNECTIONS} connections, {seconds:.0f} s")
                results["static"] = load(stock_port, PAGE, seconds)
            finally:
                stop(server)
            progress("the app alone (WSGI in one process), cache off then on")
            alone = {label: in_process(env, cache_seconds=cache_seconds, count=count)
                     for label, cache_seconds, count in (("uncached", "0", 200), ("cached", "600", 5000))}
            for label, cache_seconds, worker_class in LIVE_RUNS:
                server = gunicorn(env, live_port, cache_seconds=cache_seconds, worker_class=worker_class)
                try:
                    progress(f"live app under gunicorn ({worker_class}), cache {'on' if cache_seconds != '0' else 'off'}")
                    results[label] = load(live_port, PAGE, seconds)
                finally:
                    stop(server)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    names = (("static", f"static export ({stock_name})"), ("uncached", "live app, no cache"),
             ("cached", "live app, cached"), ("cached-gthread", "live app, cached, gthread workers with keep-alive"))
    for label, name in names:
        rate, latency, failed = results[label]
        note = f"GET {PAGE}, {CONNECTIONS} connections, {seconds:.0f} s: {latency.describe()}; {failed} failed"
        if label == "cached":
            collect.add(TARGETS[0].name, rate, note=note)
            collect.add(TARGETS[1].name, latency.p95)
        else:
            collect.add(f"{name}: throughput at 16 connections", rate, "req/s", note)
            collect.add(f"{name}: p95 at 16 connections", latency.p95, "ms")
    static_rate, cached_rate, uncached_rate = results["static"][0], results["cached"][0], results["uncached"][0]
    collect.add("ratio: live app cached, gthread with keep-alive ÷ sync workers", results["cached-gthread"][0] / cached_rate, "×")
    for label, name in (("uncached", "no cache"), ("cached", "cached")):
        collect.add(f"the app alone (WSGI, one process, request log off), {name}: time per request",
                    alone[label] * 1e6, "µs", f"= {1 / alone[label]:,.0f} req/s on one core")
    collect.add("ratio: the app alone, cached ÷ no cache (requests per core-second)", alone["uncached"] / alone["cached"], "×")
    collect.add("ratio: static export ÷ live app cached", static_rate / cached_rate, "×")
    collect.add("ratio: live app cached ÷ no cache", cached_rate / uncached_rate, "×")
    collect.add("ratio: static export ÷ live app no cache", static_rate / uncached_rate, "×")
    report(
        "bench/static.py: the static mirror beside the live app",
        collect.figures,
        size=f"{CONNECTIONS} connections, {seconds:.0f} s per run, one information page ({PAGE})",
        machine=host,
        notes=["The load client runs in this process on the same cores as the server it measures."],
        json_path=args.json,
    )


if __name__ == "__main__":
    main()
