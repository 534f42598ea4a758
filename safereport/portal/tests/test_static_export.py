"""The static mirror of the public pages (docs/adr/0034): plain files that work on any web server.

Exported once per module, then read as files, served by nginx with the sample
configuration (its headers compared with the live portal's), and served by
Python's stock http.server to Chromium with JavaScript off, where the
portal's own UX checks must hold: light pages, no other host, quick exit first
and working, the write link leading to the live portal.
"""

import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from config import locales
from safereport.content import selectors as content

LIVE = "https://portal.example.org"
DEPLOY = Path(__file__).resolve().parents[3] / "deploy" / "nginx"
SECURITY_HEADERS = (
    "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy",
    "Cross-Origin-Resource-Policy", "Permissions-Policy", "Cache-Control", "Pragma", "X-Robots-Tag",
)


@pytest.fixture(scope="module")
def export(tmp_path_factory, django_db_setup, django_db_blocker):
    folder = tmp_path_factory.mktemp("mirror")
    # The pages read one thing from the database: which draft translations a
    # reviewer approved in the staff pages (ADR 0036), so the mirror stops
    # calling them drafts too. Without a database they are shown as drafts
    # (test_public_pages_answer_without_a_database).
    with django_db_blocker.unblock():
        call_command("export_static", str(folder), "--portal-url", LIVE)
    return folder


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_every_public_page_is_written_in_every_language(export):
    for language in locales.LANGUAGE_CODES:
        assert (export / language / "index.html").exists()
        assert (export / language / "help-now" / "index.html").exists()
        for message in content.key_messages_for(language=language, jurisdiction="BE"):
            assert (export / language / "about" / message.slug / "index.html").exists(), message.slug
    # The rights information texts are among them, in the reader's language.
    arabic = (export / "ar" / "about" / "victim-rights-eu" / "index.html").read_text()
    assert 'lang="ar" dir="rtl"' in arabic
    assert (export / "index.html").exists() and (export / "static" / "portal" / "portal.css").exists()


def test_without_compiled_translations_the_export_names_the_language_and_the_fix(tmp_path):
    # A fresh checkout has .po files only. Django has no Tigrinya catalogue of its
    # own, so without ours /ti/ is "not found"; the export must say why, not "404".
    with (
        override_settings(LOCALE_PATHS=[tmp_path / "no-catalogues"]),
        pytest.raises(CommandError, match=r"Tigrinya \(ti\).*compilemessages"),
    ):
        call_command("export_static", str(tmp_path / "mirror"), "--portal-url", LIVE, "--language", "ti")
    assert not (tmp_path / "mirror" / "ti").exists()


def test_no_page_has_a_form_or_a_link_to_a_server_path_of_the_mirror(export):
    for page in export.rglob("*.html"):
        html = page.read_text()
        assert "<form" not in html, page
        for url in re.findall(r'(?:href|src)="([^"]*)"', html):
            assert not url.startswith("/"), f"{page}: {url} would need the portal's server"
            if url.startswith("http"):
                assert url.startswith(LIVE) or url in {loc.neutral_exit_url for loc in locales.LOCALES}, url


def test_write_and_come_back_lead_to_the_live_portal_and_quick_exit_to_the_neutral_site(export):
    home = (export / "ti" / "index.html").read_text()
    assert f'href="{LIVE}/ti/write/"' in home and f'href="{LIVE}/ti/back/"' in home
    assert f'href="{LIVE}/ti/rights/"' in home  # the rights questions need the server: they stay live
    assert 'id="quick-exit" href="https://www.bbc.com/tigrinya"' in home
    assert 'href="about/first-visit/index.html"' in home
    page = (export / "fa" / "about" / "first-visit" / "index.html").read_text()
    assert 'href="../../../static/portal/portal.css"' in page and 'href="../../../ar/about/first-visit/index.html"' in page


@pytest.mark.django_db
def test_the_sample_nginx_site_is_valid_and_sends_the_portals_own_headers(export, client, tmp_path):
    nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    assert nginx, "nginx is installed by scripts/install-system-packages.sh --for-tests"
    certificate, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
         "-subj", "/CN=info.example.org", "-keyout", str(key), "-out", str(certificate)],
        check=True, capture_output=True,
    )
    site = (DEPLOY / "safereport-static.conf").read_text()
    site = re.sub(r"ssl_certificate /\S+;", f"ssl_certificate {certificate};", site)
    site = re.sub(r"ssl_certificate_key /\S+;", f"ssl_certificate_key {key};", site)
    site = site.replace("/etc/nginx/snippets/safereport-static-headers.conf", str(DEPLOY / "safereport-static-headers.conf"))
    port = _free_port()
    # The same headers file behind a plain port, serving the export, to read what it sends.
    test_server = (
        f"server {{ listen 127.0.0.1:{port}; root {export}; access_log off; "
        f"include {DEPLOY / 'safereport-static-headers.conf'}; }}"
    )
    temp = " ".join(f"{kind}_temp_path {tmp_path};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    for name, body in (("check", site), ("serve", test_server)):
        (tmp_path / f"{name}.conf").write_text(body)
        (tmp_path / f"nginx-{name}.conf").write_text(
            f"pid {tmp_path}/nginx-{name}.pid;\nerror_log stderr;\ndaemon off;\nmaster_process off;\nevents {{}}\n"
            f"http {{ access_log off; include /etc/nginx/mime.types; {temp} include {tmp_path}/{name}.conf; }}\n"
        )
    checked = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx-check.conf")],
                             capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr
    assert site.count("access_log off;") == 2
    server = subprocess.Popen([nginx, "-p", str(tmp_path), "-c", str(tmp_path / "nginx-serve.conf")],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(50):
            try:
                mirrored = urllib.request.urlopen(f"http://127.0.0.1:{port}/ar/", timeout=5)  # noqa: S310
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("nginx did not start")
        live = client.get("/ar/")
        assert mirrored.headers["Content-Type"].startswith("text/html")
        assert "Set-Cookie" not in mirrored.headers
        for header in SECURITY_HEADERS:
            assert mirrored.headers[header] == live[header], header

        def policy(value: str) -> set[str]:
            return {part.strip() for part in value.split(";")}

        assert policy(mirrored.headers["Content-Security-Policy"]) == policy(live["Content-Security-Policy"])
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def stock_server(export):
    """Python's own http.server, serving the export as files: the plainest host there is."""
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(export)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/en/", "/ar/help-now/", "/ti/about/victim-rights-eu/", "/fa/about/first-visit/", "/"])
def test_the_mirror_passes_the_portals_checks_in_chromium_with_javascript_off(stock_server, browser_page_js_off, path):
    page = browser_page_js_off
    sizes: list[int] = []
    urls: list[str] = []
    page.on("requestfinished", lambda request: (urls.append(request.url), sizes.append(request.sizes()["responseBodySize"] + request.sizes()["responseHeadersSize"])))
    page.route("https://www.bbc.com/**", lambda route: route.fulfill(status=200, content_type="text/html", body="<title>Weather</title>"))
    page.goto(stock_server + path)
    page.wait_for_load_state("networkidle")
    assert all(url.startswith(stock_server) for url in urls), urls
    assert len(urls) <= 6, urls
    assert sum(sizes) <= 60 * 1024, sum(sizes)
    assert page.context.cookies() == []
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "quick-exit"
    page.click("#quick-exit")
    assert page.title() == "Weather"


@pytest.mark.browser
def test_from_the_mirror_a_person_reaches_the_live_portal_to_write(stock_server, browser_page_js_off):
    page = browser_page_js_off
    page.route(f"{LIVE}/**", lambda route: route.fulfill(status=200, content_type="text/html", body="<title>Live portal</title>"))
    page.goto(stock_server + "/uk/")
    page.click("a[href='about/first-visit/index.html']")
    assert "/uk/about/first-visit/" in page.url
    page.click("a[href$='/uk/write/']")
    assert page.url == f"{LIVE}/uk/write/" and page.title() == "Live portal"


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/", "/en/", "/ar/about/victim-rights-eu/", "/ti/help-now/"])
def test_mirrored_pages_pass_axe_and_keep_their_language_and_direction(stock_server, axe_page, path):
    from axe_playwright_python.sync_playwright import Axe

    axe_page.goto(stock_server + path)
    language = path.strip("/").split("/")[0] or "en"
    assert axe_page.get_attribute("html", "lang") == language
    assert axe_page.get_attribute("html", "dir") == ("rtl" if language in locales.RTL_LANGUAGE_CODES else "ltr")
    results = Axe().run(axe_page)
    assert results.violations_count == 0, results.generate_report()
