"""The sharing rule, as a pure function of the ledger: what may go to whom, for what.

`permitted_categories` is the whole consent decision. `services.disclosure_build`
reads the ledger, calls this, and builds a package of exactly that; the
hypothesis tests check this function against an independent oracle.

Rules, in order:
  1. Only entries for this purpose, recorded at or before `at`, addressed to
     this organisation, count; or addressed to its kind, when recorded while
     the organisation was already a partner (`partner_since`, ADR 0014). Since
     issue 11 a consent names its organisations; rows by kind are older ones,
     and they never cover a partner that came later. Without `partner_since`
     they cover nobody.
  2. Per category, the most recent such entry decides (a later withdrawal at
     either level beats an earlier agreement, and the other way round).
  3. An agreement past its expiry counts as none.
  4. A category outside the purpose's relevant set (purposes.RELEVANT_CATEGORIES)
     needs an *explicit* agreement.
  5. Migration information needs an explicit agreement naming this very
     organisation (never a whole kind).
  6. A recipient whose kind may not receive this purpose gets nothing.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from safereport.consent.purposes import RELEVANT_CATEGORIES, SEALED_CATEGORIES, recipient_kind_allowed
from safereport.core.categories import DataCategory


@dataclass(frozen=True)
class LedgerEntry:
    position: int
    category: str
    purpose: str
    recipient_organisation_id: int | None
    recipient_kind: str
    given: bool
    explicit: bool
    expires_at: datetime | None
    recorded_at: datetime


def _addressed_to(entry: LedgerEntry, *, organisation_id: int, kind: str, partner_since: datetime | None) -> bool:
    if entry.recipient_organisation_id is not None:
        return entry.recipient_organisation_id == organisation_id
    # "Any police unit" meant the units the centre worked with when it was said.
    return entry.recipient_kind == kind and partner_since is not None and partner_since <= entry.recorded_at


def current_decisions(
    entries: Iterable[LedgerEntry],
    *,
    organisation_id: int,
    kind: str,
    purpose: str,
    at: datetime,
    partner_since: datetime | None = None,
) -> dict[str, LedgerEntry]:
    latest: dict[str, LedgerEntry] = {}
    for entry in sorted(entries, key=lambda e: e.position):
        if entry.purpose != purpose or entry.recorded_at > at:
            continue
        if _addressed_to(entry, organisation_id=organisation_id, kind=kind, partner_since=partner_since):
            latest[entry.category] = entry
    return latest


def permitted_categories(
    entries: Iterable[LedgerEntry],
    *,
    organisation_id: int,
    kind: str,
    purpose: str,
    at: datetime,
    partner_since: datetime | None = None,
) -> frozenset[str]:
    if not recipient_kind_allowed(purpose=purpose, kind=kind):
        return frozenset()
    relevant = RELEVANT_CATEGORIES.get(purpose, frozenset())
    allowed = set()
    for category, entry in current_decisions(
        entries, organisation_id=organisation_id, kind=kind, purpose=purpose, at=at, partner_since=partner_since
    ).items():
        if not entry.given or (entry.expires_at is not None and entry.expires_at <= at):
            continue
        if category in SEALED_CATEGORIES:
            if not (entry.explicit and entry.recipient_organisation_id == organisation_id):
                continue
        elif category not in relevant and not entry.explicit:
            continue
        allowed.add(category)
    return frozenset(allowed)


# Why a category is not in a package, in words the preview turns into sentences.
WITHHELD_REASONS = ("no_consent", "withdrawn", "expired", "needs_explicit", "needs_named_explicit", "not_permitted")


def withheld_reasons(
    entries: Iterable[LedgerEntry],
    *,
    permitted: frozenset[str],
    organisation_id: int,
    kind: str,
    purpose: str,
    at: datetime,
) -> dict[str, str]:
    """Why each category outside `permitted` stays behind (for the preview staff see).

    It explains `permitted_categories`, it never decides: the categories
    explained are exactly those `permitted` leaves out, and a case the
    explanation does not recognise reads "not_permitted".
    """
    decisions = current_decisions(entries, organisation_id=organisation_id, kind=kind, purpose=purpose, at=at)
    relevant = RELEVANT_CATEGORIES.get(purpose, frozenset())
    reasons = {}
    for category in DataCategory.values:
        if category in permitted:
            continue
        entry = decisions.get(category)
        if entry is None:
            reason = "no_consent"
        elif not entry.given:
            reason = "withdrawn"
        elif entry.expires_at is not None and entry.expires_at <= at:
            reason = "expired"
        elif category in SEALED_CATEGORIES:
            reason = "needs_named_explicit"
        elif category not in relevant and not entry.explicit:
            reason = "needs_explicit"
        else:
            reason = "not_permitted"
        reasons[category] = reason
    return reasons
