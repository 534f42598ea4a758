"""What every consent service shares: the refusals they raise and the case lock.

Every write locks the case row first (SELECT … FOR UPDATE on PostgreSQL;
SQLite's IMMEDIATE transactions already hold the one write lock), so a
withdrawal and a package build never interleave: the package either saw the
withdrawal or was finished, and dated, before it.
"""

from safereport.cases.models import Case
from safereport.consent.errors import CodeMismatch, ConsentError, DisclosureRefused, OverrideRefused

__all__ = ["CodeMismatch", "ConsentError", "DisclosureRefused", "OverrideRefused", "lock_case", "case_ref_of"]


def lock_case(case: Case) -> Case:
    locked = Case.objects.select_for_update().filter(pk=case.pk).first()
    if locked is None:
        raise DisclosureRefused("case_gone")
    return locked


def case_ref_of(case: Case) -> str:
    return str(case.public_id)
