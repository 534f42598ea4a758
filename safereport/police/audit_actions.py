"""The audit actions the police app writes (safereport.audit.actions says why they are declared).

Events by police staff about a consultation carry the case's reference like
any other: the person reads in their access history that the police unit
answered or read the request (without their name), so nothing the police
side did is hidden from them. The police never see the reference.
"""

from django.utils.translation import gettext_lazy as _

from safereport.audit.actions import Access, AuditAction, register

register(
    AuditAction(
        "police:consultation:planned",
        Access.CHANGED,
        told=_("%(who)s started planning an informal talk with the police for you, without your name"),
    ),
    AuditAction(
        "police:consultation:transition",
        Access.CHANGED,
        told=_("%(who)s noted the next step of your informal talk with the police"),
    ),
    AuditAction(
        "police:consultation_transition:refused",
        Access.REFUSED,
        told=_("%(who)s tried to change your informal talk with the police and was refused"),
    ),
    AuditAction(
        "police:consultation:answered",
        Access.CHANGED,
        told=_("%(who)s answered the request for an informal talk"),
    ),
    AuditAction(
        "police:consultation:time_agreed",
        Access.CHANGED,
        told=_("%(who)s noted that you agreed to the time the police proposed"),
    ),
    AuditAction(
        "police:consultation:details_recorded",
        Access.CHANGED,
        told=_("%(who)s noted who came to the informal talk and how to reach the police unit"),
    ),
    AuditAction(
        "police:consultation:opened",
        Access.VIEWED,
        told=_("%(who)s read the request for an informal talk, without your name"),
    ),
    AuditAction(
        "police:consultation:handed_over",
        Access.SHARED,
        told=_("%(who)s handed your report over to the police, with what you agreed to share"),
    ),
    # A DPO opened or closed a municipal desk to contact from the portal (ADR 0037): no person's record.
    AuditAction("police:desk_portal:opened", Access.CHANGED),
    AuditAction("police:desk_portal:closed", Access.CHANGED),
    AuditAction("police:outcome:recorded", Access.CHANGED, told=_("%(who)s noted what happened with your report")),
    AuditAction("police:report:filed", Access.SHARED, told=_("%(who)s reported to the police for you")),
    AuditAction(
        "police:report:refused",
        Access.REFUSED,
        told=_("%(who)s tried to report to the police for you and was refused"),
    ),
    AuditAction("police:report:replied", Access.CHANGED, told=_("%(who)s answered the report made for you")),
    AuditAction("police:report:relayed", Access.CHANGED, told=_("%(who)s passed the police's answer on to you")),
    AuditAction("police:report:opened", Access.VIEWED, told=_("%(who)s read the report made for you")),
    AuditAction("police:report:access_refused", Access.REFUSED),
    # A police user asking for a consultation of another unit: nothing about a case is written.
    AuditAction("police:consultation:access_refused", Access.REFUSED),
)
