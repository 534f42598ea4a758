"""The audit actions the referrals app writes (safereport.audit.actions says why they are declared).

The referral actions keep the "cases:" prefix they had before referrals left
the cases app, so the log reads the same before and after the move.
"""

from django.utils.translation import gettext_lazy as _

from safereport.audit.actions import Access, AuditAction, register

register(
    AuditAction("referrals:directory:loaded", Access.CHANGED),
    AuditAction("referrals:directory:saved", Access.CHANGED),
    AuditAction("cases:referral:sent", Access.SHARED, told=_("%(who)s referred you to another service")),
    AuditAction(
        "cases:referral:refused",
        Access.REFUSED,
        told=_("%(who)s tried to refer you to another service and was refused"),
    ),
    AuditAction(
        "cases:referral:partner_update",
        Access.CHANGED,
        told=_("%(who)s noted how your referral to their service is going"),
    ),
)
