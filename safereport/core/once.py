"""One-time form tokens: a form that creates something takes effect once (docs/adr/0023).

Reloading a page that answered a POST sends the same form again. For a form
whose answer cannot be a redirect (the contact form: the receipt code exists
only in that response), the form carries a token instead:

* issued with the form: random, signed with a timestamp, nothing stored;
* spent by the first post that succeeds, in the same transaction as what it
  creates: only the SHA-256 digest is stored, under a unique constraint, so two
  posts at once cannot both spend it;
* a later post with the same token finds the digest and is told it already went.

Nothing in it names the person: no address, no session, no cookie. Spent
digests are kept a little longer than a token lives, then removed daily
(`housekeeping`).
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from safereport.core.models import SpentFormToken

# A person may leave the contact page open while they find the words.
MAX_AGE_SECONDS = 24 * 3600
# Longer than a token lives, so a token that is still valid can always be recognised as spent.
KEEP_SPENT_SECONDS = 2 * MAX_AGE_SECONDS
_LONGEST = 200


@dataclass(frozen=True)
class FormToken:
    value: str  # what travels in the form
    digest: str  # what is stored once it is spent


class AlreadySpent(Exception):
    """The form with this token already took effect."""


def _signer(purpose: str) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=f"safereport.core.once:{purpose}")


def _digest(purpose: str, raw: str) -> str:
    return hashlib.sha256(f"{purpose}\n{raw}".encode()).hexdigest()


def issue(purpose: str) -> FormToken:
    raw = secrets.token_urlsafe(32)
    return FormToken(value=_signer(purpose).sign(raw), digest=_digest(purpose, raw))


def read(value: str, *, purpose: str, max_age_seconds: int = MAX_AGE_SECONDS) -> FormToken | None:
    """The token a form came back with; None when missing, not ours, for another form, or too old."""
    if not value or len(value) > _LONGEST:
        return None
    try:
        raw = _signer(purpose).unsign(value, max_age=max_age_seconds)
    except signing.BadSignature:  # SignatureExpired is a BadSignature
        return None
    return FormToken(value=value, digest=_digest(purpose, raw))


def is_spent(token: FormToken) -> bool:
    return SpentFormToken.objects.filter(digest=token.digest).exists()


def spend(token: FormToken) -> None:
    """Mark the token used; AlreadySpent if it was. Call it inside the transaction that does the work."""
    try:
        with transaction.atomic():
            SpentFormToken.objects.create(digest=token.digest)
    except IntegrityError:
        raise AlreadySpent from None


def purge_spent(*, older_than_seconds: int = KEEP_SPENT_SECONDS) -> int:
    deleted, _ = SpentFormToken.objects.filter(spent_at__lt=timezone.now() - timedelta(seconds=older_than_seconds)).delete()
    return deleted


__all__ = ["MAX_AGE_SECONDS", "AlreadySpent", "FormToken", "is_spent", "issue", "purge_spent", "read", "spend"]
