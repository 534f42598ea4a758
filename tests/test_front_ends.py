"""The two front ends: separate routes, sessions and headers; secure settings."""

import os
import subprocess
import sys
import tempfile

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from config import locales
from safereport.core.access import Audience, access_rule_of


def all_patterns(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from all_patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def test_portal_urlconf_holds_no_staff_route_and_only_public_views():
    for route, view in all_patterns(get_resolver(settings.PORTAL_URLCONF).url_patterns):
        assert "staff" not in route
        rule = access_rule_of(view)
        assert rule is not None and rule.audience is Audience.PUBLIC, route


def test_portal_addresses_use_neutral_words():
    for route, _ in all_patterns(get_resolver(settings.PORTAL_URLCONF).url_patterns):
        for word in ("rape", "violence", "report", "abuse", "assault", "police", "victim"):
            assert word not in route.lower(), route


def test_every_staff_view_declares_who_may_use_it():
    for route, view in all_patterns(get_resolver(settings.STAFF_URLCONF).url_patterns):
        assert access_rule_of(view) is not None, route


def test_staff_paths_do_not_exist_on_a_dedicated_portal_host(db):
    # config.urls_staff reads STAFF_HOSTS once, when first imported: import it
    # outside the override, or the rest of the run sees a dedicated staff host.
    get_resolver(settings.STAFF_URLCONF).url_patterns  # noqa: B018
    with override_settings(STAFF_HOSTS=["staff.example.org"], ALLOWED_HOSTS=["portal.example.org", "staff.example.org"]):
        assert Client().get("/staff/sign-in/", HTTP_HOST="portal.example.org").status_code == 404
        assert Client().get("/staff/sign-in/", HTTP_HOST="staff.example.org").status_code == 200


@pytest.mark.parametrize("path", ["/", "/en/", "/ar/", "/staff/sign-in/"])
def test_responses_carry_strict_privacy_headers(path, db):
    response = Client().get(path)
    csp = response["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "http" not in csp  # no other host is ever allowed
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("code", locales.LANGUAGE_CODES)
def test_information_pages_set_no_cookie_in_any_language(code, db):
    response = Client().get(f"/{code}/")
    assert response.status_code == 200
    assert not response.cookies
    html = response.content.decode()
    direction = "rtl" if code in locales.RTL_LANGUAGE_CODES else "ltr"
    assert f'<html lang="{code}" dir="{direction}">' in html


def test_quick_exit_is_the_first_link_on_every_portal_page(db):
    for path in ["/", "/en/", "/fa/"]:
        html = Client().get(path).content.decode()
        body = html.split("<body>", 1)[1]
        first_link = body.split("<a ", 1)[1]
        assert first_link.startswith('class="quick-exit"')


def test_leaving_forgets_the_visit_and_goes_somewhere_neutral(db):
    client = Client()
    session = client.session
    session["something"] = "typed"
    session.save()
    client.cookies["sr_portal"] = session.session_key
    response = client.get("/leave?l=ar")
    assert response.status_code == 303
    assert response["Location"] == locales.LOCALES_BY_CODE["ar"].neutral_exit_url
    assert "cookies" in response["Clear-Site-Data"] and "storage" in response["Clear-Site-Data"]
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=session.session_key).exists()


def test_language_switcher_uses_endonyms_not_flags(db):
    html = Client().get("/en/").content.decode()
    for locale in locales.LOCALES:
        assert locale.endonym in html
    assert "flag" not in html.lower()


def test_a_view_without_an_access_declaration_is_refused(db, settings):
    settings.PORTAL_URLCONF = "tests.urls_undeclared"
    response = Client().get("/undeclared/")
    assert response.status_code == 403


def run_settings(env: dict[str, str], code: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SAFEREPORT_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    # A checkout where demo.sh ran has a development marker in .local/; these
    # tests are about a host without one unless they say otherwise.
    env = {"SAFEREPORT_LOCAL_DIR": tempfile.mkdtemp(), **env}
    return subprocess.run(
        [sys.executable, "-c", f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup(); {code}"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_settings({}, "")
    assert result.returncode != 0
    assert "SAFEREPORT_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_a_key_encryption_key():
    result = run_settings({"SAFEREPORT_SECRET_KEY": "x" * 60, "SAFEREPORT_ALLOWED_HOSTS": "a.example"}, "")
    assert result.returncode != 0
    assert "SAFEREPORT_KEK" in result.stderr


def test_production_is_debug_off_with_secure_cookies_and_hsts(tmp_path):
    kek = tmp_path / "kek"
    kek.write_text("k1:" + "A" * 43 + "=\n")
    env = {
        "SAFEREPORT_SECRET_KEY": "x" * 60,
        "SAFEREPORT_KEK_FILE": str(kek),
        "SAFEREPORT_RECEIPT_PEPPER": "p" * 64,
        "SAFEREPORT_ALLOWED_HOSTS": "safereport.example",
    }
    result = run_settings(
        env,
        "from django.conf import settings as s; print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS >= 31536000)",
    )
    assert result.stdout.split() == ["False", "True", "True", "True"], result.stderr


def test_check_deploy_is_clean_in_production(tmp_path):
    kek = tmp_path / "kek"
    kek.write_text("k1:" + "A" * 43 + "=\n")
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SAFEREPORT_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **clean,
        "SAFEREPORT_SECRET_KEY": "x" * 20 + "-not-a-real-key-but-long-enough-and-varied-0123456789",
        "SAFEREPORT_KEK_FILE": str(kek),
        "SAFEREPORT_RECEIPT_PEPPER": "p" * 64,
        "SAFEREPORT_ALLOWED_HOSTS": "safereport.example",
        # A host, not this checkout: no demo marker from .local/ (see run_settings).
        "SAFEREPORT_LOCAL_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, capture_output=True, text=True, cwd=settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_null_origin_is_accepted_only_from_the_same_site_and_still_needs_the_token(db):
    client = Client(enforce_csrf_checks=True)
    page = client.get("/staff/sign-in/")
    token = page.context["csrf_token"]
    form = {"username": "nobody", "password": "wrong-password", "csrfmiddlewaretoken": str(token)}
    same_site = client.post("/staff/sign-in/", form, HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="same-origin")
    assert same_site.status_code == 200  # reached the form: wrong password message
    cross_site = client.post("/staff/sign-in/", form, HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="cross-site")
    assert cross_site.status_code == 403
    no_token = client.post(
        "/staff/sign-in/", {"username": "x", "password": "y"}, HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="same-origin"
    )
    assert no_token.status_code == 403


def test_a_checkout_where_the_demo_ran_is_development_without_naming_it(tmp_path):
    (tmp_path / "environment").write_text("development\n")
    result = run_settings(
        {"SAFEREPORT_LOCAL_DIR": str(tmp_path)},
        "from django.conf import settings; print(settings.ENVIRONMENT)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "development"


def test_the_marker_can_only_ever_mean_development(tmp_path):
    (tmp_path / "environment").write_text("test\n")
    result = run_settings({"SAFEREPORT_LOCAL_DIR": str(tmp_path)}, "")
    assert result.returncode != 0
    assert "SAFEREPORT_SECRET_KEY" in result.stderr
