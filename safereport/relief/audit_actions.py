"""The audit actions the relief app writes (safereport.audit.actions says why they are declared)."""

from django.utils.translation import gettext_lazy as _

from safereport.audit.actions import Access, AuditAction, register

register(
    AuditAction("relief:procedure:opened", Access.CHANGED, told=_("%(who)s opened a procedure for your residence rights")),
    AuditAction(
        "relief:procedure_open:refused",
        Access.REFUSED,
        told=_("%(who)s tried to open a procedure for your residence rights and was refused"),
    ),
    AuditAction("relief:procedure:viewed", Access.VIEWED, told=_("%(who)s looked at your residence-rights procedure")),
    AuditAction(
        "relief:procedure:transition", Access.CHANGED, told=_("%(who)s changed the status of your residence-rights procedure")
    ),
    AuditAction(
        "relief:procedure_transition:refused",
        Access.REFUSED,
        told=_("%(who)s tried to change your residence-rights procedure and was refused"),
    ),
    AuditAction("relief:step:recorded", Access.CHANGED, told=_("%(who)s recorded a step of your residence-rights procedure")),
    AuditAction("relief:clock:added", Access.CHANGED, told=_("%(who)s added a deadline to your residence-rights procedure")),
    AuditAction(
        "relief:checklist:updated", Access.CHANGED, told=_("%(who)s updated the list of documents for your procedure")
    ),
    AuditAction(
        "relief:certification:created", Access.CHANGED, told=_("%(who)s prepared a request for a certification for you")
    ),
    AuditAction(
        "relief:certification:transition", Access.CHANGED, told=_("%(who)s recorded what happened to a certification request")
    ),
    AuditAction(
        "relief:certification_transition:refused",
        Access.REFUSED,
        told=_("%(who)s tried to change a certification request and was refused"),
    ),
    AuditAction("relief:file:added", Access.CHANGED, told=_("%(who)s kept a paper for your residence-rights procedure")),
    AuditAction("relief:file:opened", Access.VIEWED, told=_("%(who)s opened a paper of your residence-rights procedure")),
    # A paper kept from before the person's compartment key pair, sealed to that key at their unlock.
    AuditAction("relief:file:resealed", Access.CHANGED),
    # The person deleted their sealed compartment: the papers sealed to its key go with it (their own act).
    AuditAction("relief:file:removed", Access.CHANGED),
    AuditAction("relief:packet:printed", Access.VIEWED, told=_("%(who)s printed the filing packet of your procedure")),
    # A certifying agency added to the directory (no case); one refused by the denylist.
    AuditAction("relief:agency:added", Access.CHANGED),
    AuditAction("relief:agency_add:refused", Access.REFUSED),
)
