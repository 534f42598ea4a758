"""What the portal and case work call to read the information library.

Every function is a pure read of the data files (cached once per process).
Nothing here knows about requests, organisations or cases: the caller passes
the language, the jurisdiction and the centre's adopted policies, so
`content` depends on no other domain (STYLE.md).

Honesty rule (DESIGN.md §3.10): a `law` message is returned only for a
jurisdiction one of its variants names explicitly; a `centre_policy` message
only when the centre has adopted that policy. Nothing falls back across
jurisdictions for a legal claim.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings

from config.locales import DEFAULT_LOCALE, LANGUAGE_CODES
from safereport.core import catalogues
from safereport.datafiles import in_language, normalise_language

from .loader import (
    ANY_JURISDICTION,
    CentrePolicy,
    CrisisNumber,
    Jurisdiction,
    Library,
    Message,
    Section,
    Source,
    load_library,
)


class UnknownMessage(LookupError):
    """No message has this slug (retired or never existed)."""


class MessageNotApplicable(LookupError):
    """The message exists but must not be shown here (jurisdiction or centre policy)."""


@dataclass(frozen=True)
class KeyMessage:
    """One key message, ready to show, in one language, for one jurisdiction."""

    slug: str
    variant: str
    kind: str  # "centre_policy" | "law" | "information"
    topic: str
    order: int
    jurisdiction: str
    requested_language: str
    language: str  # the language of `title` and `sections`
    is_fallback: bool  # True: the requested language was missing, English shown
    text_direction: str  # "rtl" | "ltr", for <section lang dir>
    title: str
    sections: tuple[Section, ...]
    review_status: str  # "reviewed" only if the current words were reviewed
    needs_professional_review: bool
    legal_claim: bool
    sources: tuple[Source, ...]
    last_checked: dt.date | None
    legal_review_status: str
    policy: str | None
    digest: str  # sha256 of the shown words

    @property
    def reference(self) -> str:
        """Stable record of exactly what was shown or given, for case work.

        e.g. "evidence-kept-while-you-decide@BE:fa#3f2a…" — slug, variant,
        language and the first 12 hex digits of the text digest.
        """
        return f"{self.slug}@{self.variant}:{self.language}#{self.digest[:12]}"


@lru_cache(maxsize=1)
def library() -> Library:
    return load_library()


def reload() -> Library:
    """Forget the cached library (tests, or after editing data in a shell)."""
    library.cache_clear()
    return library()


def _jurisdiction(code: str | None) -> str:
    return (code or settings.DEFAULT_JURISDICTION).upper()


def _language(code: str) -> str:
    """Accept "fr-be" or "FR"; unknown languages are served in English (flagged)."""
    return normalise_language(code)


def default_centre_policies() -> frozenset[str]:
    return frozenset(p.key for p in library().policies.values() if p.default)


def centre_policies() -> tuple[CentrePolicy, ...]:
    """The catalogue an organisation's settings choose from (staff-facing English)."""
    return tuple(library().policies.values())


def message_slugs() -> tuple[str, ...]:
    """Every active slug in display order: the key-message checklist for case work."""
    return tuple(library().messages)


def _build(message: Message, *, language: str, jurisdiction: str) -> KeyMessage:
    variant = message.variant_for(jurisdiction)
    if variant is None:
        raise MessageNotApplicable(f"{message.slug!r} does not apply in {jurisdiction}")
    found = in_language(variant.texts, language)
    text = found.value
    return KeyMessage(
        slug=message.slug,
        variant=variant.id,
        kind=message.kind,
        topic=message.topic,
        order=message.order,
        jurisdiction=jurisdiction,
        requested_language=language,
        language=text.language,
        is_fallback=found.is_fallback,
        text_direction=found.direction,
        title=text.title,
        sections=text.sections,
        review_status="reviewed" if text.is_reviewed else "draft",
        needs_professional_review=text.needs_professional_review
        or (text.language != DEFAULT_LOCALE and not text.is_reviewed),
        legal_claim=variant.legal_claim,
        sources=variant.sources,
        last_checked=variant.last_checked,
        legal_review_status=variant.legal_review_status,
        policy=message.policy,
        digest=text.digest,
    )


def _allowed(message: Message, policies: frozenset[str]) -> bool:
    return message.kind != "centre_policy" or message.policy in policies


def message_get(
    *,
    slug: str,
    language: str,
    jurisdiction: str | None = None,
    centre_policies: Iterable[str] | None = None,
) -> KeyMessage:
    """One key message, or MessageNotApplicable / UnknownMessage.

    `centre_policies`: the policy keys the centre has adopted (None: the
    catalogue defaults). English is served, with `is_fallback=True`, when the
    requested language has no text.
    """
    message = library().messages.get(slug)
    if message is None:
        raise UnknownMessage(slug)
    policies = default_centre_policies() if centre_policies is None else frozenset(centre_policies)
    if not _allowed(message, policies):
        raise MessageNotApplicable(f"{slug!r} is a policy this centre has not adopted")
    return _build(message, language=_language(language), jurisdiction=_jurisdiction(jurisdiction))


def key_messages_for(
    *,
    language: str,
    jurisdiction: str | None = None,
    centre_policies: Iterable[str] | None = None,
    kind: str | None = None,
) -> list[KeyMessage]:
    """Every key message that may be shown here, in display order."""
    policies = default_centre_policies() if centre_policies is None else frozenset(centre_policies)
    code = _jurisdiction(jurisdiction)
    lang = _language(language)
    out = []
    for message in library().messages.values():
        if kind is not None and message.kind != kind:
            continue
        if not _allowed(message, policies) or message.variant_for(code) is None:
            continue
        out.append(_build(message, language=lang, jurisdiction=code))
    return out


def jurisdiction_get(code: str | None = None) -> Jurisdiction | None:
    return library().jurisdictions.get(_jurisdiction(code))


@dataclass(frozen=True)
class CrisisLine:
    id: str
    number: str
    label: str
    label_language: str
    is_fallback: bool
    hours: str
    verified: bool
    sources: tuple[Source, ...]
    police: bool = False

    @property
    def tel(self) -> str:
        return tel_href(self.number)


def tel_href(number: str) -> str:
    """A tap-to-call address: the digits and a leading +, nothing else (RFC 3966)."""
    digits = "".join(ch for ch in number if ch.isdigit())
    return f"tel:{'+' if number.strip().startswith('+') else ''}{digits}"


@dataclass(frozen=True)
class CentreCard:
    """A centre's phone, address and hours for the person, in their language."""

    name: str
    phone: str
    address: str
    hours: str
    hours_language: str
    answers_within: str
    answers_within_language: str
    demo: bool

    @property
    def tel(self) -> str:
        return tel_href(self.phone)


def centre_cards_for(*, names: Iterable[str], language: str) -> list[CentreCard]:
    """The contact cards of these centres (organisation names) that may be shown to a victim.

    Verified cards, and demo centres' cards (marked demo on the page); a real
    centre's unverified details stay hidden, like an unverified crisis number.
    In the order of `names`.
    """
    wanted = list(dict.fromkeys(names))
    lang = _language(language)
    found: dict[str, CentreCard] = {}
    for jurisdiction in library().jurisdictions.values():
        for centre in jurisdiction.centres:
            if centre.name not in wanted or not (centre.verified or centre.demo):
                continue
            hours = in_language(centre.hours, lang)
            answers = in_language(centre.answers_within, lang)
            found[centre.name] = CentreCard(
                name=centre.name,
                phone=centre.phone,
                address=centre.address,
                hours=hours.value,
                hours_language=hours.language,
                answers_within=answers.value,
                answers_within_language=answers.language,
                demo=centre.demo,
            )
    return [found[name] for name in wanted if name in found]


def centre_cards_in(*, jurisdiction: str, language: str, include_demo: bool) -> list[CentreCard]:
    """Every centre card of a jurisdiction that may be shown, from the data files alone.

    For pages that must not touch the database (the rights navigator answers
    and forgets). Verified cards always; demo cards only where the deployment
    is not production, so a real site never shows the demo world's numbers.
    """
    names = [
        centre.name
        for centre in library().jurisdictions[jurisdiction.upper()].centres
        if centre.verified or (include_demo and centre.demo)
    ] if jurisdiction.upper() in library().jurisdictions else []
    return centre_cards_for(names=names, language=language)


def crisis_numbers_for(
    *, jurisdiction: str | None = None, language: str, include_unverified: bool = False
) -> list[CrisisLine]:
    """Phone numbers for the jurisdiction, labelled in the language.

    Numbers not yet verified against an official source are left out unless
    `include_unverified` (staff review screens): a wrong number in a crisis is
    worse than a shorter list.
    """
    found = jurisdiction_get(jurisdiction)
    if found is None:
        return []
    lang = _language(language)
    out = []
    for number in found.crisis_numbers:
        if not number.verified and not include_unverified:
            continue
        out.append(_line(number, lang))
    return out


def _line(number: CrisisNumber, lang: str) -> CrisisLine:
    label = in_language(number.labels, lang)
    return CrisisLine(
        id=number.id,
        number=number.number,
        label=label.value,
        label_language=label.language,
        is_fallback=label.is_fallback,
        hours=number.hours,
        verified=number.verified,
        sources=number.sources,
        police=number.police,
    )


def label(key: str, *, language: str) -> str:
    """Short interface labels that frame content (e.g. "What this centre promises")."""
    return in_language(library().labels[key], language).value


def supported_languages() -> tuple[str, ...]:
    return LANGUAGE_CODES


__all__ = [
    "ANY_JURISDICTION",
    "CentreCard",
    "CrisisLine",
    "KeyMessage",
    "MessageNotApplicable",
    "UnknownMessage",
    "centre_cards_for",
    "centre_policies",
    "crisis_numbers_for",
    "default_centre_policies",
    "jurisdiction_get",
    "key_messages_for",
    "label",
    "message_get",
    "message_slugs",
    "reload",
]


def reviewed_in_pages(messages: Iterable[KeyMessage]) -> list[KeyMessage]:
    """The same messages, with the reviews made in the staff pages applied (ADR 0036):
    a text whose current words a reviewer approved is no longer shown as a draft."""
    from dataclasses import replace

    from django.db import DatabaseError

    from safereport.content.models import TranslationReview

    messages = list(messages)
    wanted = {m.language for m in messages if m.review_status != "reviewed"}
    if not wanted:
        return messages
    try:
        reviewed = set(
            TranslationReview.objects.filter(language__in=wanted).values_list("slug", "variant", "language", "digest")
        )
    except DatabaseError:
        # The public pages must answer when the database does not (help now, the
        # static mirror): then every text not reviewed in its data file is shown
        # as the draft it may be, which is never untrue.
        return messages
    return [
        replace(m, review_status="reviewed", needs_professional_review=False)
        if (m.slug, m.variant, m.language, m.digest) in reviewed and not m.is_fallback
        else m
        for m in messages
    ]


def drafts_for_review(languages: Iterable[str]) -> list[tuple[KeyMessage, KeyMessage]]:
    """(English source, translation) of every key message text still a draft in these languages."""
    languages = [language for language in languages if language != DEFAULT_LOCALE]
    pairs = []
    for message in library().messages.values():
        for variant in message.variants:
            jurisdiction = variant.jurisdictions[0] if variant.jurisdictions[0] != ANY_JURISDICTION else _jurisdiction(None)
            for language in languages:
                if language not in variant.texts:
                    continue
                source = _build(message, language=DEFAULT_LOCALE, jurisdiction=jurisdiction)
                text = _build(message, language=language, jurisdiction=jurisdiction)
                if text.variant != variant.id:
                    continue
                pairs.append((source, text))
    reviewed = {id(text) for _, text in pairs if text.review_status == "reviewed"}
    drafts = [(s, t) for s, t in pairs if id(t) not in reviewed]
    checked = reviewed_in_pages(t for _, t in drafts)
    return [(s, t) for (s, _), t in zip(drafts, checked, strict=True) if t.review_status != "reviewed"]


# --- interface strings (.po) for the reviewer's pages (issue 20, ADR 0036) -------------

CORRECTION_WAITING = "correction waiting"
STRING_STATUSES = (catalogues.DRAFT, CORRECTION_WAITING, catalogues.REVIEWED)

# Portal templates with a page anyone can open without a session: where the reviewer
# sees the string in place, in the language under review.
PORTAL_PAGES = {
    "safereport/portal/templates/portal/home.html": "",
    "safereport/portal/templates/portal/base.html": "",
    "safereport/portal/templates/portal/_help_contacts.html": "help-now/",
    "safereport/portal/templates/portal/help_now.html": "help-now/",
    "safereport/portal/templates/portal/contact.html": "write/",
    "safereport/portal/templates/portal/_form_fields.html": "write/",
    "safereport/portal/templates/portal/come_back.html": "back/",
    "safereport/portal/templates/portal/information.html": "about/get-help-now/",
    "safereport/portal/templates/portal/_key_message.html": "about/get-help-now/",
    "safereport/navigator/templates/navigator/victim_": "rights/",
}


@dataclass(frozen=True)
class Place:
    app: str
    file: str
    href: str  # a page that shows it, in the language under review; "" if none can be derived


@dataclass(frozen=True)
class InterfaceString:
    key: str
    language: str
    entry: catalogues.CatalogueEntry
    area: str
    status: str
    places: tuple[Place, ...]
    correction: tuple[str, ...]  # words waiting for the next update, if a reviewer corrected it

    @property
    def forms(self) -> list[tuple[str, str]]:
        """(English, draft) per plural form: the singular source, then the plural source for every other form."""
        sources = [self.entry.msgid] + [self.entry.msgid_plural or self.entry.msgid] * (len(self.entry.translations) - 1)
        return list(zip(sources, self.entry.translations, strict=True))


def _places(entry: catalogues.CatalogueEntry, language: str) -> tuple[Place, ...]:
    places = []
    for source in dict.fromkeys(entry.sources):
        parts = source.split("/")
        app = parts[1] if len(parts) > 2 and parts[0] == "safereport" else parts[0]
        href = next(
            (f"/{language}/{path}" for prefix, path in PORTAL_PAGES.items() if source.startswith(prefix)), ""
        )
        # The whole path: precise for the reviewer, and file names are never read as internal codes.
        places.append(Place(app=app, file=source, href=href))
    return tuple(places)


def _page_reviews(language: str) -> dict[tuple[str, str], list[tuple[str, str, tuple[str, ...]]]]:
    """(msgctxt, msgid) → [(draft digest, approved digest, corrected words)] stored in the pages."""
    from django.db import DatabaseError

    from safereport.content.models import InterfaceStringReview

    found: dict[tuple[str, str], list[tuple[str, str, tuple[str, ...]]]] = {}
    try:
        rows = InterfaceStringReview.objects.filter(language=language).values_list(
            "msgctxt", "msgid", "draft_digest", "digest", "corrected"
        )
        for msgctxt, msgid, draft_digest, digest, corrected in rows:
            found.setdefault((msgctxt, msgid), []).append((draft_digest, digest, tuple(corrected)))
    except DatabaseError:
        # A checkout without a migrated database (CI's figures): the files' reviews only.
        return {}
    return found


def interface_strings(language: str) -> list[InterfaceString]:
    """Every translated interface string of one language, with its review status.

    Reviewed: approved in the catalogue (`# reviewed:` with a matching digest) or
    in the pages for the words it has now. Correction waiting: a reviewer corrected
    these very words in the pages and the correction is not in a release yet.
    """
    reviews = _page_reviews(language)
    found = []
    for entry in catalogues.entries(language):
        if not entry.translated:
            continue
        current = catalogues.digest(entry.translations)
        status = catalogues.status_of(entry)
        correction: tuple[str, ...] = ()
        for draft_digest, _approved, corrected in reviews.get((entry.msgctxt or "", entry.msgid), []):
            if draft_digest != current:
                continue  # reviewed other words than the file holds now
            if corrected:
                correction = corrected
                status = CORRECTION_WAITING
            else:
                status = catalogues.REVIEWED
        found.append(
            InterfaceString(
                key=catalogues.key_of(entry), language=language, entry=entry,
                area=catalogues.area_of(entry.sources), status=status,
                places=_places(entry, language), correction=correction,
            )
        )
    return found


def interface_string_get(language: str, key: str) -> InterfaceString | None:
    return next((found for found in interface_strings(language) if found.key == key), None)


def interface_strings_reviewed_in_pages(language: str) -> set[tuple[str, str, str]]:
    """(msgctxt, msgid, digest of the words) approved in the pages: `translations status` counts them."""
    return {
        (msgctxt, msgid, digest)
        for (msgctxt, msgid), reviews in _page_reviews(language).items()
        for draft_digest, digest, corrected in reviews
        if not corrected
    }
