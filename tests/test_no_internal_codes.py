"""No internal code on screen (issue 13 §12).

Every staff page each demo persona reaches by links, and every portal page in
every language (before and after writing to a centre), is rendered; the text a
person sees must hold no snake_case vocabulary token (`no_consent`,
`incident_account`) and, on staff pages, no bare language code (`ar`). Pages
come from crawling links (tests/crawl.py): a new app's pages are included as
soon as they are linked, and the reachability test makes sure they are.
"""

import re

import pytest
from django.test import Client

from config import locales
from conftest import sign_in
from safereport.portal.tests.test_contact_and_return import write_to_centre
from tests.crawl import crawl, parse, prepare_objects
from tests.test_url_access_matrix import PERSONAS

pytestmark = pytest.mark.django_db(databases="__all__")

SNAKE_CASE = re.compile(r"(?<![\w@./:-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w@/-])")
# Language codes that are not also English words ("it" is).
LANGUAGE_CODE = re.compile(r"\b(?:" + "|".join(c for c in locales.LANGUAGE_CODES if c != "it") + r")\b")


def codes_in(html: str, *, staff: bool) -> set[str]:
    """Codes in the visible text; staff usernames (marked `<bdi class="username">`) are names, not codes."""
    text = " ".join(parse(html).text)
    found = set(SNAKE_CASE.findall(text))
    if staff:
        found |= set(LANGUAGE_CODE.findall(text))
    return found


def page_codes(client, *, start: str, staff: bool) -> dict[str, set[str]]:
    shown: dict[str, set[str]] = {}
    for path, _, response in crawl(client, start=start, limit=300):
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            found = codes_in(response.content.decode(), staff=staff)
            if found:
                shown[path] = found
    return shown


def with_words_to_show(world) -> None:
    """A case with help asked for, a language, and a package that holds categories."""
    from safereport.cases.models import Case
    from safereport.consent import services

    case = world.cases["assigned"]
    Case.objects.filter(pk=case.pk).update(help_kinds=["health", "reporting", "not_sure"], preferred_language="ar")
    case.refresh_from_db()
    services.consent_record(
        case=case, categories=["incident_account", "needs_and_support"], purpose="investigation", decision="given",
        understanding="understood", channel="staff", recipient_organisation=world.organisations["police"],
        explained_by=world.staff["doctor"], language="ar",
    )
    services.disclosure_build(case=case, recipient=world.organisations["police"], purpose="investigation", actor=world.staff["doctor"])


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_staff_page_shows_an_internal_code(persona, client, world):
    prepare_objects(world)
    with_words_to_show(world)
    sign_in(client, world.staff[persona])
    shown = page_codes(client, start="/staff/", staff=True)
    assert not shown, "\n".join(f"{path}: {sorted(codes)}" for path, codes in shown.items())


@pytest.mark.parametrize("language", locales.LANGUAGE_CODES)
def test_no_portal_page_shows_an_internal_code(language, world):
    before = Client()
    shown = page_codes(before, start=f"/{language}/", staff=False)
    person = Client()
    write_to_centre(person, world, language=language)
    shown |= page_codes(person, start=f"/{language}/messages/", staff=False)
    shown |= page_codes(person, start=f"/{language}/mine/", staff=False)
    assert not shown, "\n".join(f"{path}: {sorted(codes)}" for path, codes in shown.items())
