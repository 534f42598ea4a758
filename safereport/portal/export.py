"""A static mirror of the portal's public pages (docs/adr/0034).

`safereport export-static DIR` renders every page a person can read without
writing anything — the language page, each language's start page, every
information page (the rights information texts among them) and the "help
now" page — through the portal's own views, middleware and templates, and
writes them as plain files:

    DIR/index.html                       the language page
    DIR/<lang>/index.html                the start page
    DIR/<lang>/about/<slug>/index.html   each information page
    DIR/<lang>/help-now/index.html
    DIR/static/portal/...                the stylesheet and the quick-exit script

Links between exported pages become relative (so the folder works from any
web server, an onion service or a USB stick opened as files); everything that
needs the server — writing to a centre, coming back with a code, one's own
data, the rights questions — points to the live portal at the address given.
Quick exit goes straight to the language's neutral site: the mirror sets no
cookie and keeps nothing to clear. No page of the mirror has a form; the
export fails if one ever does.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client, override_settings
from django.utils.translation import check_for_language

from config.locales import DEFAULT_LOCALE, LANGUAGE_CODES, LOCALES_BY_CODE
from safereport.content import selectors as content

LINK = re.compile(r'(?P<attr>\b(?:href|src|action))="(?P<url>[^"]*)"')


class ExportProblem(RuntimeError):
    """A page could not be mirrored as it is (it failed, or it holds a form)."""


@dataclass(frozen=True)
class Exported:
    pages: tuple[str, ...]
    assets: tuple[str, ...]
    directory: Path


def page_paths(languages: tuple[str, ...] = LANGUAGE_CODES) -> list[str]:
    """Every public page the mirror holds, as the live portal's paths."""
    paths = ["/"]
    for language in languages:
        paths += [f"/{language}/", f"/{language}/help-now/"]
        paths += [
            f"/{language}/about/{message.slug}/"
            for message in content.key_messages_for(language=language, jurisdiction=settings.DEFAULT_JURISDICTION)
        ]
        for slug in ("get-help-now", "crisis-numbers"):  # the help pages link to these too
            path = f"/{language}/about/{slug}/"
            if path not in paths:
                try:
                    content.message_get(slug=slug, language=language, jurisdiction=settings.DEFAULT_JURISDICTION)
                except (content.UnknownMessage, content.MessageNotApplicable):
                    continue
                paths.append(path)
    return paths


def file_for(path: str) -> PurePosixPath:
    """/en/about/first-visit/ → en/about/first-visit/index.html; static files keep their path."""
    if path.startswith(settings.STATIC_URL):
        return PurePosixPath("static") / path[len(settings.STATIC_URL):]
    return PurePosixPath(path.strip("/")) / "index.html" if path.strip("/") else PurePosixPath("index.html")


def _relative(target: PurePosixPath, page: PurePosixPath) -> str:
    return os.path.relpath(str(target), start=str(page.parent) if str(page.parent) != "." else ".").replace(os.sep, "/")


def _rewrite(html: str, *, page: PurePosixPath, exported: set[str], portal_url: str, assets: set[str]) -> str:
    def replace(match: re.Match[str]) -> str:
        attr, url = match.group("attr"), match.group("url")
        if not url.startswith("/") or url.startswith("//"):
            return match.group(0)  # tel:, #fragments, and any absolute address stay as they are
        parts = urlsplit(url)
        if parts.path == "/leave":
            language = parse_qs(parts.query).get("l", [DEFAULT_LOCALE])[0]
            locale = LOCALES_BY_CODE.get(language, LOCALES_BY_CODE[DEFAULT_LOCALE])
            return f'{attr}="{locale.neutral_exit_url}"'
        if parts.path.startswith(settings.STATIC_URL):
            assets.add(parts.path)
            return f'{attr}="{_relative(file_for(parts.path), page)}"'
        if parts.path in exported and not parts.query:
            return f'{attr}="{_relative(file_for(parts.path), page)}"'
        return f'{attr}="{portal_url}{url}"'

    return LINK.sub(replace, html)


def export_static(directory: Path, *, portal_url: str | None = None, languages: tuple[str, ...] = LANGUAGE_CODES) -> Exported:
    """Writes the mirror into `directory` (emptied first if it holds an earlier export)."""
    live = (portal_url if portal_url is not None else settings.PORTAL_PUBLIC_URL).rstrip("/")
    if not live:
        raise ExportProblem("The live portal's address is not set (SAFEREPORT_PORTAL_URL, or --portal-url).")
    _require_compiled_catalogues(languages)
    if directory.exists() and (directory / "index.html").exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = page_paths(languages)
    exported = set(paths)
    assets: set[str] = set()
    # The portal's own pipeline, in this process, on the portal's host: what a visitor would get.
    with override_settings(ALLOWED_HOSTS=["testserver"], SECURE_SSL_REDIRECT=False, STAFF_HOSTS=[]):
        client = Client()
        for path in paths:
            response = client.get(path)
            if response.status_code != 200:
                raise ExportProblem(f"{path} answered {response.status_code}")
            if response.cookies:
                raise ExportProblem(f"{path} set a cookie; the mirror sets none")
            html = response.content.decode("utf-8")
            if "<form" in html:
                raise ExportProblem(f"{path} holds a form; a mirror cannot answer it")
            page = file_for(path)
            target = directory / page
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(
                _rewrite(html, page=page, exported=exported, portal_url=live, assets=assets), encoding="utf-8"
            )
        for asset in sorted(assets):
            target = directory / file_for(asset)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_asset_bytes(client, asset))
    return Exported(tuple(paths), tuple(sorted(assets)), directory)


def _require_compiled_catalogues(languages: tuple[str, ...]) -> None:
    """Django answers 404 for a language prefix it has no compiled catalogue for.

    Django ships catalogues for English, French, Arabic and the others, but not
    for Tigrinya: without our own compiled locale/ti/…/django.mo, /ti/ is "not
    found". The .mo files are build output (compilemessages, as the image
    does), so a fresh checkout lacks them; say so instead of "/ti/ answered 404".
    """
    missing = [code for code in languages if not check_for_language(code)]
    if missing:
        names = ", ".join(f"{LOCALES_BY_CODE[code].english_name} ({code})" for code in missing)
        raise ExportProblem(
            f"No compiled interface translations for {names}: run `safereport compilemessages --ignore=.venv` first."
        )


def _asset_bytes(client: Client, url: str) -> bytes:
    response = client.get(url)
    if response.status_code == 200:
        return b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]  # FileResponse from WhiteNoise streams
    found = finders.find(url[len(settings.STATIC_URL):])
    if not found:
        raise ExportProblem(f"{url} is not a static file of the portal")
    return Path(str(found)).read_bytes()
