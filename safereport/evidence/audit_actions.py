"""The audit actions the evidence app writes (safereport.audit.actions says why they are declared)."""

from django.utils.translation import gettext_lazy as _

from safereport.audit.actions import Access, AuditAction, register

register(
    AuditAction("evidence:kit:collected", Access.CHANGED, told=_("%(who)s recorded the evidence kit from your examination")),
    AuditAction("evidence:item:added", Access.CHANGED, told=_("%(who)s added an item to your evidence kit")),
    AuditAction("evidence:custody:recorded", Access.CHANGED, told=_("%(who)s noted where your evidence kit is kept")),
    AuditAction("evidence:kit:transition", Access.CHANGED, told=_("%(who)s changed the status of your evidence kit")),
    AuditAction(
        "evidence:kit_transition:refused", Access.REFUSED, told=_("%(who)s tried to change your evidence kit and was refused")
    ),
    AuditAction("evidence:kit:opened", Access.VIEWED, told=_("%(who)s opened the record of your evidence kit")),
    AuditAction("evidence:kit:released", Access.SHARED, told=_("%(who)s released your evidence kit to the police, as you agreed")),
    AuditAction(
        "evidence:kit_release:refused",
        Access.REFUSED,
        told=_("%(who)s tried to release your evidence kit to the police and was refused"),
    ),
    AuditAction("evidence:kit:destroyed", Access.CHANGED, told=_("%(who)s destroyed your evidence kit, with a witness")),
    AuditAction(
        "evidence:kit_destroy:refused", Access.REFUSED, told=_("%(who)s tried to destroy your evidence kit and was refused")
    ),
    AuditAction(
        "evidence:kit_hand_over:refused",
        Access.REFUSED,
        told=_("%(who)s tried to hand your evidence kit over to the police and was refused"),
    ),
    AuditAction("evidence:item:returned", Access.CHANGED, told=_("%(who)s gave an item from your evidence kit back to you")),
    AuditAction("evidence:kit:erased", Access.CHANGED, told=_("%(who)s erased your record, and your evidence kit with it")),
    # The person's own requests in the portal, and the centre's storage (no case).
    AuditAction("evidence:kit:release_asked", Access.CHANGED),
    # Written by the clock: the notice before destruction in the person's messages.
    AuditAction(
        "evidence:kit:notice_sent", Access.CHANGED, told=_("%(who)s sent you a notice that your evidence kit will be destroyed")
    ),
    AuditAction("evidence:item:return_asked", Access.CHANGED),
    AuditAction("evidence:location:added", Access.CHANGED),
    AuditAction("evidence:temperature:recorded", Access.CHANGED),
    AuditAction("evidence:temperature:imported", Access.CHANGED),
)
