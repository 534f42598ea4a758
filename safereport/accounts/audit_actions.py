"""The audit actions the accounts app writes (safereport.audit.actions says why they are declared).

Sentences are what the person reads in their access history; `%(who)s` is the
staff member's role and organisation, never their name.
"""

from django.utils.translation import gettext_lazy as _

from safereport.audit.actions import Access, AuditAction, register

register(
    AuditAction("accounts:invitation:accepted", Access.CHANGED),
    AuditAction("accounts:invitation:created", Access.CHANGED),
    AuditAction("accounts:organisation:created", Access.CHANGED),
    AuditAction("accounts:organisation:language_set", Access.CHANGED),
    AuditAction("accounts:sessions:ended", Access.CHANGED),
    AuditAction("accounts:signin:password", Access.CHANGED),
    AuditAction("accounts:signin:totp", Access.CHANGED),
    AuditAction("accounts:signin:totp_enrolled", Access.CHANGED),
    AuditAction("accounts:staff:created", Access.CHANGED),
    AuditAction("accounts:staff:deactivated", Access.CHANGED),
    AuditAction("accounts:staff:language_set", Access.CHANGED),
    AuditAction("accounts:staff:review_scope_set", Access.CHANGED),
    # Written by the access middleware when someone whose role never sees cases asks for one.
    AuditAction(
        "cases:case:access_refused",
        Access.REFUSED,
        told=_("%(who)s tried to open your record and was refused"),
    ),
)
