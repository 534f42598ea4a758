"""No IP address or user agent reaches any log, under the production server too."""

import logging
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.conf import settings
from django.test import Client

MARKER_AGENT = "UniqueAgent/7.3 (leak-check)"


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
    try:
        for _ in range(100):
            try:
                request = urllib.request.Request(f"http://127.0.0.1:{port}/en/", headers={"User-Agent": MARKER_AGENT})
                with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310 (local test server)
                    assert response.status == 200
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start")
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=10)
    assert '"GET /en/" 200' in output
    assert "127.0.0.1" not in output.replace(f"127.0.0.1:{port}", "")
    assert MARKER_AGENT not in output


def test_error_logs_do_not_carry_the_request(db, caplog, settings):
    settings.DEBUG = False
    with caplog.at_level(logging.WARNING):
        Client(REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT=MARKER_AGENT).get("/en/no-such-page/")
        Client(REMOTE_ADDR="203.0.113.77").post("/en/write/", {"message": "x"})
    for record in caplog.records:
        text = record.getMessage() + str(getattr(record, "request", ""))
        assert "203.0.113.77" not in text and MARKER_AGENT not in text
