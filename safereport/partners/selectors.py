"""Reads of the recipient registry: whether an organisation may receive something from a centre, now or then.

`recipient_verdict` is the whole recipient rule. `disclosure_build` asks it
before anything is read from a case, the package pages ask it again before
anything is opened, and the consent pages list only the organisations it
lets through. The same rule holds in the database for new packages
(partners/guards.py).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import get_language

from safereport import datafiles
from safereport.accounts.models import Organisation, StaffUser
from safereport.accounts.permissions import OrganisationKind, Role
from safereport.core.purposes import Purpose
from safereport.datafiles import Localised, in_language
from safereport.partners.models import Partnership
from safereport.partners.policies import Listed, Match, first_match, jurisdiction_allows

DENYLIST_KIND = "partners.immigration_bodies"


# --- the denylist --------------------------------------------------------------------


@dataclass
class _Compiled:
    source: object = None  # the validated file the names came from
    listed: tuple[Listed, ...] = ()
    # Names already compared with this denylist: one page names the same
    # partners for every purpose, and the comparison dominated the person's view.
    matches: dict[tuple[str, ...], Match | None] = field(default_factory=dict)


_compiled = _Compiled()


def denylist() -> tuple[Listed, ...]:
    """Every name and term of data/firewall/immigration_bodies.toml; read again when the file changes."""
    model = datafiles.load_one(DENYLIST_KIND)
    if _compiled.source is not model:
        listed = [Listed(b.key, text, b.jurisdiction) for b in model.body for text in (b.name, *b.aliases)]
        listed += [Listed("term", t.text, "") for t in model.term]
        _compiled.source, _compiled.listed = model, tuple(listed)
        _compiled.matches = {}
    return _compiled.listed


def denylist_match(*names: str) -> Match | None:
    listed = denylist()
    if names not in _compiled.matches:
        if len(_compiled.matches) > 10_000:  # organisation names are few; bound it anyway
            _compiled.matches.clear()
        _compiled.matches[names] = first_match(listed, names)
    return _compiled.matches[names]


# --- the verdict ------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """Why an organisation may not receive (`refusal`), or the partnerships that let it."""

    refusal: str | None
    partnerships: tuple[Partnership, ...] = ()
    match: Match | None = None

    @property
    def allowed(self) -> bool:
        return self.refusal is None

    @property
    def partner_since(self) -> datetime | None:
        """Since when the organisation has been a partner without a break (the earliest approval in force)."""
        approved = [p.approved_at for p in self.partnerships if p.approved_at is not None]
        return min(approved) if approved else None


def recipient_verdict(
    *, care_centre_id: int, organisation_id: int, purpose: str, built_at: datetime | None = None
) -> Verdict:
    """May this organisation receive (or, with `built_at`, still read) something from this centre for this purpose?

    Everything is read again from the database: an object altered in memory
    changes nothing. Refusal reasons, in the order they are checked:
    recipient_unknown, recipient_inactive, recipient_on_immigration_denylist,
    recipient_not_a_partner, recipient_partnership_not_approved,
    recipient_partnership_revoked, recipient_partnership_not_for_purpose,
    recipient_other_jurisdiction.
    """
    organisation = Organisation.objects.filter(pk=organisation_id).values("name", "jurisdiction", "is_active").first()
    centre = Organisation.objects.filter(pk=care_centre_id).values("jurisdiction").first()
    if organisation is None or centre is None:
        return Verdict("recipient_unknown")
    if not organisation["is_active"]:
        return Verdict("recipient_inactive")
    match = denylist_match(organisation["name"])
    if match is not None:
        return Verdict("recipient_on_immigration_denylist", match=match)
    partnerships = list(Partnership.objects.filter(care_centre_id=care_centre_id, organisation_id=organisation_id))
    if built_at is not None:
        # A package is read under the partnership it was sent under, never under a later one.
        partnerships = [p for p in partnerships if p.approved_at is None or p.approved_at <= built_at]
    if not partnerships:
        return Verdict("recipient_not_a_partner")
    in_force = [p for p in partnerships if p.in_force]
    if not in_force:
        approved_once = any(p.approved_at is not None for p in partnerships)
        if approved_once:
            return Verdict("recipient_partnership_revoked")
        pending = any(p.is_pending for p in partnerships)
        return Verdict("recipient_partnership_not_approved" if pending else "recipient_not_a_partner")
    covering = [p for p in in_force if p.covers(purpose)]
    if not covering:
        return Verdict("recipient_partnership_not_for_purpose")
    valid = [
        p
        for p in covering
        if jurisdiction_allows(
            centre=centre["jurisdiction"],
            organisation=organisation["jurisdiction"],
            agreed=p.jurisdiction,
            cross_border_reason=p.cross_border_reason,
        )
    ]
    if not valid:
        return Verdict("recipient_other_jurisdiction")
    match = denylist_match(*(name for p in valid for name in p.public_names.values()))
    if match is not None:
        return Verdict("recipient_on_immigration_denylist", match=match)
    return Verdict(None, tuple(valid))


def partnerships_still_in_force(partnerships: Iterable[Partnership]) -> bool:
    """Lock these partnerships until the caller's transaction ends, and say whether none has ended meanwhile.

    A package build holds this lock, so a revocation waits for the package
    and then shreds it, instead of missing it.
    """
    ids = {p.pk for p in partnerships}
    locked = Partnership.objects.select_for_update().filter(pk__in=ids, revoked_at__isnull=True).values_list("pk", flat=True)
    return bool(ids) and set(locked) == ids


def readable_scopes(*, organisation_id: int) -> list[tuple[int, str, datetime]]:
    """(centre, purpose, approved since) for which this organisation may read what it was sent.

    The package pages filter on these; an organisation with none reads nothing.
    """
    scopes = []
    seen = set()
    for partnership in Partnership.objects.filter(
        organisation_id=organisation_id, approved_at__isnull=False, revoked_at__isnull=True
    ):
        for purpose in partnership.purposes:
            key = (partnership.care_centre_id, purpose)
            if key in seen:
                continue
            seen.add(key)
            verdict = recipient_verdict(
                care_centre_id=partnership.care_centre_id, organisation_id=organisation_id, purpose=purpose
            )
            since = verdict.partner_since
            if verdict.allowed and since is not None:
                scopes.append((partnership.care_centre_id, purpose, since))
    return scopes


# --- partners as the person is told about them ----------------------------------------


@dataclass(frozen=True)
class Partner:
    organisation: Organisation
    kind: str
    name: Localised[str]  # how the person is told, in their language or English, marked as such

    @property
    def public_id(self) -> UUID:
        return self.organisation.public_id


def public_name(partnership: Partnership, language: str | None = None) -> Localised[str]:
    names = partnership.public_names or {"en": partnership.organisation.name}
    if "en" not in names:
        names = {**names, "en": partnership.organisation.name}
    return in_language(names, language if language is not None else get_language())


def public_name_between(*, care_centre: Organisation | None, organisation: Organisation) -> Localised[str]:
    """The name the centre gives this organisation on the person's pages, from its latest partnership."""
    partnership = (
        Partnership.objects.filter(care_centre=care_centre, organisation=organisation).order_by("-created_at").first()
        if care_centre is not None
        else None
    )
    if partnership is None:
        return in_language({"en": organisation.name}, get_language())
    return public_name(partnership)


def partners_for(*, care_centre_id: int, purpose: str, kinds: frozenset[str] | set[str]) -> list[Partner]:
    """The organisations of these kinds a centre may share with for this purpose now, named for the person."""
    found: dict[int, Partner] = {}
    for partnership in (
        Partnership.objects.filter(
            care_centre_id=care_centre_id,
            approved_at__isnull=False,
            revoked_at__isnull=True,
            organisation__kind__in=kinds,
            organisation__is_active=True,
        )
        .select_related("organisation")
        .order_by("organisation__name", "approved_at")
    ):
        if partnership.organisation_id in found or not partnership.covers(purpose):
            continue
        verdict = recipient_verdict(
            care_centre_id=care_centre_id, organisation_id=partnership.organisation_id, purpose=purpose
        )
        if verdict.allowed:
            first = min(verdict.partnerships, key=lambda p: p.approved_at or p.created_at)
            found[partnership.organisation_id] = Partner(
                partnership.organisation, partnership.organisation.kind, public_name(first)
            )
    return sorted(found.values(), key=lambda p: p.name.value.casefold())


# --- the register -------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterRow:
    partnership: Partnership
    name: Localised[str]
    match: Match | None  # the organisation's name is on the denylist: revoke it
    jurisdiction_ok: bool
    purposes: list[str]  # as staff read them
    proposed_role: str
    approved_role: str


def register_for(actor: StaffUser) -> list[RegisterRow]:
    """Every partnership of the actor's centre, newest first, with what needs attention."""
    rows = []
    for partnership in partnerships_of(actor).select_related(
        "organisation", "care_centre", "proposed_by", "approved_by", "revoked_by"
    ):
        organisation = partnership.organisation
        rows.append(
            RegisterRow(
                partnership=partnership,
                name=public_name(partnership),
                match=denylist_match(organisation.name, *partnership.public_names.values()),
                jurisdiction_ok=jurisdiction_allows(
                    centre=partnership.care_centre.jurisdiction,
                    organisation=organisation.jurisdiction,
                    agreed=partnership.jurisdiction,
                    cross_border_reason=partnership.cross_border_reason,
                ),
                purposes=[str(Purpose(p).label) if p in Purpose.values else p for p in partnership.purposes],
                proposed_role=_role_label(partnership.proposed_role),
                approved_role=_role_label(partnership.approved_role),
            )
        )
    return rows


def _role_label(role: str) -> str:
    return str(Role(role).label) if role in Role.values else role


def partnerships_of(actor: StaffUser) -> QuerySet[Partnership]:
    if actor.organisation_id is None:
        return Partnership.objects.none()
    return Partnership.objects.filter(care_centre_id=actor.organisation_id)


def partnership_get_for(*, actor: StaffUser, partnership_id: UUID) -> Partnership:
    # Another centre's partnerships do not exist as far as this actor can tell.
    partnership = partnerships_of(actor).select_related("organisation", "care_centre").filter(public_id=partnership_id).first()
    if partnership is None:
        raise Http404
    return partnership


def pending_count(actor: StaffUser) -> int:
    return partnerships_of(actor).filter(approved_at__isnull=True, revoked_at__isnull=True).count()


def organisations_to_propose(actor: StaffUser) -> QuerySet[Organisation]:
    """Any active organisation but the centre itself: being registered opens no door, the partnership does.

    Never a training organisation: its cases are synthetic, and the database refuses the
    partnership anyway (training/guards.py, ADR 0035).
    """
    organisations = Organisation.objects.filter(is_active=True).exclude(kind=OrganisationKind.TRAINING_CENTRE).order_by("name")
    return organisations.exclude(pk=actor.organisation_id) if actor.organisation_id is not None else organisations
