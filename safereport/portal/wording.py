"""How the person's pages speak of the organisation that holds their record.

Most people write to a care centre, and the portal's sentences say "the
centre". A person who wrote to a municipal desk (ADR 0037) must not read that
a centre holds their record, keeps evidence or books visits: a desk does none
of that. One table per kind says it in that kind's words; templates read the
wording from `say` (context processor below) instead of naming a centre.

The centre's sentences are the portal's msgids as they were, so their
translations carry over; the desk's are their own entries.
"""

from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from safereport.accounts.models import Organisation
from safereport.accounts.permissions import OrganisationKind

CENTRE: dict[str, Promise] = {
    "sender": _("The centre"),
    "not_answered": _("The centre has not answered yet. Come back later with your code."),
    "overview_intro": _("You decide what the centre may share, with whom and why. You can change your mind at any time."),
    "nothing_leaves": _("You have not agreed to share anything. Nothing leaves the centre."),
    "no_partners": _("The centre does not work with any organisation yet, so it cannot share your information with anyone."),
    "shared_nothing": _("Nothing from your record: only that the centre contacted them."),
    "override": _(
        "The centre may share without your agreement only for a serious safety reason, and a second staff member must "
        "approve it. You are told once it is safe."
    ),
    "consent_given_next": _(
        "The centre may now send this information to these organisations only, for this reason. Anything sent is listed "
        "on your information page under “What was shared”."
    ),
    "consent_withdrawn_next": _("From now on the centre cannot send this. What was already sent cannot be called back."),
    "give_check": _(
        "By agreeing, you let the centre send only this information, only to these organisations, only for this reason. "
        "You can take it back at any time. What was already sent cannot be called back."
    ),
    "copy_notes": _("The notes staff wrote about your care are not in this copy. You can ask the centre for them."),
    "erase_intro": _(
        "If you remove your record, your messages, your visits and everything the centre wrote about you are destroyed. "
        "Your code will stop working. This cannot be undone."
    ),
    "erase_sent_heading": _("What the centre sent to others"),
    "erase_sent": _(
        "The centre sent information about you to these organisations. When you remove your record, they can no longer "
        "open it in SafeReport:"
    ),
    "erase_own_rule": _("This is the centre's own rule; a lawyer has not yet checked what the law requires."),
    "erased_kept": _("What the centre's rule keeps stays in SafeReport until the date you were shown."),
    "erased_told": _(
        "We told the organisations that received information from the centre that you asked to remove your record. "
        "We did not send them anything else."
    ),
    "already_sent": _("The centre has received it. We did not send it a second time."),
    "steps_none": _("No procedure for now. If you want help with your residence rights, write to the centre."),
    "help_heading": _("Call the centre"),
    "help_empty": _("You can write to a centre from this website."),
}

# A desk answers messages; it offers no medical care, keeps no evidence, books no
# visits or talks with the police from here (the portal hides those pages for it).
DESK: dict[str, Promise] = {
    "sender": _("The desk"),
    "not_answered": _("The desk has not answered yet. Come back later with your code."),
    "overview_intro": _("You decide what the desk may share, with whom and why. You can change your mind at any time."),
    "nothing_leaves": _("You have not agreed to share anything. Nothing leaves the desk."),
    "no_partners": _("The desk does not send your information to any organisation from here."),
    "shared_nothing": _("Nothing from your record: only that the desk contacted them."),
    "override": _(
        "The desk may share without your agreement only for a serious safety reason, and a second staff member must "
        "approve it. You are told once it is safe."
    ),
    "consent_given_next": _(
        "The desk may now send this information to these organisations only, for this reason. Anything sent is listed "
        "on your information page under “What was shared”."
    ),
    "consent_withdrawn_next": _("From now on the desk cannot send this. What was already sent cannot be called back."),
    "give_check": _(
        "By agreeing, you let the desk send only this information, only to these organisations, only for this reason. "
        "You can take it back at any time. What was already sent cannot be called back."
    ),
    "copy_notes": _("If you want to know what else the desk keeps about you, write to the desk."),
    "erase_intro": _(
        "If you remove your record, your messages and everything the desk wrote about you are destroyed. "
        "Your code will stop working. This cannot be undone."
    ),
    "erase_sent_heading": _("What the desk sent to others"),
    "erase_sent": _(
        "The desk sent information about you to these organisations. When you remove your record, they can no longer "
        "open it in SafeReport:"
    ),
    "erase_own_rule": _("This is the desk's own rule; a lawyer has not yet checked what the law requires."),
    "erased_kept": _("What the desk's rule keeps stays in SafeReport until the date you were shown."),
    "erased_told": _(
        "We told the organisations that received information from the desk that you asked to remove your record. "
        "We did not send them anything else."
    ),
    "already_sent": _("The desk has received it. We did not send it a second time."),
    "steps_none": _("No procedure for now. If you want help with your residence rights, write to the desk."),
    "help_heading": _("Call for help"),
    "help_empty": _("You can write to the desk on your messages page."),
}


def is_desk(organisation: Organisation | None) -> bool:
    return organisation is not None and organisation.kind == OrganisationKind.MUNICIPAL_DESK


def wording_for(organisation: Organisation | None) -> dict[str, object]:
    """The sentences for the person's pages, in the words of the organisation holding their record.

    `is_desk` also hides what a desk does not offer; `name` is the organisation's
    name as the contact form showed it. No organisation (no record yet): a centre's words.
    """
    desk = is_desk(organisation)
    return {
        **(DESK if desk else CENTRE),
        "is_desk": desk,
        "name": organisation.name if organisation is not None else "",
    }


# The attribute case_of_session() leaves on the request: the holder of the session's record.
HOLDER_ATTRIBUTE = "portal_record_holder"


def remember_holder(request: HttpRequest, organisation: Organisation) -> None:
    setattr(request, HOLDER_ATTRIBUTE, organisation)


def say(request: HttpRequest) -> dict[str, object]:
    """Context processor: `say`, from the organisation already loaded with the session's record.

    It reads no database: pages without a record (the information pages, the
    navigator) get a centre's words, as before.
    """
    return {"say": wording_for(getattr(request, HOLDER_ATTRIBUTE, None))}
