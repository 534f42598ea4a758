"""What may reach a log line: no client address or user agent, no Origin or Referer, no secret in a path.

* `RedactClientData` (a logging filter, on the handlers and on the loggers that
  carry requests, see config/settings.py LOGGING) drops the request Django
  attaches to error records, writes paths with their secrets redacted, and
  removes the Origin and Referer values Django's CSRF check prints.
* `AccessLogger` is gunicorn's logger class (config/gunicorn.conf.py): an
  access line is built from a fixed list of harmless fields, with the path
  redacted, whatever the format asks for; its error log is redacted too.
* A path carries a secret where its route says so with the `secret` path
  converter (`join/<secret:token>/`, a one-time invitation). `redact_path()`
  finds those routes in both URL configurations, so a new secret route is
  redacted by declaring it; tests/test_no_addresses_in_logs.py fails on a
  route parameter that is neither a secret nor of a harmless kind.
"""

import functools
import logging
import re
from typing import Any

from django.urls.converters import StringConverter
from gunicorn.glogging import Logger as GunicornLogger

REDACTED = "[redacted]"
# What a secret segment looks like inside running text (a log message): up to
# the next slash, space, quote, query or fragment.
_SEGMENT = r"[^/\s?#\"']+"
# Origin and Referer values are URLs; Django's CSRF reasons print them.
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://\S*")


class SecretConverter(StringConverter):
    """A path segment that is a secret (registered as "secret" by core's AppConfig)."""


def _route_regex(pattern: Any) -> str:
    from django.urls.resolvers import LocalePrefixPattern

    if isinstance(pattern, LocalePrefixPattern):
        return "[^/]+/"  # any language prefix
    return str(pattern.regex.pattern).removeprefix("^").removesuffix(r"\Z")


def _secret_routes(urlconf: str) -> list[tuple[re.Pattern[str], tuple[str, ...]]]:
    """(regex matching the path up to its last secret, names of the secret groups) per secret route."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found: list[tuple[re.Pattern[str], tuple[str, ...]]] = []

    def walk(entries: Any, prefix: str) -> None:
        for entry in entries:
            regex = prefix + _route_regex(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, regex)
            elif isinstance(entry, URLPattern):
                secrets = [
                    (name, converter)
                    for name, converter in getattr(entry.pattern, "converters", {}).items()
                    if isinstance(converter, SecretConverter)
                ]
                if not secrets:
                    continue
                end = 0
                for name, converter in secrets:
                    group = f"(?P<{name}>{converter.regex})"
                    start = regex.index(group)
                    regex = regex[:start] + f"(?P<{name}>{_SEGMENT})" + regex[start + len(group) :]
                    end = max(end, start + len(f"(?P<{name}>{_SEGMENT})"))
                # Up to the secret only: a near miss (no trailing slash, a typo after it) is redacted too.
                found.append((re.compile("/" + regex[:end]), tuple(name for name, _ in secrets)))

    walk(get_resolver(urlconf).url_patterns, "")
    return found


@functools.cache
def _all_secret_routes() -> tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]:
    from django.conf import settings

    return tuple(
        route for urlconf in (settings.STAFF_URLCONF, settings.PORTAL_URLCONF) for route in _secret_routes(urlconf)
    )


def _known() -> bool:
    # Which paths hold secrets is known once Django has loaded (a gunicorn
    # worker loads the application before it serves a request).
    from django.apps import apps

    return apps.ready


# A record's id in a path (a case, a kit): the route template says which kind; the id is not logged (ADR 0032).
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
ID = "[id]"


def redact_text(text: str) -> str:
    """`text` with every secret a route declares replaced by [redacted], wherever its path appears, and ids by [id]."""
    text = _UUID.sub(ID, text)
    if not _known():
        return text  # before Django loads, no request has been seen
    for regex, names in _all_secret_routes():

        def replace(match: re.Match[str], names: tuple[str, ...] = names) -> str:
            found, start = [], match.start()
            for name in names:
                found.append(match.string[start : match.start(name)] + REDACTED)
                start = match.end(name)
            return "".join(found) + match.string[start : match.end()]

        text = regex.sub(replace, text)
    return text


def redact_path(path: str) -> str:
    if not _known():
        return REDACTED  # never write out a path whose secrets cannot be told apart
    return redact_text(path)


def _redact_arg(value: object) -> object:
    return redact_text(value) if isinstance(value, str) else value


class RedactClientData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if request is not None:
            # Django attaches the request to error records; formatters and
            # handlers (e.g. AdminEmailHandler) would print META from it.
            record.request = None
            record.request_path = redact_path(getattr(request, "path", ""))
        args: Any = record.args
        if record.name == "django.security.csrf" and isinstance(args, tuple) and args:
            # "Origin checking failed - https://… does not match …": the value is the client's.
            args = (_URL.sub("(withheld)", str(args[0])), *args[1:])
        if isinstance(args, tuple):
            record.args = tuple(_redact_arg(a) for a in args)
        elif isinstance(args, dict):
            record.args = {key: _redact_arg(value) for key, value in args.items()}
        if isinstance(record.msg, str):
            record.msg = redact_text(record.msg)
        return True


class AccessLogger(GunicornLogger):  # type: ignore[misc]  # gunicorn ships no type information
    """gunicorn's logger: access lines from a fixed list of fields, paths redacted, error lines redacted."""

    # Request method, path, protocol, status, size, duration: nothing about the client.
    SAFE_ATOMS = frozenset({"m", "U", "H", "s", "b", "B", "T", "D", "M", "L", "p", "t"})

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        if not any(isinstance(f, RedactClientData) for f in self.error_log.filters):
            self.error_log.addFilter(RedactClientData())

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        everything = super().atoms(resp, req, environ, request_time)
        kept = {key: value for key, value in everything.items() if key in self.SAFE_ATOMS}
        kept["U"] = redact_path(str(everything.get("U") or ""))
        # The request line without its query string, which may carry anything.
        kept["r"] = f"{everything.get('m')} {kept['U']} {everything.get('H')}"
        return kept


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, and the record's `fields` if any.

    The request log (safereport.ops.middleware) passes its fields this way;
    every other record keeps only its (already redacted) message. No request,
    no exception locals: a traceback is kept as text, its paths redacted.
    """

    def format(self, record: logging.LogRecord) -> str:
        import json
        from datetime import UTC, datetime

        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            entry.update(fields)
        if record.exc_info:
            entry["error"] = redact_text(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)
