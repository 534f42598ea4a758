"""The audit actions the cases app writes (safereport.audit.actions says why they are declared).

Sentences are what the person reads in their access history; `%(who)s` is the
staff member's role and organisation, never their name. Actions only the
person or the system writes need none.
"""

from django.utils.translation import gettext_lazy as _

from safereport.audit.actions import Access, AuditAction, register

register(
    # Opening and reading
    AuditAction("cases:case:opened", Access.VIEWED, told=_("%(who)s opened your record")),
    AuditAction("cases:conversation:read", Access.VIEWED, told=_("%(who)s read your messages")),
    AuditAction("cases:encounter:read", Access.VIEWED, told=_("%(who)s read the notes of a visit")),
    AuditAction(
        "cases:contact_preferences:read", Access.VIEWED, told=_("%(who)s read how you want to be contacted")
    ),
    AuditAction("cases:care_plan:read", Access.VIEWED, told=_("%(who)s read your care plan")),
    AuditAction(
        "cases:summary:printed", Access.VIEWED, told=_("%(who)s printed the summary sheet for you to take home")
    ),
    # Writing
    AuditAction("cases:message:sent", Access.CHANGED, told=_("%(who)s wrote you a message")),
    AuditAction("cases:case:assigned", Access.CHANGED, told=_("%(who)s chose who looks after your case")),
    AuditAction("cases:appointment:proposed", Access.CHANGED, told=_("%(who)s proposed a time to meet")),
    AuditAction("cases:encounter:recorded", Access.CHANGED, told=_("%(who)s wrote down the notes of a visit")),
    AuditAction(
        "cases:key_messages:recorded",
        Access.CHANGED,
        told=_("%(who)s noted which information you were given and understood"),
    ),
    AuditAction("cases:needs:assessed", Access.CHANGED, told=_("%(who)s wrote down what help you need")),
    AuditAction("cases:care_plan:item_added", Access.CHANGED, told=_("%(who)s added a step to your care plan")),
    AuditAction("cases:care_plan:item_status", Access.CHANGED, told=_("%(who)s updated a step of your care plan")),
    AuditAction(
        "cases:crisis_numbers:given", Access.CHANGED, told=_("%(who)s noted that you were given phone numbers for help")
    ),
    # The person reads this line in their access history: what was noted, and what for.
    AuditAction(
        "cases:crime_type:recorded",
        Access.CHANGED,
        told=_("%(who)s noted what kind of harm you told us about, for statistics that name no one"),
    ),
    AuditAction("cases:name_as_given:set", Access.CHANGED, told=_("%(who)s wrote down the name you gave")),
    AuditAction(
        "cases:police_talk:requested",
        Access.CHANGED,
        told=_("%(who)s noted that you would like an informal talk with the police"),
    ),
    AuditAction(
        "cases:reporting_status:set",
        Access.CHANGED,
        told=_("%(who)s noted what you decided about reporting to the police"),
    ),
    # The case status workflow (core.workflow writes "<entity>:transition").
    AuditAction("cases:case:transition", Access.CHANGED, told=_("%(who)s changed the status of your case")),
    AuditAction(
        "cases:case_transition:refused",
        Access.REFUSED,
        told=_("%(who)s tried to change the status of your case and was refused"),
    ),
    # Written by the person themselves, in the portal.
    AuditAction("cases:case:opened_from_portal", Access.CHANGED),
    AuditAction("cases:message:received", Access.CHANGED),
    # Written by the software (the evidence clock's notice before destruction).
    AuditAction("cases:message:notice", Access.CHANGED),
    AuditAction("cases:appointment:requested", Access.CHANGED),
    AuditAction("cases:appointment:accepted", Access.CHANGED),
    AuditAction("cases:appointment:declined", Access.CHANGED),
)
