"""A synthetic case never reaches a real organisation, and a real case never appears in training (ADR 0035).

The database itself refuses, on SQLite and PostgreSQL alike, whatever writes
the row (raw model saves here, no service in between).
"""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from safereport.accounts.models import Organisation
from safereport.cases.models import Case
from safereport.consent.models import ConsentEvent, DisclosurePackage, SafeguardingOverride
from safereport.partners.models import Partnership
from safereport.police.models import Consultation, IntermediatedReport
from safereport.referrals.models import Referral, ReferralService
from safereport.training import services
from safereport.training.models import Attempt

pytestmark = pytest.mark.django_db

REFUSED = "guard: a synthetic training case never reaches a real organisation"


def refused(match: str = REFUSED):
    return pytest.raises(IntegrityError, match=match)


@pytest.fixture
def synthetic(world):
    return services.attempt_start(trainee=world.staff["trainee"], scenario_slug="first-contact-by-phone").case


def test_a_scenario_is_played_on_a_new_case_of_the_training_organisation_without_a_receipt(world, synthetic):
    assert synthetic.care_centre == world.organisations["training"]
    assert synthetic.receipt_lookup is None


def test_no_package_from_a_synthetic_case_to_a_real_organisation(world, synthetic):
    police = world.organisations["police"]
    # From the training organisation: no partnership either, so either guard may speak first.
    with refused("guard: (a package goes only to an approved partner|a synthetic training case)"), transaction.atomic():
        DisclosurePackage.objects.create(
            case=synthetic, case_ref=str(synthetic.public_id), care_centre=synthetic.care_centre,
            recipient=police, purpose="investigation", built_by=world.staff["trainee"], built_at=timezone.now(),
        )
    # Passed off as the Ghent centre's, to Ghent's partnered police unit: the synthetic case still gives it away.
    with refused(), transaction.atomic():
        DisclosurePackage.objects.create(
            case=synthetic, case_ref=str(synthetic.public_id), care_centre=world.organisations["ghent"],
            recipient=police, purpose="investigation", built_by=world.staff["doctor"], built_at=timezone.now(),
        )


def test_no_consent_naming_a_real_organisation_on_a_synthetic_case(world, synthetic):
    with refused(), transaction.atomic():
        ConsentEvent.objects.create(
            case=synthetic, category="incident_account", purpose="investigation", decision="given",
            understanding="understood", channel="staff", recipient_organisation=world.organisations["police"],
            language="en",
        )


def test_no_referral_from_a_synthetic_case_to_a_real_organisation_nor_to_one_outside_training(world, synthetic):
    service = ReferralService.objects.create(
        key="guard-test", jurisdiction="BE", name="Shelter", kind="counselling", organisation=world.organisations["ngo"]
    )
    for recipient in (world.organisations["ngo"], None):
        with refused(), transaction.atomic():
            Referral.objects.create(
                case=synthetic, service=service, recipient=recipient, purpose="referral", sent_by=world.staff["trainee"]
            )


def test_no_informal_police_consultation_of_a_synthetic_case_with_a_real_unit(world, synthetic):
    with refused(), transaction.atomic():
        Consultation.objects.create(
            case=synthetic, care_centre=synthetic.care_centre, police_unit=world.organisations["police"],
            booked_by=world.staff["trainee"], topics=["safety_advice"], place="care_centre", companion="yes",
            interpreter=False, pseudonym="T-1",
        )


def test_no_report_filed_for_a_synthetic_case_with_a_real_unit(world, synthetic):
    with refused(), transaction.atomic():
        IntermediatedReport.objects.create(
            case=synthetic, intermediary=synthetic.care_centre, filed_by=world.staff["trainee"],
            police_unit=world.organisations["police"], pseudonym="T-1", identity_released="none",
            intermediary_reference="T-1", venue="police",
        )


def test_no_override_nor_partnership_between_training_and_a_real_organisation(world):
    training, police, ghent = world.organisations["training"], world.organisations["police"], world.organisations["ghent"]
    with refused(), transaction.atomic():
        SafeguardingOverride.objects.create(
            care_centre=training, ground="immediate_risk_to_life", categories=["safety_and_risk"], recipient=police,
            purpose="investigation", requested_by=world.staff["trainee"], approver_role="case_manager",
        )
    with refused(), transaction.atomic():
        # A real centre's DPO proposing the training organisation as a partner: everything else is in order.
        Partnership.objects.create(
            care_centre=ghent, organisation=training, proposed_by=world.staff["dpo"], proposed_role="dpo_admin",
            agreement_reference="T", agreement_date="2026-01-01", purposes=["referral"], jurisdiction="BE",
        )


def test_a_real_case_never_appears_in_training(world):
    real = world.cases["assigned"]
    with refused(), transaction.atomic():
        Attempt.objects.create(trainee=world.staff["trainee"], scenario="first-contact-by-phone", case=real)
    with refused(), transaction.atomic():  # nor moves into a training organisation
        Case.objects.filter(pk=real.pk).update(care_centre=world.organisations["training"])


def test_nobody_real_can_write_into_a_training_organisation(world, synthetic):
    # A portal contact is a case with a receipt: never in a training organisation.
    with refused(), transaction.atomic():
        Case.objects.create(care_centre=world.organisations["training"], receipt_lookup="x" * 64)
    with refused(), transaction.atomic():
        Case.objects.filter(pk=synthetic.pk).update(receipt_lookup="y" * 64)
    with refused(), transaction.atomic():  # nor does a synthetic case move to a real centre
        Case.objects.filter(pk=synthetic.pk).update(care_centre=world.organisations["ghent"])


def test_an_organisation_never_changes_sides(world):
    for key, kind in (("ghent", "training_centre"), ("training", "care_centre")):
        with refused("guard: an organisation never becomes a training organisation"), transaction.atomic():
            Organisation.objects.filter(pk=world.organisations[key].pk).update(kind=kind)


def test_real_organisations_still_work_with_each_other(world):
    real = world.cases["assigned"]
    package = DisclosurePackage.objects.create(
        case=real, case_ref=str(real.public_id), care_centre=real.care_centre, recipient=world.organisations["police"],
        purpose="investigation", built_by=world.staff["doctor"], built_at=timezone.now(),
    )
    assert package.pk is not None


def test_synthetic_cases_and_their_consents_are_never_counted_in_statistics(world, synthetic):
    from safereport.stats.selectors.cases import cases_in
    from safereport.stats.selectors.consent import consent_decisions
    from safereport.stats.selectors.registry import Scope

    scope = Scope(year=timezone.now().year)
    before = consent_decisions(scope).values
    # Inside training, a consent naming the training organisation itself is allowed (and counted nowhere).
    ConsentEvent.objects.create(
        case=synthetic, category="incident_account", purpose="referral", decision="given", understanding="understood",
        channel="staff", recipient_organisation=world.organisations["training"], language="en",
    )
    assert synthetic.pk not in set(cases_in(scope).values_list("pk", flat=True))
    assert world.cases["assigned"].pk in set(cases_in(scope).values_list("pk", flat=True))
    assert consent_decisions(scope).values == before
