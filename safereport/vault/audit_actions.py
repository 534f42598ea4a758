"""The audit actions the vault writes (safereport.audit.actions says why they are declared)."""

from django.utils.translation import gettext_lazy as _

from safereport.audit.actions import Access, AuditAction, register

register(
    # Erasing a record destroys its key; staff may be the ones who erase it.
    AuditAction(
        "vault:data_key:shredded",
        Access.CHANGED,
        told=_("%(who)s destroyed the key that opens your record, so nobody can read it any more"),
    ),
    AuditAction("vault:kek:rotated", Access.CHANGED),
)
