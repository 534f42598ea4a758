"""Who did something, as the audit log records it: never an address or a user agent.

Staff are recorded with their id (for investigations) and, as they were at
that moment, their roles and organisation kind and name (for the victim's
access history, which shows roles and organisations but not names).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol


class _Organisation(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def name(self) -> str: ...


class StaffMember(Protocol):
    """What the log reads from a staff account: audit knows no domain app, so not StaffUser itself."""

    @property
    def pk(self) -> Any: ...
    @property
    def roles(self) -> Iterable[str]: ...
    @property
    def organisation_id(self) -> int | None: ...
    @property
    def organisation(self) -> _Organisation | None: ...


@dataclass(frozen=True)
class Actor:
    kind: str  # "staff" | "victim" | "system"
    staff_id: int | None = None
    role: str = ""
    organisation_id: int | None = None
    label: str = ""
    organisation_kind: str = ""
    organisation_name: str = ""

    @classmethod
    def staff(cls, user: StaffMember) -> "Actor":
        organisation = user.organisation
        return cls(
            kind="staff",
            staff_id=user.pk,
            role=",".join(sorted(user.roles)),
            organisation_id=user.organisation_id,
            organisation_kind=organisation.kind if organisation else "",
            organisation_name=organisation.name if organisation else "",
        )

    @classmethod
    def victim(cls) -> "Actor":
        return cls(kind="victim", label="victim via receipt")

    @classmethod
    def system(cls, name: str) -> "Actor":
        return cls(kind="system", label=name)
