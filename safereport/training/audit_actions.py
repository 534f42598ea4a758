"""The audit actions the training app writes (safereport.audit.actions says why they are declared).

Training events are about synthetic cases, never about a person: they carry
no case reference, so no person's access history shows them.
"""

from safereport.audit.actions import Access, AuditAction, register

register(
    AuditAction("training:attempt:started", Access.CHANGED),
    AuditAction("training:step:answered", Access.CHANGED),
    AuditAction("training:attempt:completed", Access.CHANGED),
    AuditAction("training:certificate:printed", Access.VIEWED),
)
