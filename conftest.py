"""Shared test set-up: the cast of personas, signed-in clients, and the browser.

The personas are the demo world's people (safereport/demo/world.py says
what each may reach), so the README's demo logins and the tests agree:
  crisis_worker   assigned to the "assigned" case in Ghent
  other_worker    same centre, not assigned (sees new contacts only)
  doctor          clinician, assigned with crisis_worker
  case_manager    sees every Ghent case
  dpo             organisation admin; no case content
  utrecht_worker  another care centre in another country
  police_liaison, ngo_advocate, desk_officer, lawyer, analyst, trainer
"""

import os
import time

os.environ.setdefault("SAFEREPORT_ENV", "test")
# Playwright's sync API runs an event loop; Django's ORM must still be usable
# from the same test (verified workaround, research/stack.md §0.8).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402

# Every log line of the session is searched for codes, tokens, typed text, addresses and user agents.
pytest_plugins = ["tests.log_watch"]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture
def world(db):
    from safereport.demo.world import build_demo_world

    # Staff pages in English: the tests' expectations are written in it (ADR 0036).
    return build_demo_world(staff_languages=False)


def sign_in(client, user, *, verified: bool = True, recently: bool = True):
    """Give a test client a staff session as if the person signed in through the pages."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from safereport.accounts.sessions import REAUTHENTICATED_AT
    from safereport.core.middleware import LAST_SEEN_KEY

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[LAST_SEEN_KEY] = int(time.time())
    if verified:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        if recently:
            session[REAUTHENTICATED_AT] = int(time.time())
    session.save()
    client.cookies["sr_staff"] = session.session_key
    return client


@pytest.fixture
def signed_in(client):
    def _sign_in(user, **kwargs):
        return sign_in(client, user, **kwargs)

    return _sign_in


def current_totp(user) -> str:
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user=user, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():06d}"


# --- browser ---------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium; test tools never download a browser.
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "java_script_enabled": False}


@pytest.fixture
def browser_page_js_off(browser):
    """A page in a fresh context with JavaScript disabled (the default journey)."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def browser_page_js_on(browser):
    context = browser.new_context(java_script_enabled=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def axe_page(browser):
    """JS on and CSP bypassed, only so axe-core can be injected (stack.md §0.7)."""
    context = browser.new_context(java_script_enabled=True, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _each_test_starts_in_english():
    # A portal request in Arabic leaves Arabic active in this thread (Django's
    # LocaleMiddleware activates, nothing deactivates); a later test reading a
    # label would then depend on which test ran before it.
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()
