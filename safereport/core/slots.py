"""A few slots for costly work, shared by every app process on one machine (ADR 0032 §5).

An Argon2id derivation with the production parameters takes about a third of
a second of one core and 128 MiB. On a two-core machine two of them at once
leave no core for anything else: every page then waits behind the hashes.
`slot()` lets at most `count` such pieces of work run at the same time on the
host, across both gunicorn instances and all their workers and threads, so
the other requests keep a core.

How: one lock file per slot in a folder every instance can write
(`/run/safereport-argon2` under systemd, deploy/systemd). A holder keeps an
exclusive `flock` on one of them for the duration of the work. `flock` locks
belong to the open file, so two threads of one process, two processes and two
instances exclude each other alike, and the kernel drops the lock when a
process dies (kill -9 frees its slot; nothing to clean up).

Waiters poll every few milliseconds rather than block, so a wait has a bound:
who has not found a free slot after `wait_seconds` gets `Busy`, and the caller
answers "please try again, nothing was lost" instead of the request timing out
at the proxy. Polling is not a queue, so the order among waiters is not
first-come-first-served; what is guaranteed is that every waiter gets a slot or
a clear answer within the bound, and that no more than `count` run at once.
"""

from __future__ import annotations

import errno
import fcntl
import os
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# How long a waiter sleeps between two looks at the slots: short against a
# ~350 ms derivation, long enough that waiting costs no CPU worth measuring.
POLL_SECONDS = 0.005


class Busy(Exception):
    """Every slot stayed taken for the whole wait: ask the person to try again."""


def _open_slots(folder: Path, count: int) -> list[int]:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return [os.open(folder / f"slot-{n}", os.O_RDWR | os.O_CREAT, 0o600) for n in range(count)]


def _take_one(descriptors: list[int], start: int) -> int | None:
    """The index of a slot now held, or None; looks from `start` so waiters spread over the slots."""
    for offset in range(len(descriptors)):
        index = (start + offset) % len(descriptors)
        try:
            fcntl.flock(descriptors[index], fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno in (errno.EAGAIN, errno.EACCES):
                continue
            raise
        return index
    return None


@contextmanager
def slot(folder: Path, *, count: int, wait_seconds: float) -> Iterator[None]:
    """Run the body while holding one of `count` host-wide slots in `folder`.

    count 0 means no limit (the body runs at once). Raises Busy, without
    running the body, when no slot came free within `wait_seconds`.
    """
    if count <= 0:
        yield
        return
    descriptors = _open_slots(folder, count)
    try:
        deadline = time.monotonic() + wait_seconds
        start = random.randrange(count)  # noqa: S311 - spreading load, not a secret
        while _take_one(descriptors, start) is None:
            if time.monotonic() >= deadline:
                raise Busy(f"no free slot in {wait_seconds:g} s")
            time.sleep(POLL_SECONDS)
        yield
    finally:
        # Closing the files releases the lock held on one of them.
        for descriptor in descriptors:
            os.close(descriptor)
