"""The person's say in the portal: what is kept, where in words, until when, and their choices (with a check step)."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone, translation

from safereport.accounts.models import Organisation
from safereport.audit.models import AuditEvent
from safereport.cases import receipts
from safereport.cases.models import Case
from safereport.evidence import services
from safereport.evidence.models import CustodyAction, ItemClass, ItemKind, Kit, KitStatus

pytestmark = pytest.mark.django_db(databases="__all__")

CODE = "4821093755126604"


def in_ireland(world):
    Organisation.objects.filter(pk=world.organisations["ghent"].pk).update(jurisdiction="IE")
    return Case.objects.get(pk=world.cases["assigned"].pk)


@pytest.fixture
def person(world):
    """The person of the 'assigned' case, back in the portal with their code."""
    Case.objects.filter(pk=world.cases["assigned"].pk).update(receipt_lookup=receipts.receipt_lookup_hash(CODE))
    client = Client()
    assert client.post("/en/back/", {"code": CODE}).status_code == 302
    return client


def a_kit(world, case, *, rule_id="BE-ZSG", exam=None):
    location = services.location_add(actor=world.staff["doctor"], name=f"Freezer {rule_id}", frozen=True, min_celsius=None, max_celsius=None)
    kit = services.kit_collect(
        case=case, actor=world.staff["doctor"], exam_started_on=exam or timezone.localdate(), rule_id=rule_id,
        items=[(ItemClass.WET, "swab"), (ItemClass.RETURNABLE, "upper_clothing")],
    )
    services.custody_record(kit=kit, actor=world.staff["doctor"], action=CustodyAction.STORED, location=location)
    return Kit.objects.get(pk=kit.pk)


def test_the_record_page_links_to_the_evidence_only_when_there_is_some(world, person):
    assert "/en/mine/kept/" not in person.get("/en/mine/").content.decode()
    a_kit(world, world.cases["assigned"])
    assert "/en/mine/kept/" in person.get("/en/mine/").content.decode()


def test_the_person_reads_what_is_kept_where_in_words_and_until_when_in_arabic(world, person):
    kit = a_kit(world, world.cases["assigned"], exam=dt.date(2026, 8, 31))
    page = person.get("/ar/mine/kept/").content.decode()
    assert "الأدلة" in page  # the page is in Arabic
    with translation.override("ar"):
        jacket = str(ItemKind.UPPER.label)
    assert jacket != "Top, shirt or jacket"  # translated
    assert kit.barcode in page and jacket in page
    assert "Freezer" not in page  # where, in words: never the centre's own name for the place
    assert "2027" in page and "فبراير" in page  # 28 February 2027, six months after 31 August
    assert "Swab A" not in page  # samples are described, not named


def test_where_no_rule_is_known_the_page_says_ask_the_centre(world, person):
    Organisation.objects.filter(pk=world.organisations["ghent"].pk).update(jurisdiction="NL")
    case = Case.objects.get(pk=world.cases["assigned"].pk)
    a_kit(world, case, rule_id="NL-UNKNOWN")
    assert "No published rule says how long. Ask the centre." in person.get("/en/mine/kept/").content.decode()


def test_asking_for_an_extension_goes_through_a_check_and_a_confirmation(world, person):
    kit = a_kit(world, in_ireland(world), rule_id="IE-SATU-OPTION-3", exam=dt.date(2026, 3, 1))
    path = f"/en/mine/kept/choose/?kit={kit.public_id}"
    choose = person.get(path).content.decode()
    assert 'value="extend"' in choose and "checked" not in choose  # nothing chosen for the person
    response = person.post("/en/mine/kept/choose/", {"kit": str(kit.public_id)})
    assert response.status_code == 400 and "Choose what you want to do." in response.content.decode()
    check = person.post("/en/mine/kept/choose/", {"kit": str(kit.public_id), "choice": "extend"})
    assert "Check your answer" in check.content.decode()
    assert Kit.objects.get(pk=kit.pk).extensions == 0  # nothing recorded before the confirmation
    done = person.post("/en/mine/kept/choose/", {"kit": str(kit.public_id), "choice": "extend", "step": "confirm"}, follow=True)
    assert "Your choice is recorded" in done.content.decode()
    kit = Kit.objects.get(pk=kit.pk)
    assert (kit.status, kit.extensions, kit.disposal_on) == (KitStatus.EXTENDED, 1, dt.date(2028, 3, 1))
    assert AuditEvent.objects.filter(action="evidence:kit:transition", actor_kind="victim", details__to="extended").exists()
    # One extra year only: the choice is no longer offered.
    assert 'value="extend"' not in person.get(f"/en/mine/kept/choose/?kit={kit.public_id}").content.decode()


def test_changing_the_answer_keeps_it_and_records_nothing(world, person):
    kit = a_kit(world, world.cases["assigned"])
    response = person.post("/en/mine/kept/choose/", {"kit": str(kit.public_id), "choice": "destroy", "step": "change"})
    assert re.search(r'value="destroy"[^>]*checked', response.content.decode())
    assert Kit.objects.get(pk=kit.pk).status == KitStatus.STORED


def test_asking_for_destruction_or_for_the_jacket_back(world, person):
    kit = a_kit(world, world.cases["assigned"])
    jacket = kit.items.get(item_class=ItemClass.RETURNABLE)
    person.post("/en/mine/kept/choose/", {"kit": str(kit.public_id), "choice": "item_back", "item": str(jacket.public_id), "step": "confirm"})
    assert type(jacket).objects.get(pk=jacket.pk).return_requested_on == timezone.localdate()
    person.post("/en/mine/kept/choose/", {"kit": str(kit.public_id), "choice": "destroy", "step": "confirm"})
    assert Kit.objects.get(pk=kit.pk).status == KitStatus.DESTRUCTION_REQUESTED
    assert "You asked for it to be destroyed." in person.get("/en/mine/kept/").content.decode()


def test_someone_elses_kit_is_never_shown(world, person):
    other = a_kit(world, world.cases["unassigned"])
    response = person.get(f"/en/mine/kept/choose/?kit={other.public_id}")
    assert response.status_code == 302 and response["Location"] == "/en/mine/kept/"
    assert other.barcode not in person.get("/en/mine/kept/").content.decode()


def test_the_erase_page_says_what_becomes_of_each_kit_and_which_rule_waits(world, person):
    kit = a_kit(world, world.cases["assigned"])
    page = person.get("/en/mine/remove/").content.decode()
    assert kit.barcode in page and "The centre destroys it." in page
    assert "without your name or your code" in page
    Organisation.objects.filter(pk=world.organisations["ghent"].pk).update(jurisdiction="GB")
    case = Case.objects.get(pk=world.cases["assigned"].pk)
    a_kit(world, case, rule_id="GB-SCT-FMS-2021")
    assert "the centre waits 30 days after you remove your record" in person.get("/en/mine/remove/").content.decode()


def test_the_notice_before_destruction_reaches_the_persons_messages_once_in_their_language(world, person):
    Organisation.objects.filter(pk=world.organisations["ghent"].pk).update(jurisdiction="US")
    Case.objects.filter(pk=world.cases["assigned"].pk).update(preferred_language="fa")
    kit = a_kit(world, Case.objects.get(pk=world.cases["assigned"].pk), rule_id="US-TX-56A.306", exam=dt.date(2026, 2, 28))
    services.kits_clock_sweep(today=kit.notice_on)
    services.kits_clock_sweep(today=kit.notice_on)
    page = person.get("/fa/messages/").content.decode()
    assert page.count(kit.barcode) == 1
    assert "مدارک نگهداری‌شده از معاینه شما" in page  # the notice, in Persian
