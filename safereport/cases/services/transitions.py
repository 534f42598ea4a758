"""The case status state machine and the person's reporting status.

The transitions (`mark_seen`, `start_care`, `refer`, `resume_care`, `close`,
`reopen`) are declared on `Case` with `core.workflow` (django-fsm-2, ADR
0013); `case_transition` is the only way to run one: it checks the
permission, locks the row and writes `cases:case:transition` in the same
transaction. `case.status = x` raises `ProtectedStatusError`. The person's
reporting status is separate and theirs (`reporting_status_set`).
"""

from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from safereport.accounts.models import StaffUser
from safereport.audit.actors import Actor
from safereport.audit.services import record
from safereport.cases.models import Case, ReportingStatus
from safereport.core.workflow import Transition, Workflow

# Callers catch these from here.
from safereport.core.workflow import TransitionNotAllowed as TransitionNotAllowed
from safereport.core.workflow import TransitionNotPermitted as TransitionNotPermitted


def _subject(case: Case) -> str:
    return f"case:{case.public_id}"


CASE_STATUS = Workflow(
    Case,
    entity="cases:case",
    record=record,
    subject=_subject,
    case_ref=lambda case: str(case.public_id),
    changed_at="status_changed_at",
)

TRANSITIONS = CASE_STATUS.transitions


def transitions_from(status: str) -> list[Transition]:
    return CASE_STATUS.available(status)


def case_transition(*, case: Case, name: str, actor: StaffUser | Actor) -> Case:
    """Raises TransitionNotAllowed (unknown, or not from the current status) or
    TransitionNotPermitted (audited; call this outside your own transaction)."""
    if isinstance(actor, Actor):
        # The permission is the person's, so find them; a victim or system actor holds none.
        user = None
        if actor.kind == "staff" and actor.staff_id is not None:
            user = StaffUser.objects.filter(pk=actor.staff_id).first()
        return CASE_STATUS.apply(case, name, user=user, actor=actor)
    return CASE_STATUS.apply(case, name, user=actor, actor=Actor.staff(actor))


# Why a case is closed: chosen from this list, recorded on the transition's audit event, shown as words (issue 13 §11).
CLOSE_REASONS: dict[str, str | Promise] = {
    "support_finished": _("Support finished: the person has what they asked for"),
    "supported_elsewhere": _("The person is now supported by another service"),
    "person_asked": _("The person asked to close it"),
    "no_contact": _("No contact from the person for a long time"),
    "opened_twice": _("Opened twice: the person has another case here"),
}


def case_close(*, case: Case, reason: str, actor: StaffUser) -> Case:
    """Close a case with a reason from CLOSE_REASONS (the workflow writes the event, with the reason, atomically)."""
    if reason not in CLOSE_REASONS:
        raise ValueError(f"unknown close reason {reason!r}")
    return CASE_STATUS.apply(case, "close", user=actor, actor=Actor.staff(actor), details={"reason": reason})


@transaction.atomic
def reporting_status_set(*, case: Case, status: str, actor: Actor) -> Case:
    """The person's decision about the police: from the portal (actor = victim),
    or recorded by staff as what the person said (the audit event says which)."""
    if status not in ReportingStatus.values:
        raise ValueError(f"unknown reporting status {status!r}")
    previous = Case.objects.select_for_update().only("reporting_status").get(pk=case.pk).reporting_status
    Case.objects.filter(pk=case.pk).update(reporting_status=status)
    case.reporting_status = status
    record(
        "cases:reporting_status:set",
        actor=actor,
        subject=_subject(case),
        case_ref=str(case.public_id),
        details={"from": previous, "to": status, "as_told_by_person": actor.kind != "victim"},
    )
    return case
