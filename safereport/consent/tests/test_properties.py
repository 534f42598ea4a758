"""Property-based tests of the sharing policy (hypothesis).

1. For any history of consents and withdrawals, the policy permits exactly
   what an independent reading of the ledger permits, and never migration
   information without an explicit consent naming that organisation. Rows
   addressed to a kind (recorded before issue 11) count only for an
   organisation that was already a partner when they were recorded.
2. The same through the database: a built package holds exactly the permitted
   categories that have content.
3. Withdrawals interleaved with builds: no package is dated after a
   withdrawal it did not honour.
"""

import contextlib
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safereport.consent import services
from safereport.consent.models import ConsentEvent, Decision
from safereport.consent.policies import LedgerEntry, permitted_categories
from safereport.consent.purposes import Purpose
from safereport.consent.services import ConsentError, DisclosureRefused
from safereport.consent.tests.helpers import give
from safereport.core.categories import DataCategory as C
from safereport.partners.models import Partnership

T0 = datetime(2026, 1, 1, tzinfo=UTC)
# Every organisation kind there is, two police units so "this very organisation" differs from "its kind".
ORGANISATIONS = {
    1: "police_unit", 2: "police_unit", 3: "ngo", 4: "legal_service",
    5: "care_centre", 6: "municipal_desk", 7: "research_body",
}

# The oracle's own tables, written out from DESIGN.md §3.4 and ADR 0008 (and the
# purposes the ADR names), never imported from consent.purposes: a wrong entry
# there must make the property fail, not move the oracle with it.
MAY_RECEIVE = {
    "investigation": {"police_unit"},
    "referral": {"care_centre", "ngo", "municipal_desk", "legal_service"},
    "relief_application": {"ngo", "municipal_desk", "legal_service"},
    "legal_advice": {"legal_service", "ngo"},
    "research": {"research_body"},
}
# What "consent to what is needed" covers (§6.3 r6–7); anything else needs an explicit consent.
NEEDED_FOR = {
    "investigation": {"incident_account", "injuries_forensic_findings", "forensic_samples"},
    "referral": {"contact_details", "needs_and_support", "safety_and_risk"},
    "relief_application": {"contact_details", "incident_account", "injuries_forensic_findings"},
    "legal_advice": {"contact_details", "incident_account"},
    "research": set(),
}
MIGRATION = "migration_information"

entries_strategy = st.lists(
    st.builds(
        lambda category, purpose, org, by_kind, given, explicit, minute, expiry: (
            category, purpose, org, by_kind, given, explicit, minute, expiry
        ),
        st.sampled_from(C.values),
        st.sampled_from(Purpose.values),
        st.sampled_from(sorted(ORGANISATIONS)),
        st.booleans(),
        st.booleans(),
        st.booleans(),
        st.integers(0, 100),
        st.one_of(st.none(), st.integers(1, 200)),
    ),
    max_size=40,
)


def _as_entries(raw):
    entries = []
    for position, (category, purpose, org, by_kind, given_, explicit, minute, expiry) in enumerate(raw, start=1):
        recorded = T0 + timedelta(minutes=minute)
        entries.append(
            LedgerEntry(
                position=position,
                category=category,
                purpose=purpose,
                recipient_organisation_id=None if by_kind else org,
                recipient_kind=ORGANISATIONS[org] if by_kind else "",
                given=given_,
                explicit=explicit,
                expires_at=None if expiry is None else recorded + timedelta(minutes=expiry),
                recorded_at=recorded,
            )
        )
    # Positions follow recording order, as the database's do.
    entries.sort(key=lambda e: (e.recorded_at, e.position))
    return [LedgerEntry(**{**e.__dict__, "position": i}) for i, e in enumerate(entries, start=1)]


def oracle(entries, *, org, kind, purpose, at, partner_since=None):
    """An independent reading: walk the ledger backwards, per category, first match decides."""
    if kind not in MAY_RECEIVE[purpose]:
        return set()
    allowed = set()
    for category in {e.category for e in entries}:
        for e in sorted(entries, key=lambda e: e.position, reverse=True):
            if e.category != category or e.purpose != purpose or e.recorded_at > at:
                continue
            if e.recipient_organisation_id:
                addressed = e.recipient_organisation_id == org
            else:
                # "Any police unit" once meant the units the centre worked with at that time (ADR 0014).
                addressed = e.recipient_kind == kind and partner_since is not None and e.recorded_at >= partner_since
            if not addressed:
                continue
            live = e.given and (e.expires_at is None or e.expires_at > at)
            if category == MIGRATION:
                live = live and e.explicit and e.recipient_organisation_id == org
            elif category not in NEEDED_FOR[purpose]:
                live = live and e.explicit
            if live:
                allowed.add(category)
            break
    return allowed


def test_the_oracle_reads_the_rules_as_written():
    # The oracle is only as good as its own reading; pin it on cases worked by hand.
    at = T0 + timedelta(minutes=10)

    def entry(position, category, *, org=None, kind="", given=True, explicit=False, purpose="investigation", expires=None):
        return LedgerEntry(
            position=position, category=category, purpose=purpose, recipient_organisation_id=org,
            recipient_kind=kind, given=given, explicit=explicit, expires_at=expires, recorded_at=T0 + timedelta(minutes=position),
        )

    ledger = [
        entry(1, "incident_account", kind="police_unit"),
        entry(2, "medical_history", org=1),  # not needed for the police, and not explicit
        entry(3, "sexual_health_results", org=1, explicit=True),
        entry(4, MIGRATION, kind="police_unit", explicit=True),  # a kind is never enough
        entry(5, "injuries_forensic_findings", org=1),
        entry(6, "injuries_forensic_findings", kind="police_unit", given=False),  # a later withdrawal wins
        entry(7, "forensic_samples", org=1, expires=T0 + timedelta(minutes=9)),  # lapsed at minute 9
        entry(8, "contact_details", org=1, explicit=True, purpose="referral"),  # another purpose
        entry(20, "safety_and_risk", org=1, explicit=True),  # recorded after `at`
    ]
    partner = {"kind": "police_unit", "purpose": "investigation", "at": at, "partner_since": T0}
    assert oracle(ledger, org=1, **partner) == {"incident_account", "sexual_health_results"}
    assert oracle(ledger, org=2, **partner) == {"incident_account"}
    assert oracle(ledger + [entry(9, MIGRATION, org=1, explicit=True)], org=1, **partner) == {
        "incident_account", "sexual_health_results", MIGRATION,
    }
    assert oracle(ledger, org=3, kind="ngo", purpose="investigation", at=at, partner_since=T0) == set()
    # A unit that became a partner after the consent by kind, or never: the kind covers it not.
    late = {**partner, "partner_since": T0 + timedelta(minutes=2)}
    assert oracle(ledger, org=2, **late) == set()
    assert oracle(ledger, org=1, **late) == {"sexual_health_results"}  # the withdrawal by kind at minute 6 still counts
    assert oracle(ledger, org=2, **{**partner, "partner_since": None}) == set()


@pytest.mark.parametrize("purpose", Purpose.values)
@pytest.mark.parametrize("explicit", [False, True])
def test_the_policy_follows_the_written_tables_for_every_purpose_and_kind(purpose, explicit):
    # Random ledgers rarely hit every (purpose, kind) pair; this walks all of them,
    # with a consent for every category addressed to the organisation itself.
    for org, kind in ORGANISATIONS.items():
        entries = [
            LedgerEntry(
                position=i, category=category, purpose=purpose, recipient_organisation_id=org, recipient_kind="",
                given=True, explicit=explicit, expires_at=None, recorded_at=T0,
            )
            for i, category in enumerate(C.values, start=1)
        ]
        got = permitted_categories(entries, organisation_id=org, kind=kind, purpose=purpose, at=T0)
        assert set(got) == oracle(entries, org=org, kind=kind, purpose=purpose, at=T0), (purpose, kind)


@given(
    raw=entries_strategy,
    org=st.sampled_from(sorted(ORGANISATIONS)),
    purpose=st.sampled_from(Purpose.values),
    minute=st.integers(0, 320),
    partner_minute=st.one_of(st.none(), st.integers(0, 120)),
)
@settings(max_examples=400, deadline=None)
def test_the_policy_permits_exactly_what_the_ledger_says(raw, org, purpose, minute, partner_minute):
    entries = _as_entries(raw)
    at = T0 + timedelta(minutes=minute)
    since = None if partner_minute is None else T0 + timedelta(minutes=partner_minute)
    got = permitted_categories(
        entries, organisation_id=org, kind=ORGANISATIONS[org], purpose=purpose, at=at, partner_since=since
    )
    assert set(got) == oracle(entries, org=org, kind=ORGANISATIONS[org], purpose=purpose, at=at, partner_since=since)

    def addressed(category):
        return [
            e for e in entries
            if e.category == category and e.purpose == purpose and e.recorded_at <= at
            and (
                e.recipient_organisation_id == org
                if e.recipient_organisation_id
                else e.recipient_kind == ORGANISATIONS[org] and since is not None and e.recorded_at >= since
            )
        ]

    if C.MIGRATION_INFORMATION in got:
        # The latest decision addressed to this organisation (an entry for another one decides nothing here).
        last = addressed(C.MIGRATION_INFORMATION)
        assert last and last[-1].explicit and last[-1].recipient_organisation_id == org and last[-1].given
    if purpose == Purpose.INVESTIGATION:
        unusual = {C.SEXUAL_HEALTH_RESULTS, C.MEDICAL_HISTORY, C.MIGRATION_INFORMATION} & set(got)
        for category in unusual:
            # The decision that let it out is the latest one, and it was explicit.
            assert addressed(category)[-1].given and addressed(category)[-1].explicit


# --- through the database --------------------------------------------------------

DB_CATEGORIES = [C.INCIDENT_ACCOUNT, C.INJURIES_FORENSIC_FINDINGS, C.SEXUAL_HEALTH_RESULTS, C.MEDICAL_HISTORY, C.MIGRATION_INFORMATION]
step = st.tuples(
    st.sampled_from(["give", "withdraw", "build"]),
    st.lists(st.sampled_from(DB_CATEGORIES), min_size=1, max_size=3, unique=True),
    st.booleans(),  # explicit
    st.booleans(),  # addressed by kind instead of organisation
)


def _ledger_as_stored(case):
    """The ledger read straight from its table, not through the services under test."""
    return [
        LedgerEntry(
            position=event.pk, category=event.category, purpose=event.purpose,
            recipient_organisation_id=event.recipient_organisation_id, recipient_kind=event.recipient_kind,
            given=event.decision == Decision.GIVEN, explicit=event.explicit, expires_at=event.expires_at,
            recorded_at=event.recorded_at,
        )
        for event in ConsentEvent.objects.filter(case=case).order_by("pk")
    ]


def _apply(world, case, op, categories, explicit, by_kind):
    if op == "build":
        try:
            return services.disclosure_build(
                case=case, recipient=world.organisations["police"], purpose=Purpose.INVESTIGATION, actor=world.staff["doctor"]
            )
        except DisclosureRefused:
            return None
    if by_kind and op == "give":
        # Consents by kind are no longer given (issue 11); rows written before
        # then are still in ledgers, so they are written here as they were.
        for category in categories:
            if category != C.MIGRATION_INFORMATION:
                ConsentEvent(
                    case=case, category=category, purpose=Purpose.INVESTIGATION, recipient_kind="police_unit",
                    decision=Decision.GIVEN, explicit=explicit, channel="portal", understanding="self_service",
                ).save()
        return None
    # e.g. migration information addressed to a whole kind is refused, as it must be
    with contextlib.suppress(ConsentError):
        give(
            world, case, categories, explicit=explicit,
            kind="police_unit" if by_kind else "",
            decision=Decision.GIVEN if op == "give" else Decision.WITHDRAWN,
        )
    return None


@pytest.mark.django_db(databases="__all__")
@given(steps=st.lists(step, min_size=1, max_size=12))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_any_history_of_consents_and_withdrawals_yields_packages_of_exactly_the_permitted_categories(world, examined_case, steps):
    # Each example starts from a fresh ledger on the same examined case.
    ConsentEvent._base_manager.filter(case=examined_case)._raw_delete(ConsentEvent.objects.db)
    police = world.organisations["police"]
    police_partner_since = Partnership.objects.get(organisation=police).approved_at
    for op, categories, explicit, by_kind in steps:
        package = _apply(world, examined_case, op, categories, explicit, by_kind)
        if package is None:
            continue
        entries = _ledger_as_stored(examined_case)
        permitted = oracle(
            entries, org=police.pk, kind=police.kind, purpose=Purpose.INVESTIGATION, at=package.built_at,
            partner_since=police_partner_since,
        )
        # The compartment is empty in this case, so migration can never be in a package.
        with_content = permitted - {C.MIGRATION_INFORMATION}
        assert set(package.categories) == set(with_content) & set(DB_CATEGORIES)
        assert C.MIGRATION_INFORMATION not in package.categories
        # Nothing the package did not see was recorded before it was dated.
        later = [e for e in entries if e.position > package.ledger_position]
        assert all(e.recorded_at >= package.built_at for e in later)


@pytest.mark.django_db(databases="__all__")
@given(order=st.permutations(["withdraw", "build", "give", "build", "withdraw", "build"]))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_a_withdrawal_racing_a_build_never_yields_a_package_dated_after_it(world, examined_case, order):
    ConsentEvent._base_manager.filter(case=examined_case)._raw_delete(ConsentEvent.objects.db)
    give(world, examined_case, [C.INCIDENT_ACCOUNT, C.INJURIES_FORENSIC_FINDINGS])
    packages = []
    for op in order:
        categories = [C.INJURIES_FORENSIC_FINDINGS]
        package = _apply(world, examined_case, op, categories, False, False)
        if package is not None:
            packages.append(package)
    withdrawals = ConsentEvent.objects.filter(case=examined_case, decision=Decision.WITHDRAWN, category=C.INJURIES_FORENSIC_FINDINGS)
    for package in packages:
        if C.INJURIES_FORENSIC_FINDINGS not in package.categories:
            continue
        # The injuries went out, so the latest decision before the package was a "give".
        before = ConsentEvent.objects.filter(
            case=examined_case, category=C.INJURIES_FORENSIC_FINDINGS, pk__lte=package.ledger_position
        ).order_by("-pk").first()
        assert before.decision == Decision.GIVEN
        for withdrawal in withdrawals.filter(pk__gt=before.pk):
            assert withdrawal.recorded_at >= package.built_at
