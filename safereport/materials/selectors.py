"""Posters, flyers and wallet cards for a centre, in every language (docs/adr/0034).

Everything printed comes from the data files: the content library's key
messages (care without conditions, you decide, what this centre is), the
centre's card (phone, hours) from data/content/jurisdictions.toml, and a few
framing words from the interface catalogue. Nothing here reads the database,
so a centre can print its set before its organisation exists in a deployment.

Each sheet knows which of its texts are draft translations, and says so: on
the sheet itself (posters, flyers, wallet cards), and for the "safe to carry"
card, which must read as harmless, in the PDF's metadata and on the staff
catalogue only.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext, gettext_noop

from config.locales import LANGUAGE_CODES, LOCALES_BY_CODE, NEEDS_REVIEW
from safereport.content import selectors as content
from safereport.content.selectors import CentreCard, MessageNotApplicable

CSS_FILE = Path(__file__).parent / "static" / "materials" / "sheet.css"

# The key messages a sheet carries, in this order (seed §6.1: care without
# conditions, no need to report, what the centre is and promises).
MESSAGE_SLUGS = ("care-without-conditions", "your-choice", "about-this-centre")


@dataclass(frozen=True)
class Kind:
    key: str
    # Staff-facing name on the catalogue (English here; materials_tags.kind_name says it in the reader's language).
    name: str
    page_size: str
    # How much of each key message fits: "full" (title and first lines) or "titles".
    detail: str
    safe_to_carry: bool = False


KINDS: tuple[Kind, ...] = (
    Kind("poster-a3", "Poster, A3", "A3", "full"),
    Kind("poster-a4", "Poster, A4", "A4", "full"),
    Kind("flyer-a5", "Flyer, A5", "A5", "full"),
    Kind("wallet-card", "Wallet card (85 × 55 mm)", "85mm 55mm", "titles"),
    Kind("safe-card", "Safe-to-carry card (85 × 55 mm): no service named", "85mm 55mm", "none", safe_to_carry=True),
)
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}


class UnknownCentre(LookupError):
    """No centre of this name may be printed (not in the data files, or unverified in production)."""


@dataclass(frozen=True)
class PrintedMessage:
    slug: str
    title: str
    lines: tuple[str, ...]
    language: str
    draft_translation: bool
    english_title: str  # how staff, who read English on their side, know the message


@dataclass(frozen=True)
class Sheet:
    """One printed file: a kind of sheet for one centre in one language."""

    kind: Kind
    language: str
    direction: str  # "rtl" | "ltr"
    centre: CentreCard
    messages: tuple[PrintedMessage, ...]
    portal_url: str
    qr_target: str
    qr_svg: str
    # The framing words (interface catalogue), in the sheet's language.
    words: dict[str, str]
    # What is a draft translation here, in the sheet's language and in English (for staff).
    draft_titles: tuple[str, ...]
    words_are_draft: bool

    @property
    def has_drafts(self) -> bool:
        return bool(self.draft_titles) or self.words_are_draft

    @property
    def draft_note(self) -> str:
        return self.words.get("draft_note", "")

    @property
    def filename(self) -> str:
        return f"{slugify(self.centre.name)}-{self.kind.key}-{self.language}.pdf"

    def drafts_in_english(self) -> str:
        """The staff catalogue's and the PDF metadata's account of what is draft."""
        parts = [f"“{m.english_title}”" for m in self.messages if m.draft_translation and self.kind.detail != "none"]
        if self.words_are_draft:
            parts.append("the other words on the sheet")
        return "Draft translations: " + ", ".join(parts) + "." if parts else "No draft translation."

    def drafts(self) -> tuple[tuple[str, ...], bool]:
        """What is draft, for the staff catalogue to say in its reader's language (materials_tags):
        the English titles of the draft key messages, and whether the other words are draft."""
        titles = tuple(m.english_title for m in self.messages if m.draft_translation and self.kind.detail != "none")
        return titles, self.words_are_draft


def portal_url_for(language: str, *, portal_url: str | None = None) -> str:
    base = (portal_url if portal_url is not None else settings.PORTAL_PUBLIC_URL).rstrip("/")
    if not base:
        raise ValueError("The portal's public address is not set (SAFEREPORT_PORTAL_URL, or --portal-url).")
    return f"{base}/{language}/"


def centre_get(name: str, *, language: str = "en") -> tuple[str, CentreCard]:
    """The centre's jurisdiction and card; demo centres only outside production."""
    for code, jurisdiction in content.library().jurisdictions.items():
        for centre in jurisdiction.centres:
            if centre.name != name:
                continue
            cards = content.centre_cards_in(
                jurisdiction=code, language=language, include_demo=not settings.IS_PRODUCTION
            )
            for card in cards:
                if card.name == name:
                    return code, card
    raise UnknownCentre(name)


def printable_centres() -> list[str]:
    """Every centre a set may be made for here."""
    names = []
    for code in content.library().jurisdictions:
        names += [
            card.name
            for card in content.centre_cards_in(jurisdiction=code, language="en", include_demo=not settings.IS_PRODUCTION)
        ]
    return names


def _lines(body: str) -> tuple[str, ...]:
    """The body's opening lines, up to a list's introduction ("We can:"): a list cut short reads wrong."""
    out: list[str] = []
    for raw in body.strip().splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.endswith((":", "：")) or line.startswith("-"):
            break
        out.append(line)
    return tuple(out)


def _printed_messages(language: str, jurisdiction: str) -> tuple[PrintedMessage, ...]:
    out = []
    for slug in MESSAGE_SLUGS:
        try:
            message = content.message_get(slug=slug, language=language, jurisdiction=jurisdiction)
        except MessageNotApplicable:
            continue
        body = message.sections[0].body if message.sections else ""
        out.append(
            PrintedMessage(
                slug=slug,
                title=message.title,
                # The first two lines: a poster is read in passing, the portal says the rest.
                lines=_lines(body)[:2],
                language=message.language,
                draft_translation=message.needs_professional_review,
                english_title=content.message_get(slug=slug, language="en", jurisdiction=jurisdiction).title,
            )
        )
    return tuple(out)


# Framing words, marked for the catalogues here and translated in locale/.
_WORDS = {
    "call": gettext_noop("Call the centre"),
    "write": gettext_noop("Write to us"),
    "anonymous": gettext_noop("You do not have to give your name. You do not have to go to the police."),
    "safe_phrase": gettext_noop("Appointments"),
    "safe_line": gettext_noop("Call to make an appointment."),
}


def _words(sheet_language: str, *, draft_titles: tuple[str, ...], words_are_draft: bool) -> dict[str, str]:
    with translation.override(sheet_language):
        words = {key: gettext(text) for key, text in _WORDS.items()}
        if draft_titles:
            words["draft_note"] = gettext(
                "Draft translation, not yet checked by a professional translator: %(texts)s."
            ) % {"texts": "; ".join(draft_titles)}
        elif words_are_draft:
            words["draft_note"] = gettext(
                "The words on this page are a draft translation, not yet checked by a professional translator."
            )
    return words


def sheet_get(*, centre: str, kind: str, language: str, portal_url: str | None = None) -> Sheet:
    """One sheet, ready to render. UnknownCentre, KeyError (kind) or ValueError (language, portal address)."""
    if language not in LANGUAGE_CODES:
        raise ValueError(f"not a language of SafeReport: {language!r}")
    the_kind = KINDS_BY_KEY[kind]
    jurisdiction, card = centre_get(centre, language=language)
    locale = LOCALES_BY_CODE[language]
    messages = _printed_messages(language, jurisdiction) if the_kind.detail != "none" else ()
    url = portal_url_for(language, portal_url=portal_url)
    qr_target = card.tel if the_kind.safe_to_carry else url
    words_are_draft = locale.ui_translation_status == NEEDS_REVIEW
    draft_titles = tuple(m.title for m in messages if m.draft_translation)
    if words_are_draft and draft_titles:
        with translation.override(language):
            draft_titles += (gettext("the other words on this page"),)
    return Sheet(
        kind=the_kind,
        language=language,
        direction="rtl" if locale.bidi else "ltr",
        centre=card,
        messages=messages,
        portal_url=url,
        qr_target=qr_target,
        qr_svg=_qr_svg(qr_target),
        words=_words(language, draft_titles=draft_titles, words_are_draft=words_are_draft),
        draft_titles=draft_titles,
        words_are_draft=words_are_draft,
    )


def _qr_svg(target: str) -> str:
    """An inline SVG QR code (segno), sized by the stylesheet; error correction M survives a crease."""
    code = segno.make(target, error="m", micro=False)
    svg: str = code.svg_inline(scale=1, border=4, omitsize=True, dark="#000", light="#fff")
    return svg


def sheets_for(*, centre: str, languages: tuple[str, ...] = LANGUAGE_CODES, portal_url: str | None = None) -> Iterator[Sheet]:
    for language in languages:
        for kind in KINDS:
            yield sheet_get(centre=centre, kind=kind.key, language=language, portal_url=portal_url)


@dataclass(frozen=True)
class CatalogueRow:
    language: str
    endonym: str
    english_name: str
    direction: str
    # (kind, what is draft: see Sheet.drafts) per kind, in KINDS order.
    files: tuple[tuple[Kind, tuple[tuple[str, ...], bool]], ...]


def catalogue_for(*, centre: str) -> dict[str, object]:
    """What the staff catalogue shows: every kind × language, and what in each is draft."""
    try:
        _jurisdiction, card = centre_get(centre)
    except UnknownCentre:
        return {"centre": None, "centre_name": centre, "rows": [], "kinds": KINDS, "problem": "no_card"}
    if not settings.PORTAL_PUBLIC_URL:
        return {"centre": card, "centre_name": centre, "rows": [], "kinds": KINDS, "problem": "no_portal_url"}
    rows = []
    for code in LANGUAGE_CODES:
        locale = LOCALES_BY_CODE[code]
        files = tuple(
            (kind, sheet_get(centre=centre, kind=kind.key, language=code).drafts()) for kind in KINDS
        )
        rows.append(CatalogueRow(code, locale.endonym, locale.english_name, "rtl" if locale.bidi else "ltr", files))
    return {"centre": card, "centre_name": centre, "rows": rows, "kinds": KINDS, "problem": "",
            "portal_url": settings.PORTAL_PUBLIC_URL}


def render_pdf(sheet: Sheet) -> bytes:
    """The sheet as a PDF: WeasyPrint, the fonts installed on the machine (Noto for
    Arabic, Persian and Tigrinya), nothing fetched from anywhere."""
    from weasyprint import CSS, HTML

    html = render_to_string("materials/sheet.html", {"sheet": sheet})

    def no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
        raise ValueError(f"materials fetch nothing: {url}")

    pdf: bytes = HTML(string=html, url_fetcher=no_fetch).write_pdf(
        stylesheets=[CSS(string=CSS_FILE.read_text(encoding="utf-8"))]
    )
    return pdf


@lru_cache(maxsize=256)
def sheet_pdf(*, centre: str, kind: str, language: str, portal_url: str) -> tuple[str, bytes]:
    """(file name, PDF) of one sheet, kept for the life of the process: the data files
    do not change under a running server, and a catalogue page links 45 of them."""
    sheet = sheet_get(centre=centre, kind=kind, language=language, portal_url=portal_url)
    return sheet.filename, render_pdf(sheet)


def set_write(*, centre: str, directory: Path, languages: tuple[str, ...] = LANGUAGE_CODES, portal_url: str | None = None) -> list[Path]:
    """Writes a centre's full set (every kind × language) and a list of what is draft."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    notes = [f"Materials for {centre}. Every file, and what in it is a draft translation:", ""]
    for sheet in sheets_for(centre=centre, languages=languages, portal_url=portal_url):
        path = directory / sheet.filename
        path.write_bytes(render_pdf(sheet))
        written.append(path)
        notes.append(f"{sheet.filename}: {sheet.drafts_in_english()}")
    (directory / "DRAFTS.txt").write_text("\n".join(notes) + "\n", encoding="utf-8")
    return written
