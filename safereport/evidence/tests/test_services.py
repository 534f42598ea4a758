"""Kits kept while the person decides: custody, clocks, release only after a report and consent, erasure."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from safereport.accounts.services import WitnessCheck
from safereport.audit.actors import Actor
from safereport.audit.models import AuditEvent
from safereport.cases.models import ReportingStatus
from safereport.cases.services import reporting_status_set
from safereport.consent import services as consent_services
from safereport.consent.models import Channel, Decision, DisclosurePackage, Understanding
from safereport.core import erasure, housekeeping
from safereport.core.appendonly import AppendOnlyError
from safereport.core.workflow import ProtectedStateError, TransitionNotAllowed, TransitionNotPermitted
from safereport.evidence import selectors, services
from safereport.evidence.models import (
    CustodyAction,
    CustodyEvent,
    DestructionRecord,
    Holder,
    Item,
    ItemClass,
    Kit,
    KitStatus,
    StorageLocation,
)

pytestmark = pytest.mark.django_db(databases="__all__")

TODAY = dt.date(2026, 12, 2)


def events(action, **filters):
    return AuditEvent.objects.filter(action=action, **filters)


@pytest.fixture
def freezer(world):
    return services.location_add(
        actor=world.staff["doctor"], name="Freezer 1, evidence room", frozen=True,
        min_celsius=Decimal("-30"), max_celsius=Decimal("-18"),
    )


@pytest.fixture
def kit(world, freezer):
    """The Ghent 'assigned' case's kit, collected today under the Belgian rule, sealed and in the freezer."""
    kit = services.kit_collect(
        case=world.cases["assigned"], actor=world.staff["doctor"], exam_started_on=timezone.localdate(), rule_id="BE-ZSG",
        items=[(ItemClass.WET, "swab"), (ItemClass.RETURNABLE, "underwear")],
    )
    services.custody_record(kit=kit, actor=world.staff["doctor"], action=CustodyAction.SEALED, seal_number="S-1")
    services.custody_record(kit=kit, actor=world.staff["doctor"], action=CustodyAction.STORED, location=freezer)
    kit.refresh_from_db()
    return kit


def police_consent(world, case, categories=("forensic_samples",)):
    consent_services.consent_record(
        case=case, categories=list(categories), purpose="investigation", decision=Decision.GIVEN,
        understanding=Understanding.UNDERSTOOD, channel=Channel.STAFF, recipient_organisation=world.organisations["police"],
        explained_by=world.staff["doctor"], language="en",
    )


def test_a_kit_gets_a_barcode_without_personal_data_and_its_disposal_date_from_the_rule(world, kit):
    assert kit.barcode.startswith("K-") and len(kit.barcode) == 16
    assert str(world.cases["assigned"].code) not in kit.barcode
    assert kit.disposal_on is not None and kit.disposal_on > kit.exam_started_on
    assert kit.status == KitStatus.STORED and kit.location.name == "Freezer 1, evidence room"
    assert [e.action for e in kit.custody_events.all()] == ["collected", "collected", "collected", "sealed", "stored"]
    assert events("evidence:kit:collected").count() == 1
    assert events("evidence:kit:transition", details__to="stored").count() == 1


def test_a_rule_of_another_country_is_refused(world):
    with pytest.raises(services.EvidenceRefused, match="rule_of_other_jurisdiction"):
        services.kit_collect(case=world.cases["assigned"], actor=world.staff["doctor"], exam_started_on=TODAY, rule_id="IE-SATU-OPTION-3")


def test_where_no_rule_is_known_the_kit_has_no_date_and_the_clock_leaves_it_alone(world):
    case = world.cases["utrecht"]
    kit = services.kit_collect(case=case, actor=world.staff["utrecht_worker"], exam_started_on=TODAY, rule_id="NL-UNKNOWN")
    assert kit.disposal_on is None and kit.notice_on is None
    assert services.kits_clock_sweep(today=TODAY + dt.timedelta(days=10000)) == {"notice_given": 0, "due": 0}


def test_the_status_changes_only_through_the_workflow(kit):
    with pytest.raises(ProtectedStateError):
        kit.status = KitStatus.DESTROYED
    with pytest.raises(ProtectedStateError):
        Kit.objects.filter(pk=kit.pk).update(status=KitStatus.DESTROYED)


def test_the_custody_log_is_append_only_in_python_and_in_the_database(kit):
    event = kit.custody_events.first()
    event.seal_number = "S-2"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        CustodyEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(Exception), transaction.atomic(), connection.cursor() as cursor:  # noqa: B017, PT011
        cursor.execute("UPDATE evidence_custodyevent SET seal_number = 'S-2' WHERE id = %s", [event.pk])
    with pytest.raises(Exception), transaction.atomic(), connection.cursor() as cursor:  # noqa: B017, PT011
        cursor.execute("DELETE FROM evidence_custodyevent WHERE id = %s", [event.pk])


def test_storing_needs_a_place_of_the_centre(world, kit):
    with pytest.raises(services.EvidenceRefused, match="location_needed"):
        services.custody_record(kit=kit, actor=world.staff["doctor"], action=CustodyAction.MOVED)


def test_staff_of_another_centre_cannot_touch_the_kit(world, kit):
    with pytest.raises(services.EvidenceRefused, match="other_centre"):
        services.custody_record(kit=kit, actor=world.staff["utrecht_worker"], action=CustodyAction.CHECKED)


# --- destruction ------------------------------------------------------------------------------


def test_a_destruction_without_a_second_staff_witness_is_refused_and_audited(world, kit):
    services.kits_clock_sweep(today=kit.disposal_on)
    for witness in (None, world.staff["doctor"], world.staff["utrecht_worker"], world.staff["dpo"]):
        with pytest.raises(services.EvidenceRefused, match="no_witness"):
            services.kit_destroy(kit=kit, actor=world.staff["doctor"], witness=witness, reason="disposal_date", witness_check=WitnessCheck(True))
    assert events("evidence:kit_destroy:refused").count() == 4
    assert Kit.objects.get(pk=kit.pk).status == KitStatus.DUE
    assert not DestructionRecord.objects.exists()


def test_a_kit_is_not_destroyed_before_the_rule_allows(world, kit):
    with pytest.raises(services.EvidenceRefused, match="not_due"):
        services.kit_destroy(kit=kit, actor=world.staff["doctor"], witness=world.staff["case_manager"], reason="other", witness_check=WitnessCheck(True))
    assert events("evidence:kit_destroy:refused", details__reason="not_due").count() == 1


def test_a_due_kit_is_destroyed_with_a_witness_and_a_record_that_names_nobody(world, kit):
    services.kits_clock_sweep(today=kit.disposal_on)
    record = services.kit_destroy(kit=kit, actor=world.staff["doctor"], witness=world.staff["case_manager"], reason="disposal_date", witness_check=WitnessCheck(True))
    kit.refresh_from_db()
    assert kit.status == KitStatus.DESTROYED and kit.location is None
    assert record.barcode == kit.barcode and record.items == 2 and record.witness == world.staff["case_manager"]
    assert {f.name for f in DestructionRecord._meta.get_fields()}.isdisjoint({"case", "case_id"})
    last = kit.custody_events.last()
    assert last.action == "destroyed" and last.witness == world.staff["case_manager"]


# --- clocks -------------------------------------------------------------------------------------


def test_the_clock_sweep_is_idempotent_with_one_audit_event_per_state_change(world, freezer):
    texas_like = []
    for _ in range(3):
        kit = services.kit_collect(case=world.cases["assigned"], actor=world.staff["doctor"], exam_started_on=dt.date(2026, 1, 31), rule_id="BE-ZSG")
        services.custody_record(kit=kit, actor=world.staff["doctor"], action=CustodyAction.STORED, location=freezer)
        texas_like.append(kit)
    before = events("evidence:kit:transition").count()
    assert services.kits_clock_sweep(today=dt.date(2026, 7, 30)) == {"notice_given": 0, "due": 0}
    assert services.kits_clock_sweep(today=dt.date(2026, 7, 31)) == {"notice_given": 0, "due": 3}
    assert services.kits_clock_sweep(today=dt.date(2026, 7, 31)) == {"notice_given": 0, "due": 0}
    assert events("evidence:kit:transition").count() == before + 3
    assert events("evidence:kit:transition", details__to="due", actor_kind="system").count() == 3


def test_the_sweep_in_batches_changes_every_kit_once_and_names_its_case_or_none_once_erased(world, freezer, monkeypatch):
    monkeypatch.setattr(services, "SWEEP_BATCH", 2)  # five kits: three batches, each one transaction
    kits = []
    for _ in range(5):
        kit = services.kit_collect(case=world.cases["assigned"], actor=world.staff["doctor"], exam_started_on=dt.date(2026, 1, 31), rule_id="BE-ZSG")
        services.custody_record(kit=kit, actor=world.staff["doctor"], action=CustodyAction.STORED, location=freezer)
        kits.append(kit)
    Kit.objects.filter(pk=kits[4].pk).update(case=None)  # erased meanwhile: its event names no case
    assert services.kits_clock_sweep(today=dt.date(2026, 7, 31)) == {"notice_given": 0, "due": 5}
    assert set(Kit.objects.filter(pk__in=[k.pk for k in kits]).values_list("status", flat=True)) == {KitStatus.DUE}
    changed = events("evidence:kit:transition", details__to="due").order_by("sequence")
    assert [e.subject for e in changed] == [f"kit:{k.public_id}" for k in kits]
    assert [e.case_ref for e in changed] == [str(world.cases["assigned"].public_id)] * 4 + [""]
    # A kit no longer in a state the transition starts from is left as it is, and nothing is written.
    assert services.KIT.apply_many([kits[0].pk], "fall_due", user=services.CLOCK, actor=services.CLOCK_ACTOR,
                                   record_many=services._record_many) == []
    assert events("evidence:kit:transition", details__to="due").count() == 5
    # Only the clock's grant may run the clock, in a batch too; the refusal is audited.
    with pytest.raises(TransitionNotPermitted):
        services.KIT.apply_many([kits[0].pk], "fall_due", user=services.PERSON, actor=services.CLOCK_ACTOR,
                                record_many=services._record_many)
    assert events("evidence:kit_transition:refused", details__transition="fall_due").count() == 1
    from safereport.audit.verification import chain_verify

    assert chain_verify().ok


def test_the_housekeeping_command_runs_the_clocks(world, kit):
    assert dict(housekeeping.tasks())["evidence clocks"] is services.housekeeping_clocks
    assert "kits fell due" in services.housekeeping_clocks()


def test_notice_comes_before_destruction_where_the_rule_asks_for_it(settings, world, freezer):
    from safereport.accounts.models import Organisation

    Organisation.objects.filter(pk=world.organisations["ghent"].pk).update(jurisdiction="US")
    case = type(world.cases["assigned"]).objects.get(pk=world.cases["assigned"].pk)
    kit = services.kit_collect(case=case, actor=world.staff["doctor"], exam_started_on=dt.date(2026, 2, 28), rule_id="US-TX-56A.306")
    services.custody_record(kit=kit, actor=world.staff["doctor"], action=CustodyAction.STORED, location=freezer)
    assert (kit.disposal_on, kit.notice_on) == (dt.date(2031, 2, 28), dt.date(2030, 11, 29))
    assert services.kits_clock_sweep(today=dt.date(2030, 11, 29)) == {"notice_given": 1, "due": 0}
    assert Kit.objects.get(pk=kit.pk).status == KitStatus.NOTICE_GIVEN
    assert services.kits_clock_sweep(today=dt.date(2031, 2, 28)) == {"notice_given": 0, "due": 1}


# --- the person's choices ---------------------------------------------------------------------


def test_the_person_may_extend_only_where_the_rule_allows(world, kit):
    with pytest.raises(services.EvidenceRefused, match="rule_allows_no_extension"):
        services.kit_extend_for_person(kit=kit, case=world.cases["assigned"])


def test_a_destruction_request_follows_the_rule_and_is_the_persons_own(world, kit):
    requested = services.kit_destruction_request_for_person(kit=kit, case=world.cases["assigned"])
    assert requested.status == KitStatus.DESTRUCTION_REQUESTED
    event = events("evidence:kit:transition", details__to="destruction_requested").get()
    assert event.actor_kind == "victim"
    # The Belgian rule sets no wait after a request: the centre may destroy it now, with a witness.
    services.kit_destroy(kit=kit, actor=world.staff["doctor"], witness=world.staff["case_manager"], reason="person_asked", witness_check=WitnessCheck(True))
    assert Kit.objects.get(pk=kit.pk).status == KitStatus.DESTROYED


def test_another_persons_case_cannot_choose_for_this_kit(world, kit):
    with pytest.raises(services.EvidenceRefused, match="not_your_kit"):
        services.kit_destruction_request_for_person(kit=kit, case=world.cases["unassigned"])


def test_clothing_can_be_asked_back_and_returned_samples_never(world, kit):
    swab, underwear = kit.items.order_by("pk")
    with pytest.raises(services.EvidenceRefused):
        services.item_return_request_for_person(item=swab, case=world.cases["assigned"])
    services.item_return_request_for_person(item=underwear, case=world.cases["assigned"])
    with pytest.raises(services.EvidenceRefused, match="samples_are_not_returned"):
        services.item_return(item=swab, actor=world.staff["doctor"])
    returned = services.item_return(item=underwear, actor=world.staff["doctor"], witness=world.staff["case_manager"])
    assert returned.returned_on == timezone.localdate()
    assert kit.custody_events.filter(action="returned", item=underwear).exists()


# --- release to the police -----------------------------------------------------------------------


def test_a_transfer_without_a_police_report_is_refused_and_audited(world, kit):
    police_consent(world, world.cases["assigned"])
    with pytest.raises(services.EvidenceRefused, match="no_police_report"):
        services.kit_release(kit=kit, police_unit=world.organisations["police"], actor=world.staff["doctor"])
    assert events("evidence:kit_release:refused", details__reason="no_police_report").count() == 1
    assert not DisclosurePackage.objects.exists()
    assert Kit.objects.get(pk=kit.pk).status == KitStatus.STORED


def test_a_report_without_consent_to_release_samples_to_that_unit_is_refused(world, kit):
    case = world.cases["assigned"]
    reporting_status_set(case=case, status=ReportingStatus.REPORTED, actor=Actor.victim())
    police_consent(world, case, categories=("incident_account",))
    with pytest.raises(services.EvidenceRefused, match="no_consent"):
        services.kit_release(kit=kit, police_unit=world.organisations["police"], actor=world.staff["doctor"])


def test_a_police_unit_that_is_no_partner_never_gets_the_kit(world, kit):
    from safereport.accounts.models import Organisation

    stranger = Organisation.objects.create(name="Another police zone", kind="police_unit", jurisdiction="BE")
    case = world.cases["assigned"]
    reporting_status_set(case=case, status=ReportingStatus.REPORTED, actor=Actor.victim())
    police_consent(world, case)
    with pytest.raises(services.EvidenceRefused, match="recipient_not_a_partner"):
        services.kit_release(kit=kit, police_unit=stranger, actor=world.staff["doctor"])


def test_after_a_report_and_consent_the_kit_is_released_handed_over_with_a_witness_and_reaches_the_lab(world, kit):
    case = world.cases["assigned"]
    reporting_status_set(case=case, status=ReportingStatus.REPORTED, actor=Actor.victim())
    police_consent(world, case)
    released = services.kit_release(kit=kit, police_unit=world.organisations["police"], actor=world.staff["doctor"])
    assert released.status == KitStatus.RELEASE_AGREED
    package = DisclosurePackage.objects.get(public_id=released.release_package_ref)
    assert package.recipient == world.organisations["police"] and package.purpose == "investigation"
    with pytest.raises(services.EvidenceRefused, match="no_witness"):
        services.kit_hand_over(kit=kit, actor=world.staff["doctor"], witness=None, receiver_ref="PS-4711", witness_check=WitnessCheck(True))
    services.kit_hand_over(kit=kit, actor=world.staff["doctor"], witness=world.staff["crisis_worker"], receiver_ref="PS-4711", witness_check=WitnessCheck(True))
    kit.refresh_from_db()
    assert (kit.status, kit.holder, kit.location) == (KitStatus.TRANSFERRED, Holder.POLICE, None)
    with pytest.raises(services.EvidenceRefused, match="not_your_kit"):
        services.kit_mark_at_lab(kit=kit, actor=world.staff["ngo_advocate"])
    services.kit_mark_at_lab(kit=kit, actor=world.staff["police_liaison"])
    assert Kit.objects.get(pk=kit.pk).status == KitStatus.AT_LAB
    with pytest.raises(services.EvidenceRefused):
        services.custody_record(kit=kit, actor=world.staff["doctor"], action=CustodyAction.CHECKED)


# --- freezers ---------------------------------------------------------------------------------------


def test_temperatures_out_of_range_are_flagged_and_a_bad_log_imports_nothing(world, freezer):
    assert not services.temperature_record(location=freezer, actor=world.staff["doctor"], celsius=Decimal("-12")).in_range
    assert services.temperature_record(location=freezer, actor=world.staff["doctor"], celsius=Decimal("-22")).in_range
    assert services.temperatures_import(location=freezer, actor=world.staff["doctor"], text="time,celsius\n2026-12-01T08:00,-21\n2026-12-01T09:00,-10.5\n") == 2
    assert freezer.checks.filter(in_range=False).count() == 2
    with pytest.raises(services.BadTemperatureFile):
        services.temperatures_import(location=freezer, actor=world.staff["doctor"], text="2026-12-01T08:00,-21\nbroken\n")
    assert freezer.checks.count() == 4


def test_one_location_name_per_centre(world, freezer):
    with pytest.raises(IntegrityError), transaction.atomic():
        StorageLocation.objects.create(care_centre=world.organisations["ghent"], name=freezer.name)


# --- erasure -----------------------------------------------------------------------------------------


def test_erasing_the_record_asks_for_the_kits_destruction_and_leaves_a_record_that_names_nobody(world, kit):
    case = world.cases["assigned"]
    assert "evidence kits" in dict(erasure.hooks())
    consent_services.case_erase(case=case, requested_by="victim", actor=Actor.victim())
    kit = Kit.objects.get(pk=kit.pk)
    assert kit.case is None and kit.erased_on == timezone.localdate()
    assert kit.status == KitStatus.DESTRUCTION_REQUESTED
    assert events("evidence:kit:erased").count() == 1
    record = services.kit_destroy(kit=kit, actor=world.staff["doctor"], witness=world.staff["case_manager"], reason="record_erased", witness_check=WitnessCheck(True))
    assert record.reason == "record_erased"


def test_erasing_the_record_of_a_kit_with_the_police_leaves_it_with_them(world, kit):
    case = world.cases["assigned"]
    reporting_status_set(case=case, status=ReportingStatus.REPORTED, actor=Actor.victim())
    police_consent(world, case)
    services.kit_release(kit=kit, police_unit=world.organisations["police"], actor=world.staff["doctor"])
    services.kit_hand_over(kit=kit, actor=world.staff["doctor"], witness=world.staff["crisis_worker"], receiver_ref="PS-4711", witness_check=WitnessCheck(True))
    consent_services.case_erase(case=case, requested_by="victim", actor=Actor.victim())
    kit = Kit.objects.get(pk=kit.pk)
    assert (kit.case, kit.status) == (None, KitStatus.TRANSFERRED)
    assert events("evidence:kit:erased", details__kept_by_police=True).count() == 1


def test_a_transition_from_the_wrong_state_is_not_allowed(world, kit):
    with pytest.raises(TransitionNotAllowed):
        services.KIT.apply(kit, "transfer", user=world.staff["doctor"], actor=Actor.staff(world.staff["doctor"]))


# --- nothing typed stays open (ADR 0018, ADR 0026 §11) ------------------------------------------


def test_an_item_is_a_kind_from_the_list_and_its_seal_a_number_never_words(world, kit):
    item = services.item_add(kit=kit, actor=world.staff["doctor"], item_class=ItemClass.DRY, kind="hair", seal_number=" s-20/7 ")
    assert (item.kind, item.seal_number) == ("hair", "S-20/7")
    with pytest.raises(services.EvidenceRefused, match="unknown_item_kind"):
        services.item_add(kit=kit, actor=world.staff["doctor"], item_class=ItemClass.DRY, kind="Amina's scarf")
    with pytest.raises(services.EvidenceRefused, match="bad_seal_number"):
        services.item_add(kit=kit, actor=world.staff["doctor"], item_class=ItemClass.DRY, kind="other", seal_number="Amina 7")
    with pytest.raises(services.EvidenceRefused, match="bad_seal_number"):
        services.custody_record(kit=kit, actor=world.staff["doctor"], action=CustodyAction.SEALED, seal_number="SEAL")
    with pytest.raises(IntegrityError), transaction.atomic():
        Item.objects.filter(pk=item.pk).update(kind="her blue scarf")  # the database holds the list too


def test_a_check_records_a_condition_from_the_list_not_a_note(world, kit):
    event = services.custody_record(kit=kit, actor=world.staff["doctor"], action=CustodyAction.CHECKED, condition="seal_broken")
    assert event.condition == "seal_broken"
    with pytest.raises(services.EvidenceRefused, match="unknown_condition"):
        services.custody_record(kit=kit, actor=world.staff["doctor"], action=CustodyAction.CHECKED, condition="bag torn by Amina")


def test_the_receiving_officer_is_a_badge_number_never_a_name(world, kit):
    case = world.cases["assigned"]
    reporting_status_set(case=case, status=ReportingStatus.REPORTED, actor=Actor.victim())
    police_consent(world, case)
    services.kit_release(kit=kit, police_unit=world.organisations["police"], actor=world.staff["doctor"])
    with pytest.raises(services.EvidenceRefused, match="bad_receiver_ref"):
        services.kit_hand_over(kit=kit, actor=world.staff["doctor"], witness=world.staff["crisis_worker"], receiver_ref="Inspector J.", witness_check=WitnessCheck(True))
    services.kit_hand_over(kit=kit, actor=world.staff["doctor"], witness=world.staff["crisis_worker"], receiver_ref="ps-4711", witness_check=WitnessCheck(True))
    handed = CustodyEvent.objects.get(kit=kit, action=CustodyAction.HANDED_OVER)
    assert (handed.to_party, handed.receiver_ref) == (world.organisations["police"].name, "PS-4711")


def test_after_an_erasure_the_custody_record_and_the_destruction_record_are_complete_without_the_case_key(world, kit):
    services.custody_record(kit=kit, actor=world.staff["doctor"], action=CustodyAction.CHECKED, condition="seal_intact")
    consent_services.case_erase(case=world.cases["assigned"], requested_by="victim", actor=Actor.victim())
    kit = Kit.objects.get(pk=kit.pk)
    certificate = services.kit_destroy(kit=kit, actor=world.staff["doctor"], witness=world.staff["case_manager"], reason="record_erased", witness_check=WitnessCheck(True))
    rows = selectors.custody_rows(kit)
    assert [r.what for r in rows][-2:] == ["Checked", "Destroyed"]
    assert "Seal intact" in [r.condition for r in rows] and "S-1" in [r.seal_number for r in rows]
    assert {r.item for r in rows if r.item} == {"Swab", "Underwear"}
    assert (certificate.barcode, certificate.items, certificate.reason) == (kit.barcode, 2, "record_erased")


# --- the notice before destruction, in the person's messages ------------------------------------


def test_the_sweep_sends_one_notice_in_the_persons_language_only_in_their_portal_messages(world, freezer, mailoutbox):
    from safereport.accounts.models import Organisation
    from safereport.cases.models import Case, PortalMessage, Sender
    from safereport.cases.sealing import open_sealed

    Organisation.objects.filter(pk=world.organisations["ghent"].pk).update(jurisdiction="US")
    Case.objects.filter(pk=world.cases["assigned"].pk).update(preferred_language="ar")
    case = Case.objects.get(pk=world.cases["assigned"].pk)
    kit = services.kit_collect(case=case, actor=world.staff["doctor"], exam_started_on=dt.date(2026, 2, 28), rule_id="US-TX-56A.306")
    services.custody_record(kit=kit, actor=world.staff["doctor"], action=CustodyAction.STORED, location=freezer)
    before = PortalMessage.objects.filter(case=case).count()

    assert services.kits_clock_sweep(today=dt.date(2030, 11, 28)) == {"notice_given": 0, "due": 0}  # a day early: nothing
    assert PortalMessage.objects.filter(case=case).count() == before
    for _ in range(3):  # every minute, the same day and the next: one notice
        services.kits_clock_sweep(today=dt.date(2030, 11, 29))
    services.kits_clock_sweep(today=dt.date(2030, 11, 30))

    notice = PortalMessage.objects.get(case=case, sender=Sender.CENTRE)
    assert PortalMessage.objects.filter(case=case).count() == before + 1
    assert notice.author is None and notice.body_sealed and kit.barcode.encode() not in bytes(notice.body_sealed)
    text = open_sealed(case=case, record=notice, field="body_sealed")
    assert kit.barcode in text and "2031" in text and "فبراير" in text  # 28 February 2031, in Arabic
    assert "destroyed" not in text  # not English
    assert events("evidence:kit:notice_sent", case_ref=str(case.public_id)).count() == 1
    assert events("cases:message:notice", case_ref=str(case.public_id)).count() == 1
    assert mailoutbox == []  # no other channel


def test_no_notice_for_a_kit_whose_record_was_erased_or_a_rule_without_a_notice_period(world, kit, freezer):
    from safereport.cases.models import PortalMessage

    assert kit.notice_on is None  # Belgium: no notice period
    services.kits_clock_sweep(today=kit.disposal_on)
    assert not PortalMessage.objects.filter(case=world.cases["assigned"], sender="centre").exists()
    assert Kit.objects.get(pk=kit.pk).status == KitStatus.DUE
