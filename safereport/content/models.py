"""Reviews of key-message translations made on the staff side (ADR 0036).

A file review (`status = "reviewed"` in data/content/messages) travels with the
text; a review made in SafeReport's own pages is kept here, tied to the digest
of the words approved, so an edit to the file afterwards makes it stale.
`safereport translations status` and the portal count both.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from config import locales
from safereport.accounts.models import Organisation
from safereport.core.models import PublicModel


class TranslationReview(PublicModel):
    slug = models.CharField(max_length=100)
    variant = models.CharField(max_length=100)
    language = models.CharField(max_length=12)
    # sha256 of the words approved (content.datafiles.Translation.digest).
    digest = models.CharField(max_length=64)
    # The reviewer's role and organisation, never their name.
    reviewer_role = models.CharField(max_length=200)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(language__in=[c for c in locales.LANGUAGE_CODES if c != locales.DEFAULT_LOCALE]),
                name="translation_review_language_is_a_translation",
            ),
            models.UniqueConstraint(fields=["slug", "variant", "language", "digest"], name="one_review_per_text"),
        ]
