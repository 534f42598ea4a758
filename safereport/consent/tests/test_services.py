"""The ledger and the sharing policy, through the services."""

import pytest
from django.utils import timezone

from safereport.audit.models import AuditEvent
from safereport.consent import selectors, services
from safereport.consent.models import (
    ConsentEvent,
    Decision,
    DisclosurePackage,
    Understanding,
)
from safereport.consent.purposes import Purpose
from safereport.consent.services import ConsentError, DisclosureRefused
from safereport.consent.tests.helpers import POLICE_DEFAULT, give
from safereport.core.appendonly import AppendOnlyError
from safereport.core.categories import DataCategory as C

pytestmark = pytest.mark.django_db(databases="__all__")


def test_a_police_package_holds_incident_and_injuries_only_even_when_everything_was_agreed(world, examined_case):
    give(world, examined_case, [c for c in C.values if c != C.MIGRATION_INFORMATION])  # "what is needed", every category
    package = services.disclosure_build(
        case=examined_case, recipient=world.organisations["police"], purpose=Purpose.INVESTIGATION, actor=world.staff["doctor"]
    )
    assert set(package.categories) == POLICE_DEFAULT
    content = selectors.package_open(package=package, actor=world.staff["police_liaison"])
    assert content[C.INCIDENT_ACCOUNT][0]["text"] == "He grabbed me at the station."
    assert content[C.INJURIES_FORENSIC_FINDINGS][0]["text"] == "Bruise on the left wrist."
    assert package.sexual_health_results_sealed is None and package.medical_history_sealed is None


def test_sexual_health_results_reach_the_police_only_on_explicit_request(world, examined_case):
    give(world, examined_case, [C.INCIDENT_ACCOUNT, C.SEXUAL_HEALTH_RESULTS], explicit=True)
    package = services.disclosure_build(
        case=examined_case, recipient=world.organisations["police"], purpose=Purpose.INVESTIGATION, actor=world.staff["doctor"]
    )
    assert set(package.categories) == {C.INCIDENT_ACCOUNT, C.SEXUAL_HEALTH_RESULTS}


def test_without_consent_nothing_is_built_and_the_refusal_is_audited(world, examined_case):
    with pytest.raises(DisclosureRefused) as refused:
        services.disclosure_build(
            case=examined_case, recipient=world.organisations["police"], purpose=Purpose.INVESTIGATION, actor=world.staff["doctor"]
        )
    assert refused.value.reason == "no_consent"
    assert not DisclosurePackage.objects.exists()
    event = AuditEvent.objects.filter(action="consent:disclosure:refused").get()
    assert event.details["reason"] == "no_consent" and event.case_ref == str(examined_case.public_id)


def test_withdrawal_takes_effect_for_the_next_package(world, examined_case):
    give(world, examined_case, [C.INCIDENT_ACCOUNT, C.INJURIES_FORENSIC_FINDINGS])
    give(world, examined_case, [C.INJURIES_FORENSIC_FINDINGS], decision=Decision.WITHDRAWN)
    package = services.disclosure_build(
        case=examined_case, recipient=world.organisations["police"], purpose=Purpose.INVESTIGATION, actor=world.staff["doctor"]
    )
    assert package.categories == [C.INCIDENT_ACCOUNT]


def test_a_consent_for_every_partner_of_a_kind_covers_the_partners_named_on_the_page(world, examined_case):
    # Issue 11: this test used to record one consent for the kind "ngo" and
    # show it covering every NGO. A consent now names its organisations.
    events = services.consent_record_for_partners(
        case=examined_case, categories=[C.NEEDS_AND_SUPPORT], purpose=Purpose.REFERRAL, decision=Decision.GIVEN,
        kinds=["ngo"], shown=[str(world.organisations["ngo"].public_id)], understanding=Understanding.UNDERSTOOD,
        channel="staff", explained_by=world.staff["doctor"], language="en",
    )
    assert [(e.recipient_organisation, e.recipient_kind) for e in events] == [(world.organisations["ngo"], "")]
    package = services.disclosure_build(
        case=examined_case, recipient=world.organisations["ngo"], purpose=Purpose.REFERRAL, actor=world.staff["crisis_worker"]
    )
    assert package.categories == [C.NEEDS_AND_SUPPORT]
    with pytest.raises(DisclosureRefused):
        services.disclosure_build(
            case=examined_case, recipient=world.organisations["desk"], purpose=Purpose.REFERRAL, actor=world.staff["crisis_worker"]
        )
    with pytest.raises(ConsentError):
        give(world, examined_case, [C.NEEDS_AND_SUPPORT], purpose=Purpose.REFERRAL, kind="ngo")


def test_expired_consent_counts_as_none(world, examined_case):
    events = give(world, examined_case, [C.INCIDENT_ACCOUNT], expires_at=timezone.now() + timezone.timedelta(seconds=1))
    at = events[0].expires_at + timezone.timedelta(seconds=1)
    entries = selectors.ledger_entries(examined_case)
    from safereport.consent.policies import permitted_categories

    assert permitted_categories(entries, organisation_id=world.organisations["police"].pk, kind="police_unit", purpose="investigation", at=at) == frozenset()


def test_consent_is_not_recorded_before_the_person_understood(world, examined_case):
    with pytest.raises(ConsentError):
        services.consent_record(
            case=examined_case, categories=[C.INCIDENT_ACCOUNT], purpose=Purpose.INVESTIGATION, decision=Decision.GIVEN,
            understanding=Understanding.NOT_YET, channel="staff", recipient_organisation=world.organisations["police"],
            explained_by=world.staff["doctor"],
        )


def test_the_ledger_is_append_only(world, examined_case):
    event = give(world, examined_case, [C.INCIDENT_ACCOUNT])[0]
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        ConsentEvent.objects.filter(pk=event.pk).update(decision="withdrawn")
    with pytest.raises(AppendOnlyError):
        ConsentEvent.objects.all().delete()


def test_a_package_is_immutable(world, examined_case):
    give(world, examined_case, [C.INCIDENT_ACCOUNT])
    package = services.disclosure_build(
        case=examined_case, recipient=world.organisations["police"], purpose=Purpose.INVESTIGATION, actor=world.staff["doctor"]
    )
    package.categories = [C.MEDICAL_HISTORY]
    with pytest.raises(AppendOnlyError):
        package.save()


def test_only_staff_on_the_case_can_build(world, examined_case):
    give(world, examined_case, [C.INCIDENT_ACCOUNT])
    for outsider in ("other_worker", "utrecht_worker", "police_liaison"):
        with pytest.raises(DisclosureRefused) as refused:
            services.disclosure_build(
                case=examined_case, recipient=world.organisations["police"], purpose=Purpose.INVESTIGATION, actor=world.staff[outsider]
            )
        assert refused.value.reason == "actor_not_on_case"


def test_investigation_goes_only_to_the_police_and_research_only_to_researchers(world, examined_case):
    with pytest.raises(ConsentError):
        give(world, examined_case, [C.INCIDENT_ACCOUNT], organisation="ngo")
    with pytest.raises(DisclosureRefused) as refused:
        services.disclosure_build(
            case=examined_case, recipient=world.organisations["research"], purpose=Purpose.INVESTIGATION, actor=world.staff["doctor"]
        )
    assert refused.value.reason == "recipient_kind_not_for_purpose"


def test_packages_collect_from_every_model_that_declares_sensitive_fields(world):
    from safereport.cases.models import Case, Encounter

    models = {source.model for source in services.sources()}
    assert {Case, Encounter} <= models
    assert DisclosurePackage not in models
