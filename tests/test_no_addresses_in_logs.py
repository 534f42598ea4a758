"""No IP address, user agent, Origin, Referer or secret in a path reaches any log,
under the production server too (docs/adr/0022)."""

import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.test import Client

MARKER_AGENT = "UniqueAgent/7.3 (leak-check)"
MARKER_REFERER = "https://referer-marker.example/private"
MARKER_ORIGIN = "https://origin-marker.example"
MARKER_TOKEN = "InvitationTokenMarker0123456789abcdefXYZ_-"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.django_db(transaction=True)
def test_gunicorn_access_log_has_no_client_address_or_agent(tmp_path):
    port = free_port()
    env = {**os.environ, "SAFEREPORT_BIND": f"127.0.0.1:{port}", "SAFEREPORT_WORKERS": "1"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"],
        cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    headers = {"User-Agent": MARKER_AGENT, "Referer": MARKER_REFERER}
    try:
        # Up to 30 s: a busy two-core machine takes a while to import Django in a new process.
        for _ in range(300):
            try:
                request = urllib.request.Request(f"http://127.0.0.1:{port}/en/", headers=headers)
                with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310 (local test server)
                    assert response.status == 200
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start")
        # A one-time invitation link, followed, and mistyped without its slash. The server's
        # database may not be migrated (a 500 then): its error lines are checked too.
        for path in (f"/staff/join/{MARKER_TOKEN}/", f"/staff/join/{MARKER_TOKEN}"):
            request = urllib.request.Request(f"http://127.0.0.1:{port}{path}?next={MARKER_TOKEN}", headers=headers)
            try:
                urllib.request.urlopen(request, timeout=5)  # noqa: S310 (local test server)
            except urllib.error.HTTPError as error:
                assert error.code in {301, 410, 500}
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=10)
    assert '"GET /en/" 200' in output
    assert '"GET /staff/join/[redacted]/" ' in output
    assert "127.0.0.1" not in output.replace(f"127.0.0.1:{port}", "")
    assert MARKER_AGENT not in output and MARKER_REFERER not in output
    assert MARKER_TOKEN not in output


def test_the_access_logger_gives_the_format_no_client_field_to_print():
    from types import SimpleNamespace

    from safereport.core.logging import AccessLogger

    logger = AccessLogger.__new__(AccessLogger)
    environ = {
        "REQUEST_METHOD": "GET", "RAW_URI": f"/staff/join/{MARKER_TOKEN}/?a=b", "SERVER_PROTOCOL": "HTTP/1.1",
        "PATH_INFO": f"/staff/join/{MARKER_TOKEN}/", "QUERY_STRING": "a=b", "REMOTE_ADDR": "203.0.113.77",
        "HTTP_USER_AGENT": MARKER_AGENT, "HTTP_REFERER": MARKER_REFERER,
    }
    response = SimpleNamespace(status="200 OK", sent=12, headers=[("Set-Cookie", "sr_staff=x")])
    request = SimpleNamespace(headers=[("USER-AGENT", MARKER_AGENT), ("COOKIE", "sr_staff=x")])
    atoms = logger.atoms(response, request, environ, SimpleNamespace(seconds=0, microseconds=5000))
    written = repr(atoms)
    for leaked in (MARKER_TOKEN, MARKER_AGENT, MARKER_REFERER, "203.0.113.77", "sr_staff", "a=b"):
        assert leaked not in written, leaked
    assert atoms["U"] == "/staff/join/[redacted]/" and atoms["r"] == "GET /staff/join/[redacted]/ HTTP/1.1"


def test_error_logs_do_not_carry_the_request(db, caplog, settings):
    settings.DEBUG = False
    with caplog.at_level(logging.WARNING):
        Client(REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT=MARKER_AGENT).get("/en/no-such-page/")
        Client(REMOTE_ADDR="203.0.113.77").post("/en/write/", {"message": "x"})
    for record in caplog.records:
        text = record.getMessage() + str(getattr(record, "request", ""))
        assert "203.0.113.77" not in text and MARKER_AGENT not in text


# --- Django's own log lines ---------------------------------------------------------------


def all_text(records) -> str:
    return "\n".join(record.getMessage() + str(getattr(record, "request", "")) + str(getattr(record, "request_path", "")) for record in records)


def test_csrf_failures_log_neither_the_origin_nor_the_referer(db, caplog):
    with caplog.at_level(logging.WARNING, logger="django.security.csrf"):
        strict = Client(enforce_csrf_checks=True, HTTP_ORIGIN=MARKER_ORIGIN)
        assert strict.post("/staff/sign-in/", {"username": "x", "password": "y"}).status_code == 403
        secure = Client(enforce_csrf_checks=True, HTTP_REFERER=MARKER_REFERER)
        assert secure.post("/staff/sign-in/", {"username": "x", "password": "y"}, secure=True).status_code == 403
    messages = [r.getMessage() for r in caplog.records if r.name == "django.security.csrf"]
    assert any("Origin checking failed" in m for m in messages) and any("Referer checking failed" in m for m in messages)
    assert MARKER_ORIGIN not in all_text(caplog.records) and MARKER_REFERER not in all_text(caplog.records)
    assert "origin-marker" not in all_text(caplog.records) and "referer-marker" not in all_text(caplog.records)


def test_a_refused_post_to_an_invitation_link_does_not_log_its_token(db, caplog):
    with caplog.at_level(logging.WARNING):
        Client(enforce_csrf_checks=True).post(f"/staff/join/{MARKER_TOKEN}/", {"username": "x"})
    assert any("/staff/join/[redacted]/" in r.getMessage() for r in caplog.records)
    assert MARKER_TOKEN not in all_text(caplog.records)


def test_a_server_error_on_an_invitation_link_does_not_log_its_token(db, monkeypatch, settings):
    from django.core.signals import got_request_exception  # noqa: F401  (Django's error path, as in production)

    from safereport.accounts import services

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "invitation_find", broken)
    settings.DEBUG = False
    handler = _ListHandler()
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        response = Client(raise_request_exception=False).get(f"/staff/join/{MARKER_TOKEN}/")
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 500
    assert handler.records and "/staff/join/[redacted]/" in handler.records[0].getMessage()
    assert MARKER_TOKEN not in all_text(handler.records)


class _ListHandler(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records = []

    def emit(self, record):
        self.records.append(record)


# --- secrets in paths are declared, and redacted wherever they appear ---------------------------

# Route parameters that are no secret: ids of rows (random UUIDs the person who
# may see them already has) and the names of public pages.
HARMLESS_CONVERTERS = {"UUIDConverter", "SlugConverter"}


def route_parameters():
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(entries, prefix):
        for entry in entries:
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, f"{entry.namespace}:" if entry.namespace else prefix)
            elif isinstance(entry, URLPattern):
                for name, converter in getattr(entry.pattern, "converters", {}).items():
                    yield f"{prefix}{entry.name}", name, converter

    for urlconf in (settings.STAFF_URLCONF, settings.PORTAL_URLCONF):
        yield from walk(get_resolver(urlconf).url_patterns, "")


def test_every_route_parameter_is_either_harmless_or_declared_a_secret():
    from safereport.core.logging import SecretConverter

    secrets = set()
    for view, name, converter in route_parameters():
        if isinstance(converter, SecretConverter):
            secrets.add(view)
            continue
        assert type(converter).__name__ in HARMLESS_CONVERTERS, (
            f"{view}: <{name}> is a {type(converter).__name__}; use <secret:{name}> if it can open anything, "
            "so that logs redact it, or a UUID/slug"
        )
    assert "accounts:invitation_accept" in secrets


def test_every_secret_route_is_redacted_with_or_without_its_slash_and_in_running_text():
    from django.urls import reverse

    from safereport.core.logging import SecretConverter, redact_path, redact_text

    for view, name, converter in route_parameters():
        if not isinstance(converter, SecretConverter):
            continue
        path = reverse(view, kwargs={name: MARKER_TOKEN}, urlconf=settings.STAFF_URLCONF)
        for variant in (path, path.rstrip("/"), f"{path}?x=1"):
            assert MARKER_TOKEN not in redact_path(variant), variant
        assert MARKER_TOKEN not in redact_text(f'Error handling request "{path}" (oops)')
    assert redact_path("/staff/cases/") == "/staff/cases/" and redact_path("/en/about/first-visit/") == "/en/about/first-visit/"
