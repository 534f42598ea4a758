"""Every staff page each persona reaches is in their language, with no English left (issue 20).

For each staff language and each demo persona, the crawler (tests/crawl.py)
follows links from the start page with the persona's organisation speaking
that language. Every page is rendered twice, in that language and in English;
a piece of visible text that reads the same in both and holds a word of
MIN_LETTERS letters or more is an untranslated string, unless it is data
(organisation, partner and staff names; codes, numbers, dates) or one of the
few words that are the same in both languages (ALLOWED).
"""

import re
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest

from config import locales
from conftest import sign_in
from tests.crawl import crawl, parse, prepare_objects
from tests.test_no_internal_codes import with_words_to_show
from tests.test_url_access_matrix import PERSONAS

pytestmark = pytest.mark.django_db(databases="__all__")

MIN_LETTERS = 4
# A word with a small letter: codes (case codes, seal numbers) are capitals and digits.
WORD = re.compile(r"(?=[^\W\d_]*[a-z])[^\W\d_]{" + str(MIN_LETTERS) + ",}")
DOTTED = re.compile(r"\b\w+(?:\.\w+)+\b")
# Object ids shown as references (a package's id): hexadecimal, not words.
UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")
# Pages printed for the person are in the person's language, not the reader's.
FOR_THE_PERSON = {"cases:summary", "evidence:retention_notice"}
# The navigator's professional detail quotes the legal research as transcribed (English
# sources, statute names, citations): data, checked by the navigator's own data tests.
QUOTED_RESEARCH = ("navigator_staff:",)
# Pages whose app has not marked its strings yet. Remove an entry once it is done
# (the statistics app's were marked in issue 20's second pass).
NOT_YET_MARKED: tuple[str, ...] = ()
# Words and texts spelled the same in English and the staff language, and names.
ALLOWED = {
    "all": {"SafeReport", "Status", "Code", "Interpreter", "Start", "Inbox", "Detail", "Partner", "Reference",
            "Package", "Ground", "Verdict", "Mechanism", "Confidence", "PDF", "CSV", "TOTP", "GDPR", "FreeOTP",
            "Aegis", "Google Authenticator", "English", "Nederlands", "Français", "Español", "Italiano", "demo"},
    "nl": {"Start", "Status", "Code", "Inbox", "Partner", "Later", "Land", "Naam", "Details", "Tolk", "Tigrinya", "Trainer",
           "Procedure", "Procedures", "Document", "Scenario", "Flyer"},
    "fr": {"Date", "Code", "Type", "Transport", "Conversation", "Option", "Organisation", "Sources", "Source",
           "Conditions", "Personnel", "Client", "Suspect", "Total", "Document", "Documents", "Police"},
    "es": {"Total"},
    # Italian "Procedure" is the plural of "Procedura" (the English page's singular heading).
    "it": {"Partner", "Password", "Username", "Ok", "Email", "Status", "Scenario", "Procedure"},
}


def data_names():
    """Names that are data, not interface: organisations, their names shown to people, staff."""
    from safereport.accounts.models import Organisation, StaffUser
    from safereport.evidence.models import StorageLocation
    from safereport.partners.models import Partnership

    names = set(Organisation.objects.values_list("name", flat=True)) | set(StaffUser.objects.values_list("username", flat=True))
    names |= set(StorageLocation.objects.values_list("name", flat=True))
    for public_names in Partnership.objects.values_list("public_names", flat=True):
        names |= set((public_names or {}).values())
    names |= relief_names()
    return names


def relief_names() -> set[str]:
    """Certifying agencies (a directory of names and regions) and what data/relief quotes as cited:
    legal sources, statute names (certification laws) and source addresses. Procedure, step, clock
    and document names and actors have nl fr es it drafts now (ADR 0036), so they are not data
    here: an English one left on a staff page is a finding. An agency's name shortened on a chart
    (truncatechars:30) is the same name."""
    import tomllib

    from safereport.datafiles import DATA_DIR
    from safereport.relief.models import CertifyingAgency

    names: set[str] = set()
    for name, region in CertifyingAgency.objects.values_list("name", "region"):
        names |= {name, name[:29] + "…", region} - {""}

    cited = {"legal_source", "region", "sources"}

    def strings(value: object, key: str = "") -> Iterator[str]:
        if isinstance(value, str) and key in cited and ((" " in value and len(value) >= 8) or key == "region"):
            yield value
            yield DOTTED.sub(" ", value)  # as english_left sees it (P.A. 102-0401)
        elif isinstance(value, dict):
            for item_key, item in value.items():
                yield from strings(item, item_key)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item, key)

    for path in sorted((DATA_DIR / "relief").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        names |= set(strings(data))
        # Statute names: the law's own title, in its own language (English for these US laws).
        for law in data.get("certification_law", []):
            names |= set(strings(law["name"]["en"], "legal_source"))
    return names


def english_left(text_in_language: list[str], text_in_english: list[str], *, language: str, names: set[str]) -> set[str]:
    allowed = ALLOWED["all"] | ALLOWED.get(language, set())
    english = set(text_in_english)
    left = set()
    for text in set(text_in_language) & english:
        # Dotted names (cases.Encounter.notes_sealed) are where data is kept: codes, not words.
        remainder = UUID.sub(" ", DOTTED.sub(" ", text))
        for name in sorted(names | allowed, key=len, reverse=True):
            remainder = remainder.replace(name, " ")
        if WORD.search(remainder):
            left.add(text)
    return left


class _InPageLanguage(HTMLParser):
    """Visible text outside elements that declare another language (`lang`): an English
    source quoted beside its draft on the reviewer's page is data, not interface."""

    HIDDEN = {"script", "style", "template"}

    def __init__(self, language: str) -> None:
        super().__init__(convert_charrefs=True)
        self.language = language
        self.text: list[str] = []
        self._stack: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        lang = dict(attrs).get("lang")
        other = tag in self.HIDDEN or (lang is not None and tag != "html" and lang != self.language)
        self._stack.append((tag, other))

    def handle_endtag(self, tag):
        while self._stack:
            if self._stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if data.strip() and not any(other for _, other in self._stack):
            self.text.append(data.strip())


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def visible_text(response, language: str) -> list[str]:
    names = set(parse(response.content.decode()).names)
    page = _InPageLanguage(language)
    page.feed(response.content.decode())
    return [text for text in page.text if text not in names]


def untranslated_on_pages(client, user, *, language: str) -> dict[str, set[str]]:
    from safereport.accounts.models import StaffUser

    names = data_names()
    found: dict[str, set[str]] = {}
    StaffUser.objects.filter(pk=user.pk).update(language=language)
    for path, name, response in list(crawl(client, limit=300)):
        if name in FOR_THE_PERSON or (name or "").startswith(QUOTED_RESEARCH + NOT_YET_MARKED):
            continue
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        assert response["Content-Language"] == language, path
        StaffUser.objects.filter(pk=user.pk).update(language="en")
        in_english = client.get(path)
        StaffUser.objects.filter(pk=user.pk).update(language=language)
        if in_english.status_code != 200:
            continue
        left = english_left(
            visible_text(response, language), visible_text(in_english, "en"), language=language, names=names
        )
        if left:
            found[path] = left
    return found


STAFF_LANGUAGES = [code for code in locales.STAFF_LANGUAGE_CODES if code != locales.DEFAULT_LOCALE]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("language", STAFF_LANGUAGES)
def test_no_english_is_left_on_any_staff_page(language, persona, client, world):
    from safereport.accounts.models import Organisation

    prepare_objects(world)
    with_words_to_show(world)
    Organisation.objects.update(language=language)
    sign_in(client, world.staff[persona])
    found = untranslated_on_pages(client, world.staff[persona], language=language)
    assert not found, "\n".join(f"{path}: {sorted(texts)}" for path, texts in found.items())
