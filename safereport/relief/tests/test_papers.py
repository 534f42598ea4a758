"""Papers about migration status sealed to the person's compartment key (issue 16 item 4; ADR 0033 and 0003, 2026-12-02).

Staff hold the public key only: they can add such a paper during the
person's unlock, and read it only while an unlock runs, because only then is
the private key copied under the case key.
"""

import datetime as dt
from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone

from conftest import sign_in
from safereport.audit.actors import Actor
from safereport.audit.models import AuditEvent
from safereport.cases import receipts
from safereport.cases.models import Case
from safereport.consent import services as consent_services
from safereport.consent.models import MigrationCompartment
from safereport.relief import selectors, services
from safereport.relief.models import ChecklistFile, Procedure
from safereport.relief.tests.conftest import CODE, named, open_procedure, person_unlocks
from safereport.vault.errors import CannotUnseal, KeyShredded
from safereport.vault.services import is_sealed_to_public_key, seal, unseal, unseal_with_private_key

pytestmark = pytest.mark.django_db(databases="__all__")

PDF = b"%PDF-1.4\n% residence permit of the person\n%%EOF\n"
WAIVER = "waiver_i192"  # a US-U checklist item that touches migration status (data/relief/)


@pytest.fixture
def procedure(world):
    named(world, "legal")
    return open_procedure(world)


def _add_during_unlock(world, procedure: Procedure) -> ChecklistFile:
    person_unlocks(world)
    return services.file_add(actor=world.staff["lawyer"], procedure=procedure, item=WAIVER, content=PDF)


def _compartment(world) -> MigrationCompartment:
    return MigrationCompartment.objects.get(case=world.cases["assigned"])


def test_a_paper_added_during_the_unlock_is_sealed_to_the_compartment_key_and_opens_during_it(world, procedure):
    paper = _add_during_unlock(world, procedure)
    context = services.file_seal_context(paper, "migration_content_sealed")
    assert is_sealed_to_public_key(bytes(paper.migration_content_sealed), context=context)
    # Everything the centre holds outside an unlock (every data key) opens only the outer layer.
    assert b"residence" not in unseal(bytes(paper.migration_content_sealed), context=context)
    assert services.file_open(actor=world.staff["lawyer"], found=paper) == PDF


@pytest.mark.parametrize("how", ["locked by staff", "lapsed, read again", "lapsed, swept by lock-lapsed"])
def test_the_paper_is_unreadable_once_the_unlock_ends(world, procedure, how):
    paper = _add_during_unlock(world, procedure)
    case = world.cases["assigned"]
    if how == "locked by staff":
        consent_services.compartment_lock(case=case, actor=Actor.staff(world.staff["lawyer"]))
    else:
        MigrationCompartment.objects.filter(case=case).update(unlocked_until=timezone.now() - timedelta(seconds=1))
        if how == "lapsed, swept by lock-lapsed":
            assert consent_services.compartments_lock_lapsed() == 1
    with pytest.raises(services.NotUnlocked):
        services.file_open(actor=world.staff["lawyer"], found=paper)
    assert consent_services.compartment_private_key_for_staff(case=case) is None
    compartment = _compartment(world)
    assert compartment.unlocked_private_key_sealed is None and compartment.unlocked_copy_sealed is None
    # The key pair itself stays, sealed under the person's code, for their next unlock.
    assert compartment.private_key_sealed is not None and compartment.public_key is not None


def test_the_next_unlock_opens_it_again_with_the_same_key_pair(world, procedure):
    paper = _add_during_unlock(world, procedure)
    public_key = bytes(_compartment(world).public_key)
    consent_services.compartment_lock(case=world.cases["assigned"], actor=Actor.victim())
    consent_services.compartment_record(case=world.cases["assigned"], typed_code=CODE, text="A new note")
    consent_services.compartment_unlock(case=world.cases["assigned"], typed_code=CODE)
    assert bytes(_compartment(world).public_key) == public_key
    assert services.file_open(actor=world.staff["lawyer"], found=paper) == PDF


def test_another_persons_compartment_key_does_not_open_the_paper(world, procedure):
    paper = _add_during_unlock(world, procedure)
    # Another person, with their own code and their own compartment, unlocked too.
    other, other_code = world.cases["assigned_to_other"], "7730218845016692"
    Case.objects.filter(pk=other.pk).update(receipt_lookup=receipts.receipt_lookup_hash(other_code))
    other.refresh_from_db()
    consent_services.compartment_record(case=other, typed_code=other_code, text="Another note")
    consent_services.compartment_unlock(case=other, typed_code=other_code)
    other_private = consent_services.compartment_private_key_for_staff(case=other)
    assert other_private is not None
    with pytest.raises(CannotUnseal):
        unseal_with_private_key(
            bytes(paper.migration_content_sealed),
            private_key=other_private,
            context=services.file_seal_context(paper, "migration_content_sealed"),
        )


def test_erasing_the_case_leaves_the_paper_unreadable_even_with_a_copied_private_key(world, procedure):
    paper = _add_during_unlock(world, procedure)
    case = world.cases["assigned"]
    # Someone copied everything during the unlock: the paper's bytes and the private key.
    stolen_private = consent_services.compartment_private_key_for_staff(case=case)
    stolen_paper = bytes(paper.migration_content_sealed)
    context = services.file_seal_context(paper, "migration_content_sealed")
    assert stolen_private is not None
    consent_services.case_erase(case=case, requested_by="victim", actor=Actor.victim())
    assert not ChecklistFile.objects.exists() and not MigrationCompartment.objects.exists()
    with pytest.raises(KeyShredded):
        unseal_with_private_key(stolen_paper, private_key=stolen_private, context=context)


def test_deleting_the_compartment_deletes_the_papers_sealed_to_it(world, procedure):
    paper = _add_during_unlock(world, procedure)
    kept_other = services.file_add(actor=world.staff["lawyer"], procedure=procedure, item="abuse_evidence", content=PDF)
    consent_services.compartment_delete(case=world.cases["assigned"])
    assert list(ChecklistFile.objects.all()) == [kept_other]
    assert procedure.checklist.get(item=WAIVER).status == "needed"
    assert AuditEvent.objects.filter(action="relief:file:removed", details__item=WAIVER).count() == 1
    assert not ChecklistFile.objects.filter(pk=paper.pk).exists()


def test_outside_an_unlock_the_staff_page_says_the_paper_is_kept_locked_and_who_can_open_it(world, procedure):
    paper = _add_during_unlock(world, procedure)
    client = sign_in(Client(), world.staff["lawyer"])
    during = client.get(f"/staff/relief/{procedure.public_id}/").content.decode()
    assert f"/staff/relief/files/{paper.public_id}/" in during
    consent_services.compartment_lock(case=world.cases["assigned"], actor=Actor.victim())
    page = client.get(f"/staff/relief/{procedure.public_id}/").content.decode()
    assert "Paper kept locked" in page and "The person can unlock it with their code from their own page." in page
    assert f"/staff/relief/files/{paper.public_id}/" not in page
    locked = client.get(f"/staff/relief/files/{paper.public_id}/")
    assert locked.status_code == 403 and "unlock it with their code" in locked.content.decode()
    assert PDF not in locked.content


def _packet_html(procedure: Procedure) -> str:
    page = selectors.procedure_page(procedure, today=dt.date(2026, 1, 20))
    return render_to_string("relief/packet.html", {"page": page, "for_pdf": True, "today": dt.date(2026, 1, 20)})


def test_the_packet_lists_the_paper_as_kept_during_the_unlock_and_as_locked_outside_it(world, procedure):
    _add_during_unlock(world, procedure)
    during = _packet_html(procedure)
    assert "Kept (PDF" in during and "Kept locked" not in during
    consent_services.compartment_lock(case=world.cases["assigned"], actor=Actor.victim())
    after = _packet_html(procedure)
    assert "Kept locked: ask the person to unlock it" in after and "Kept (PDF" not in after
    # The packet view itself still prints.
    pdf = sign_in(Client(), world.staff["lawyer"]).get(f"/staff/relief/{procedure.public_id}/packet.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def _legacy_paper(world, procedure: Procedure) -> ChecklistFile:
    """A paper as kept before key pairs: under the case key alone, in a compartment that has no key pair."""
    paper = ChecklistFile(procedure=procedure, item=WAIVER, media_type="application/pdf", size=len(PDF),
                          added_by=world.staff["lawyer"])
    paper.migration_content_sealed = seal(PDF, context=services.file_seal_context(paper, "migration_content_sealed"))
    paper.save()
    return paper


def test_a_paper_kept_before_key_pairs_is_resealed_to_the_new_key_at_the_next_unlock(world, procedure):
    case = world.cases["assigned"]
    person_unlocks(world)
    consent_services.compartment_lock(case=case, actor=Actor.victim())
    # A compartment recorded before key pairs existed.
    MigrationCompartment.objects.filter(case=case).update(public_key=None, private_key_sealed=None)
    paper = _legacy_paper(world, procedure)
    context = services.file_seal_context(paper, "migration_content_sealed")
    with pytest.raises(services.NotUnlocked):
        services.file_open(actor=world.staff["lawyer"], found=paper)

    consent_services.compartment_unlock(case=case, typed_code=CODE)
    assert _compartment(world).public_key is not None
    paper.refresh_from_db()
    assert is_sealed_to_public_key(bytes(paper.migration_content_sealed), context=context)
    assert services.file_open(actor=world.staff["lawyer"], found=paper) == PDF
    assert AuditEvent.objects.filter(action="relief:file:resealed", details__item=WAIVER).count() == 1


def test_a_paper_kept_under_the_case_key_during_an_unlock_is_resealed_when_it_is_opened(world, procedure):
    """A legacy paper that arrived after the unlock's re-seal (a restore, a slow writer) is caught at its first read."""
    person_unlocks(world)
    paper = _legacy_paper(world, procedure)
    assert services.file_open(actor=world.staff["lawyer"], found=paper) == PDF
    paper.refresh_from_db()
    assert is_sealed_to_public_key(
        bytes(paper.migration_content_sealed), context=services.file_seal_context(paper, "migration_content_sealed")
    )
    assert services.file_open(actor=world.staff["lawyer"], found=paper) == PDF
