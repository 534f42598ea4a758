"""The vocabulary of audit actions: every action the code writes is declared once.

An app declares the actions it writes in `<app>/audit_actions.py` (found the
way Django finds `admin.py`, like the data-file kinds), so the audit app
imports no domain app and each action is declared next to the code that
writes it:

    register(
        AuditAction("cases:case:opened", Access.VIEWED, told=_("%(who)s opened your record")),
        AuditAction("accounts:staff:created", Access.CHANGED),
    )

`told` is the sentence the person reads in their access history, in their
language; `%(who)s` becomes the role and organisation of the staff member
("Crisis worker at Care centre Ghent"). An action without one can never be
written by staff about a case: `audit.services.record` refuses it, and
tests/test_audit_actions.py finds every action the code writes and fails on
one that is not declared. So no staff event about a person reaches their
history as a vague "made a change".
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise


class Access(StrEnum):
    """What kind of access an action is, for the person: views collapse, refusals read as refused."""

    VIEWED = "viewed"
    SHARED = "shared"
    REFUSED = "refused"
    CHANGED = "changed"


@dataclass(frozen=True)
class AuditAction:
    name: str  # "<app>:<thing>:<verb>"
    access: Access
    # What the person reads, with %(who)s; None: never about a case by staff.
    told: str | Promise | None = None


class UndeclaredAuditAction(ValueError):
    """A staff event about a case whose action has no sentence for the person."""


_ACTIONS: dict[str, AuditAction] = {}
_discovered = False


def register(*actions: AuditAction) -> None:
    for action in actions:
        existing = _ACTIONS.get(action.name)
        if existing is not None and existing != action:
            raise ValueError(f"audit action {action.name!r} is declared twice, differently")
        if action.told is not None and "%(who)s" not in str(action.told):
            raise ValueError(f"audit action {action.name!r}: its sentence must name %(who)s")
        _ACTIONS[action.name] = action


def discover() -> None:
    """Import each installed app's `audit_actions.py`, which registers its actions."""
    global _discovered
    if _discovered:
        return
    from django.apps import apps

    if apps.ready:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("audit_actions")
        _discovered = True


def get(name: str) -> AuditAction | None:
    discover()
    return _ACTIONS.get(name)


def declared() -> list[AuditAction]:
    discover()
    return [_ACTIONS[name] for name in sorted(_ACTIONS)]


def access_of(name: str) -> Access:
    """How the person's history classes an action; an undeclared one counts as a change."""
    action = get(name)
    return action.access if action is not None else Access.CHANGED
