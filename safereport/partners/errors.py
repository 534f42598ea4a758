from django.utils.translation import gettext_lazy as _

# What staff read when the registry refuses; the reason itself goes to the audit log.
REFUSALS = {
    "not_a_care_centre": _("Only a care centre records partnerships."),
    "with_itself": _("A centre cannot be its own partner."),
    "organisation_inactive": _("This organisation is not active."),
    "on_immigration_denylist": _(
        "This organisation's name matches an immigration-enforcement body. It can never receive anything."
    ),
    "no_purpose": _("Choose at least one purpose."),
    "unknown_purpose": _("Unknown purpose."),
    "no_english_name": _("Give the name the person is shown, at least in English."),
    "unknown_language": _("A name is given in a language SafeReport does not speak."),
    "other_jurisdiction_without_reason": _(
        "This organisation works in another jurisdiction. Write down why sharing across the border is needed."
    ),
    "jurisdiction_not_the_organisations": _("The jurisdiction must be the one the organisation works in."),
    "not_pending": _("This proposal was already decided."),
    "already_ended": _("This partnership has already ended."),
    "same_person": _("The person who proposed a partnership cannot approve it. A second person must."),
    "same_role": _("A partnership is approved by someone in another role than the one who proposed it."),
    "not_allowed": _("Your role cannot do this."),
    "other_centre": _("This partnership belongs to another centre."),
    "no_reason": _("Say why the partnership ends."),
}


class PartnershipRefused(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason

    @property
    def message(self) -> str:
        return str(REFUSALS.get(self.reason, self.reason))
