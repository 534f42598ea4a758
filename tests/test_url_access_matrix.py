"""The contract: every URL of both front ends × every persona gives the expected answer.

Later features extend EXPECTED. A URL missing from it fails
test_every_url_is_in_the_matrix, so no view can arrive unexamined.
"""

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

from conftest import sign_in
from safereport.cases.views.cases import reply_purpose
from safereport.core import once

PERSONAS = (
    "crisis_worker", "other_worker", "doctor", "case_manager", "dpo", "trainer", "trainee",
    "utrecht_worker", "police_liaison", "ngo_advocate", "desk_officer", "lawyer", "analyst", "translator", "oversight",
)
CARE_IN_GHENT = {"crisis_worker", "other_worker", "doctor", "case_manager"}
CARE_ANYWHERE = CARE_IN_GHENT | {"utrecht_worker"}
EVERYONE = set(PERSONAS)
STATS_READERS = {"analyst", "dpo", "case_manager", "oversight"}
# Every centre and police unit, published tables only (ADR 0029, 0031).
STATS_EVERYWHERE = {"analyst", "dpo", "oversight"}


def expect(allowed: set[str], *, ok: int = 200, refused: int = 403, hidden: set[str] | frozenset[str] = frozenset(), hidden_status: int = 404):
    """Statuses per persona: allowed → ok, hidden (may act, but not on this object) → 404, others → refused."""
    table = dict.fromkeys(PERSONAS, refused)
    table.update(dict.fromkeys(allowed, ok))
    table.update(dict.fromkeys(hidden, hidden_status))
    return table


def an_appointment(world):
    from safereport.cases.models import Appointment

    appointment, _ = Appointment.objects.get_or_create(case=world.cases["assigned"], kind="first_visit")
    return appointment


def a_partner_service(world):
    from safereport.referrals.models import ReferralService

    service, _ = ReferralService.objects.get_or_create(
        key="matrix-partner", defaults={"jurisdiction": "BE", "name": "Partner", "kind": "counselling", "organisation": world.organisations["ngo"]}
    )
    return service


def a_referral(world):
    from safereport.referrals.models import Referral

    referral, _ = Referral.objects.get_or_create(
        case=world.cases["assigned"],
        service=a_partner_service(world),
        defaults={"recipient": world.organisations["ngo"], "purpose": "referral", "sent_by": world.staff["crisis_worker"]},
    )
    return referral


def an_encounter(world):
    from django.utils import timezone

    from safereport.cases.models import Encounter

    encounter, _ = Encounter.objects.get_or_create(
        case=world.cases["assigned"], kind="visit", defaults={"occurred_at": timezone.now(), "professional": world.staff["doctor"]}
    )
    return encounter


def a_care_plan_item(world):
    from django.utils import timezone

    from safereport.cases.models import CarePlanItem

    item, _ = CarePlanItem.objects.get_or_create(
        case=world.cases["assigned"], kind="follow_up_call", defaults={"owner": world.staff["doctor"], "due_on": timezone.localdate()}
    )
    return item


def a_package(world):
    from django.utils import timezone

    from safereport.consent.models import DisclosurePackage

    package = DisclosurePackage.objects.filter(case=world.cases["assigned"]).first()
    if package is None:
        case = world.cases["assigned"]
        package = DisclosurePackage(
            case=case, case_ref=str(case.public_id), care_centre=case.care_centre, recipient=world.organisations["police"],
            purpose="investigation", built_by=world.staff["doctor"], built_at=timezone.now(),
        )
        package.save()
    return package


def an_override(world):
    from safereport.consent.models import SafeguardingOverride

    override, _ = SafeguardingOverride.objects.get_or_create(
        case=world.cases["assigned"],
        defaults={
            "care_centre": world.organisations["ghent"], "ground": "immediate_risk_to_life", "categories": ["safety_and_risk"],
            "recipient": world.organisations["police"], "purpose": "investigation", "requested_by": world.staff["doctor"],
            "approver_role": "case_manager",
        },
    )
    return override


def a_package_preview(world):
    """The preview of a police package the person agreed to (nothing is recorded yet, so no key store is needed)."""
    from safereport.consent import services as consent_services

    case = world.cases["assigned"]
    consent_services.consent_record(
        case=case, categories=["incident_account"], purpose="investigation", decision="given", understanding="understood",
        channel="staff", recipient_organisation=world.organisations["police"], explained_by=world.staff["doctor"], language="en",
    )
    return f"/staff/consent/cases/{case.public_id}/packages/preview/?recipient={world.organisations['police'].pk}&purpose=investigation"



def a_research_release(world):
    """One line of the cases dataset's ledger, made by the analyst."""
    from django.utils import timezone

    from safereport.stats.models import PrivacyBudget, ResearchRelease

    budget, _ = PrivacyBudget.objects.get_or_create(
        dataset="cases", year=timezone.now().year, defaults={"epsilon": 1, "set_by": world.staff["dpo"]}
    )
    return ResearchRelease.objects.filter(budget=budget).first() or ResearchRelease.objects.create(
        budget=budget, table="new-contacts", epsilon="0.5", scale="2", spent_by=world.staff["analyst"],
        published={"rows": [], "columns": [], "cells": [], "row_totals": [], "metrics": {}},
    )

def a_proposed_partnership(world):
    from safereport.accounts.models import Organisation
    from safereport.partners import services
    from safereport.partners.models import Partnership

    organisation, _ = Organisation.objects.get_or_create(name="Matrix police zone", kind="police_unit", jurisdiction="BE")
    found = Partnership.objects.filter(organisation=organisation).first()
    return found or services.partnership_propose(
        actor=world.staff["dpo"], organisation=organisation, agreement_reference="M-1", agreement_date="2026-01-01",
        purposes=["investigation"], public_names={"en": "The matrix police"},
    )


def a_location(world):
    from safereport.evidence.models import StorageLocation

    location, _ = StorageLocation.objects.get_or_create(
        care_centre=world.organisations["ghent"], name="Matrix freezer", defaults={"frozen": True}
    )
    return location


def a_kit(world):
    """A kit of the 'assigned' case in storage while the person decides (issue 14): every kit page is offered."""
    from django.utils import timezone

    from safereport.evidence import services
    from safereport.evidence.models import CustodyAction, Kit

    found = Kit.objects.filter(case=world.cases["assigned"]).first()
    if found is not None:
        return found
    kit = services.kit_collect(
        case=world.cases["assigned"], actor=world.staff["doctor"], exam_started_on=timezone.localdate(), rule_id="BE-ZSG"
    )
    services.custody_record(kit=kit, actor=world.staff["doctor"], action=CustodyAction.STORED, location=a_location(world))
    return Kit.objects.get(pk=kit.pk)


def on_kit(suffix):
    return lambda w: f"/staff/evidence/kits/{a_kit(w).public_id}/{suffix}"
def a_consultation(world, *, to="booked"):
    """An informal police talk of the 'assigned' case, planned with the partnered police unit and taken to `to`."""
    import datetime as dt

    from django.utils import timezone

    from safereport.police import services
    from safereport.police.models import Consultation

    found = Consultation.objects.filter(case=world.cases["assigned"]).first()
    if found is not None:
        return found
    consultation = services.consultation_plan(
        case=world.cases["assigned"], actor=world.staff["crisis_worker"], police_unit=world.organisations["police"],
        topics=["safety_advice"], place="care_centre", companion="yes", interpreter=False, no_firewall_warning_told=True,
    )
    if to in {"booked", "held", "report"}:
        services.consultation_book(
            consultation=consultation, actor=world.staff["crisis_worker"], proposed_for=timezone.now() + dt.timedelta(days=2)
        )
    if to in {"held", "report"}:
        services.consultation_held(
            consultation=consultation, actor=world.staff["police_liaison"], held_on=timezone.localdate(),
            companion_part="general_part", interpreter_attended=False, contact_route="via_centre",
        )
    if to == "report":
        from safereport.cases import services as case_services
        from safereport.consent import services as consent_services

        case_services.encounter_record(
            case=world.cases["assigned"], professional=world.staff["doctor"], kind="visit", occurred_at=timezone.now(),
            texts={"account_sealed": "He grabbed me at the station."},
        )
        consent_services.consent_record(
            case=world.cases["assigned"], categories=["incident_account"], purpose="investigation", decision="given",
            understanding="understood", channel="staff", recipient_organisation=world.organisations["police"],
            explained_by=world.staff["crisis_worker"], language="en",
        )
        services.consultation_decide(consultation=consultation, actor=world.staff["crisis_worker"], decision="convert_to_report")
    return consultation


def a_report(world, *, replied=False):
    """A report the Ghent centre filed for the 'assigned' person with the partnered police unit, identity none."""
    from django.utils import timezone

    from safereport.police import services
    from safereport.police.models import IntermediatedReport

    report = IntermediatedReport.objects.filter(case=world.cases["assigned"]).first() or services.report_file(
        case=world.cases["assigned"], actor=world.staff["crisis_worker"], police_unit=world.organisations["police"],
        identity="none", reference="MATRIX-1", venue="police",
    )
    if replied and report.replied_on is None:
        report = services.report_reply(
            report=report, actor=world.staff["police_liaison"], record_type="incident", contact_policy="none",
            investigation_started=False, reason="person_not_engaging", replied_on=timezone.localdate(), immigration_action="none",
        )
    return report


def a_desk_contact(world):
    """Someone who wrote to the municipal desk from the portal (ADR 0037): a record the desk holds, no centre."""
    from safereport.cases.models import Case

    case = Case.objects.filter(care_centre=world.organisations["desk"]).first()
    return case or Case.objects.create(care_centre=world.organisations["desk"])


def named_by_the_ngo(world):
    """The 'assigned' person agreed the NGO may help them (a referral consent naming it): the NGO may file for them."""
    from safereport.consent import services as consent_services
    from safereport.consent.models import ConsentEvent

    case = world.cases["assigned"]
    if not ConsentEvent.objects.filter(case=case, purpose="referral", recipient_organisation=world.organisations["ngo"]).exists():
        consent_services.consent_record(
            case=case, categories=["needs_and_support"], purpose="referral", decision="given", understanding="understood",
            channel="staff", recipient_organisation=world.organisations["ngo"], explained_by=world.staff["crisis_worker"],
            language="en",
        )
    return case


def named_by_the_legal_service(world):
    """The 'assigned' person agreed the legal service may help with a residence application (ADR 0033)."""
    from safereport.consent import services as consent_services
    from safereport.consent.models import ConsentEvent

    case = world.cases["assigned"]
    legal = world.organisations["legal"]
    if not ConsentEvent.objects.filter(case=case, purpose="relief_application", recipient_organisation=legal).exists():
        consent_services.consent_record(
            case=case, categories=["contact_details"], purpose="relief_application", decision="given",
            understanding="understood", channel="staff", recipient_organisation=legal,
            explained_by=world.staff["crisis_worker"], language="en",
        )
    return case


def a_relief_procedure(world):
    """A U-visa procedure the legal service's lawyer opened for the 'assigned' person."""
    import datetime as dt

    from safereport.relief import services
    from safereport.relief.models import Procedure

    case = named_by_the_legal_service(world)
    return Procedure.objects.filter(case=case).first() or services.procedure_open(
        actor=world.staff["lawyer"], case=case, mechanism="US-U", opened_on=dt.date(2026, 1, 5)
    )


def a_certification_request(world):
    """An Illinois certification request of that procedure, still being prepared."""
    from safereport.relief import services
    from safereport.relief.models import CertificationRequest, CertifyingAgency

    procedure = a_relief_procedure(world)
    found = CertificationRequest.objects.filter(procedure=procedure).first()
    if found is not None:
        return found
    agency = CertifyingAgency.objects.first() or services.agency_add(
        actor=world.staff["lawyer"], name="Chicago Police Department (matrix)", kind="police", jurisdiction="US", region="Illinois"
    )
    return services.certification_create(
        actor=world.staff["lawyer"], procedure=procedure, agency=agency, form="I-918B", official_role="designee",
        requested_by="attorney", law="US-IL-VOICES", family_loss_on=None,
    )


def a_relief_paper(world):
    """A paper kept for that procedure (not about migration status), sealed in the vault."""
    from safereport.relief import services
    from safereport.relief.models import ChecklistFile

    procedure = a_relief_procedure(world)
    return ChecklistFile.objects.filter(procedure=procedure).first() or services.file_add(
        actor=world.staff["lawyer"], procedure=procedure, item="abuse_evidence", content=b"%PDF-1.4\n%%EOF\n"
    )


def on_procedure(suffix=""):
    return lambda w: f"/staff/relief/{a_relief_procedure(w).public_id}/{suffix}"


def a_consultation_path(suffix=""):
    return lambda w: f"/staff/police/consultations/{a_consultation(w).public_id}/{suffix}"


def a_unit_path(suffix=""):
    return lambda w: f"/staff/police/unit/consultations/{a_consultation(w).public_id}/{suffix}"


CARE_ON_CASE = {"crisis_worker", "doctor", "case_manager"}
NOT_ON_CASE = {"other_worker", "utrecht_worker"}
PARTNERS = {"ngo_advocate", "desk_officer", "lawyer"}
# Who may carry a relief procedure (ADR 0033); only the organisation that carries one sees it.
RELIEF = {"lawyer", "ngo_advocate", "desk_officer", "case_manager"}
NOT_CARRYING = RELIEF - {"lawyer"}


def on_case(suffix):
    return lambda w: f"/staff/cases/{w.cases['assigned'].public_id}/{suffix}"


def consent_case(suffix):
    return lambda w: f"/staff/consent/cases/{w.cases['assigned'].public_id}/{suffix}"


# url name → (path builder, anonymous status, statuses per persona). GET requests.
def an_attempt(world, *, answered=False):
    """The trainee's practice of the first-contact scenario on a synthetic case (issue 18, ADR 0035)."""
    from safereport.training import services
    from safereport.training.models import Attempt

    attempt = Attempt.objects.filter(trainee=world.staff["trainee"]).first() or services.attempt_start(
        trainee=world.staff["trainee"], scenario_slug="first-contact-by-phone"
    )
    if answered and not attempt.answers.exists():
        services.step_answer(
            attempt=attempt, actor=world.staff["trainee"], step_key="silence",
            answers={"no_need_to_tell": "yes", "interpreter_offered": "not_yet"},
        )
    return attempt


TRAINEE = {"trainee"}


def an_arabic_string_key(world=None):
    """An Arabic portal string the demo translator may review (content.selectors.interface_strings)."""
    from safereport.content import selectors

    return next(s.key for s in selectors.interface_strings("ar") if s.entry.msgid == "I have a code: read answers")


EXPECTED = {
    "accounts:home": (lambda w: "/staff/", 302, expect(EVERYONE)),
    "accounts:login": (lambda w: "/staff/sign-in/", 200, expect(EVERYONE)),
    "accounts:totp_verify": (lambda w: "/staff/sign-in/code/", 302, expect(EVERYONE)),
    # Someone with a confirmed device is sent to the code page, never a new enrolment.
    "accounts:totp_setup": (lambda w: "/staff/sign-in/set-up-code/", 302, expect(EVERYONE, ok=302)),
    "accounts:reauthenticate": (lambda w: "/staff/sign-in/again/", 302, expect(EVERYONE)),
    "accounts:logout": (lambda w: "/staff/sign-out/", 302, expect(EVERYONE, ok=405)),
    "accounts:logout_everywhere": (lambda w: "/staff/sign-out/everywhere/", 302, expect(EVERYONE, ok=405)),
    "accounts:invitation_accept": (lambda w: "/staff/join/not-a-real-token/", 410, expect(EVERYONE, ok=410)),
    "accounts:profile": (lambda w: "/staff/profile/", 302, expect(EVERYONE)),
    "content:review_list": (lambda w: "/staff/translations/", 302, expect({"translator"})),
    "content:review_approve": (
        lambda w: "/staff/translations/get-help-now/eu/ar/approve/", 302, expect({"translator"}, ok=405)
    ),
    "content:string_list": (lambda w: "/staff/translations/strings/", 302, expect({"translator"})),
    "content:string_review": (
        lambda w: f"/staff/translations/strings/ar/{an_arabic_string_key()}/", 302, expect({"translator"})
    ),
    # Without answers to check, the check page sends the reviewer back to the form.
    "content:string_check": (
        lambda w: f"/staff/translations/strings/ar/{an_arabic_string_key()}/check/", 302, expect({"translator"}, ok=302)
    ),
    "accounts:staff_list": (lambda w: "/staff/organisation/staff/", 302, expect({"dpo"})),
    "accounts:organisation_language": (lambda w: "/staff/organisation/language/", 302, expect({"dpo"})),
    "accounts:organisation_language_check": (lambda w: "/staff/organisation/language/check/", 302, expect({"dpo"}, ok=302)),
    "accounts:reviewer_scope": (
        lambda w: f"/staff/organisation/staff/{w.staff['translator'].public_id}/review/", 302, expect({"dpo"})
    ),
    "accounts:reviewer_scope_check": (
        lambda w: f"/staff/organisation/staff/{w.staff['translator'].public_id}/review/check/", 302,
        expect({"dpo"}, ok=302),
    ),
    "accounts:invitation_create": (lambda w: "/staff/organisation/staff/invite/", 302, expect({"dpo"})),
    "accounts:staff_deactivate": (
        lambda w: f"/staff/organisation/staff/{w.staff['crisis_worker'].public_id}/deactivate/",
        302,
        expect({"dpo"}, ok=405),
    ),
    "cases:list": (lambda w: "/staff/cases/", 302, expect(CARE_ANYWHERE)),
    "navigator_staff:professional": (lambda w: "/staff/navigator/", 302, expect(EVERYONE)),
    "cases:inbox": (lambda w: "/staff/cases/inbox/", 302, expect(CARE_ANYWHERE)),
    "cases:reply": (lambda w: f"/staff/cases/{w.cases['assigned'].public_id}/reply/", 302, expect(CARE_ANYWHERE, ok=405)),
    "cases:take": (lambda w: f"/staff/cases/{w.cases['assigned'].public_id}/take/", 302, expect(CARE_ANYWHERE, ok=405)),
    "cases:assign": (lambda w: f"/staff/cases/{w.cases['assigned'].public_id}/assign/", 302, expect({"case_manager"}, ok=405)),
    "cases:propose_appointment": (
        lambda w: f"/staff/cases/{w.cases['assigned'].public_id}/appointments/{an_appointment(w).public_id}/propose/",
        302,
        expect(CARE_ANYWHERE, ok=405),
    ),
    "cases:detail": (
        lambda w: f"/staff/cases/{w.cases['assigned'].public_id}/",
        302,
        # Nobody outside the case's care team learns that the case exists.
        expect({"crisis_worker", "doctor", "case_manager"}, refused=404),
    ),
    # Case work (issue 6); referrals have their own app since issue 10.
    "cases:dashboard": (lambda w: "/staff/cases/dashboard/", 302, expect(CARE_ANYWHERE)),
    "referrals:directory": (lambda w: "/staff/referrals/directory/", 302, expect(CARE_ANYWHERE | {"dpo"})),
    "referrals:directory_new": (lambda w: "/staff/referrals/directory/new/", 302, expect({"dpo"})),
    "referrals:directory_load": (lambda w: "/staff/referrals/directory/load/", 302, expect({"dpo"}, ok=405)),
    "referrals:directory_edit": (lambda w: f"/staff/referrals/directory/{a_partner_service(w).public_id}/", 302, expect({"dpo"})),
    "referrals:incoming": (lambda w: "/staff/referrals/incoming/", 302, expect(PARTNERS)),
    "referrals:incoming_update": (
        lambda w: f"/staff/referrals/incoming/{a_referral(w).public_id}/",
        302,
        expect(PARTNERS, ok=405),
    ),
    "cases:transition": (on_case("status/"), 302, expect(CARE_ANYWHERE, ok=405)),
    # "Close case": are you sure, and why (issue 13 §11).
    "cases:close": (on_case("close/"), 302, expect(CARE_ON_CASE, hidden=NOT_ON_CASE)),
    "cases:reporting_status": (on_case("reporting/"), 302, expect(CARE_ANYWHERE, ok=405)),
    "cases:crime_type": (on_case("crime-type/"), 302, expect(CARE_ANYWHERE, ok=405)),
    "cases:name_as_given": (on_case("name/"), 302, expect(CARE_ANYWHERE, ok=405)),
    "cases:encounter_new": (on_case("encounters/new/"), 302, expect(CARE_ON_CASE, hidden=NOT_ON_CASE)),
    "cases:encounter_detail": (
        lambda w: f"/staff/cases/{w.cases['assigned'].public_id}/encounters/{an_encounter(w).public_id}/",
        302,
        expect(CARE_ON_CASE, hidden=NOT_ON_CASE),
    ),
    "cases:needs": (on_case("needs/"), 302, expect(CARE_ON_CASE, hidden=NOT_ON_CASE)),
    "cases:care_plan_add": (on_case("care-plan/"), 302, expect(CARE_ANYWHERE, ok=405)),
    "cases:care_plan_status": (
        lambda w: f"/staff/cases/{w.cases['assigned'].public_id}/care-plan/{a_care_plan_item(w).public_id}/",
        302,
        expect(CARE_ANYWHERE, ok=405),
    ),
    "cases:crisis_numbers": (on_case("crisis-numbers/"), 302, expect(CARE_ANYWHERE, ok=405)),
    "cases:police_talk": (on_case("police-talk/"), 302, expect(CARE_ANYWHERE, ok=405)),
    "referrals:send": (
        lambda w: f"/staff/referrals/for-case/{w.cases['assigned'].public_id}/", 302, expect(CARE_ANYWHERE, ok=405)
    ),
    "cases:summary": (on_case("summary/"), 302, expect(CARE_ON_CASE, hidden=NOT_ON_CASE)),
    "cases:summary_pdf": (on_case("summary.pdf"), 302, expect(CARE_ON_CASE, hidden=NOT_ON_CASE)),
    # Consent and the firewall (issue 5). Recipients see packages addressed to
    # their organisation, never cases; a partner asking for the police's package gets 404.
    "consent:case": (consent_case(""), 302, expect(CARE_ON_CASE, hidden=NOT_ON_CASE)),
    "consent:record": (consent_case("record/"), 302, expect(CARE_ANYWHERE, ok=405)),
    # "Check your answers" with no answers kept leads back to the consent page (issue 13 §6).
    "consent:record_check": (consent_case("record/check/"), 302, expect(CARE_ON_CASE, ok=302, hidden=NOT_ON_CASE)),
    "consent:clinical": (consent_case("clinical/"), 302, expect(CARE_ANYWHERE, ok=405)),
    "consent:build": (consent_case("packages/"), 302, expect(CARE_ANYWHERE, ok=405)),
    # The preview opens sealed text: only the care team on the case, as for the case page.
    "consent:preview": (a_package_preview, 302, expect(CARE_ON_CASE, hidden=NOT_ON_CASE)),
    "consent:migration": (consent_case("migration/"), 302, expect(CARE_ON_CASE, hidden=NOT_ON_CASE)),
    "consent:override_request": (consent_case("overrides/"), 302, expect(CARE_ANYWHERE, ok=405)),
    # The override's page shows its justification (an audited read): only staff who see the case.
    "consent:override": (lambda w: f"/staff/consent/overrides/{an_override(w).public_id}/", 302, expect(CARE_ON_CASE, hidden=NOT_ON_CASE)),
    "consent:override_decide": (lambda w: f"/staff/consent/overrides/{an_override(w).public_id}/decide/", 302, expect({"case_manager"}, ok=405)),
    "consent:override_send": (lambda w: f"/staff/consent/overrides/{an_override(w).public_id}/send/", 302, expect(CARE_ANYWHERE, ok=405)),
    "consent:override_safe_to_tell": (
        lambda w: f"/staff/consent/overrides/{an_override(w).public_id}/safe-to-tell/", 302, expect(CARE_ANYWHERE, ok=405)
    ),
    "consent:inbox": (lambda w: "/staff/consent/packages/", 302, expect(PARTNERS | {"police_liaison"})),
    "consent:package": (lambda w: f"/staff/consent/packages/{a_package(w).public_id}/", 302, expect({"police_liaison"}, hidden=PARTNERS)),
    "consent:package_print": (
        lambda w: f"/staff/consent/packages/{a_package(w).public_id}/print/", 302, expect({"police_liaison"}, hidden=PARTNERS)
    ),
    "consent:processing": (lambda w: "/staff/consent/register/processing/", 302, expect({"dpo"})),
    "consent:override_register": (lambda w: "/staff/consent/register/overrides/", 302, expect({"dpo"})),
    "consent:counts": (lambda w: "/staff/consent/register/counts/", 302, expect({"dpo"})),
    # Erasures at the DPO's own centre: tombstones only (docs/adr/0020).
    "consent:erasure_register": (lambda w: "/staff/consent/register/erasures/", 302, expect({"dpo"})),
    # The recipient registry (issue 11): the DPO proposes, a case manager approves, either ends.
    "partners:register": (lambda w: "/staff/partners/", 302, expect({"dpo", "case_manager"})),
    # The police side (issue 15): the centre books and follows a talk through its case;
    # the police unit reads what is addressed to it, never a case.
    "police:plan": (
        lambda w: f"/staff/police/cases/{w.cases['assigned'].public_id}/consultations/new/",
        302,
        expect(CARE_ON_CASE, refused=404),
    ),
    "police:consultation": (a_consultation_path(), 302, expect(CARE_ON_CASE, hidden=NOT_ON_CASE)),
    "police:book": (a_consultation_path("book/"), 302, expect(CARE_ANYWHERE, ok=405)),
    "police:agree_time": (a_consultation_path("agree-time/"), 302, expect(CARE_ANYWHERE, ok=405)),
    "police:reflect": (a_consultation_path("reflect/"), 302, expect(CARE_ANYWHERE, ok=405)),
    "police:decide": (a_consultation_path("decide/"), 302, expect(CARE_ANYWHERE, ok=405)),
    "police:cancel": (a_consultation_path("cancel/"), 302, expect(CARE_ANYWHERE, ok=405)),
    "police:hand_over": (a_consultation_path("hand-over/"), 302, expect(CARE_ANYWHERE, ok=405)),
    "police:unit_consultation_outcome": (a_unit_path("outcome/"), 302, expect({"police_liaison"}, ok=405)),
    "police:unit_report_outcome": (
        lambda w: f"/staff/police/unit/reports/{a_report(w).public_id}/outcome/", 302, expect({"police_liaison"}, ok=405)
    ),
    "police:unit_inbox": (lambda w: "/staff/police/unit/", 302, expect({"police_liaison"})),
    # Reports filed for a person: the intermediary's own record; the unit reads and replies.
    "police:report_new": (
        lambda w: f"/staff/police/cases/{w.cases['assigned'].public_id}/reports/new/", 302, expect(CARE_ON_CASE, refused=404)
    ),
    # An NGO or desk files for the people who named it in a referral consent (here the NGO, not the desk).
    "police:people": (lambda w: "/staff/police/people/", 302, expect({"ngo_advocate", "desk_officer"})),
    # The desk's own inbox: only its coordinator and caseworker, who are not personas here (tests/test_reachability.py
    # and police/tests/test_desk_inbox.py cover them): every persona, the desk's advocate included, is refused.
    "police:desk_inbox": (lambda w: "/staff/police/desk/", 302, expect(set())),
    "police:desk_contact": (lambda w: f"/staff/police/desk/{a_desk_contact(w).public_id}/", 302, expect(set())),
    # Which desks the portal offers: the DPO, for the deployment (ADR 0037, amended).
    "police:desks_for_portal": (lambda w: "/staff/police/desks/", 302, expect({"dpo"})),
    "police:desk_for_portal": (lambda w: f"/staff/police/desks/{w.organisations['desk'].public_id}/", 302, expect({"dpo"})),
    "police:person_report": (
        lambda w: f"/staff/police/people/{named_by_the_ngo(w).public_id}/report/",
        302,
        expect({"ngo_advocate"}, hidden={"desk_officer"}),
    ),
    "police:reports_filed": (lambda w: "/staff/police/reports/", 302, expect(CARE_ANYWHERE | {"ngo_advocate", "desk_officer"})),
    "police:report": (
        lambda w: f"/staff/police/reports/{a_report(w).public_id}/",
        302,
        expect(CARE_ON_CASE, hidden=NOT_ON_CASE | {"ngo_advocate", "desk_officer"}),
    ),
    "police:report_relay": (
        lambda w: f"/staff/police/reports/{a_report(w).public_id}/relay/",
        302,
        expect(CARE_ANYWHERE | {"ngo_advocate", "desk_officer"}, ok=405),
    ),
    "police:unit_report": (lambda w: f"/staff/police/unit/reports/{a_report(w).public_id}/", 302, expect({"police_liaison"})),
    "police:unit_reply": (
        lambda w: f"/staff/police/unit/reports/{a_report(w).public_id}/reply/", 302, expect({"police_liaison"}, ok=405)
    ),
    "police:unit_consultation": (a_unit_path(), 302, expect({"police_liaison"})),
    "police:unit_answer": (a_unit_path("answer/"), 302, expect({"police_liaison"}, ok=405)),
    "police:unit_held": (a_unit_path("held/"), 302, expect({"police_liaison"}, ok=405)),
    "partners:propose": (lambda w: "/staff/partners/propose/", 302, expect({"dpo"})),
    "partners:approve": (
        lambda w: f"/staff/partners/{a_proposed_partnership(w).public_id}/approve/", 302, expect({"case_manager"}, ok=405)
    ),
    "partners:end": (
        lambda w: f"/staff/partners/{a_proposed_partnership(w).public_id}/end/", 302, expect({"dpo", "case_manager"}, ok=405)
    ),
    # Evidence kept while the person decides (issue 14): the care team of the
    # case; the police unit sees only kits released to it (here none: 404).
    "evidence:worklist": (lambda w: "/staff/evidence/", 302, expect(CARE_ANYWHERE)),
    "evidence:kit_new": (
        lambda w: f"/staff/evidence/for-case/{w.cases['assigned'].public_id}/new/", 302, expect(CARE_ON_CASE, refused=404)
    ),
    "evidence:kit": (on_kit(""), 302, expect(CARE_ON_CASE, hidden=NOT_ON_CASE)),
    "evidence:custody_record": (on_kit("custody-record/"), 302, expect(CARE_ON_CASE, hidden=NOT_ON_CASE)),
    "evidence:label": (on_kit("label.svg"), 302, expect(CARE_ON_CASE, hidden=NOT_ON_CASE)),
    "evidence:custody_record_pdf": (on_kit("custody-record.pdf"), 302, expect(CARE_ON_CASE, hidden=NOT_ON_CASE)),
    "evidence:retention_notice": (on_kit("retention-notice/"), 302, expect(CARE_ON_CASE, hidden=NOT_ON_CASE)),
    "evidence:retention_notice_pdf": (on_kit("retention-notice.pdf"), 302, expect(CARE_ON_CASE, hidden=NOT_ON_CASE)),
    "evidence:item_add": (on_kit("items/"), 302, expect(CARE_ON_CASE, hidden=NOT_ON_CASE)),
    "evidence:custody": (on_kit("custody/"), 302, expect(CARE_ANYWHERE, ok=405)),
    "evidence:destroy": (on_kit("destroy/"), 302, expect(CARE_ANYWHERE, ok=405)),
    "evidence:hand_over": (on_kit("hand-over/"), 302, expect(CARE_ANYWHERE, ok=405)),
    "evidence:item_return": (on_kit("return/"), 302, expect(CARE_ANYWHERE, ok=405)),
    "evidence:release": (on_kit("release/"), 302, expect(CARE_ON_CASE, hidden=NOT_ON_CASE)),
    "evidence:storage": (lambda w: "/staff/evidence/storage/", 302, expect(CARE_ANYWHERE)),
    "evidence:temperature": (
        lambda w: f"/staff/evidence/storage/{a_location(w).public_id}/temperature/", 302, expect(CARE_ANYWHERE, ok=405)
    ),
    "evidence:temperature_import": (
        lambda w: f"/staff/evidence/storage/{a_location(w).public_id}/import/", 302, expect(CARE_ANYWHERE, ok=405)
    ),
    "evidence:received": (lambda w: "/staff/evidence/received/", 302, expect({"police_liaison"})),
    "evidence:received_kit": (
        lambda w: f"/staff/evidence/received/{a_kit(w).public_id}/", 302, expect(set(), hidden={"police_liaison"})
    ),
    "evidence:received_kit_pdf": (
        lambda w: f"/staff/evidence/received/{a_kit(w).public_id}/custody-record.pdf", 302, expect(set(), hidden={"police_liaison"})
    ),
    "evidence:received_at_lab": (
        lambda w: f"/staff/evidence/received/{a_kit(w).public_id}/at-lab/", 302, expect({"police_liaison"}, ok=405)
    ),
    # Relief procedures (issue 16): the legal service the person named carries theirs.
    "relief:home": (lambda w: "/staff/relief/", 302, expect(RELIEF)),
    "relief:agencies": (lambda w: "/staff/relief/agencies/", 302, expect(RELIEF)),
    "relief:open": (
        lambda w: f"/staff/relief/people/{named_by_the_legal_service(w).public_id}/open/",
        302,
        # The centre's case manager may open one for a person of the centre.
        expect({"lawyer", "case_manager"}, hidden={"ngo_advocate", "desk_officer"}),
    ),
    "relief:procedure": (on_procedure(), 302, expect({"lawyer"}, hidden=NOT_CARRYING)),
    "relief:packet": (on_procedure("packet.pdf"), 302, expect({"lawyer"}, hidden=NOT_CARRYING)),
    "relief:certification_new": (on_procedure("certifications/new/"), 302, expect({"lawyer"}, hidden=NOT_CARRYING)),
    "relief:step": (on_procedure("step/"), 302, expect(RELIEF, ok=405)),
    "relief:clock": (on_procedure("clock/"), 302, expect(RELIEF, ok=405)),
    "relief:checklist": (on_procedure("checklist/"), 302, expect(RELIEF, ok=405)),
    "relief:withdraw": (on_procedure("withdraw/"), 302, expect(RELIEF, ok=405)),
    "relief:file_add": (on_procedure("files/"), 302, expect(RELIEF, ok=405)),
    "relief:file": (
        lambda w: f"/staff/relief/files/{a_relief_paper(w).public_id}/", 302, expect({"lawyer"}, hidden=NOT_CARRYING)
    ),
    "relief:certification": (
        lambda w: f"/staff/relief/certifications/{a_certification_request(w).public_id}/",
        302,
        expect({"lawyer"}, hidden=NOT_CARRYING),
    ),
    "relief:certification_act": (
        lambda w: f"/staff/relief/certifications/{a_certification_request(w).public_id}/record/",
        302,
        expect(RELIEF, ok=405),
    ),
    # Statistics (issue 17): tables through the release rules for analysts, the data steward
    # (DPO) and a centre's managers (their own centre); rules and budgets for the steward;
    # research releases with noise for analysts.
    "stats:index": (lambda w: "/staff/stats/", 302, expect(STATS_READERS)),
    "stats:table": (lambda w: "/staff/stats/tables/new-contacts/", 302, expect(STATS_READERS)),
    "stats:export_csv": (lambda w: "/staff/stats/tables/new-contacts/export.csv", 302, expect(STATS_READERS)),
    "stats:metadata_csv": (lambda w: "/staff/stats/tables/new-contacts/metadata.csv", 302, expect(STATS_READERS)),
    "stats:export_json": (lambda w: "/staff/stats/tables/new-contacts/export.json", 302, expect(STATS_READERS)),
    "stats:release_new": (lambda w: "/staff/stats/tables/new-contacts/research-release/", 302, expect({"analyst"})),
    "stats:release_detail": (
        lambda w: f"/staff/stats/research-releases/{a_research_release(w).public_id}/", 302, expect(STATS_EVERYWHERE)
    ),
    "stats:rules": (lambda w: "/staff/stats/rules/", 302, expect({"dpo"})),
    "stats:budgets": (lambda w: "/staff/stats/budgets/", 302, expect(STATS_EVERYWHERE)),
    "stats:compare": (lambda w: "/staff/stats/compare/", 302, expect(STATS_EVERYWHERE)),
    "stats:compare_csv": (lambda w: "/staff/stats/compare/units.csv", 302, expect(STATS_EVERYWHERE)),
    "stats:budget_set": (lambda w: "/staff/stats/budgets/set/", 302, expect({"dpo"})),
    # Posters, flyers and cards (issue 18): a care centre's own set, for its care staff.
    "materials:catalogue": (lambda w: "/staff/materials/", 302, expect(CARE_ANYWHERE)),
    "materials:sheet_pdf": (lambda w: "/staff/materials/wallet-card/ar.pdf", 302, expect(CARE_ANYWHERE)),
    # Training (issue 18, ADR 0035): the trainee plays on synthetic cases; the
    # trainer reads the scenarios and follows the trainees of their organisation.
    "training:home": (lambda w: "/staff/training/", 302, expect(TRAINEE)),
    "training:start": (lambda w: "/staff/training/scenarios/needs-assessment/start/", 302, expect(TRAINEE, ok=405)),
    "training:attempt": (lambda w: f"/staff/training/attempts/{an_attempt(w).public_id}/", 302, expect(TRAINEE)),
    "training:step_answered": (
        lambda w: f"/staff/training/attempts/{an_attempt(w, answered=True).public_id}/steps/silence/", 302, expect(TRAINEE)
    ),
    "training:certificate": (lambda w: "/staff/training/certificate.pdf", 302, expect(TRAINEE)),
    "training:scenarios": (lambda w: "/staff/training/scenarios/", 302, expect({"trainer"})),
    "training:scenario": (lambda w: "/staff/training/scenarios/will-immigration-know/", 302, expect({"trainer"})),
    "training:trainees": (lambda w: "/staff/training/trainees/", 302, expect({"trainer"})),
    "training:trainee": (lambda w: f"/staff/training/trainees/{w.staff['trainee'].public_id}/", 302, expect({"trainer"})),
    "training:trainee_certificate": (
        lambda w: f"/staff/training/trainees/{w.staff['trainee'].public_id}/certificate.pdf", 302, expect({"trainer"})
    ),
}


def walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{entry.namespace}:" if entry.namespace else prefix
            yield from walk(entry.url_patterns, namespace)
        elif isinstance(entry, URLPattern):
            yield f"{prefix}{entry.name}"


def test_every_url_is_in_the_matrix():
    names = set(walk(get_resolver(settings.STAFF_URLCONF).url_patterns))
    assert names == set(EXPECTED), f"add these to EXPECTED: {names - set(EXPECTED)}; stale: {set(EXPECTED) - names}"


# Pages that open a sealed value for their positive control: they reach the key store too.
KEY_STORE_PAGES = {"relief:file"}
EXPECTED_NAMES = [
    pytest.param(n, marks=pytest.mark.django_db(databases="__all__")) if n in KEY_STORE_PAGES else n for n in sorted(EXPECTED)
]


@pytest.mark.parametrize("name", EXPECTED_NAMES)
def test_anonymous_visitors_reach_only_public_staff_pages(name, client, world):
    build_path, anonymous_status, _ = EXPECTED[name]
    response = client.get(build_path(world))
    assert response.status_code == anonymous_status
    if anonymous_status == 302:
        assert response["Location"].startswith("/staff/sign-in/")


@pytest.mark.parametrize("name", EXPECTED_NAMES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_role_gets_exactly_what_the_matrix_says(name, persona, client, world):
    build_path, _, statuses = EXPECTED[name]
    path = build_path(world)
    sign_in(client, world.staff[persona])
    response = client.get(path)
    assert response.status_code == statuses[persona], f"{persona} GET {path}"


@pytest.mark.parametrize(
    "name", [n for n in EXPECTED_NAMES if getattr(n, "values", (n,))[0] not in {"accounts:login", "accounts:invitation_accept"}]
)
def test_password_without_second_factor_reaches_only_the_code_pages(name, client, world):
    build_path, _, _ = EXPECTED[name]
    sign_in(client, world.staff["crisis_worker"], verified=False)
    response = client.get(build_path(world))
    if name == "accounts:totp_verify":
        assert response.status_code == 200
    elif name == "accounts:totp_setup":
        # The device is already confirmed: a password alone never enrols another one.
        assert response.status_code == 302
        assert response["Location"].startswith("/staff/sign-in/code/")
    elif name in {"accounts:logout"}:
        assert response.status_code == 405
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/staff/sign-in/code/")


# POST views: who may act on which case. Outsiders get 404, as if the case did not exist.
POSTS = {
    # The reply form carries its one-time token (ADR 0032).
    "reply": (lambda w: {"message": "hello", "form_token": once.issue(reply_purpose(w.cases["assigned"])).value},
              {"crisis_worker", "doctor", "case_manager"}, {"other_worker", "utrecht_worker"}),
    "take": ({}, {"crisis_worker", "doctor", "case_manager"}, {"other_worker", "utrecht_worker"}),
    "status": ({"transition": "mark_seen"}, CARE_ON_CASE, NOT_ON_CASE),
    "reporting": ({"reporting_status": "thinking"}, CARE_ON_CASE, NOT_ON_CASE),
    "crime-type": ({"crime_type": "rape"}, CARE_ON_CASE, NOT_ON_CASE),
    "police-talk": ({"companion": "yes", "topics": "safety_advice"}, CARE_ON_CASE, NOT_ON_CASE),
    "crisis-numbers": ({"numbers": "eu-112"}, CARE_ON_CASE, NOT_ON_CASE),
    "care-plan": ({"kind": "other", "due_on": "2030-01-01"}, CARE_ON_CASE, NOT_ON_CASE),
}


@pytest.mark.django_db(databases="__all__")
@pytest.mark.parametrize("action", sorted(POSTS))
@pytest.mark.parametrize("persona", PERSONAS)
def test_acting_on_a_case_needs_the_permission_and_the_relationship(action, persona, client, world):
    form, allowed, hidden = POSTS[action]
    form = form(world) if callable(form) else form
    sign_in(client, world.staff[persona])
    response = client.post(f"/staff/cases/{world.cases['assigned'].public_id}/{action}/", form)
    expected = 302 if persona in allowed else 404 if persona in hidden else 403
    assert response.status_code == expected


@pytest.mark.django_db(databases="__all__")
def test_a_police_liaison_opening_an_unshared_case_gets_404_and_the_attempt_is_audited(client, world):
    from safereport.audit.models import AuditEvent

    case = world.cases["assigned"]
    sign_in(client, world.staff["police_liaison"])
    assert client.get(f"/staff/cases/{case.public_id}/").status_code == 404
    event = AuditEvent.objects.filter(action="cases:case:access_refused", case_ref=str(case.public_id)).get()
    assert event.actor_staff_id == world.staff["police_liaison"].pk
