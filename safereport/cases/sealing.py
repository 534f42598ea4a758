"""How case records seal and open their sensitive fields through the vault.

Every sealed value is bound to its case's data key and to (model, record,
field), so a ciphertext copied to another row or field will not open, and
shredding the case's key makes all of them unreadable.
"""

from typing import TYPE_CHECKING

from safereport.audit.actors import Actor
from safereport.core.languages import OTHER, language_label, language_values
from safereport.core.models import PublicModel

if TYPE_CHECKING:
    from safereport.cases.models import Case
from safereport.vault.services import SealContext, seal, unseal, unseal_audited


def case_owner(case: "Case") -> str:
    return f"case:{case.public_id}"


def _context(case: "Case", record: PublicModel, field: str) -> SealContext:
    return SealContext(owner=case_owner(case), record=f"{record._meta.label}:{record.public_id}", field=field)


def seal_field(*, case: "Case", record: PublicModel, field: str, text: str) -> bytes:
    return seal(text.encode("utf-8"), context=_context(case, record, field))


def open_sealed(*, case: "Case", record: PublicModel, field: str) -> str:
    """Open without writing an audit event: for the victim reading their own
    conversation, or after the caller recorded one event for a whole page."""
    sealed = getattr(record, field)
    if not sealed:
        return ""
    return unseal(bytes(sealed), context=_context(case, record, field)).decode("utf-8")


def open_for_staff(*, case: "Case", record: PublicModel, field: str, actor: Actor, action: str) -> str:
    """A professional reading sealed text: the read is an audit event."""
    sealed = getattr(record, field)
    if not sealed:
        return ""
    return unseal_audited(
        bytes(sealed), context=_context(case, record, field), actor=actor, action=action, case_ref=str(case.public_id)
    ).decode("utf-8")


# --- languages: a code in the open, the name of any other language sealed ------------


def other_language_field(field: str) -> str:
    """Where a language field keeps the name of "another language": always beside it."""
    return f"{field}_other_sealed"


def language_set(*, case: "Case", record: PublicModel, field: str, code: str, other: str = "") -> None:
    """Put a language choice on an unsaved or saved record; the caller saves it.

    Services call this instead of assigning the column, so a language name
    never reaches a plain column and never stays behind when the choice changes.
    """
    if code not in ("", *language_values()):
        raise ValueError(f"{field}: {code!r} is not a language from the list")
    if code == OTHER and not other:
        raise ValueError(f"{field}: another language needs its name")
    setattr(record, field, code)
    sealed_field = other_language_field(field)
    sealed = seal_field(case=case, record=record, field=sealed_field, text=other) if code == OTHER else None
    setattr(record, sealed_field, sealed)


def language_shown(*, case: "Case", record: PublicModel, field: str) -> str:
    """What a page shows for a language field: its label, or the name the person gave.

    Opens without an event of its own: callers show it on a page whose
    opening is already recorded (the case page, the conversation, the ledger).
    """
    code = getattr(record, field)
    if code == OTHER:
        return open_sealed(case=case, record=record, field=other_language_field(field)) or language_label(OTHER)
    return language_label(code) if code else ""
