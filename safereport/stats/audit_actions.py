"""The audit actions the statistics app writes (safereport.audit.actions says why they are declared).

None is about a case: statistics are counted from events, never opened on a
person, so the person's access history never shows them.
"""

from safereport.audit.actions import Access, AuditAction, register

register(
    AuditAction("stats:rules:set", Access.CHANGED),
    AuditAction("stats:budget:set", Access.CHANGED),
    AuditAction("stats:release:made", Access.SHARED),
    AuditAction("stats:release:refused", Access.REFUSED),
    AuditAction("stats:period:materialised", Access.CHANGED),
    AuditAction("stats:budget-year:closed", Access.CHANGED),
)
