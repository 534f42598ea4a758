"""The case status state machine: every allowed change, named, in one table.

    first contact ─mark_seen→ seen ─start_care→ in care ─refer→ referred
         └──────────────start_care──────────────┘         ↘ close → closed
    closed ─reopen→ in care;  referred ─resume_care→ in care

`case.status = x` raises (models.case._ProtectedStatus); `case_transition` is
the only way to change it, and it writes the audit event in the same
transaction. The person's reporting status is separate and theirs
(`reporting_status_set`).
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safereport.accounts.models import StaffUser
from safereport.audit.actors import Actor
from safereport.audit.services import record
from safereport.cases.models import Case, CaseStatus, ReportingStatus

S = CaseStatus


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    label: str


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("mark_seen", frozenset({S.FIRST_CONTACT}), S.SEEN, _("Mark as seen")),
        Transition("start_care", frozenset({S.FIRST_CONTACT, S.SEEN}), S.IN_CARE, _("Start care")),
        Transition("refer", frozenset({S.SEEN, S.IN_CARE}), S.REFERRED, _("Mark as referred on")),
        Transition("resume_care", frozenset({S.REFERRED}), S.IN_CARE, _("Back in care")),
        Transition(
            "close", frozenset({S.FIRST_CONTACT, S.SEEN, S.IN_CARE, S.REFERRED}), S.CLOSED, _("Close")
        ),
        Transition("reopen", frozenset({S.CLOSED}), S.IN_CARE, _("Reopen")),
    )
}


class TransitionNotAllowed(ValueError):
    pass


def transitions_from(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if status in t.sources]


def _subject(case: Case) -> str:
    return f"case:{case.public_id}"


@transaction.atomic
def case_transition(*, case: Case, name: str, actor: StaffUser | Actor) -> Case:
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise TransitionNotAllowed(f"no transition named {name!r}")
    # Lock the row: two workers pressing buttons at once must not both win.
    current = Case.objects.select_for_update().only("status").get(pk=case.pk).status
    if current not in transition.sources:
        raise TransitionNotAllowed(f"{name!r} is not possible from {current!r}")
    now = timezone.now()
    Case.objects.filter(pk=case.pk)._unlocked_update(status=transition.target, status_changed_at=now)
    case._set_status_unlocked(transition.target)
    case.status_changed_at = now
    record(
        "cases:case:transition",
        actor=actor if isinstance(actor, Actor) else Actor.staff(actor),
        subject=_subject(case),
        case_ref=str(case.public_id),
        details={"transition": name, "from": current, "to": transition.target},
    )
    return case


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
