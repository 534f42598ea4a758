#!/usr/bin/env python3
"""Run a command against a throwaway PostgreSQL server.

    python scripts/with_postgres.py -- pytest ...

Creates a data directory in a temporary folder, starts PostgreSQL on a free
port on 127.0.0.1 (never on a public interface), sets DATABASE_URL for the
command, and removes everything afterwards. Uses Debian's server binaries; as
root it runs the server as the `postgres` system user, because PostgreSQL
refuses to run as root.
"""

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile


def find_bin(name: str) -> str:
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    if candidates:
        return candidates[0]
    found = shutil.which(name)
    if found:
        return found
    sys.exit(f"{name} not found: install PostgreSQL (apt-get install postgresql).")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def main() -> int:
    args = sys.argv[1:]
    if args[:1] == ["--"]:
        args = args[1:]
    if not args:
        sys.exit("usage: with_postgres.py -- command ...")
    workdir = tempfile.mkdtemp(prefix="safereport-pg-")
    datadir = os.path.join(workdir, "data")
    if os.geteuid() == 0:
        shutil.chown(workdir, user="postgres")
    port = free_port()
    subprocess.run(
        as_server_user([find_bin("initdb"), "-D", datadir, "-U", "safereport", "--auth=trust", "-E", "UTF8",
                        "--locale=C.UTF-8", "--no-sync"]),
        check=True, stdout=subprocess.DEVNULL,
    )
    options = f"-h 127.0.0.1 -p {port} -k {workdir} -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=200"
    subprocess.run(
        as_server_user([find_bin("pg_ctl"), "-D", datadir, "-o", options, "-l", os.path.join(workdir, "log"), "-w", "start"]),
        check=True, stdout=subprocess.DEVNULL,
    )
    try:
        env = dict(os.environ, DATABASE_URL=f"postgres://safereport@127.0.0.1:{port}/postgres")
        print(f"PostgreSQL running on 127.0.0.1:{port} for this command.", file=sys.stderr)
        return subprocess.call(args, env=env)
    finally:
        subprocess.run(as_server_user([find_bin("pg_ctl"), "-D", datadir, "-m", "fast", "-w", "stop"]),
                       stdout=subprocess.DEVNULL, check=False)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
