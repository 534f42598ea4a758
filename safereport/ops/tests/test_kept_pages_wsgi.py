"""Kept information pages answered in front of Django (safereport/ops/wsgi.py, docs/adr/0034).

The layer sits where gunicorn calls the app (config/wsgi.py), so these tests
call it as gunicorn does: a WSGI environ in, a status, a header list and a
body out, around Django's own WSGI handler. Django's handler is wrapped in a
counter so each test can say whether a request entered Django at all.
"""

import logging
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.test import RequestFactory, override_settings

from safereport.ops.wsgi import KeptPages

pytestmark = pytest.mark.django_db(databases="__all__")

PAGE = "/fr/about/first-visit/"


class CountingDjango:
    def __init__(self):
        self.django = WSGIHandler()
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return self.django(environ, start_response)


@pytest.fixture
def app():
    cache.clear()
    with override_settings(PORTAL_INFORMATION_CACHE_SECONDS=600):
        yield KeptPages(CountingDjango())
    cache.clear()


def call(app, path=PAGE, method="GET", **headers):
    """One request as gunicorn makes it: (status, [(name, value), …], body)."""
    headers.setdefault("HTTP_HOST", "testserver")
    environ = getattr(RequestFactory(), method.lower())(path, **headers).environ
    answered = {}

    def start_response(status, header_list, exc_info=None):
        answered["status"], answered["headers"] = status, list(header_list)

    chunks = app(environ, start_response)
    body = b"".join(chunks)
    if hasattr(chunks, "close"):
        chunks.close()
    return answered["status"], answered["headers"], body


def test_the_kept_answer_carries_the_same_headers_in_the_same_order_and_never_enters_django(app):
    status, made, page = call(app)
    assert status == "200 OK" and app.application.calls == 1
    status, kept, again = call(app)
    assert status == "200 OK" and app.application.calls == 1  # answered in front of Django
    assert again == page
    # Byte for byte, apart from the request's own id (gunicorn adds Date, Server, Connection to both alike).
    assert [name for name, _ in kept] == [name for name, _ in made]
    assert [h for h in kept if h[0] != "X-Request-ID"] == [h for h in made if h[0] != "X-Request-ID"]
    ids = [dict(made)["X-Request-ID"], dict(kept)["X-Request-ID"]]
    assert ids[0] != ids[1]
    names = {name.lower() for name, _ in kept}
    assert {"content-security-policy", "cache-control", "referrer-policy", "x-frame-options", "content-length"} <= names
    assert "set-cookie" not in names


def test_each_language_and_page_is_kept_under_its_own_key(app):
    for path in ("/en/", "/ar/", "/ar/help-now/", "/ti/about/first-visit/"):
        call(app, path)
    before = app.application.calls
    for path, language in (("/en/", "en"), ("/ar/", "ar"), ("/ar/help-now/", "ar"), ("/ti/about/first-visit/", "ti")):
        _, headers, body = call(app, path)
        assert dict(headers)["Content-Language"] == language
        assert f'<html lang="{language}"'.encode() in body
    assert app.application.calls == before
    assert call(app, "/en/")[2] != call(app, "/ar/")[2]


@pytest.mark.parametrize(
    "variation",
    [
        {"HTTP_COOKIE": "sr_portal=abc"},  # a person with a session: their pages may know them, their clock runs
        {"HTTP_COOKIE": "csrftoken=x"},  # any cookie at all: Django decides
        {"QUERY_STRING": "x=1"},
        {"HTTP_HOST": ""},  # Django falls back to the server name: it decides
        {"SCRIPT_NAME": "/mounted"},
    ],
    ids=["session-cookie", "other-cookie", "query-string", "no-host", "script-name"],
)
def test_a_cookie_a_query_string_or_an_unusual_host_always_goes_through_django(app, variation):
    call(app)
    before = app.application.calls
    path = PAGE + ("?" + variation.pop("QUERY_STRING") if "QUERY_STRING" in variation else "")
    call(app, path, **variation)
    assert app.application.calls == before + 1


def test_a_forwarded_host_goes_through_django_when_django_reads_it(app):
    call(app)
    with override_settings(USE_X_FORWARDED_HOST=True):
        assert call(app, HTTP_X_FORWARDED_HOST="evil.example")[0].startswith("400")
    assert app.application.calls == 2


def test_a_person_with_a_session_cookie_never_gets_the_shared_page_from_here(app):
    call(app, "/en/")
    _, headers, _ = call(app, "/en/", HTTP_COOKIE="sr_portal=someone")
    # Django's session middleware saw the cookie: a session it does not know is ended, which no kept page would say.
    assert app.application.calls == 2
    assert any(name == "Set-Cookie" and "sr_portal=" in value for name, value in headers)


def test_a_host_this_server_does_not_answer_to_is_refused_even_when_kept(app):
    call(app, "/en/")
    status, _, _ = call(app, "/en/", HTTP_HOST="evil.example")
    assert status.startswith("400")


def test_post_head_and_staff_pages_are_never_answered_here(app):
    call(app, "/en/help-now/")
    before = app.application.calls
    assert not call(app, "/en/help-now/", method="POST")[0].startswith("200")
    call(app, "/en/help-now/", method="HEAD")
    call(app, "/staff/")
    assert app.application.calls == before + 3


def test_with_the_https_redirect_on_a_plain_http_request_gets_its_redirect():
    with override_settings(PORTAL_INFORMATION_CACHE_SECONDS=600, SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=3600):
        app = KeptPages(CountingDjango())  # Django's security middleware reads its settings when built
        secure = {"HTTP_X_FORWARDED_PROTO": "https"}
        call(app, "/en/", **secure)
        _, kept, _ = call(app, "/en/", **secure)
        assert app.application.calls == 1
        assert "Strict-Transport-Security" in dict(kept)
        status, _, _ = call(app, "/en/")
        assert status.startswith("301") and app.application.calls == 2


def test_a_page_made_over_https_is_not_given_to_a_plain_http_request():
    with override_settings(PORTAL_INFORMATION_CACHE_SECONDS=600, SECURE_HSTS_SECONDS=3600):
        app = KeptPages(CountingDjango())
        call(app, "/en/", HTTP_X_FORWARDED_PROTO="https")
        _, plain, _ = call(app, "/en/")
    assert app.application.calls == 2  # the scheme is part of the key: HSTS belongs to HTTPS answers only
    assert "Strict-Transport-Security" not in dict(plain)


def test_the_kept_answer_writes_the_request_log_line_with_the_route_and_the_proxys_id(app, caplog):
    call(app)
    proxy_id = "0123456789abcdef0123456789abcdef"
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="safereport.requests"):
        _, headers, _ = call(app, HTTP_X_REQUEST_ID=proxy_id, REMOTE_ADDR="203.0.113.77")
    assert app.application.calls == 1
    assert dict(headers)["X-Request-ID"] == proxy_id
    (record,) = [r for r in caplog.records if r.name == "safereport.requests"]
    fields = record.fields
    assert fields["request_id"] == proxy_id
    assert (fields["front_end"], fields["method"], fields["status"]) == ("portal", "GET", 200)
    assert fields["route"] == "/fr/about/<slug:slug>/" and fields["view"] == "portal:information"
    assert "203.0.113.77" not in str(fields)


def test_turned_off_every_request_enters_django(app):
    with override_settings(PORTAL_INFORMATION_CACHE_SECONDS=0):
        call(app, "/en/")
        call(app, "/en/")
    assert app.application.calls == 2


def test_config_wsgi_puts_the_layer_in_front_of_django():
    # In a child process: importing config.wsgi runs django.setup(), which would
    # configure logging again here and drop the suite's log watch.
    shown = subprocess.run(
        [sys.executable, "-c", "from config import wsgi; print(type(wsgi.application).__qualname__)"],
        env={**os.environ, "SAFEREPORT_ENV": "test"}, cwd=settings.BASE_DIR, capture_output=True, text=True,
        check=True,
    )
    assert shown.stdout.strip().splitlines()[-1] == KeptPages.__qualname__


def test_a_worker_freezes_what_it_loaded_before_its_first_request():
    """config.wsgi loads every view and freezes the heap: full collections never walk Django's own objects."""
    script = (
        "import gc, sys; from config import wsgi; "
        "print(gc.get_freeze_count(), 'safereport.evidence.views' in sys.modules, 'safereport.portal.views' in sys.modules)"
    )
    shown = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "SAFEREPORT_ENV": "test"}, cwd=settings.BASE_DIR, capture_output=True, text=True,
        check=True,
    )
    frozen, staff_views_loaded, portal_views_loaded = shown.stdout.strip().splitlines()[-1].split()
    assert int(frozen) > 50_000
    assert (staff_views_loaded, portal_views_loaded) == ("True", "True")


def test_under_gunicorn_the_kept_and_the_made_answer_differ_only_in_date_and_request_id():
    """The real server, as deployed (config/gunicorn.conf.py, config.wsgi): what goes over the wire."""
    import http.client
    import socket
    import time


    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "SAFEREPORT_BIND": f"127.0.0.1:{port}", "SAFEREPORT_WORKERS": "1",
           "SAFEREPORT_INFORMATION_CACHE_SECONDS": "600"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"],
        cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )

    def get(cookie=None):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", PAGE, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        answer = (response.status, response.getheaders(), response.read())
        connection.close()
        return answer

    try:
        for _ in range(300):  # up to 30 s: a busy machine imports Django slowly
            try:
                made = get()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start")
        kept = get()
        with_session = get(cookie="sr_portal=someone")
    finally:
        server.terminate()
        server.wait(timeout=10)

    def comparable(headers):
        return [(name, "…" if name in {"Date", "X-Request-ID"} else value) for name, value in headers]

    assert made[0] == kept[0] == 200 and made[2] == kept[2]
    assert comparable(kept[1]) == comparable(made[1])
    assert dict(kept[1])["X-Request-ID"] != dict(made[1])["X-Request-ID"]
    assert "Set-Cookie" not in dict(kept[1])
    # A session cookie never gets the shared page: Django ends the session it does not know.
    assert any(name == "Set-Cookie" and "sr_portal=" in value for name, value in with_session[1])
