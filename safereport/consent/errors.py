"""What consent code refuses with. Shared by services and selectors (reads refuse too).

A refusal carries a short code (kept in the audit log) and, for the page, a
sentence in the staff language (`text`): no code is shown on screen (issue 13 §12).
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Every code a disclosure, an override or the partner registry refuses with.
# tests: safereport/consent/tests/test_refusal_words.py finds each raised code here.
REASONS: dict[str, Promise] = {
    "case_gone": _("the record no longer exists"),
    "changed_since_preview": _("what the package would hold changed after the preview"),
    "unknown_purpose": _("this purpose is not known"),
    "recipient_kind_outside_vocabulary": _("this kind of organisation may never receive anything"),
    "recipient_unknown": _("this organisation is not known"),
    "recipient_inactive": _("this organisation is no longer active"),
    "recipient_kind_not_for_purpose": _("this kind of organisation does not receive information for this purpose"),
    "recipient_on_immigration_denylist": _("this organisation's name matches an immigration-enforcement body"),
    "recipient_not_a_partner": _("this organisation is not a partner of the centre"),
    "recipient_partnership_revoked": _("the partnership with this organisation has ended"),
    "recipient_partnership_not_approved": _("the partnership with this organisation is not approved yet"),
    "recipient_partnership_not_for_purpose": _("the partnership does not cover this purpose"),
    "recipient_other_jurisdiction": _("this organisation works under another jurisdiction"),
    "actor_not_on_case": _("you are not on the care team of this case"),
    "actor_not_at_centre": _("you do not work at this case's centre"),
    "override_not_approved": _("the safeguarding override is not approved"),
    "override_already_used": _("the safeguarding override was already used"),
    "no_consent": _("the person has not agreed to share this information with this organisation for this purpose"),
    "approver_lacks_named_role": _("the second approver does not have the role the ground names"),
    "approver_not_at_centre": _("the second approver does not work at this centre"),
    "approver_not_on_case": _("the second approver is not on the care team of this case"),
    "categories": _("choose at least one kind of information that may be shared"),
    "justification_not_read": _("read the reason before deciding"),
    "no_justification": _("write why sharing without consent is necessary"),
    "not_approved": _("the override is not approved"),
    "not_pending": _("the override was already decided"),
    "second_approver_must_be_someone_else": _("a second person must approve, not the requester"),
    "unknown_ground": _("this safeguarding ground is not known"),
}


def reason_text(reason: str) -> str:
    """The sentence for a refusal code; an unlisted code reads as a generic refusal, never as the code."""
    found = REASONS.get(reason)
    return str(found) if found is not None else str(_("the sharing policy does not allow it"))


class DisclosureRefused(Exception):
    """The sharing policy said no. `reason` is a short code, also in the audit log."""

    def __init__(self, reason: str, message: str = "") -> None:
        super().__init__(message or reason)
        self.reason = reason

    @property
    def text(self) -> str:
        return reason_text(self.reason)


class ConsentError(ValueError):
    """A consent that may not be recorded as asked (e.g. not yet understood)."""


class OverrideRefused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    @property
    def text(self) -> str:
        return reason_text(self.reason)


class CodeMismatch(Exception):
    """The typed receipt code is not this case's code."""
