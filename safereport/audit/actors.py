"""Who did something, as the audit log records it: never an address or a user agent."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    kind: str  # "staff" | "victim" | "system"
    staff_id: int | None = None
    role: str = ""
    organisation_id: int | None = None
    label: str = ""

    @classmethod
    def staff(cls, user) -> "Actor":  # type: ignore[no-untyped-def]
        return cls(
            kind="staff",
            staff_id=user.pk,
            role=",".join(sorted(user.roles)),
            organisation_id=user.organisation_id,
        )

    @classmethod
    def victim(cls) -> "Actor":
        return cls(kind="victim", label="victim via receipt")

    @classmethod
    def system(cls, name: str) -> "Actor":
        return cls(kind="system", label=name)
