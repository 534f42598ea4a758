"""The lawyer's pages, from the start page to the filing packet, with JavaScript off (plain GET and POST)."""

import datetime as dt

import pytest
from django.test import Client

from conftest import sign_in
from safereport.audit.actors import Actor
from safereport.audit.models import AuditEvent
from safereport.relief.models import CertificationRequest, CertifyingAgency, Procedure
from safereport.relief.tests.conftest import named

pytestmark = pytest.mark.django_db(databases="__all__")


def lawyer(world):
    return sign_in(Client(), world.staff["lawyer"])


def test_the_lawyer_reaches_the_procedures_from_the_start_page(world):
    home = lawyer(world).get("/staff/").content.decode()
    assert 'href="/staff/relief/"' in home


def test_a_person_who_named_the_legal_service_is_listed_by_case_code_and_a_procedure_opens(world):
    named(world, "legal")
    client = lawyer(world)
    case = world.cases["assigned"]
    page = client.get("/staff/relief/").content.decode()
    assert case.code in page and f"/staff/relief/people/{case.public_id}/open/" in page
    form = client.get(f"/staff/relief/people/{case.public_id}/open/").content.decode()
    assert '<option value="" selected>' in form or '<option value="">' in form
    empty = client.post(f"/staff/relief/people/{case.public_id}/open/", {"mechanism": "", "opened_on": "2026-01-05"})
    assert empty.status_code == 400 and "error-summary" in empty.content.decode()
    assert 'value="2026-01-05"' in empty.content.decode()
    done = client.post(f"/staff/relief/people/{case.public_id}/open/", {"mechanism": "IT-18", "opened_on": "2026-01-05"})
    assert done.status_code == 200 and "Recorded" in done.content.decode()
    procedure = Procedure.objects.get()
    page = client.get(f"/staff/relief/{procedure.public_id}/").content.decode()
    assert "DPR 394/1999" in page and "Draft" in page
    assert AuditEvent.objects.filter(action="relief:procedure:viewed").count() == 1
    recorded = client.post(f"/staff/relief/{procedure.public_id}/step/", {"step": "proposal", "done_on": "2026-01-06"})
    assert recorded.status_code == 200
    page = client.get(f"/staff/relief/{procedure.public_id}/").content.decode()
    assert "2026-03-07" in page and "TUI) art. 5(9)" in page and "indicative, not binding" in page
    pdf = client.get(f"/staff/relief/{procedure.public_id}/packet.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_an_immigration_body_is_refused_as_an_agency_on_the_page(world):
    response = lawyer(world).post(
        "/staff/relief/agencies/", {"name": "Immigration and Customs Enforcement", "kind": "police", "jurisdiction": "US"}
    )
    assert response.status_code == 400 and "cannot be a certifying agency" in response.content.decode()
    assert not CertifyingAgency.objects.exists()


def test_a_certification_request_is_prepared_sent_and_denied_with_a_reason_on_the_pages(world):
    named(world, "legal")
    client = lawyer(world)
    case = world.cases["assigned"]
    client.post(f"/staff/relief/people/{case.public_id}/open/", {"mechanism": "US-U", "opened_on": "2026-01-05"})
    procedure = Procedure.objects.get()
    client.post("/staff/relief/agencies/", {"name": "Chicago Police Department (demo)", "kind": "police", "jurisdiction": "US",
                                            "region": "Illinois"})
    agency = CertifyingAgency.objects.get()
    created = client.post(f"/staff/relief/{procedure.public_id}/certifications/new/", {
        "agency": str(agency.public_id), "form": "I-918B", "official_role": "designee", "requested_by": "attorney",
        "law": "US-IL-VOICES",
    })
    assert created.status_code == 200, created.content.decode()
    request = CertificationRequest.objects.get()
    url = f"/staff/relief/certifications/{request.public_id}/"
    client.post(url + "record/", {"action": "submit", "on": "2026-01-05"})
    page = client.get(url).content.decode()
    assert "5 ILCS 825" in page
    missing_reason = client.post(url + "record/", {"action": "deny", "on": "2026-01-20"})
    assert missing_reason.status_code == 400 and "error-summary" in missing_reason.content.decode()
    client.post(url + "record/", {"action": "deny", "on": "2026-01-20", "reason": "none_given"})
    page = client.get(url).content.decode()
    assert "requires the agency to give its reason in writing" in page
    assert dt.date(2026, 1, 20) == CertificationRequest.objects.get().answered_on


# --- the firewall: removal proceedings touch migration status (ADR 0033, 2026-12-02) ----------------


def _sent_illinois_request(world, client):
    from safereport.relief.tests.conftest import agency

    case = world.cases["assigned"]
    client.post(f"/staff/relief/people/{case.public_id}/open/", {"mechanism": "US-U", "opened_on": "2026-11-02"})
    procedure = Procedure.objects.get()
    client.post(f"/staff/relief/{procedure.public_id}/certifications/new/", {
        "agency": str(agency(world).public_id), "form": "I-918B", "official_role": "designee", "requested_by": "attorney",
        "law": "US-IL-VOICES",
    })
    request = CertificationRequest.objects.get()
    client.post(f"/staff/relief/certifications/{request.public_id}/record/", {"action": "submit", "on": "2026-11-02"})
    return procedure, request


def test_without_an_unlock_no_staff_page_asks_or_shows_removal_proceedings_and_the_fact_cannot_be_entered(world):
    from safereport.relief.tests.conftest import person_unlocks

    named(world, "legal")
    client = lawyer(world)
    procedure, request = _sent_illinois_request(world, client)
    pages = [
        f"/staff/relief/{procedure.public_id}/",
        f"/staff/relief/{procedure.public_id}/certifications/new/",
        f"/staff/relief/certifications/{request.public_id}/",
        "/staff/",
    ]
    for url in pages:
        text = client.get(url).content.decode().replace("21 in removal proceedings", "")
        assert "removal" not in text.lower() and "in_confidence" not in text and "confidential_date" not in text, url
    refused = client.post(f"/staff/relief/certifications/{request.public_id}/record/", {"action": "in_confidence", "on": "2026-11-03"})
    assert refused.status_code == 400
    refused = client.post(f"/staff/relief/{procedure.public_id}/clock/", {"kind": "confidential_date", "due_on": "2026-12-15"})
    assert refused.status_code == 400
    assert [c.due_on for c in request.clocks.all()] == [dt.date(2027, 3, 19)]  # still the usual 90 business days

    # Once the person opens their compartment, the choice appears; what is stored says nothing of the fact.
    person_unlocks(world)
    assert "in_confidence" in client.get(f"/staff/relief/certifications/{request.public_id}/").content.decode()
    client.post(f"/staff/relief/certifications/{request.public_id}/record/", {"action": "in_confidence", "on": "2026-11-03"})
    client.post(f"/staff/relief/{procedure.public_id}/clock/", {"kind": "confidential_date", "due_on": "2026-12-15"})
    [answer] = request.clocks.all()
    assert answer.due_on == dt.date(2026, 12, 4) and answer.kind == "response"
    dated = procedure.clocks.get(kind="confidential_date")
    assert "removal" not in dated.legal_source.lower()
    stored = [
        str(v) for row in CertificationRequest.objects.values() for v in row.values()
    ] + [str(v) for row in procedure.clocks.values() for v in row.values()]
    assert not any("removal" in v.lower() for v in stored if "21 in removal proceedings" not in v)
    assert not [f.name for f in CertificationRequest._meta.get_fields() if "removal" in f.name]
    details = [str(d) for d in AuditEvent.objects.filter(action__startswith="relief:").values_list("details", flat=True)]
    assert not any("removal" in d or "in_confidence" in d for d in details)


# --- papers on the checklist, sealed in the vault (ADR 0033, 2026-12-02) ---------------------------

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _upload(client, procedure, item, content, name="paper.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        f"/staff/relief/{procedure.public_id}/files/", {"item": item, "upload": SimpleUploadedFile(name, content)}
    )


def test_a_paper_is_kept_sealed_downloaded_by_the_lawyer_and_the_download_is_audited(world):
    from safereport.relief.models import ChecklistFile

    named(world, "legal")
    client = lawyer(world)
    client.post(f"/staff/relief/people/{world.cases['assigned'].public_id}/open/", {"mechanism": "US-U", "opened_on": "2026-01-05"})
    procedure = Procedure.objects.get()
    kept = _upload(client, procedure, "abuse_evidence", PDF, name="medical-report-maria.pdf")
    assert kept.status_code == 200 and "The paper is kept, sealed" in kept.content.decode()
    paper = ChecklistFile.objects.get()
    assert paper.media_type == "application/pdf" and paper.size == len(PDF) and paper.migration_content_sealed is None
    assert b"%PDF" not in bytes(paper.content_sealed) and b"maria" not in bytes(paper.content_sealed)
    assert procedure.checklist.get(item="abuse_evidence").status == "in_hand"
    page = client.get(f"/staff/relief/{procedure.public_id}/").content.decode()
    assert f"/staff/relief/files/{paper.public_id}/" in page and "maria" not in page
    download = client.get(f"/staff/relief/files/{paper.public_id}/")
    assert download.status_code == 200 and download.content == PDF
    assert download["Content-Disposition"] == 'attachment; filename="abuse_evidence.pdf"'
    assert AuditEvent.objects.filter(action="relief:file:opened", details__item="abuse_evidence").count() == 1
    # Another organisation's lawyer, not named by the person, gets nothing.
    assert sign_in(Client(), world.staff["crisis_worker"]).get(f"/staff/relief/files/{paper.public_id}/").status_code in (403, 404)


def test_a_paper_must_be_a_pdf_jpeg_or_png_of_at_most_10_mb(world):
    from safereport.relief.models import ChecklistFile
    from safereport.relief.policies import MAX_FILE_BYTES

    named(world, "legal")
    client = lawyer(world)
    client.post(f"/staff/relief/people/{world.cases['assigned'].public_id}/open/", {"mechanism": "US-U", "opened_on": "2026-01-05"})
    procedure = Procedure.objects.get()
    script = _upload(client, procedure, "abuse_evidence", b"<script>alert(1)</script>", name="statement.pdf")
    assert script.status_code == 400 and "Only PDF, JPEG or PNG" in script.content.decode()
    too_big = _upload(client, procedure, "abuse_evidence", b"%PDF-" + b"0" * MAX_FILE_BYTES)
    assert too_big.status_code == 400 and "at most 10 MB" in too_big.content.decode()
    unknown = _upload(client, procedure, "not_on_the_list", PDF)
    assert unknown.status_code == 400 and "error-summary" in unknown.content.decode()
    assert not ChecklistFile.objects.exists()
    png = _upload(client, procedure, "abuse_evidence", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, name="photo.png")
    assert png.status_code == 200 and ChecklistFile.objects.get().media_type == "image/png"


def test_a_paper_about_migration_status_is_added_and_opened_only_during_the_persons_unlock(world):
    from safereport.consent import services as consent_services
    from safereport.relief.models import ChecklistFile
    from safereport.relief.tests.conftest import person_unlocks

    named(world, "legal")
    client = lawyer(world)
    case = world.cases["assigned"]
    client.post(f"/staff/relief/people/{case.public_id}/open/", {"mechanism": "US-U", "opened_on": "2026-01-05"})
    procedure = Procedure.objects.get()
    refused = _upload(client, procedure, "waiver_i192", PDF)
    assert refused.status_code == 400 and not ChecklistFile.objects.exists()
    assert 'value="waiver_i192"><label for="upload' not in client.get(f"/staff/relief/{procedure.public_id}/").content.decode()

    person_unlocks(world)
    assert _upload(client, procedure, "waiver_i192", PDF).status_code == 200
    paper = ChecklistFile.objects.get()
    assert paper.content_sealed is None and paper.migration_content_sealed is not None and paper.touches_migration_status
    assert client.get(f"/staff/relief/files/{paper.public_id}/").content == PDF

    consent_services.compartment_lock(case=case, actor=Actor.victim())
    page = client.get(f"/staff/relief/{procedure.public_id}/").content.decode()
    assert "Paper kept locked" in page and f"/staff/relief/files/{paper.public_id}/" not in page
    locked = client.get(f"/staff/relief/files/{paper.public_id}/")
    assert locked.status_code == 403 and PDF not in locked.content
    assert AuditEvent.objects.filter(action="relief:file:opened").count() == 1
