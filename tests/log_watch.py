"""Every log line the test suite writes is searched for what must never be logged (issue 19 §6, ADR 0032).

A pytest plugin (loaded from the root conftest.py). For the whole session it
keeps each line the project's logging configuration would write — a handler
beside every "console" handler, with the same filters and the same JSON
formatter, so it sees exactly what production writes — and the request log is
on (INFO), as in production. Meanwhile it notes the sensitive values the
tests create, as they are created:

* receipt codes (as drawn, and as displayed in groups), case codes and case
  ids (every saved case), session keys (every saved session);
* tokens: every `secrets.token_urlsafe` (form tokens, invitation links) and
  every one-time form token as it travels in the form;
* every text sealed by the vault (messages, notes, contact preferences: what
  a person or a worker typed), from 8 characters on (a single sealed word
  from 12: shorter words such as "secret" are also in route templates);

and it looks for patterns whatever their source: e-mail addresses, phone
numbers, IPv4/IPv6 addresses and browser or client user agents.

At the end of the session a line that carries any of these fails the run
(exit status 1) and the lines are printed with what they carried, even when
every test passed. `safereport/ops/tests/test_log_watch.py` proves it fails.

Cost: one JSON formatting per log record (the request log: one per request),
one set insertion per value created, and one pass over the distinct lines at
the end (the time, a fresh request id and the duration are left out of a kept
line, so the request log's lines repeat).
Processes the tests start (gunicorn in the two-instance test, restore
commands) write their own logs, which this cannot see.
"""

from __future__ import annotations

import functools
import logging
import re
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

# What a log line is cut into to compare with the values (a uuid stays whole).
TOKEN = re.compile(r"[\w-]+")
# Parts of a line that differ on every request and carry nothing of anyone's:
# the time, a fresh request id (32 hex digits, as the request log draws them) and
# the duration. Without them the request log's lines repeat, and each distinct
# line is kept and searched once.
VOLATILE = re.compile(r'"time": "[^"]*", |"request_id": "[0-9a-f]{32}", |"duration_ms": [0-9.]+(?:, )?')
MIN_VALUE = 6  # shorter values (a language code, "no") are not worth a false alarm
MIN_TEXT = 8
SHORTEST_SEALED_WORD = 12
PATTERNS: dict[str, re.Pattern[str]] = {
    "an e-mail address": re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    "a phone number": re.compile(r"(?<![\w+])\+\d{1,3}[\d ()-]{6,}\d"),
    "an IPv4 address": re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])"),
    "an IPv6 address": re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){3,7}[0-9A-Fa-f]{1,4}(?![\w:])|(?<![\w:])::1(?![\w:])"),
    "a user agent": re.compile(r"Mozilla/\d|HeadlessChrome|Chrome/\d|Python-urllib|python-requests|curl/\d|LeakCheckAgent"),
}

# A character without which the pattern cannot match: skips most lines cheaply.
PREFILTER = {"an e-mail address": "@", "a phone number": "+", "an IPv6 address": ":"}


@dataclass
class Leak:
    line: str
    carries: str
    value: str = ""  # what was found (test data), to find where it came from


@dataclass
class LogWatch:
    lines: list[str] = field(default_factory=list)  # each distinct line once, in the order first written
    distinct: set[str] = field(default_factory=set)
    values: dict[str, str] = field(default_factory=dict)  # one token -> what it is
    texts: dict[str, str] = field(default_factory=dict)  # several tokens -> what it is

    # --- what must not be logged ----------------------------------------------------------

    def note(self, value: object, what: str, *, shortest: int = MIN_VALUE) -> None:
        text = str(value or "")
        parts = TOKEN.findall(text)
        if len(parts) == 1 and parts[0] == text and len(text) >= shortest:
            self.values.setdefault(text, what)
        elif len(text) >= MIN_TEXT and len(parts) > 1:
            self.texts.setdefault(" ".join(parts), what)
            for part in parts:  # a signed token "raw:time:signature": its random part alone is a secret too
                if what.endswith("token") and len(part) >= 20:
                    self.values.setdefault(part, what)

    # --- the lines ------------------------------------------------------------------------

    def keep(self, line: str) -> None:
        line = VOLATILE.sub("", line)
        if line not in self.distinct:
            self.distinct.add(line)
            self.lines.append(line)

    def mark(self) -> int:
        return len(self.lines)

    def forget(self, since: int) -> None:
        """Drop the lines written since `since` (the test that proves a leak is caught)."""
        self.distinct.difference_update(self.lines[since:])
        del self.lines[since:]

    def leaks(self, since: int = 0) -> list[Leak]:
        lines = self.lines[since:]
        found: list[Leak] = []
        for line in lines:
            for what, pattern in PATTERNS.items():
                if what in PREFILTER and PREFILTER[what] not in line:
                    continue
                if pattern.search(line):
                    found.append(Leak(line, what))
        tokens_per_line = [TOKEN.findall(line) for line in lines]
        every_token = set().union(*map(set, tokens_per_line)) if lines else set()
        for value in every_token & self.values.keys():
            what = self.values[value]
            found += [Leak(lines[n], what, value) for n, tokens in enumerate(tokens_per_line) if value in tokens]
        for text, what in self.texts.items():
            parts = text.split(" ")
            if all(part in every_token for part in parts):  # rare: then compare token sequences
                found += [
                    Leak(lines[n], what, text)
                    for n, tokens in enumerate(tokens_per_line)
                    if f" {text} " in f" {' '.join(tokens)} "
                ]
        return found


WATCH = LogWatch()


class _WatchHandler(logging.Handler):
    def __init__(self, twin: logging.Handler) -> None:
        super().__init__(level=twin.level)
        self.filters = list(twin.filters)
        self.setFormatter(twin.formatter)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            WATCH.keep(self.format(record))
        except Exception:  # noqa: BLE001 - a line we cannot format is a line production cannot write either
            WATCH.keep(record.getMessage())


def _loggers() -> Iterator[logging.Logger]:
    yield logging.getLogger()
    for logger in list(logging.Logger.manager.loggerDict.values()):
        if isinstance(logger, logging.Logger):
            yield logger


def _watch_the_console() -> None:
    for logger in _loggers():
        for handler in list(logger.handlers):
            if handler.get_name() == "console":
                logger.addHandler(_WatchHandler(handler))
    # As in production (the suite's settings keep it quiet on the console).
    requests = logging.getLogger("safereport.requests")
    if requests.getEffectiveLevel() > logging.INFO:
        requests.setLevel(logging.INFO)
        for handler in list(requests.handlers):
            if handler.get_name() == "console":
                requests.removeHandler(handler)  # watched, not printed


def _wrap(owner: Any, name: str, after: Callable[[Any, tuple, dict], None]) -> None:
    original = getattr(owner, name)

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        after(result, args, kwargs)
        return result

    setattr(owner, name, wrapper)


def _note_values_as_they_are_created() -> None:
    _wrap(secrets, "token_urlsafe", lambda token, a, k: WATCH.note(token, "a token"))
    try:
        from django.apps import apps

        if not apps.ready:
            return
    except ImportError:
        return
    from django.contrib.sessions.models import Session
    from django.db.models.signals import post_save

    from safereport.cases import receipts
    from safereport.cases.models import Case
    from safereport.core import once
    from safereport.vault import crypto

    def a_code(code: str, a: tuple, k: dict) -> None:
        WATCH.note(code, "a receipt code")
        WATCH.note(receipts.display(code), "a receipt code")

    def a_sealed_text(_: bytes, args: tuple, kwargs: dict) -> None:
        plaintext = args[1] if len(args) > 1 else kwargs.get("plaintext", b"")
        try:
            text = bytes(plaintext).decode("utf-8")
        except UnicodeDecodeError:
            return  # a key being wrapped, not a text
        # One sealed word is looked for from 12 characters on: the vault's own tests
        # seal words such as "secret", which route templates say too.
        WATCH.note(text, "a sealed text", shortest=SHORTEST_SEALED_WORD)

    def a_case(sender: Any, instance: Any, **kwargs: Any) -> None:
        WATCH.note(instance.code, "a case code")
        WATCH.note(instance.public_id, "a case id")

    def a_session(sender: Any, instance: Any, **kwargs: Any) -> None:
        WATCH.note(instance.session_key, "a session key")

    _wrap(receipts, "new_receipt_code", a_code)
    _wrap(once, "issue", lambda token, a, k: WATCH.note(token.value, "a one-time form token"))
    _wrap(crypto, "encrypt", a_sealed_text)
    post_save.connect(a_case, sender=Case, weak=False, dispatch_uid="log_watch_case")
    post_save.connect(a_session, sender=Session, weak=False, dispatch_uid="log_watch_session")


def _watching() -> bool:
    return any(isinstance(handler, _WatchHandler) for logger in _loggers() for handler in logger.handlers)


# Tests after which the watch was found detached (logging configured again, e.g. by
# django.setup() in the test process): the lines written after them went unwatched.
DETACHED_BY: list[str] = []


@pytest.hookimpl(trylast=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    _note_values_as_they_are_created()
    _watch_the_console()


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item: pytest.Item) -> None:
    if not _watching():
        DETACHED_BY.append(item.nodeid)
        _watch_the_console()


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if session.config.option.collectonly:
        return
    leaks = WATCH.leaks()
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if DETACHED_BY:
        if reporter is not None:
            reporter.write_sep("=", "log watch: logging was configured again during these tests; "
                               "run django.setup() in a child process instead", red=True)
            for nodeid in DETACHED_BY[:30]:
                reporter.write_line(nodeid)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    if not leaks:
        if reporter is not None and session.config.option.verbose > 0:
            reporter.write_line(f"log watch: {len(WATCH.lines)} log lines, nothing that must not be logged")
        return
    if reporter is not None:
        reporter.write_sep("=", f"log watch: {len(leaks)} log lines carry what must never be logged", red=True)
        for leak in leaks[:30]:
            reporter.write_line(f"{leak.carries} ({leak.value[:60]!r}): {leak.line[:400]}")
    session.exitstatus = pytest.ExitCode.TESTS_FAILED
