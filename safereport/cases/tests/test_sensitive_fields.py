"""Every sealed field in every model declares its data category (consent works per category)."""

import pytest
from django.apps import apps
from django.db import models
from django.utils import timezone

from safereport.cases import services
from safereport.cases.models import Encounter
from safereport.cases.sealing import open_sealed
from safereport.core.categories import DataCategory


def test_every_sealed_field_declares_a_category():
    seen = set()
    for model in apps.get_models():
        sealed = {f.name for f in model._meta.get_fields() if isinstance(f, models.BinaryField) and f.name.endswith("_sealed")}
        declared = getattr(model, "sensitive_fields", {})
        # Equal, not just covered: every sensitive field is sealed (DESIGN.md §3.6),
        # and a declared name that is no sealed field is a typo that leaves the
        # real field without a category.
        assert set(declared) == sealed, f"{model.__name__}: undeclared {sealed - set(declared)}, unknown {set(declared) - sealed}"
        seen |= {f"{model.__name__}.{name}" for name in sealed}
        for field, category in declared.items():
            assert category in DataCategory.values, (model.__name__, field)
    # The walk saw the models it exists for (a renamed suffix would make it see none).
    assert {"Encounter.account_sealed", "PortalMessage.body_sealed", "MigrationCompartment.content_sealed"} <= seen


def test_no_care_record_has_a_field_for_papers_or_origin():
    forbidden = ("nationality", "passport", "visa", "residence", "permit", "birth", "document", "country_of_origin", "alien")
    for model in apps.get_models():
        if model._meta.app_label in {"navigator"}:
            continue
        for field in model._meta.get_fields():
            assert not any(word in field.name for word in forbidden), f"{model.__name__}.{field.name}"


@pytest.mark.django_db(databases="__all__")
def test_an_encounter_seals_each_category_separately(world):
    case = world.cases["assigned"]
    encounter = services.encounter_record(
        case=case,
        professional=world.staff["doctor"],
        kind="visit",
        occurred_at=timezone.now(),
        texts={"account_sealed": "He grabbed me at the station.", "injuries_sealed": "Bruise on the left wrist."},
    )
    assert open_sealed(case=case, record=encounter, field="injuries_sealed") == "Bruise on the left wrist."
    assert encounter.sexual_health_sealed is None
    assert b"Bruise" not in bytes(Encounter.objects.get(pk=encounter.pk).injuries_sealed)


# --- nothing a person typed sits unsealed in a case record ------------------------------

# Text and JSON columns of case records that hold no words a person or staff
# member typed, and why. Every other text column must have choices (a code from
# a vocabulary) or be sealed; a new free-text column fails here until it is
# sealed (a BinaryField `<name>_sealed` in `sensitive_fields`) or argued for below.
NOT_TYPED_BY_A_PERSON = {
    "training.Attempt.scenario": "a scenario's slug from data/training (training.scenarios)",
    "training.Answer.step": "a step id from the scenario's data file",
    "training.Answer.check_key": "a check id from the scenario's data file",
    "training.Answer.key_message": "a key message's slug from the content library, named by the scenario file",
    "training.Answer.check_kind": "said / understood / legal, from the scenario file",
    "relief.Procedure.mechanism": "a navigator mechanism id, chosen from data/relief (relief.forms.OpenForm)",
    "relief.StepRecord.step": "a step id from data/relief, chosen from the mechanism's list (relief.services)",
    "relief.ChecklistItem.item": "a document id from data/relief (relief.services.checklist_item_set refuses others)",
    "relief.Clock.rule": "a clock id from data/relief or a certification law's id",
    "relief.Clock.legal_source": "the legal source copied from data/relief, or a fixed sentence (relief.services)",
    "relief.ChecklistFile.item": "a document id from data/relief (relief.services.file_add refuses others)",
    "relief.CertificationRequest.law": "a certification law's id from data/relief, chosen from a list",
    "evidence.Kit.barcode": "a random kit number (evidence.models.new_barcode)",
    "evidence.Kit.rule_id": "the id of a retention rule from data/retention/evidence",
    "evidence.Kit.release_package_ref": "a disclosure package's public id",
    "evidence.CustodyEvent.from_party": "the name of the organisation that held the kit",
    "evidence.CustodyEvent.to_party": "the name of the receiving organisation, or 'the person' (evidence.services)",
    "evidence.CustodyEvent.receiver_ref": "a badge or reference number: capitals, digits, - / . _ (evidence.policies.clean_code)",
    "evidence.CustodyEvent.seal_number": "a seal number: capitals, digits, - / . _ (evidence.policies.clean_code)",
    "evidence.Item.seal_number": "a seal number: capitals, digits, - / . _ (evidence.policies.clean_code)",
    "consent.ErasureNotice.retention_rule": "the id of a retention rule from data/retention",
    "cases.Case.code": "the case's pseudonym, drawn at random",
    "cases.Case.receipt_lookup": "an Argon2id hash of the receipt code",
    "cases.Case.crisis_numbers_given": "ids of crisis lines from the content library",
    "cases.Case.help_kinds": "HelpKind codes",
    "cases.KeyMessageRecord.slug": "a key message's slug from data/content",
    "cases.KeyMessageRecord.reference": "slug@variant:language#digest: which library text was given",
    "cases.NeedsAssessment.accommodation_types": "codes of NeedsAssessment.ACCOMMODATION_TYPES",
    "cases.NeedsAssessment.migration_needs": "codes of NeedsAssessment.MIGRATION_NEEDS",
    "cases.NeedsAssessment.basic_needs": "codes of NeedsAssessment.BASIC_NEEDS",
    "cases.PoliceTalk.topics": "codes of PoliceTalk.TOPICS",
    "consent.SafeguardingOverride.ground": "a ground's key from the data files (consent.rules)",
    "consent.SafeguardingOverride.approver_role": "a role code",
    "consent.SafeguardingOverride.categories": "DataCategory codes",
    "consent.DisclosurePackage.case_ref": "the case's public id, for the audit log",
    "consent.DisclosurePackage.categories": "DataCategory codes",
    "consent.DisclosurePackage.withheld": "DataCategory code → reason key",
    "referrals.Referral.purpose": "a Purpose code, set by referrals.services",
    "referrals.Referral.disclosure_ref": "a package's public id",
    "referrals.Referral.shared_categories": "DataCategory codes",
    "police.Consultation.pseudonym": "drawn at random for one consultation (police.models.new_pseudonym)",
    "police.Consultation.topics": "codes of PoliceTalk.TOPICS",
    "police.Consultation.contact_route_detail": "the unit's phone number: digits, spaces, + ( ) - only (police.policies.clean_phone)",
    "police.IntermediatedReport.pseudonym": "drawn at random for one report (police.models.new_pseudonym)",
    "police.IntermediatedReport.intermediary_reference": "a file number: capitals, digits, - / . _ (police.policies.clean_reference)",
}


def case_records() -> set[type[models.Model]]:
    """The Case and every model that points at it, directly or through another case record."""
    from safereport.cases.models import Case

    found: set[type[models.Model]] = {Case}
    grown = True
    while grown:
        grown = False
        for model in apps.get_models():
            if model not in found and any(
                isinstance(f, models.ForeignKey) and f.related_model in found for f in model._meta.concrete_fields
            ):
                found.add(model)
                grown = True
    return found


# Typed, and open on purpose: none. Evidence labels used to be (ADR 0026 §11);
# item descriptions became a kind from a list, seal and badge numbers a shape,
# the custody note a condition from a list. A new entry here needs an ADR.
OPEN_BY_DESIGN: dict[str, str] = {}


def test_no_case_record_keeps_free_text_unsealed():
    unsealed, seen = [], set()
    for model in case_records():
        for field in model._meta.concrete_fields:
            key = f"{model._meta.label}.{field.name}"
            seen.add(key)
            is_text = isinstance(field, (models.CharField, models.TextField, models.JSONField))
            if is_text and not field.choices and key not in NOT_TYPED_BY_A_PERSON and key not in OPEN_BY_DESIGN:
                unsealed.append(key)
    assert not unsealed, f"free text stored in the open (seal it, or say in the allowlist why it is no typed text): {unsealed}"
    # The walk reached the records it is for, and the allowlist names only columns that exist.
    assert {"cases.Case.interpreter_language", "consent.ConsentEvent.language", "referrals.Referral.purpose"} <= seen
    assert set(NOT_TYPED_BY_A_PERSON) <= seen, set(NOT_TYPED_BY_A_PERSON) - seen


def test_a_language_column_is_a_code_held_by_the_database(world):
    """Choices alone are a promise of the forms; the CHECK constraint holds whatever writes the row."""
    from django.db import IntegrityError, transaction

    from safereport.cases.models import Case

    case = world.cases["assigned"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(interpreter_language="Kurmanji")
    Case.objects.filter(pk=case.pk).update(interpreter_language="other")  # a code is fine
