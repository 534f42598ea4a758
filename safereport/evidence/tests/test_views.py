"""The staff pages of evidence: reachable from the start page and the case page, words not codes, refusals explained."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from conftest import sign_in
from safereport.accounts.services import WitnessCheck
from safereport.audit.actors import Actor
from safereport.audit.models import AuditEvent
from safereport.cases import services as case_services
from safereport.cases.services import reporting_status_set
from safereport.consent import services as consent_services
from safereport.evidence import services
from safereport.evidence.models import CustodyAction, ItemClass, Kit, KitStatus
from safereport.evidence.selectors import KIT_PAGE_EVENTS

pytestmark = pytest.mark.django_db(databases="__all__")

HEALTH_NOTE = "Asthma since childhood."


@pytest.fixture
def freezer(world):
    return services.location_add(
        actor=world.staff["doctor"], name="Freezer 1", frozen=True, min_celsius=Decimal("-30"), max_celsius=Decimal("-18")
    )


@pytest.fixture
def kit(world, freezer):
    case = world.cases["assigned"]
    case_services.encounter_record(
        case=case, professional=world.staff["doctor"], kind="visit", occurred_at=timezone.now(),
        texts={"medical_history_sealed": HEALTH_NOTE, "account_sealed": "He grabbed me at the station."},
    )
    kit = services.kit_collect(
        case=case, actor=world.staff["doctor"], exam_started_on=timezone.localdate(), rule_id="BE-ZSG",
        items=[(ItemClass.WET, "swab"), (ItemClass.RETURNABLE, "underwear")],
    )
    services.custody_record(kit=kit, actor=world.staff["doctor"], action=CustodyAction.STORED, location=freezer)
    return Kit.objects.get(pk=kit.pk)


def test_the_start_page_links_care_staff_to_the_worklists_and_the_police_to_their_kits(client, world, freezer):
    sign_in(client, world.staff["crisis_worker"])
    page = client.get("/staff/").content.decode()
    assert 'href="/staff/evidence/"' in page
    assert "1 freezer alert" in page  # a freezer without a reading today
    sign_in(client, world.staff["police_liaison"])
    page = client.get("/staff/").content.decode()
    assert 'href="/staff/evidence/received/"' in page and 'href="/staff/evidence/"' not in page
    sign_in(client, world.staff["dpo"])
    assert "/staff/evidence/" not in client.get("/staff/").content.decode()


def test_the_case_page_shows_its_kits_and_leads_to_recording_one(client, world, kit):
    sign_in(client, world.staff["doctor"])
    page = client.get(f"/staff/cases/{world.cases['assigned'].public_id}/").content.decode()
    assert kit.barcode in page and f"/staff/evidence/kits/{kit.public_id}/" in page
    assert f"/staff/evidence/for-case/{world.cases['assigned'].public_id}/new/" in page


def test_recording_a_kit_keeps_what_was_typed_on_an_error_and_confirms_on_success(client, world):
    sign_in(client, world.staff["doctor"])
    path = f"/staff/evidence/for-case/{world.cases['assigned'].public_id}/new/"
    page = client.get(path).content.decode()
    assert "Belgian care centres after sexual violence" in page
    assert 'selected>Adult' not in page  # no preselected answer about the person
    response = client.post(path, {"rule_id": "BE-ZSG", "wet_items": ["blood"]})
    assert response.status_code == 400
    text = response.content.decode()
    assert "There is a problem" in text and 'value="blood" id="id_wet_items_1" checked' in text
    response = client.post(path, {"exam_started_on": "2026-08-31", "rule_id": "BE-ZSG", "age_band": "adult", "wet_items": ["blood"]}, follow=True)
    kit = Kit.objects.get(case=world.cases["assigned"])
    page = response.content.decode()
    assert f"Kit {kit.barcode} recorded" in page
    assert kit.disposal_on == dt.date(2027, 2, 28)
    assert "Blood sample" in page and "Chain of custody" in page


def test_the_kit_page_is_an_audited_read_and_the_label_carries_only_the_kit_number(client, world, kit):
    sign_in(client, world.staff["doctor"])
    page = client.get(f"/staff/evidence/kits/{kit.public_id}/").content.decode()
    assert "Freezer 1" in page and "Placed in storage" in page
    assert AuditEvent.objects.filter(action="evidence:kit:opened", case_ref=str(world.cases["assigned"].public_id)).count() == 1
    label = client.get(f"/staff/evidence/kits/{kit.public_id}/label.svg")
    assert label["Content-Type"] == "image/svg+xml"
    svg = label.content.decode()
    assert svg.startswith("<svg") and kit.barcode in svg
    assert world.cases["assigned"].code not in svg


def test_an_item_brought_later_is_added_on_its_own_page_and_a_bad_seal_number_keeps_the_choice(client, world, kit):
    sign_in(client, world.staff["doctor"])
    item_path = f"/staff/evidence/kits/{kit.public_id}/items/"
    assert f'href="{item_path}"' in client.get(f"/staff/evidence/kits/{kit.public_id}/").content.decode()
    page = client.get(item_path).content.decode()
    assert 'name="item_class"' in page and 'name="kind"' in page and "Add the item" in page
    refused = client.post(item_path, {"item_class": "dry_item", "kind": "hair", "seal_number": "Amina 7"})
    assert refused.status_code == 400
    again = refused.content.decode()
    assert "There is a problem" in again and "Write the number as printed" in again and 'value="hair" selected' in again
    done = client.post(item_path, {"item_class": "dry_item", "kind": "hair", "seal_number": "S-7"}, follow=True)
    assert "Item added to the kit." in done.content.decode() and kit.items.filter(kind="hair").exists()


def test_agreeing_a_release_has_its_own_page_reached_from_the_kit_page(client, world, kit):
    sign_in(client, world.staff["doctor"])
    kit_page = client.get(f"/staff/evidence/kits/{kit.public_id}/").content.decode()
    release_path = f"/staff/evidence/kits/{kit.public_id}/release/"
    assert f'href="{release_path}"' in kit_page
    assert 'name="police_unit"' not in kit_page  # the partnered units are read through the firewall on that page only
    page = client.get(release_path).content.decode()
    assert 'name="police_unit"' in page and "Police vice unit Ghent (demo)" in page
    assert "Only after the person reported to the police" in page
    assert f'href="/staff/evidence/kits/{kit.public_id}/"' in page  # back to the kit


def test_a_kit_that_cannot_be_released_is_not_offered_and_its_page_says_why(client, world):
    kit = services.kit_collect(  # collected, not yet in storage
        case=world.cases["assigned"], actor=world.staff["doctor"], exam_started_on=timezone.localdate(), rule_id="BE-ZSG",
        items=[(ItemClass.WET, "swab")],
    )
    assert kit.status == KitStatus.COLLECTED
    sign_in(client, world.staff["doctor"])
    release_path = f"/staff/evidence/kits/{kit.public_id}/release/"
    assert release_path not in client.get(f"/staff/evidence/kits/{kit.public_id}/").content.decode()
    page = client.get(release_path).content.decode()
    assert "This kit cannot be released now" in page and 'name="police_unit"' not in page


def test_a_release_without_a_report_is_refused_in_words(client, world, kit):
    sign_in(client, world.staff["doctor"])
    response = client.post(f"/staff/evidence/kits/{kit.public_id}/release/", {"police_unit": str(world.organisations["police"].public_id)})
    assert response.status_code == 400
    page = response.content.decode()
    assert "the person has not reported to the police" in page
    assert "no_police_report" not in page
    assert "There is a problem" in page and 'name="police_unit"' in page  # on the release page, the choice kept


def test_a_destruction_without_a_witness_shows_an_error_summary(client, world, kit):
    sign_in(client, world.staff["doctor"])
    response = client.post(f"/staff/evidence/kits/{kit.public_id}/destroy/", {"reason": "person_asked"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and 'value="person_asked" selected' in page
    assert Kit.objects.get(pk=kit.pk).status == KitStatus.STORED


def test_the_police_unit_reads_the_custody_record_and_the_items_never_health_notes(client, world, kit):
    case = world.cases["assigned"]
    reporting_status_set(case=case, status="reported", actor=Actor.victim())
    consent_services.consent_record(
        case=case, categories=["forensic_samples"], purpose="investigation", decision="given", understanding="understood",
        channel="staff", recipient_organisation=world.organisations["police"], explained_by=world.staff["doctor"], language="en",
    )
    services.kit_release(kit=kit, police_unit=world.organisations["police"], actor=world.staff["doctor"])
    services.kit_hand_over(kit=kit, actor=world.staff["doctor"], witness=world.staff["crisis_worker"], receiver_ref="PS-4711", witness_check=WitnessCheck(True))
    sign_in(client, world.staff["police_liaison"])
    listing = client.get("/staff/evidence/received/").content.decode()
    assert kit.barcode in listing
    record = client.get(f"/staff/evidence/received/{kit.public_id}/").content.decode()
    assert "Swab" in record and "Underwear" in record and "Handed over" in record
    assert HEALTH_NOTE not in record and case.code not in record
    response = client.post(f"/staff/evidence/received/{kit.public_id}/at-lab/", follow=True)
    assert "the laboratory has" in response.content.decode()
    assert Kit.objects.get(pk=kit.pk).status == KitStatus.AT_LAB


def test_the_worklist_shows_what_is_due_and_the_freezer_out_of_range(client, world, kit, freezer):
    services.temperature_record(location=freezer, actor=world.staff["doctor"], celsius=Decimal("-10"))
    services.kits_clock_sweep(today=kit.disposal_on)
    sign_in(client, world.staff["crisis_worker"])
    page = client.get("/staff/evidence/").content.decode()
    assert "-10.0 °C, outside the allowed range" in page
    assert kit.barcode in page.split('id="overdue"')[1].split("</section>")[0]


def test_a_freezer_log_with_a_bad_line_imports_nothing_and_says_which_line(client, world, freezer):
    sign_in(client, world.staff["doctor"])
    response = client.post(f"/staff/evidence/storage/{freezer.public_id}/import/", {"log": "2026-12-01T08:00,-21\nbroken"})
    assert response.status_code == 400
    assert "line 2" in response.content.decode()
    assert freezer.checks.count() == 0


# --- printing: the retention notice for the person, the custody record as PDF -------------------


def test_the_retention_notice_is_printed_in_the_persons_language_with_the_disposal_date(client, world, kit):
    from safereport.cases.models import Case

    Case.objects.filter(pk=world.cases["assigned"].pk).update(preferred_language="ar")
    sign_in(client, world.staff["doctor"])
    kit_page = client.get(f"/staff/evidence/kits/{kit.public_id}/").content.decode()
    assert f"/staff/evidence/kits/{kit.public_id}/retention-notice/" in kit_page  # linked from the kit page
    page = client.get(f"/staff/evidence/kits/{kit.public_id}/retention-notice/").content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "الأدلة المحفوظة من فحصكم" in page and kit.barcode in page
    assert str(kit.disposal_on.year) in page and kit.disposal_on.isoformat() not in page  # a date in words, in Arabic
    assert "ما يمكنكم أن تقرّروه" in page  # what you can decide (plural: the register of config/locales.py)
    assert HEALTH_NOTE not in page and world.cases["assigned"].code not in page
    assert f"/staff/evidence/kits/{kit.public_id}/retention-notice.pdf" in page
    pdf = client.get(f"/staff/evidence/kits/{kit.public_id}/retention-notice.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert "no-store" in pdf["Cache-Control"]


def test_the_retention_notice_says_when_no_rule_is_known_and_never_guesses(client, world, freezer):
    from safereport.accounts.models import Organisation
    from safereport.cases.models import Case

    Organisation.objects.filter(pk=world.organisations["ghent"].pk).update(jurisdiction="NL")
    unknown = services.kit_collect(
        case=Case.objects.get(pk=world.cases["assigned"].pk), actor=world.staff["doctor"], exam_started_on=timezone.localdate(), rule_id="NL-UNKNOWN"
    )
    assert unknown.disposal_on is None
    sign_in(client, world.staff["doctor"])
    page = client.get(f"/staff/evidence/kits/{unknown.public_id}/retention-notice/").content.decode()
    assert "No published rule says how long. Ask the centre." in page


def test_the_custody_record_prints_as_a_pdf_for_the_centre_and_for_the_police_unit(client, world, kit):
    sign_in(client, world.staff["doctor"])
    record = client.get(f"/staff/evidence/kits/{kit.public_id}/custody-record/").content.decode()
    assert f"/staff/evidence/kits/{kit.public_id}/custody-record.pdf" in record
    pdf = client.get(f"/staff/evidence/kits/{kit.public_id}/custody-record.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    case = world.cases["assigned"]
    reporting_status_set(case=case, status="reported", actor=Actor.victim())
    consent_services.consent_record(
        case=case, categories=["forensic_samples"], purpose="investigation", decision="given", understanding="understood",
        channel="staff", recipient_organisation=world.organisations["police"], explained_by=world.staff["doctor"], language="en",
    )
    services.kit_release(kit=kit, police_unit=world.organisations["police"], actor=world.staff["doctor"])
    services.kit_hand_over(kit=kit, actor=world.staff["doctor"], witness=world.staff["crisis_worker"], receiver_ref="PS-4711", witness_check=WitnessCheck(True))
    sign_in(client, world.staff["police_liaison"])
    page = client.get(f"/staff/evidence/received/{kit.public_id}/").content.decode()
    assert f"/staff/evidence/received/{kit.public_id}/custody-record.pdf" in page
    pdf = client.get(f"/staff/evidence/received/{kit.public_id}/custody-record.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_the_kit_page_reads_the_same_number_of_queries_with_10_or_200_custody_events(client, world, kit, freezer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from safereport.evidence.models import CustodyEvent

    sign_in(client, world.staff["doctor"])
    path = f"/staff/evidence/kits/{kit.public_id}/"
    client.get(path)  # warm: the session, the data files

    def grow_log_to(events: int) -> None:
        CustodyEvent.objects.bulk_create(
            CustodyEvent(kit=kit, action="checked", at=timezone.now(), by=world.staff["doctor"], location=freezer, condition="seal_intact")
            for _ in range(events - kit.custody_events.count())
        )
        assert kit.custody_events.count() == events

    def queries() -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            page = client.get(path)
        assert page.status_code == 200
        assert page.content.decode().count("<tr><td>") == min(kit.custody_events.count(), KIT_PAGE_EVENTS)
        return [q["sql"] for q in captured.captured_queries]

    grow_log_to(10)
    with_10 = queries()
    grow_log_to(200)
    with_200 = queries()
    assert len(with_200) == len(with_10)
    # No choice list of the page's forms opens a server-side cursor (three round trips each on PostgreSQL).
    assert not [sql for sql in with_200 if sql.startswith("DECLARE")]


def test_a_long_custody_log_shows_its_newest_events_on_the_kit_page_and_every_event_in_the_printable_record(client, world, kit, freezer):
    from safereport.evidence.models import CustodyEvent

    doctor = world.staff["doctor"]
    first = timezone.now() - dt.timedelta(days=100)
    CustodyEvent.objects.bulk_create(
        CustodyEvent(kit=kit, action="checked", at=first + dt.timedelta(days=n), by=doctor, location=freezer, condition="seal_intact",
                     seal_number=f"DAY-{n}")
        for n in range(60)
    )
    sign_in(client, doctor)

    page = client.get(f"/staff/evidence/kits/{kit.public_id}/").content.decode()
    assert page.count("<tr><td>") == KIT_PAGE_EVENTS
    assert "DAY-59" in page and "DAY-0<" not in page  # the newest day is there, the oldest left out
    assert page.index("DAY-58") < page.index("DAY-59")  # still in time order, oldest first
    assert f"Only the newest {KIT_PAGE_EVENTS} events are shown here" in page
    assert f'href="/staff/evidence/kits/{kit.public_id}/custody-record/"' in page

    record = client.get(f"/staff/evidence/kits/{kit.public_id}/custody-record/").content.decode()
    assert record.count("DAY-") == 60 and "DAY-0<" in record  # every check, the oldest too


def test_a_short_custody_log_is_shown_whole_without_the_note(client, world, kit):
    sign_in(client, world.staff["doctor"])
    page = client.get(f"/staff/evidence/kits/{kit.public_id}/").content.decode()
    assert page.count("<tr><td>") == kit.custody_events.count() < KIT_PAGE_EVENTS
    assert "Only the newest" not in page
