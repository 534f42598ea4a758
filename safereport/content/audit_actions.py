"""The audit actions the content app writes (safereport.audit.actions says why they are declared)."""

from safereport.audit.actions import Access, AuditAction, register

register(
    # A reviewer approved a translation of a key message (content.review, ADR 0036).
    AuditAction("content:translation:reviewed", Access.CHANGED),
    # A reviewer approved or corrected an interface string in the pages (content.review, ADR 0036).
    AuditAction("content:interface_string:approved", Access.CHANGED),
    AuditAction("content:interface_string:corrected", Access.CHANGED),
)
