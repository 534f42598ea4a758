"""How case records seal and open their sensitive fields through the vault.

Every sealed value is bound to its case's data key and to (model, record,
field), so a ciphertext copied to another row or field will not open, and
shredding the case's key makes all of them unreadable.
"""

from typing import TYPE_CHECKING

from safereport.audit.actors import Actor
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
