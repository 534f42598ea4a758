"""The audit actions the partners app writes (safereport.audit.actions says why they are declared).

None is about a case: the register is the centre's, and the person's access
history never shows it.
"""

from safereport.audit.actions import Access, AuditAction, register

register(
    AuditAction("partners:partnership:proposed", Access.CHANGED),
    AuditAction("partners:partnership:approved", Access.CHANGED),
    AuditAction("partners:partnership:declined", Access.CHANGED),
    AuditAction("partners:partnership:revoked", Access.CHANGED),
    AuditAction("partners:partnership:refused", Access.REFUSED),
)
