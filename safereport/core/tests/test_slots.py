"""The machine's few slots for costly work (ADR 0032 §5): never more at once, every waiter served or told.

No timing asserts: each test holds and releases slots by hand and checks who
ran, who waited and who was told to try again.
"""

import subprocess
import sys
import threading

import pytest
from django.conf import settings

from safereport.core import slots


def test_no_more_than_the_slots_run_at_once_and_every_waiter_gets_its_turn(tmp_path):
    running, most, done = 0, 0, []
    lock = threading.Lock()
    go = threading.Event()

    def work(number: int) -> None:
        nonlocal running, most
        with slots.slot(tmp_path, count=2, wait_seconds=60):
            with lock:
                running += 1
                most = max(most, running)
            go.wait(10)  # everyone piles up behind the two holders until released
            with lock:
                running -= 1
                done.append(number)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    go.set()
    for thread in threads:
        thread.join(30)
    assert most <= 2
    assert sorted(done) == list(range(6))  # nobody was starved: every waiter ran


def test_a_waiter_runs_as_soon_as_the_holder_lets_go(tmp_path):
    holding, release, ran = threading.Event(), threading.Event(), threading.Event()

    def holder() -> None:
        with slots.slot(tmp_path, count=1, wait_seconds=1):
            holding.set()
            release.wait(10)

    first = threading.Thread(target=holder)
    first.start()
    holding.wait(10)

    def waiter() -> None:
        with slots.slot(tmp_path, count=1, wait_seconds=60):
            ran.set()

    second = threading.Thread(target=waiter)
    second.start()
    assert not ran.wait(0.2)  # the only slot is held
    release.set()
    assert ran.wait(30)
    first.join(10)
    second.join(10)


def test_who_finds_every_slot_taken_for_the_whole_wait_is_told_busy_and_nothing_runs(tmp_path):
    body_ran = []
    with (
        slots.slot(tmp_path, count=1, wait_seconds=1),
        pytest.raises(slots.Busy),
        slots.slot(tmp_path, count=1, wait_seconds=0),
    ):
        body_ran.append(True)
    assert body_ran == []
    # Released: the next one runs.
    with slots.slot(tmp_path, count=1, wait_seconds=0):
        body_ran.append(True)
    assert body_ran == [True]


HOLD_IN_ANOTHER_PROCESS = """
import sys, time
from pathlib import Path
from safereport.core import slots
with slots.slot(Path(sys.argv[1]), count=1, wait_seconds=5):
    print("holding", flush=True)
    time.sleep(120)
"""


def test_slots_are_shared_by_processes_and_a_killed_holder_frees_its_slot(tmp_path):
    other = subprocess.Popen([sys.executable, "-c", HOLD_IN_ANOTHER_PROCESS, str(tmp_path)],
                             stdout=subprocess.PIPE, text=True, cwd=settings.BASE_DIR)
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "holding"
        with pytest.raises(slots.Busy), slots.slot(tmp_path, count=1, wait_seconds=0):
            pass
        other.kill()  # kill -9: the kernel drops the lock with the process
        other.wait(10)
        with slots.slot(tmp_path, count=1, wait_seconds=30):
            pass
    finally:
        if other.poll() is None:
            other.kill()
            other.wait(10)


def test_no_slots_means_no_limit(tmp_path):
    with slots.slot(tmp_path, count=0, wait_seconds=0), slots.slot(tmp_path, count=0, wait_seconds=0):
        pass
    assert not any(tmp_path.iterdir())  # nothing was even created
