"""The audit actions operations write (safereport.audit.actions says why they are declared)."""

from safereport.audit.actions import Access, AuditAction, register

register(
    # Written into the main database just before it is dumped, so every backup
    # carries the record of its own making.
    AuditAction("ops:backup:written", Access.CHANGED),
)
