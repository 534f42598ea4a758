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


class InterfaceStringReview(PublicModel):
    """A reviewer approved or corrected one interface string (.po entry) in SafeReport's pages.

    The running deployment's code directory is read-only, so the page never writes
    the catalogue: `safereport translations apply-reviews`, run by the maintainers
    for the next release, writes approvals as `# reviewed:` comments and
    corrections as the new msgstr (core.catalogues), and compilemessages makes
    them what people read. Until then a correction waits here (ADR 0036).
    """

    language = models.CharField(max_length=12)
    msgctxt = models.CharField(max_length=200, blank=True, default="")
    msgid = models.TextField()
    # core.catalogues.digest of the draft the reviewer read, and of the words approved:
    # the same for an approval, the correction's for a correction.
    draft_digest = models.CharField(max_length=12)
    digest = models.CharField(max_length=12)
    # The reviewer's words, one per plural form; empty for an approval.
    corrected = models.JSONField(default=list, blank=True)
    # The reviewer's role and organisation, never their name.
    reviewer_role = models.CharField(max_length=200)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(language__in=[c for c in locales.LANGUAGE_CODES if c != locales.DEFAULT_LOCALE]),
                name="interface_review_language_is_a_translation",
            ),
            models.UniqueConstraint(
                fields=["language", "msgctxt", "msgid", "draft_digest"], name="one_review_per_interface_draft"
            ),
        ]
        ordering = ["reviewed_at"]

    @property
    def is_correction(self) -> bool:
        return bool(self.corrected)
