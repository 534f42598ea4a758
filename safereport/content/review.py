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
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safereport.accounts.models import Organisation, ReviewScope, StaffUser
from safereport.audit.actors import Actor
from safereport.audit.services import record
from safereport.content import selectors
from safereport.content.datafiles import Variant
from safereport.content.models import InterfaceStringReview, TranslationReview
from safereport.core import catalogues


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
    if not may_review_deployment_texts(reviewer, language):
        raise ValidationError("You do not review this language.")
    text = _variant(slug, variant).texts.get(language)
    if text is None:
        raise ValidationError(f"no text in {language!r}")
    role, organisation = _reviewer_role(reviewer)
    found, _created = TranslationReview.objects.get_or_create(
        slug=slug, variant=variant, language=language, digest=text.digest,
        defaults={"reviewer_role": role, "organisation": organisation},
    )
    record(
        "content:translation:reviewed",
        actor=Actor.staff(reviewer),
        subject=f"key_message:{slug}@{variant}",
        details={"language": language, "role": "translation reviewer", "digest": text.digest[:12]},
    )
    return found


# --- scope (issue 20, ADR 0036) ----------------------------------------------------


def may_review_deployment_texts(reviewer: StaffUser, language: str) -> bool:
    """Interface strings and key messages are the whole service's texts (every centre's
    people read them), so only a reviewer a DPO gave the deployment scope approves them,
    and only in the languages they review."""
    return (
        language != "en"
        and language in reviewer.review_languages
        and reviewer.review_scope == ReviewScope.DEPLOYMENT
    )


def _reviewer_role(reviewer: StaffUser) -> tuple[str, Organisation]:
    organisation = reviewer.organisation
    assert organisation is not None  # the access middleware lets no one without an organisation act
    return f"translation reviewer, {organisation.name}", organisation


# --- interface strings -------------------------------------------------------------

# A correction may be longer than its source (some languages need more words) but not a page.
MAX_LENGTH_FACTOR = 4
MAX_LENGTH_MARGIN = 120


def correction_problems(found: selectors.InterfaceString, words: list[str]) -> list[str]:
    """What keeps the reviewer's words from replacing the draft, in plain words (empty: none)."""
    forms = found.forms
    if len(words) != len(forms):
        return [_("Give one text for each form (%(count)s).") % {"count": len(forms)}]
    problems = []
    for index, ((source, _draft), text) in enumerate(zip(forms, words, strict=True), start=1):
        label = _("Form %(number)s") % {"number": index} if len(forms) > 1 else _("The text")
        if not text.strip():
            problems.append(_("%(form)s is empty. Write the translation.") % {"form": label})
            continue
        if len(text) > MAX_LENGTH_FACTOR * len(source) + MAX_LENGTH_MARGIN:
            problems.append(_("%(form)s is much longer than the English. Shorten it.") % {"form": label})
        wanted = catalogues.placeholders(source)
        # A plural form may leave out the number (Arabic's "one" form says it in words).
        if found.entry.msgid_plural:
            extra = set(catalogues.placeholders(text)) - set(wanted)
            missing = set(wanted) - set(catalogues.placeholders(text)) - {"%(count)s", "%(counter)s", "%d", "%s"}
        else:
            extra = set(catalogues.placeholders(text)) - set(wanted)
            missing = set(wanted) - set(catalogues.placeholders(text))
        if missing or extra:
            problems.append(
                _("%(form)s must keep the same placeholders as the English: %(names)s.")
                % {"form": label, "names": " ".join(wanted) or _("none")}
            )
    return problems


@transaction.atomic
def interface_string_review_record(
    *, language: str, key: str, reviewer: StaffUser, corrected: list[str] | None = None
) -> InterfaceStringReview:
    """Approve (no `corrected`) or correct one interface string as it reads in this release.

    Stored in the database; the catalogue changes only when the maintainers run
    `safereport translations apply-reviews` for the next release (the deployment's
    code directory is read-only)."""
    if not may_review_deployment_texts(reviewer, language):
        raise ValidationError("You do not review the service's texts in this language.")
    found = selectors.interface_string_get(language, key)
    if found is None:
        raise ValidationError("no such interface string")
    words = tuple(corrected or ())
    if words:
        problems = correction_problems(found, list(words))
        if problems:
            raise ValidationError(problems)
        if words == found.entry.translations:
            words = ()  # the same words: an approval
    draft_digest = catalogues.digest(found.entry.translations)
    role, organisation = _reviewer_role(reviewer)
    saved, _created = InterfaceStringReview.objects.update_or_create(
        language=language, msgctxt=found.entry.msgctxt or "", msgid=found.entry.msgid, draft_digest=draft_digest,
        defaults={
            "digest": catalogues.digest(words) if words else draft_digest,
            "corrected": list(words),
            "reviewer_role": role,
            "organisation": organisation,
            "reviewed_at": timezone.now(),
        },
    )
    record(
        "content:interface_string:corrected" if words else "content:interface_string:approved",
        actor=Actor.staff(reviewer),
        subject=f"interface_string:{language}:{key}",
        details={"language": language, "role": "translation reviewer", "digest": saved.digest},
    )
    return saved


def apply_reviews(*, locale_dir: Path, on: dt.date | None = None) -> tuple[int, int, list[str]]:
    """Write the pages' reviews into the catalogues under `locale_dir` (a maintainer's checkout):
    approvals as `# reviewed:` comments, corrections as the new msgstr with that comment.
    A review of words the catalogue no longer holds is skipped and named. Returns
    (approved, corrected, skipped)."""
    approved = corrected = 0
    skipped = []
    for saved in InterfaceStringReview.objects.order_by("reviewed_at"):
        path = locale_dir / saved.language / "LC_MESSAGES" / "django.po"
        msgctxt = saved.msgctxt or None
        entry = next(
            (e for e in catalogues.entries(saved.language, path=path) if e.msgid == saved.msgid and e.msgctxt == msgctxt),
            None,
        )
        day = on or saved.reviewed_at.date()
        # The comment's fields are separated by commas and brackets: keep them out of the role.
        role = " ".join(re.sub(r"[,()]", " ", saved.reviewer_role).split())
        if entry is None or catalogues.digest(entry.translations) not in (saved.draft_digest, saved.digest):
            skipped.append(f"{saved.language}: {saved.msgid[:60]!r}")
        elif saved.corrected:
            if catalogues.correct(saved.language, saved.msgid, tuple(saved.corrected), role=role, on=day,
                                  msgctxt=msgctxt, path=path):
                corrected += 1
            else:
                skipped.append(f"{saved.language}: {saved.msgid[:60]!r}")
        elif catalogues.mark_reviewed(saved.language, saved.msgid, role=role, on=day, msgctxt=msgctxt, path=path):
            approved += 1
    return approved, corrected, skipped
