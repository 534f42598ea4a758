"""System checks: the server refuses to look healthy when it is configured unsafely."""

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

from config import locales


@register(Tags.security, deploy=True)
def check_production_posture(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    if settings.ENVIRONMENT != "production":
        return problems
    if settings.DEBUG:
        problems.append(Error("DEBUG is on in production.", id="safereport.E001"))
    if not settings.SESSION_COOKIE_SECURE or not settings.CSRF_COOKIE_SECURE:
        problems.append(Error("Session and CSRF cookies must be Secure in production.", id="safereport.E002"))
    if settings.SECURE_HSTS_SECONDS < 31536000:
        problems.append(Error("HSTS must last at least a year in production.", id="safereport.E003"))
    return problems


@register(Tags.security)
def check_content_security_policy(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    directives = settings.CONTENT_SECURITY_POLICY.get("DIRECTIVES", {})
    if directives.get("default-src") != ["'none'"]:
        problems.append(Error("CSP default-src must be 'none'.", id="safereport.E010"))
    for name, sources in directives.items():
        for source in sources:
            if source not in {"'self'", "'none'", "data:"}:
                # Any other source is a third-party host or an unsafe keyword.
                problems.append(
                    Error(f"CSP {name} allows {source!r}; only 'self' is permitted.", id="safereport.E011")
                )
    if settings.SECURE_REFERRER_POLICY != "no-referrer":
        problems.append(Error("Referrer-Policy must be no-referrer.", id="safereport.E012"))
    if "safereport.core.csrf.SameOriginCsrfViewMiddleware" not in settings.MIDDLEWARE:
        problems.append(Error("The CSRF middleware is missing.", id="safereport.E014"))
    if "csp.middleware.CSPMiddleware" not in settings.MIDDLEWARE:
        problems.append(Error("The CSP middleware is missing.", id="safereport.E013"))
    return problems


@register(Tags.security)
def check_access_policy_enforced(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    if "safereport.accounts.middleware.AccessPolicyMiddleware" not in settings.MIDDLEWARE:
        return [Error("AccessPolicyMiddleware (deny by default) is not installed.", id="safereport.E020")]
    return []


@register()
def check_locales_consistent(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    codes = [code for code, _ in settings.LANGUAGES]
    if tuple(codes) != locales.LANGUAGE_CODES:
        problems.append(Error("settings.LANGUAGES must come from config/locales.py.", id="safereport.E030"))
    for code in locales.RTL_LANGUAGE_CODES:
        if code not in settings.LANGUAGES_BIDI:
            problems.append(Error(f"{code} is right-to-left but not in LANGUAGES_BIDI.", id="safereport.E031"))
    if settings.ENVIRONMENT == "production" and any(
        h in {"*", ".localhost"} for h in settings.ALLOWED_HOSTS
    ):
        problems.append(Warning("ALLOWED_HOSTS contains a wildcard.", id="safereport.W032"))
    return problems
