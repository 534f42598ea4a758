"""A reviewer approves a key message's translation (issue 20, ADR 0036).

The review is written into the message's data file, next to the text it
approves (`status = "reviewed"`, the reviewer's role, the date and the digest
of the words approved), so it travels with the text through version control
and a translation platform, and an edit after review makes it stale (the
digest no longer matches: `Translation.is_reviewed`). The portal's "draft
translation" note follows `is_reviewed`, so it disappears for reviewed texts.
"""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import transaction

from safereport.accounts.models import StaffUser
from safereport.audit.actors import Actor
from safereport.audit.services import record
from safereport.content import selectors
from safereport.content.datafiles import Variant
from safereport.content.models import TranslationReview


def _block(text: str, language: str) -> tuple[int, int]:
    """Start and end of the [[texts]] block of one language in a message file."""
    starts = [m.start() for m in re.finditer(r"^\[\[texts\]\]\s*$", text, re.M)]
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        if re.search(rf'^language = "{re.escape(language)}"\s*$', text[start:end], re.M):
            return start, end
    raise ValidationError(f"no text in {language!r}")


def _set(block: str, key: str, value: str) -> str:
    line = f"{key} = {value}"
    if re.search(rf"^{key} = .*$", block, re.M):
        return re.sub(rf"^{key} = .*$", line.replace("\\", "\\\\"), block, count=1, flags=re.M)
    return re.sub(r"^(status = .*)$", lambda m: f"{m[1]}\n{line}", block, count=1, flags=re.M)


@transaction.atomic
def key_message_review(*, slug: str, language: str, jurisdiction: str, role: str, actor: Actor,
                       on: dt.date | None = None) -> str:
    """Mark the text a person in `jurisdiction` reads in `language` as reviewed; returns its reference."""
    if language == "en":
        raise ValidationError("English is the source text; it is not reviewed as a translation.")
    message = selectors.library().messages.get(slug)
    variant = message.variant_for(jurisdiction.upper()) if message is not None else None
    if variant is None or language not in variant.texts:
        raise ValidationError(f"{slug!r} has no text in {language!r} for {jurisdiction!r}")
    translation = variant.texts[language]
    on = on or dt.date.today()
    text = variant.path.read_text(encoding="utf-8")
    start, end = _block(text, language)
    block = text[start:end]
    for key, value in (
        ("status", '"reviewed"'),
        ("needs_professional_review", "false"),
        ("reviewer", f'"{role}"'),
        ("reviewed_on", on.isoformat()),
        ("reviewed_digest", f'"{translation.digest}"'),
    ):
        block = _set(block, key, value)
    variant.path.write_text(text[:start] + block + text[end:], encoding="utf-8")
    selectors.reload()
    reference = f"{slug}@{variant.id}:{language}#{translation.digest[:12]}"
    record(
        "content:translation:reviewed",
        actor=actor,
        subject=f"key_message:{slug}@{variant.id}",
        details={"language": language, "role": role, "digest": translation.digest[:12]},
    )
    return reference


def _variant(slug: str, variant: str) -> Variant:
    message = selectors.library().messages.get(slug)
    found = [v for v in message.variants if v.id == variant] if message is not None else []
    if not found:
        raise ValidationError(f"no key message {slug!r}@{variant!r}")
    return found[0]


@transaction.atomic
def key_message_review_record(*, slug: str, variant: str, language: str, reviewer: StaffUser) -> TranslationReview:
    """A reviewer approves, in SafeReport's pages, the text as it reads now (one of their languages)."""
    if language not in reviewer.review_languages or language == "en":
        raise ValidationError("You do not review this language.")
    text = _variant(slug, variant).texts.get(language)
    if text is None:
        raise ValidationError(f"no text in {language!r}")
    organisation = reviewer.organisation
    assert organisation is not None  # the access middleware lets no one without an organisation act
    found, _created = TranslationReview.objects.get_or_create(
        slug=slug, variant=variant, language=language, digest=text.digest,
        defaults={"reviewer_role": f"translation reviewer, {organisation.name}", "organisation": organisation},
    )
    record(
        "content:translation:reviewed",
        actor=Actor.staff(reviewer),
        subject=f"key_message:{slug}@{variant}",
        details={"language": language, "role": "translation reviewer", "digest": text.digest[:12]},
    )
    return found
