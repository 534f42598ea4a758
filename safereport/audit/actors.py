"""Who did something, as the audit log records it: never an address or a user agent.

Staff are recorded with their id (for investigations) and, as they were at
that moment, their roles and organisation kind and name (for the victim's
access history, which shows roles and organisations but not names).
"""

from dataclasses import dataclass


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
    def staff(cls, user) -> "Actor":  # type: ignore[no-untyped-def]
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
