"""Every view that accepts POST, on both front ends: who may change something, and only with a CSRF token.

test_url_access_matrix.py walks URL × role for GET. A POST is where harm is
done, so here each view that accepts one is posted a form that *would* change
something, by everyone who may not:

* each persona whose roles lack the view's permission gets the same refusal as
  a GET (403, or 404 where the case is hidden from outsiders), someone who
  holds the permission but is not on the case gets 404, a password without the
  second factor and an anonymous visitor are sent to sign in, and a portal
  visitor without a return session is sent to the code page;
* a POST without a CSRF token is refused with 403 even for someone who may;
* and nothing is written: every table of both databases is compared before and
  after (the audit log may only gain the refusal events it is meant to keep).

Then the same form is posted by someone who may, with a token, and must change
what the entry names, so the refusals above refused something real.

A view that accepts POST and is not in STAFF or PORTAL fails
test_every_view_that_accepts_post_is_in_the_matrix.
"""

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation

from conftest import current_totp, sign_in
from safereport.accounts.policies import roles_grant
from safereport.core.access import Audience, access_rule_of
from safereport.demo.world import demo_password
from tests.test_url_access_matrix import (
    EXPECTED,
    NOT_CARRYING,
    PERSONAS,
    a_certification_request,
    a_consultation,
    a_desk_contact,
    a_relief_procedure,
    a_report,
    an_arabic_string_key,
    an_attempt,
    named_by_the_legal_service,
    named_by_the_ngo,
)

pytestmark = pytest.mark.django_db(databases="__all__")

# Any 32 letters or digits is a well-formed CSRF secret; the client sends it as
# the cookie and, when a test means to, as the form's token.
TOKEN = "matrixcsrftoken0matrixcsrftoken0"
NOT_ON_CASE = frozenset({"other_worker", "utrecht_worker"})
# Refusals the audit log is meant to keep (middleware: hide_case_from_outsiders).
REFUSAL_EVENTS = {"cases:case:access_refused"}
# Tables that change without anything being done: sessions (signing the test
# clients in), axes' sign-in records, and the audit log, checked on its own.
NOT_COMPARED = {
    "sessions.Session", "axes.AccessAttempt", "axes.AccessAttemptExpiration", "axes.AccessFailureLog",
    "axes.AccessLog", "audit.AuditEvent", "audit.AuditChainHead",
}


# --- what was written ---------------------------------------------------------------


def stored_rows() -> dict[str, list[tuple]]:
    """Every row of every table of both databases (the vault's models route to the key store)."""
    state = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.label in NOT_COMPARED:
            continue
        rows = model._base_manager.order_by("pk").values_list()
        state[model._meta.label] = [tuple(bytes(v) if isinstance(v, memoryview) else v for v in row) for row in rows]
    return state


class Unchanged:
    """Compares the whole store before and after a block; the audit log may only gain refusals."""

    def __init__(self, what: str):
        self.what = what

    def __enter__(self):
        from safereport.audit.models import AuditEvent

        self.before = stored_rows()
        self.last_event = AuditEvent.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0
        return self

    def __exit__(self, *exc):
        if exc[0] is not None:
            return False
        from safereport.audit.models import AuditEvent

        after = stored_rows()
        changed = sorted(label for label in after if after[label] != self.before.get(label))
        assert not changed, f"{self.what} wrote to {changed}"
        new_events = set(AuditEvent.objects.filter(sequence__gt=self.last_event).values_list("action", flat=True))
        assert new_events <= REFUSAL_EVENTS, f"{self.what} wrote audit events {new_events - REFUSAL_EVENTS}"
        return False


# --- the staff side -------------------------------------------------------------------


@dataclass(frozen=True)
class Post:
    """One view that accepts POST.

    prepare(world) makes what the view acts on and returns it (x below).
    kwargs(world, x) and form(world, x) build the request.
    may: who posts in the positive control ("" = nobody signed in).
    done(world, x, client): what the positive control must have changed. None
    marks a page that only reads but does not refuse POST (it answers like GET).
    hidden: people who hold the permission but are not on the object: 404.
    """

    may: str
    form: Callable[[Any, Any], dict] = lambda w, x: {}
    kwargs: Callable[[Any, Any], dict] = lambda w, x: {}
    done: Callable[[Any, Any, Client], bool] | None = None
    ok: int = 302
    hidden: frozenset[str] = frozenset()
    prepare: Callable[[Any], Any] = lambda w: None
    password_only: bool = False  # the positive control has not done TOTP yet (the code pages)
    recently: bool = True  # the positive control passed password + code again lately


class Rewinding(SimpleUploadedFile):
    """An upload the matrix can post again and again: each read starts from the beginning."""

    def read(self, *args, **kwargs):
        self.seek(0)
        return super().read(*args, **kwargs)


def case_kwargs(w, x):
    return {"case_id": w.cases["assigned"].public_id}


def a_reply_form(w, message="You are welcome here."):
    """What the case page's reply form sends: the text and the form's one-time token (ADR 0032)."""
    from safereport.cases.views.cases import reply_purpose
    from safereport.core import once

    return {"message": message, "form_token": once.issue(reply_purpose(w.cases["assigned"])).value}


def assigned(w):
    from safereport.cases.models import Case

    return Case.objects.get(pk=w.cases["assigned"].pk)


def a_requested_appointment(w):
    from safereport.cases.models import Appointment

    return Appointment.objects.create(case=w.cases["assigned"], kind="first_visit")


def a_care_plan_item(w):
    from safereport.cases.models import CarePlanItem

    return CarePlanItem.objects.create(
        case=w.cases["assigned"], kind="other", owner=w.staff["doctor"], due_on=timezone.localdate()
    )


def an_encounter(w):
    from safereport.cases.models import Encounter

    return Encounter.objects.create(case=w.cases["assigned"], kind="visit", occurred_at=timezone.now(), professional=w.staff["doctor"])


def a_partner_service(w):
    from safereport.referrals.models import ReferralService

    return ReferralService.objects.create(
        key="post-matrix-partner", jurisdiction="BE", name="Partner", kind="counselling", organisation=w.organisations["ngo"]
    )


def a_referral(w):
    from safereport.referrals.models import Referral

    return Referral.objects.create(
        case=w.cases["assigned"], service=a_partner_service(w), recipient=w.organisations["ngo"], purpose="referral",
        sent_by=w.staff["crisis_worker"],
    )


def an_override(w, *, approved=False, categories=("safety_and_risk",)):
    from safereport.consent.models import SafeguardingOverride

    override = SafeguardingOverride.objects.create(
        case=w.cases["assigned"], care_centre=w.organisations["ghent"], ground="immediate_risk_to_life",
        categories=list(categories), recipient=w.organisations["police"], purpose="investigation",
        requested_by=w.staff["doctor"], approver_role="case_manager",
        status="approved" if approved else "pending",
        expires_at=timezone.now() + timezone.timedelta(hours=1) if approved else None,
    )
    return override


def an_override_read_by_the_approver(w):
    """Deciding needs the reason read first (the override's page does it)."""
    from safereport.consent import selectors

    override = an_override(w)
    selectors.override_justification_for(actor=w.staff["case_manager"], override=override)
    return override


def an_approved_override_and_something_to_send(w):
    content_and_a_police_consent(w)
    return an_override(w, approved=True, categories=("incident_account",))


def content_and_a_police_consent(w):
    """What a package needs: something written in the case, and the person's consent."""
    from safereport.cases import services as case_services
    from safereport.consent import services as consent_services

    case = w.cases["assigned"]
    case_services.encounter_record(
        case=case, professional=w.staff["doctor"], kind="visit", occurred_at=timezone.now(),
        texts={"account_sealed": "He grabbed me at the station."},
    )
    consent_services.consent_record(
        case=case, categories=["incident_account"], purpose="investigation", decision="given", understanding="understood",
        channel="staff", recipient_organisation=w.organisations["police"], explained_by=w.staff["doctor"], language="en",
    )
    # Sending confirms a preview: the form carries what the preview showed.
    return consent_services.disclosure_preview(
        case=case, recipient=w.organisations["police"], purpose="investigation", actor=w.staff["doctor"]
    ).digest


def package_token(w):
    """The preview page's one-time token (ADR 0032 §6)."""
    from safereport.consent.views import package_purpose
    from safereport.core import once

    return once.issue(package_purpose(w.cases["assigned"])).value


def an_unpartnered_police_zone(w):
    from safereport.accounts.models import Organisation

    return Organisation.objects.create(name="Post matrix police zone", kind="police_unit", jurisdiction="BE")


def a_proposed_partnership(w):
    from safereport.partners import services

    return services.partnership_propose(
        actor=w.staff["dpo"], organisation=an_unpartnered_police_zone(w), agreement_reference="PM-1",
        agreement_date="2026-01-01", purposes=["investigation"], public_names={"en": "The post matrix police"},
    )


def a_handed_over_consultation(w):
    from safereport.police import services

    consultation = a_consultation(w, to="report")
    return services.consultation_hand_over(consultation=consultation, actor=w.staff["crisis_worker"])


def a_consultation_with_another_time(w):
    import datetime as dt

    from safereport.police import services

    consultation = a_consultation(w)
    services.consultation_answer(
        consultation=consultation, actor=w.staff["police_liaison"], answer="other_time",
        other_time=timezone.now() + dt.timedelta(days=3),
    )
    return consultation


def a_privacy_budget(w):
    from safereport.stats.models import PrivacyBudget

    return PrivacyBudget.objects.create(dataset="cases", year=timezone.now().year, epsilon=1, set_by=w.staff["dpo"])


def partnership_of(x):
    return type(x).objects.get(pk=x.pk)


def an_invitation_token(w):
    from safereport.accounts import services

    _invitation, token = services.invitation_create(
        organisation=w.organisations["ghent"], roles=["crisis_worker"], invited_by=w.staff["dpo"]
    )
    return token


def a_new_device_for_the_lawyer(w):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=w.staff["lawyer"]).delete()
    return TOTPDevice.objects.create(user=w.staff["lawyer"], name="authenticator", confirmed=False)


def token_of(device) -> str:
    from django_otp.oath import TOTP

    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def events(action, **filters):
    from safereport.audit.models import AuditEvent

    return AuditEvent.objects.filter(action=action, **filters)


def signed_out(client) -> bool:
    return client.get("/staff/").status_code == 302


def service_form(w, x):
    return {
        "key": "new-partner", "jurisdiction": "BE", "name": "New partner", "kind": "counselling", "languages": '["en"]',
        "accepts_people_without_papers": "true", "data_sharing_policy": "", "contact": "", "hours": "",
        "organisation": "", "source": "", "last_reviewed": "", "is_active": "on",
    }


# --- evidence (issue 14) ---------------------------------------------------------------


def a_stored_kit(w, *, exam_started_on=None, items=()):
    from safereport.evidence import services
    from safereport.evidence.models import StorageLocation

    location, _ = StorageLocation.objects.get_or_create(care_centre=w.organisations["ghent"], name="Post matrix freezer")
    kit = services.kit_collect(
        case=w.cases["assigned"], actor=w.staff["doctor"], exam_started_on=exam_started_on or timezone.localdate(),
        rule_id="BE-ZSG", items=items,
    )
    services.custody_record(kit=kit, actor=w.staff["doctor"], action="stored", location=location)
    return type(kit).objects.get(pk=kit.pk)


def a_due_kit(w):
    from safereport.evidence import services

    kit = a_stored_kit(w, exam_started_on=timezone.localdate() - timezone.timedelta(days=400))
    services.kits_clock_sweep()
    return type(kit).objects.get(pk=kit.pk)


def a_kit_the_person_may_release(w):
    from safereport.audit.actors import Actor
    from safereport.cases.services import reporting_status_set
    from safereport.consent import services as consent_services

    kit = a_stored_kit(w)
    reporting_status_set(case=w.cases["assigned"], status="reported", actor=Actor.victim())
    consent_services.consent_record(
        case=w.cases["assigned"], categories=["forensic_samples"], purpose="investigation", decision="given",
        understanding="understood", channel="staff", recipient_organisation=w.organisations["police"],
        explained_by=w.staff["doctor"], language="en",
    )
    return kit


def a_released_kit(w):
    from safereport.evidence import services

    kit = a_kit_the_person_may_release(w)
    return services.kit_release(kit=kit, police_unit=w.organisations["police"], actor=w.staff["doctor"])


def a_transferred_kit(w):
    from safereport.accounts.services import WitnessCheck
    from safereport.evidence import services

    kit = a_released_kit(w)
    return services.kit_hand_over(
        kit=kit, actor=w.staff["doctor"], witness=w.staff["crisis_worker"], receiver_ref="PS-4711",
        witness_check=WitnessCheck(True),
    )


def a_freezer(w):
    from safereport.evidence.models import StorageLocation

    return StorageLocation.objects.create(care_centre=w.organisations["ghent"], name="Post matrix freezer 2", frozen=True)


def kit_kwargs(w, x):
    return {"kit_id": x.public_id}


def kit_now(x):
    return type(x).objects.get(pk=x.pk)


def an_arabic_review_exists():
    from safereport.content.models import TranslationReview

    return TranslationReview.objects.filter(slug="get-help-now", language="ar").exists()


STAFF: dict[str, Post] = {
    # accounts
    "accounts:login": Post(
        may="",
        form=lambda w, x: {"username": "doctor", "password": demo_password("doctor")},
        done=lambda w, x, c: events("accounts:signin:password", actor_staff_id=w.staff["doctor"].pk).exists(),
    ),
    "accounts:totp_verify": Post(
        may="crisis_worker",
        password_only=True,
        form=lambda w, x: {"token": current_totp(w.staff["crisis_worker"])},
        done=lambda w, x, c: events("accounts:signin:totp", actor_staff_id=w.staff["crisis_worker"].pk).exists(),
    ),
    "accounts:totp_setup": Post(
        may="lawyer",
        password_only=True,
        prepare=a_new_device_for_the_lawyer,
        form=lambda w, x: {"token": token_of(x)},
        done=lambda w, x, c: type(x).objects.get(pk=x.pk).confirmed,
    ),
    "accounts:reauthenticate": Post(
        may="dpo",
        recently=False,
        form=lambda w, x: {"password": demo_password("dpo"), "token": current_totp(w.staff["dpo"])},
        # Its only effect is in the session: a sensitive page no longer asks again.
        done=lambda w, x, c: c.get("/staff/organisation/staff/invite/").status_code == 200,
    ),
    "accounts:logout": Post(may="crisis_worker", done=lambda w, x, c: signed_out(c)),
    "accounts:logout_everywhere": Post(
        may="crisis_worker",
        done=lambda w, x, c: type(w.staff["crisis_worker"]).objects.get(pk=w.staff["crisis_worker"].pk).session_generation == 1,
    ),
    "accounts:invitation_accept": Post(
        may="",
        prepare=an_invitation_token,
        kwargs=lambda w, x: {"token": x},
        form=lambda w, x: {"username": "new.colleague", "password1": "a long and unusual passphrase 42", "password2": "a long and unusual passphrase 42"},
        done=lambda w, x, c: type(w.staff["dpo"]).objects.filter(username="new.colleague").exists(),
    ),
    "accounts:profile": Post(
        may="crisis_worker",
        form=lambda w, x: {"language": "nl"},
        ok=200,
        done=lambda w, x, c: type(w.staff["crisis_worker"]).objects.get(pk=w.staff["crisis_worker"].pk).language == "nl",
    ),
    "content:review_approve": Post(
        may="translator",
        kwargs=lambda w, x: {"slug": "get-help-now", "variant": "eu", "language": "ar"},
        ok=200,
        done=lambda w, x, c: an_arabic_review_exists(),
    ),
    # The form pages keep the answers in the session; only the check page's POST records.
    "content:string_review": Post(
        may="translator",
        kwargs=lambda w, x: {"language": "ar", "key": an_arabic_string_key()},
        form=lambda w, x: {"decision": "approve"},
        # The answers wait for the check page: it shows them instead of sending the reviewer back.
        done=lambda w, x, c: c.get(f"/staff/translations/strings/ar/{an_arabic_string_key()}/check/").status_code == 200,
    ),
    "content:string_check": Post(
        may="translator", kwargs=lambda w, x: {"language": "ar", "key": an_arabic_string_key()}, done=None,
    ),
    "accounts:organisation_language": Post(
        may="dpo", form=lambda w, x: {"language": "nl"},
        done=lambda w, x, c: c.get("/staff/organisation/language/check/").status_code == 200,
    ),
    "accounts:organisation_language_check": Post(may="dpo", done=None),
    "accounts:reviewer_scope": Post(
        may="dpo",
        kwargs=lambda w, x: {"staff_id": w.staff["translator"].public_id},
        form=lambda w, x: {"languages": ["ar"], "scope": "deployment"},
        done=lambda w, x, c: c.get(f"/staff/organisation/staff/{w.staff['translator'].public_id}/review/check/").status_code
        == 200,
    ),
    "accounts:reviewer_scope_check": Post(
        may="dpo", kwargs=lambda w, x: {"staff_id": w.staff["translator"].public_id}, done=None,
    ),
    "accounts:invitation_create": Post(
        may="dpo",
        form=lambda w, x: {"roles": ["crisis_worker"], "note": "for the night shift"},
        ok=200,
        done=lambda w, x, c: w.organisations["ghent"].invitations.count() == 1,
    ),
    "accounts:staff_deactivate": Post(
        may="dpo",
        kwargs=lambda w, x: {"staff_id": w.staff["crisis_worker"].public_id},
        done=lambda w, x, c: not type(w.staff["crisis_worker"]).objects.get(pk=w.staff["crisis_worker"].pk).is_active,
    ),
    # cases: changes
    "cases:reply": Post(
        may="crisis_worker", kwargs=case_kwargs, hidden=NOT_ON_CASE,
        form=lambda w, x: a_reply_form(w),
        done=lambda w, x, c: assigned(w).messages.count() == 1,
    ),
    "cases:take": Post(
        may="case_manager", kwargs=case_kwargs, hidden=NOT_ON_CASE,
        done=lambda w, x, c: assigned(w).assigned_staff.filter(pk=w.staff["case_manager"].pk).exists(),
    ),
    "cases:assign": Post(
        may="case_manager", kwargs=case_kwargs,
        form=lambda w, x: {"assignee": str(w.staff["other_worker"].public_id)},
        done=lambda w, x, c: assigned(w).assigned_staff.filter(pk=w.staff["other_worker"].pk).exists(),
    ),
    "cases:propose_appointment": Post(
        may="crisis_worker", prepare=a_requested_appointment, hidden=NOT_ON_CASE,
        kwargs=lambda w, x: {"case_id": w.cases["assigned"].public_id, "appointment_id": x.public_id},
        form=lambda w, x: {"proposed_for": "2030-01-01T10:00", "note": "Ask for Anna."},
        done=lambda w, x, c: type(x).objects.get(pk=x.pk).status == "proposed",
    ),
    "cases:transition": Post(
        may="crisis_worker", kwargs=case_kwargs, hidden=NOT_ON_CASE,
        form=lambda w, x: {"transition": "mark_seen"},
        done=lambda w, x, c: assigned(w).status == "seen",
    ),
    "cases:close": Post(
        may="crisis_worker", kwargs=case_kwargs, hidden=NOT_ON_CASE,
        form=lambda w, x: {"reason": "person_asked"},
        done=lambda w, x, c: assigned(w).status == "closed",
    ),
    "cases:reporting_status": Post(
        may="crisis_worker", kwargs=case_kwargs, hidden=NOT_ON_CASE,
        form=lambda w, x: {"reporting_status": "thinking"},
        done=lambda w, x, c: assigned(w).reporting_status == "thinking",
    ),
    "cases:crime_type": Post(
        may="crisis_worker", kwargs=case_kwargs, hidden=NOT_ON_CASE,
        form=lambda w, x: {"crime_type": "sexual_assault"},
        done=lambda w, x, c: assigned(w).crime_type == "sexual_assault",
    ),
    "cases:name_as_given": Post(
        may="crisis_worker", kwargs=case_kwargs, hidden=NOT_ON_CASE,
        form=lambda w, x: {"name": "Amina"},
        done=lambda w, x, c: assigned(w).name_as_given_sealed is not None,
    ),
    "cases:encounter_new": Post(
        may="doctor", kwargs=case_kwargs, hidden=NOT_ON_CASE,
        form=lambda w, x: {"kind": "visit", "occurred_at": "2026-01-05T10:00", "breaks_taken": "0", "notes_sealed": "Tired."},
        done=lambda w, x, c: assigned(w).encounters.count() == 1,
    ),
    "cases:needs": Post(
        may="doctor", kwargs=case_kwargs, hidden=NOT_ON_CASE,
        form=lambda w, x: {"psychological_care": "none", "self_harm": "none", "accommodation_needed": "on"},
        done=lambda w, x, c: assigned(w).needs_assessments.count() == 1,
    ),
    "cases:care_plan_add": Post(
        may="crisis_worker", kwargs=case_kwargs, hidden=NOT_ON_CASE,
        form=lambda w, x: {"kind": "other", "owner": str(w.staff["doctor"].public_id), "due_on": "2030-01-01"},
        done=lambda w, x, c: assigned(w).care_plan.count() == 1,
    ),
    "cases:care_plan_status": Post(
        may="crisis_worker", prepare=a_care_plan_item, hidden=NOT_ON_CASE,
        kwargs=lambda w, x: {"case_id": w.cases["assigned"].public_id, "item_id": x.public_id},
        form=lambda w, x: {"status": "done"},
        done=lambda w, x, c: type(x).objects.get(pk=x.pk).status == "done",
    ),
    "cases:crisis_numbers": Post(
        may="crisis_worker", kwargs=case_kwargs, hidden=NOT_ON_CASE,
        form=lambda w, x: {"numbers": "eu-112"},
        done=lambda w, x, c: assigned(w).crisis_numbers_given == ["eu-112"],
    ),
    "cases:police_talk": Post(
        may="crisis_worker", kwargs=case_kwargs, hidden=NOT_ON_CASE,
        form=lambda w, x: {"companion": "yes", "topics": "safety_advice"},
        done=lambda w, x, c: assigned(w).police_talks.count() == 1,
    ),
    "referrals:send": Post(
        may="crisis_worker", kwargs=case_kwargs, hidden=NOT_ON_CASE, prepare=a_partner_service,
        form=lambda w, x: {"service": str(x.public_id)},
        done=lambda w, x, c: assigned(w).referrals.count() == 1,
    ),
    "referrals:directory_new": Post(
        may="dpo", form=service_form,
        done=lambda w, x, c: apps.get_model("referrals", "ReferralService").objects.filter(key="new-partner").exists(),
    ),
    "referrals:directory_edit": Post(
        may="dpo", prepare=a_partner_service,
        kwargs=lambda w, x: {"service_id": x.public_id},
        form=lambda w, x: {**service_form(w, x), "key": "post-matrix-partner", "name": "Renamed partner"},
        done=lambda w, x, c: type(x).objects.get(pk=x.pk).name == "Renamed partner",
    ),
    "referrals:directory_load": Post(
        may="dpo",
        done=lambda w, x, c: apps.get_model("referrals", "ReferralService").objects.exists(),
    ),
    "referrals:incoming_update": Post(
        may="ngo_advocate", prepare=a_referral, hidden=frozenset({"desk_officer", "lawyer"}),
        kwargs=lambda w, x: {"referral_id": x.public_id},
        form=lambda w, x: {"status": "accepted"},
        done=lambda w, x, c: type(x).objects.get(pk=x.pk).status == "accepted",
    ),
    # evidence (issue 14)
    "evidence:kit_new": Post(
        may="doctor", kwargs=case_kwargs, hidden=NOT_ON_CASE,
        form=lambda w, x: {"exam_started_on": "2026-12-01", "rule_id": "BE-ZSG", "age_band": "adult", "wet_items": ["swab"]},
        done=lambda w, x, c: assigned(w).evidence_kits.filter(items__kind="swab").exists(),
    ),
    "evidence:item_add": Post(
        may="doctor", prepare=a_stored_kit, kwargs=kit_kwargs, hidden=NOT_ON_CASE,
        form=lambda w, x: {"item_class": "returnable", "kind": "upper_clothing", "seal_number": "s-1"},
        done=lambda w, x, c: x.items.filter(kind="upper_clothing", seal_number="S-1").exists(),
    ),
    "evidence:custody": Post(
        may="doctor", prepare=a_stored_kit, kwargs=kit_kwargs, hidden=NOT_ON_CASE,
        form=lambda w, x: {"action": "checked", "condition": "seal_intact"},
        done=lambda w, x, c: x.custody_events.filter(action="checked").exists(),
    ),
    "evidence:destroy": Post(
        may="doctor", prepare=a_due_kit, kwargs=kit_kwargs, hidden=NOT_ON_CASE,
        form=lambda w, x: {
            "witness": str(w.staff["case_manager"].public_id), "reason": "disposal_date",
            "witness_password": demo_password("case_manager"), "witness_token": current_totp(w.staff["case_manager"]),
        },
        done=lambda w, x, c: kit_now(x).status == "destroyed",
    ),
    "evidence:hand_over": Post(
        may="doctor", prepare=a_released_kit, kwargs=kit_kwargs, hidden=NOT_ON_CASE,
        form=lambda w, x: {
            "witness": str(w.staff["crisis_worker"].public_id), "receiver_ref": "PS-4711",
            "witness_password": demo_password("crisis_worker"), "witness_token": current_totp(w.staff["crisis_worker"]),
        },
        done=lambda w, x, c: kit_now(x).status == "transferred",
    ),
    "evidence:item_return": Post(
        may="doctor", prepare=lambda w: a_stored_kit(w, items=[("returnable", "underwear")]), kwargs=kit_kwargs, hidden=NOT_ON_CASE,
        form=lambda w, x: {"item": str(x.items.get().public_id)},
        done=lambda w, x, c: x.items.get().returned_on is not None,
    ),
    "evidence:release": Post(
        may="doctor", prepare=a_kit_the_person_may_release, kwargs=kit_kwargs, hidden=NOT_ON_CASE,
        form=lambda w, x: {"police_unit": str(w.organisations["police"].public_id)},
        done=lambda w, x, c: kit_now(x).status == "release_agreed",
    ),
    "evidence:storage": Post(
        may="doctor",
        form=lambda w, x: {"name": "Freezer 2", "frozen": "on", "min_celsius": "-30", "max_celsius": "-18"},
        done=lambda w, x, c: apps.get_model("evidence", "StorageLocation").objects.filter(name="Freezer 2").exists(),
    ),
    "evidence:temperature": Post(
        may="doctor", prepare=a_freezer, kwargs=lambda w, x: {"location_id": x.public_id}, hidden=frozenset({"utrecht_worker"}),
        form=lambda w, x: {"celsius": "-20"},
        done=lambda w, x, c: x.checks.count() == 1,
    ),
    "evidence:temperature_import": Post(
        may="doctor", prepare=a_freezer, kwargs=lambda w, x: {"location_id": x.public_id}, hidden=frozenset({"utrecht_worker"}),
        form=lambda w, x: {"log": "time,celsius\n2026-12-01T08:00,-21\n"},
        done=lambda w, x, c: x.checks.count() == 1,
    ),
    "evidence:received_at_lab": Post(
        may="police_liaison", prepare=a_transferred_kit, kwargs=kit_kwargs,
        done=lambda w, x, c: kit_now(x).status == "at_lab",
    ),
    # consent
    "consent:record": Post(
        may="doctor", kwargs=case_kwargs, hidden=NOT_ON_CASE,
        form=lambda w, x: {
            "decision": "given", "purpose": "investigation", "recipient_kind": "police_unit",
            "categories": ["incident_account"], "language": "en", "understanding": "understood",
            # "Every partner of this kind": those the page listed (issue 11).
            "shown": f"investigation:{w.organisations['police'].public_id}",
        },
        # An agreement is only kept for "check your answers"; nothing is recorded yet (issue 13 §6).
        done=lambda w, x, c: (
            assigned(w).consent_events.count() == 0
            and c.get(f"/staff/consent/cases/{assigned(w).public_id}/record/check/").status_code == 200
        ),
    ),
    # The answers it records live in the session of whoever filled the form, so the positive
    # control is consent/tests/test_check_answers.py (the form, the check page, then this POST).
    "consent:record_check": Post(
        may="doctor", kwargs=case_kwargs, hidden=NOT_ON_CASE,
        form=lambda w, x: {"named": str(w.organisations["police"].public_id)},
        done=None,
    ),
    "consent:clinical": Post(
        may="doctor", kwargs=case_kwargs, hidden=NOT_ON_CASE,
        form=lambda w, x: {
            "examination": "forensic_examination", "decision": "given", "told_can_stop": "on", "language": "en",
            "understanding": "understood",
        },
        done=lambda w, x, c: assigned(w).clinical_consents.count() == 1,
    ),
    "consent:build": Post(
        may="doctor", kwargs=case_kwargs, hidden=NOT_ON_CASE, prepare=content_and_a_police_consent,
        form=lambda w, x: {"recipient": str(w.organisations["police"].pk), "purpose": "investigation", "previewed": x,
                           "form_token": package_token(w)},
        done=lambda w, x, c: apps.get_model("consent", "DisclosurePackage").objects.filter(case=w.cases["assigned"]).count() == 1,
    ),
    "consent:override_request": Post(
        may="doctor", kwargs=case_kwargs, hidden=NOT_ON_CASE,
        form=lambda w, x: {
            "ground": "immediate_risk_to_life", "justification": "He said he will kill her tonight.",
            "recipient": str(w.organisations["police"].pk), "purpose": "investigation", "categories": ["safety_and_risk"],
        },
        done=lambda w, x, c: assigned(w).safeguarding_overrides.count() == 1,
    ),
    "consent:override_decide": Post(
        may="case_manager", prepare=an_override_read_by_the_approver,
        kwargs=lambda w, x: {"override_id": x.public_id},
        form=lambda w, x: {"decision": "approve"},
        done=lambda w, x, c: type(x).objects.get(pk=x.pk).status == "approved",
    ),
    "consent:override_send": Post(
        may="doctor", prepare=an_approved_override_and_something_to_send, hidden=NOT_ON_CASE,
        kwargs=lambda w, x: {"override_id": x.public_id},
        done=lambda w, x, c: apps.get_model("consent", "DisclosurePackage").objects.filter(override=x, categories=["incident_account"]).count() == 1,
    ),
    # the recipient registry (issue 11)
    "partners:propose": Post(
        may="dpo", prepare=an_unpartnered_police_zone,
        form=lambda w, x: {
            "organisation": str(x.pk), "agreement_reference": "PZ-2026-3", "agreement_date": "2026-03-01",
            "purposes": ["investigation"], "name_en": "The police of the post matrix zone",
        },
        done=lambda w, x, c: x.partnerships_received.filter(approved_at__isnull=True).count() == 1,
    ),
    "partners:approve": Post(
        may="case_manager", prepare=a_proposed_partnership,
        kwargs=lambda w, x: {"partnership_id": x.public_id},
        done=lambda w, x, c: partnership_of(x).approved_by_id == w.staff["case_manager"].pk,
    ),
    "partners:end": Post(
        may="dpo", prepare=a_proposed_partnership,
        kwargs=lambda w, x: {"partnership_id": x.public_id},
        form=lambda w, x: {"reason": "No agreement was signed."},
        done=lambda w, x, c: partnership_of(x).revoked_at is not None,
    ),
    # Relief procedures (issue 16): only the organisation that carries one changes it.
    "relief:open": Post(
        may="lawyer", prepare=named_by_the_legal_service, ok=200, hidden=frozenset({"ngo_advocate", "desk_officer"}),
        kwargs=lambda w, x: {"case_id": x.public_id},
        form=lambda w, x: {"mechanism": "IT-18", "opened_on": "2026-01-05"},
        done=lambda w, x, c: apps.get_model("relief", "Procedure").objects.filter(case=x, mechanism="IT-18").exists(),
    ),
    "relief:agencies": Post(
        may="lawyer", ok=200,
        form=lambda w, x: {"name": "Aurora Police Department (matrix)", "kind": "police", "jurisdiction": "US", "region": "Illinois"},
        done=lambda w, x, c: apps.get_model("relief", "CertifyingAgency").objects.filter(name__startswith="Aurora").exists(),
    ),
    "relief:step": Post(
        may="lawyer", prepare=a_relief_procedure, ok=200, hidden=NOT_CARRYING,
        kwargs=lambda w, x: {"procedure_id": x.public_id},
        form=lambda w, x: {"step": "representation_agreed", "done_on": "2026-01-06"},
        done=lambda w, x, c: x.steps.count() == 1,
    ),
    "relief:clock": Post(
        may="lawyer", prepare=a_relief_procedure, ok=200, hidden=NOT_CARRYING,
        kwargs=lambda w, x: {"procedure_id": x.public_id},
        form=lambda w, x: {"kind": "age_out", "due_on": "2030-01-01"},
        done=lambda w, x, c: x.clocks.filter(kind="age_out").count() == 1,
    ),
    "relief:checklist": Post(
        may="lawyer", prepare=a_relief_procedure, ok=200, hidden=NOT_CARRYING,
        kwargs=lambda w, x: {"procedure_id": x.public_id},
        form=lambda w, x: {"item": "personal_statement", "status": "in_hand"},
        done=lambda w, x, c: x.checklist.get(item="personal_statement").status == "in_hand",
    ),
    "relief:file_add": Post(
        may="lawyer", prepare=a_relief_procedure, ok=200, hidden=NOT_CARRYING,
        kwargs=lambda w, x: {"procedure_id": x.public_id},
        form=lambda w, x: {"item": "abuse_evidence", "upload": Rewinding("paper.pdf", b"%PDF-1.4\n%%EOF\n")},
        done=lambda w, x, c: x.files.filter(item="abuse_evidence").count() == 1,
    ),
    "relief:withdraw": Post(
        may="lawyer", prepare=a_relief_procedure, ok=200, hidden=NOT_CARRYING,
        kwargs=lambda w, x: {"procedure_id": x.public_id},
        done=lambda w, x, c: type(x).objects.get(pk=x.pk).status == "withdrawn",
    ),
    "relief:certification_new": Post(
        may="lawyer", prepare=lambda w: (a_relief_procedure(w), a_certification_request(w).agency), ok=200,
        hidden=NOT_CARRYING,
        kwargs=lambda w, x: {"procedure_id": x[0].public_id},
        form=lambda w, x: {
            "agency": str(x[1].public_id), "form": "I-918B", "official_role": "head", "requested_by": "attorney",
            "law": "US-CA-PC-679.10",
        },
        done=lambda w, x, c: x[0].certifications.count() == 2,
    ),
    "relief:certification_act": Post(
        may="lawyer", prepare=a_certification_request, ok=200, hidden=NOT_CARRYING,
        kwargs=lambda w, x: {"certification_id": x.public_id},
        form=lambda w, x: {"action": "submit", "on": "2026-01-05"},
        done=lambda w, x, c: type(x).objects.get(pk=x.pk).status == "requested",
    ),
    # the police side (issue 15): the centre's steps answer with the page that says what was recorded
    "police:plan": Post(
        may="crisis_worker", kwargs=case_kwargs, hidden=NOT_ON_CASE, ok=200,
        form=lambda w, x: {
            "police_unit": str(w.organisations["police"].public_id), "topics": ["safety_advice"], "place": "care_centre",
            "companion": "yes", "interpreter": "no", "warning_told": "on",
        },
        done=lambda w, x, c: apps.get_model("police", "Consultation").objects.filter(case=w.cases["assigned"]).count() == 1,
    ),
    "police:book": Post(
        may="crisis_worker", prepare=lambda w: a_consultation(w, to="planned"), hidden=NOT_ON_CASE, ok=200,
        kwargs=lambda w, x: {"consultation_id": x.public_id},
        form=lambda w, x: {"proposed_for": "2030-01-01T10:00"},
        done=lambda w, x, c: type(x).objects.get(pk=x.pk).status == "booked",
    ),
    "police:agree_time": Post(
        may="crisis_worker", prepare=lambda w: a_consultation_with_another_time(w), hidden=NOT_ON_CASE, ok=200,
        kwargs=lambda w, x: {"consultation_id": x.public_id},
        done=lambda w, x, c: type(x).objects.get(pk=x.pk).agreed_for is not None,
    ),
    "police:reflect": Post(
        may="crisis_worker", prepare=lambda w: a_consultation(w, to="held"), hidden=NOT_ON_CASE, ok=200,
        kwargs=lambda w, x: {"consultation_id": x.public_id},
        form=lambda w, x: {"until": "2030-01-01"},
        done=lambda w, x, c: type(x).objects.get(pk=x.pk).status == "reflection",
    ),
    "police:decide": Post(
        may="crisis_worker", prepare=lambda w: a_consultation(w, to="held"), hidden=NOT_ON_CASE, ok=200,
        kwargs=lambda w, x: {"consultation_id": x.public_id},
        form=lambda w, x: {"decision": "decide_not_to_report"},
        done=lambda w, x, c: type(x).objects.get(pk=x.pk).status == "not_reporting",
    ),
    "police:cancel": Post(
        may="crisis_worker", prepare=lambda w: a_consultation(w, to="planned"), hidden=NOT_ON_CASE, ok=200,
        kwargs=lambda w, x: {"consultation_id": x.public_id},
        done=lambda w, x, c: type(x).objects.get(pk=x.pk).status == "cancelled",
    ),
    "police:unit_answer": Post(
        may="police_liaison", prepare=a_consultation, ok=200,
        kwargs=lambda w, x: {"consultation_id": x.public_id},
        form=lambda w, x: {"answer": "accepted"},
        done=lambda w, x, c: type(x).objects.get(pk=x.pk).police_answer == "accepted",
    ),
    "police:unit_held": Post(
        may="police_liaison", prepare=a_consultation, ok=200,
        kwargs=lambda w, x: {"consultation_id": x.public_id},
        form=lambda w, x: {
            "held_on": "2026-01-02", "companion_part": "general_part", "interpreter_attended": "no",
            "contact_route": "unit_phone", "contact_route_detail": "09 266 61 11",
        },
        done=lambda w, x, c: type(x).objects.get(pk=x.pk).status == "held",
    ),
    "police:hand_over": Post(
        may="crisis_worker", prepare=lambda w: a_consultation(w, to="report"), hidden=NOT_ON_CASE, ok=200,
        kwargs=lambda w, x: {"consultation_id": x.public_id},
        done=lambda w, x, c: type(x).objects.get(pk=x.pk).package_id is not None,
    ),
    "police:unit_consultation_outcome": Post(
        may="police_liaison", prepare=a_handed_over_consultation, ok=200,
        kwargs=lambda w, x: {"consultation_id": x.public_id},
        form=lambda w, x: {"code": "registered", "occurred_on": "2026-01-02"},
        done=lambda w, x, c: x.outcomes.count() == 1,
    ),
    "police:unit_report_outcome": Post(
        may="police_liaison", prepare=a_report, ok=200,
        kwargs=lambda w, x: {"report_id": x.public_id},
        form=lambda w, x: {"code": "no_further_action", "occurred_on": "2026-01-02"},
        done=lambda w, x, c: x.outcomes.count() == 1,
    ),
    "police:report_new": Post(
        may="crisis_worker", kwargs=case_kwargs, hidden=NOT_ON_CASE | {"ngo_advocate", "desk_officer"}, ok=200,
        form=lambda w, x: {
            "police_unit": str(w.organisations["police"].public_id), "identity": "none", "reference": "GH-1", "venue": "police",
        },
        done=lambda w, x, c: assigned(w).intermediated_reports.count() == 1,
    ),
    "police:desk_contact": Post(
        may="desk_coordinator", prepare=a_desk_contact, ok=200,
        kwargs=lambda w, x: {"case_id": x.public_id},
        form=lambda w, x: {"message": "We can meet you on Monday."},
        done=lambda w, x, c: x.messages.filter(author=w.staff["desk_coordinator"]).count() == 1,
    ),
    "police:desk_for_portal": Post(
        may="dpo", ok=200,
        kwargs=lambda w, x: {"desk_id": w.organisations["desk"].public_id},
        form=lambda w, x: {"action": "open", "step": "confirm"},
        done=lambda w, x, c: type(w.organisations["desk"]).objects.get(pk=w.organisations["desk"].pk).portal_contact_open,
    ),
    "police:person_report": Post(
        may="ngo_advocate", prepare=named_by_the_ngo, hidden=frozenset({"desk_officer"}), ok=200,
        kwargs=lambda w, x: {"case_id": x.public_id},
        form=lambda w, x: {
            "police_unit": str(w.organisations["police"].public_id), "identity": "none", "reference": "NGO-1",
            "venue": "police", "step": "file",
        },
        done=lambda w, x, c: assigned(w).intermediated_reports.filter(intermediary=w.organisations["ngo"]).count() == 1,
    ),
    "police:report_relay": Post(
        may="crisis_worker", prepare=lambda w: a_report(w, replied=True), hidden=NOT_ON_CASE | {"ngo_advocate", "desk_officer"},
        ok=200,
        kwargs=lambda w, x: {"report_id": x.public_id},
        done=lambda w, x, c: type(x).objects.get(pk=x.pk).relayed_at is not None,
    ),
    "police:unit_reply": Post(
        may="police_liaison", prepare=a_report, ok=200,
        kwargs=lambda w, x: {"report_id": x.public_id},
        form=lambda w, x: {
            "record_type": "incident", "contact_policy": "via_intermediary", "investigation_started": "no",
            "reason": "person_not_engaging", "replied_on": "2026-01-02", "immigration_action": "none",
        },
        done=lambda w, x, c: type(x).objects.get(pk=x.pk).replied_on is not None,
    ),
    "consent:override_safe_to_tell": Post(
        may="crisis_worker", prepare=lambda w: an_override(w, approved=True), hidden=NOT_ON_CASE,
        kwargs=lambda w, x: {"override_id": x.public_id},
        done=lambda w, x, c: type(x).objects.get(pk=x.pk).safe_to_tell_at is not None,
    ),
    # statistics (issue 17): the data steward's rules and budgets, an analyst's research release
    "stats:rules": Post(
        may="dpo",
        form=lambda w, x: {"threshold": "12", "unstable_at": "25", "reason": "Smaller centres joined."},
        done=lambda w, x, c: apps.get_model("stats", "ReleaseRuleChange").objects.filter(threshold=12).count() == 1,
    ),
    "stats:budget_set": Post(
        may="dpo",
        form=lambda w, x: {"dataset": "cases", "year": str(timezone.now().year), "epsilon": "1"},
        done=lambda w, x, c: apps.get_model("stats", "PrivacyBudget").objects.filter(dataset="cases").count() == 1,
    ),
    "stats:release_new": Post(
        may="analyst", prepare=a_privacy_budget,
        kwargs=lambda w, x: {"key": "new-contacts"},
        form=lambda w, x: {"year": str(timezone.now().year), "epsilon": "0.5"},
        done=lambda w, x, c: x.releases.count() == 1,
    ),
    # Training (issue 18, ADR 0035): only a trainee starts or answers, on a synthetic case.
    "training:start": Post(
        may="trainee",
        kwargs=lambda w, x: {"slug": "needs-assessment"},
        done=lambda w, x, c: apps.get_model("training", "Attempt").objects.filter(scenario="needs-assessment").count() == 1,
    ),
    "training:attempt": Post(
        may="trainee", prepare=an_attempt,
        kwargs=lambda w, x: {"attempt_id": x.public_id},
        form=lambda w, x: {"no_need_to_tell": "yes", "interpreter_offered": "yes"},
        done=lambda w, x, c: x.answers.count() == 2,
    ),
}


# --- the portal ------------------------------------------------------------------------


@dataclass
class Victim:
    client: Client
    code: str
    case: Any


CONTACT = {
    "message": "Something happened last night. Can I still see a doctor?",
    "preferred_language": "en",
    "interpreter_language": "",
    "companion": "no",
    "may_contact": "no",
    "contact_how_and_when": "",
}


def with_token(form: dict) -> dict:
    return {**form, "csrfmiddlewaretoken": TOKEN}


def contact_form(world) -> dict:
    """The contact form with the one-time token its page hands out (ADR 0023); tokens are not tied to a browser."""
    page = Client().get("/en/write/").content.decode()
    token = re.search(r'name="form_token" value="([^"]*)"', page).group(1)
    return {**CONTACT, "centre": str(world.organisations["ghent"].public_id), "form_token": token}


def csrf_client(**kwargs) -> Client:
    client = Client(enforce_csrf_checks=True, **kwargs)
    client.cookies["csrftoken"] = TOKEN
    return client


def a_victim(world) -> Victim:
    """Someone who wrote to the Ghent centre through the contact page and holds their code."""
    from safereport.cases.models import Case

    client = csrf_client()
    response = client.post("/en/write/", with_token(contact_form(world)))
    found = re.search(r'<p class="receipt-code"[^>]*><bdi>([0-9 ]+)</bdi>', response.content.decode())
    assert found, "no receipt code shown"
    return Victim(client, found.group(1).replace(" ", ""), Case.objects.filter(receipt_lookup__isnull=False).latest("pk"))


def portal_case(v):
    from safereport.cases.models import Case

    return Case.objects.filter(pk=v.case.pk).first()


def a_proposed_appointment(w, v):
    from safereport.cases.models import Appointment

    return Appointment.objects.create(case=v.case, kind="talk", status="proposed")


def referral_partners_shown(w):
    """What the consent page names for a referral, as its form posts it back (issue 11)."""
    return [f"referral:{w.organisations[key].public_id}" for key in ("desk", "legal", "ngo")]


def a_consent_given_in_the_portal(w, v):
    a_consent_draft_in_the_portal(w, v)
    named = [value.removeprefix("referral:") for value in referral_partners_shown(w)]
    assert v.client.post("/en/mine/agree/check/", with_token({"named": named})).status_code == 302


def a_consent_draft_in_the_portal(w, v):
    """The consent question answered; "check your answers" is next (issue 13 §6)."""
    response = v.client.post(
        "/en/mine/agree/",
        with_token({"purpose": "referral", "categories": ["needs_and_support"], "understood": "on", "shown": referral_partners_shown(w)}),
    )
    assert response.status_code == 302


def a_kit_of_the_person(w, v):
    """The kit of the person's examination, in the Ghent freezer (issue 14)."""
    from safereport.evidence import services
    from safereport.evidence.models import StorageLocation

    location, _ = StorageLocation.objects.get_or_create(care_centre=w.organisations["ghent"], name="Portal matrix freezer")
    kit = services.kit_collect(case=v.case, actor=w.staff["doctor"], exam_started_on=timezone.localdate(), rule_id="BE-ZSG")
    services.custody_record(kit=kit, actor=w.staff["doctor"], action="stored", location=location)
    return kit


@dataclass(frozen=True)
class PortalPost:
    """A portal view that accepts POST. session: it acts on the case of a return session.

    without_session: (status, where it leads) for a visitor with no return session.
    """

    form: Callable[[Any, Victim, Any], dict]
    done: Callable[[Any, Victim, Any, Client], bool] | None
    ok: int = 302
    session: bool = True
    without_session: tuple[int, str] = (302, "/en/back/?ended=1")
    prepare: Callable[[Any, Victim], Any] = lambda w, v: None


def message_count(v):
    return v.case.messages.count()


PORTAL: dict[str, PortalPost] = {
    "portal:contact": PortalPost(
        session=False, ok=200,
        form=lambda w, v, x: contact_form(w),
        done=lambda w, v, x, c: apps.get_model("cases", "Case").objects.filter(receipt_lookup__isnull=False).count() == 2,
    ),
    "portal:come_back": PortalPost(
        session=False,
        form=lambda w, v, x: {"code": v.code},
        # Only the session changes: the conversation opens for this client.
        done=lambda w, v, x, c: c.get("/en/messages/").status_code == 200,
    ),
    "portal:send_message": PortalPost(
        form=lambda w, v, x: {"message": "Can I come tomorrow?"},
        done=lambda w, v, x, c: message_count(v) == 2,
        # The session ended while they typed: the code page, with their text kept.
        without_session=(200, ""),
    ),
    "portal:appointment": PortalPost(
        form=lambda w, v, x: {"kind": "talk", "companion": "no"},
        done=lambda w, v, x, c: v.case.appointments.count() == 1,
    ),
    "portal:appointment_answer": PortalPost(
        prepare=a_proposed_appointment,
        form=lambda w, v, x: {"appointment": str(x.public_id), "answer": "accept"},
        done=lambda w, v, x, c: type(x).objects.get(pk=x.pk).status == "confirmed",
    ),
    "portal:end_session": PortalPost(
        form=lambda w, v, x: {},
        done=lambda w, v, x, c: c.get("/en/messages/").status_code == 302,
        without_session=(302, "/en/"),
    ),
    "portal:reporting_choice": PortalPost(
        form=lambda w, v, x: {"reporting_status": "thinking"},
        done=lambda w, v, x, c: portal_case(v).reporting_status == "thinking",
    ),
    # Answers questions and stores nothing, so it needs no token (see CSRF_EXEMPT).
    "navigator:victim": PortalPost(
        session=False, ok=200,
        form=lambda w, v, x: {"jurisdiction": "BE", "role": "victim", "crime": ["rape"]},
        done=None,
    ),
    # The question only keeps a draft in the session; the consent is recorded from "check your answers" (issue 13 §6).
    "mine:give": PortalPost(
        form=lambda w, v, x: {
            "purpose": "referral", "categories": ["needs_and_support"], "understood": "on", "shown": referral_partners_shown(w),
        },
        done=lambda w, v, x, c: (
            c.get("/en/mine/agree/check/").status_code == 200
            and not v.case.consent_events.filter(channel="portal").exists()
        ),
    ),
    "mine:give_check": PortalPost(
        prepare=a_consent_draft_in_the_portal,
        form=lambda w, v, x: {"named": [value.removeprefix("referral:") for value in referral_partners_shown(w)]},
        done=lambda w, v, x, c: v.case.consent_events.filter(channel="portal", decision="given").exists(),
    ),
    "mine:withdraw": PortalPost(
        prepare=a_consent_given_in_the_portal,
        form=lambda w, v, x: {"all": "1"},
        done=lambda w, v, x, c: v.case.consent_events.filter(decision="withdrawn").exists(),
    ),
    "mine:sealed": PortalPost(
        form=lambda w, v, x: {"action": "record", "code": v.code, "text": "My permit expires in May."},
        done=lambda w, v, x, c: apps.get_model("consent", "MigrationCompartment").objects.filter(case=v.case).exists(),
    ),
    "mine:kept_choice": PortalPost(
        prepare=lambda w, v: a_kit_of_the_person(w, v),
        form=lambda w, v, x: {"kit": str(x.public_id), "choice": "destroy", "step": "confirm"},
        done=lambda w, v, x, c: type(x).objects.get(pk=x.pk).status == "destruction_requested",
    ),
    "mine:erase": PortalPost(
        ok=200,
        form=lambda w, v, x: {"confirm": "yes", "code": v.code},
        done=lambda w, v, x, c: portal_case(v) is None,
    ),
}

# Views that take a POST without a CSRF token, and why that is safe.
CSRF_EXEMPT = {
    "navigator:victim": "answers the questions on the page and writes nothing, not even a cookie",
}


# --- discovery --------------------------------------------------------------------------


def views_of(urlconf: str) -> dict[str, Callable]:
    def walk(entries, prefix):
        for entry in entries:
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, f"{entry.namespace}:" if entry.namespace else prefix)
            elif isinstance(entry, URLPattern):
                yield f"{prefix}{entry.name}", entry.callback

    return dict(walk(get_resolver(urlconf).url_patterns, ""))


def methods_of(view) -> set[str] | None:
    """The HTTP methods a view answers; None when it does not restrict them (so it answers POST)."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return {m.upper() for m in view_class.http_method_names if hasattr(view_class, m)}
    current = view
    while current is not None:
        allowed = inspect.getclosurevars(current).nonlocals.get("request_method_list")
        if allowed is not None:
            return set(allowed)
        current = getattr(current, "__wrapped__", None)
    return None


def accepting_post(urlconf: str) -> dict[str, Callable]:
    return {name: view for name, view in views_of(urlconf).items() if (methods_of(view) or {"POST"}) >= {"POST"}}


def test_the_method_finder_reads_the_decorators():
    views = views_of(settings.STAFF_URLCONF)
    assert methods_of(views["cases:reply"]) == {"POST"}
    assert methods_of(views["consent:case"]) == {"GET"}
    assert methods_of(views["accounts:invitation_create"]) == {"GET", "POST"}
    assert methods_of(views["cases:list"]) == {"GET"}
    assert methods_of(lambda request: None) is None  # an unrestricted view answers POST too
    assert "POST" in methods_of(views["accounts:login"])


def test_every_view_names_the_methods_it_answers():
    # A page that only reads must not accept a POST (require_GET): otherwise a
    # forged form could reach it, and the POST matrix would have to guess.
    unrestricted = sorted(
        name
        for urlconf in (settings.STAFF_URLCONF, settings.PORTAL_URLCONF)
        for name, view in views_of(urlconf).items()
        if methods_of(view) is None
    )
    assert unrestricted == []


def test_every_view_that_accepts_post_is_in_the_matrix():
    staff = set(accepting_post(settings.STAFF_URLCONF))
    portal = set(accepting_post(settings.PORTAL_URLCONF))
    assert staff == set(STAFF), f"add to STAFF: {staff - set(STAFF)}; stale: {set(STAFF) - staff}"
    assert portal == set(PORTAL), f"add to PORTAL: {portal - set(PORTAL)}; stale: {set(PORTAL) - portal}"


def test_only_the_listed_views_skip_the_csrf_check():
    exempt = {
        name
        for urlconf in (settings.STAFF_URLCONF, settings.PORTAL_URLCONF)
        for name, view in views_of(urlconf).items()
        if getattr(view, "csrf_exempt", False)
    }
    assert exempt == set(CSRF_EXEMPT)


# --- staff: refusals --------------------------------------------------------------------


def staff_path(name, world, x) -> str:
    return reverse(name, kwargs=STAFF[name].kwargs(world, x), urlconf=settings.STAFF_URLCONF)


def refusals(name, world) -> dict[str, int]:
    """Who must be refused, and with what: the GET matrix's refusals, plus those not on the object.

    The view's declared rule must agree: everyone whose roles lack its
    permission is among them, with the status the middleware gives.
    """
    entry = STAFF[name]
    refused = {persona: status for persona, status in EXPECTED[name][2].items() if status in {403, 404}}
    for persona in entry.hidden:
        assert refused.setdefault(persona, 404) == 404, persona
    assert entry.may not in refused
    rule = access_rule_of(views_of(settings.STAFF_URLCONF)[name])
    if rule.audience is Audience.PERMISSION:
        hides = rule.hide_case_from_outsiders and "case_id" in url_parameters(name)
        for persona in PERSONAS:
            if not roles_grant(world.staff[persona].roles, rule.permission):
                assert refused.get(persona) == (404 if hides else 403), f"{persona}: the GET matrix disagrees with the rule"
    return refused


def url_parameters(name) -> set[str]:
    def walk(entries, prefix):
        for entry in entries:
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, f"{entry.namespace}:" if entry.namespace else prefix)
            elif isinstance(entry, URLPattern) and f"{prefix}{entry.name}" == name:
                yield set(entry.pattern.converters)

    return next(walk(get_resolver(settings.STAFF_URLCONF).url_patterns, ""))


@pytest.mark.parametrize("name", sorted(STAFF))
def test_staff_posts_from_anyone_who_may_not_are_refused_and_write_nothing(name, world):
    entry = STAFF[name]
    x = entry.prepare(world)
    path = staff_path(name, world, x)
    form = entry.form(world, x)
    rule = access_rule_of(views_of(settings.STAFF_URLCONF)[name])

    # One comparison of the whole store around every refusal keeps the test fast;
    # the message names everyone who posted, and the tables that changed.
    with Unchanged(f"POST {path} by {sorted(refusals(name, world))}, anonymous or with a password only"):
        for persona, status in refusals(name, world).items():
            client = sign_in(Client(), world.staff[persona])
            assert client.post(path, form).status_code == status, f"{persona} POST {path}"
        if rule.audience is not Audience.PUBLIC:
            response = Client().post(path, form)
            assert response.status_code == 302 and response["Location"].startswith("/staff/sign-in/")
        if rule.audience in {Audience.SIGNED_IN, Audience.PERMISSION}:
            client = sign_in(Client(), world.staff[entry.may], verified=False)
            response = client.post(path, form)
            assert response.status_code == 302 and response["Location"].startswith("/staff/sign-in/code/")

    # Someone who may, the same form: it changes what it should, so the refusals refused something.
    if entry.done is not None:
        client = Client()
        if entry.may:
            sign_in(client, world.staff[entry.may], verified=not entry.password_only, recently=entry.recently)
        response = client.post(path, form)
        assert response.status_code == entry.ok, f"{entry.may or 'anonymous'} POST {path}: {response.content.decode()[:1500]}"
        assert entry.done(world, x, client), f"{entry.may or 'anonymous'} POST {path} changed nothing"


@pytest.mark.parametrize("name", sorted(STAFF))
def test_staff_posts_without_a_csrf_token_are_refused_and_write_nothing(name, world):
    entry = STAFF[name]
    x = entry.prepare(world)
    path = staff_path(name, world, x)
    form = entry.form(world, x)
    client = csrf_client()
    if entry.may:
        sign_in(client, world.staff[entry.may], verified=not entry.password_only, recently=entry.recently)

    with Unchanged(f"{entry.may or 'anonymous'} POST {path} without a token"):
        response = client.post(path, form)
    assert response.status_code == 403
    assert "core/errors/csrf.html" in [t.name for t in response.templates]

    if entry.done is not None:
        response = client.post(path, with_token(form))
        assert response.status_code == entry.ok, response.content.decode()[:1500]
        assert entry.done(world, x, client)


# --- portal: refusals -------------------------------------------------------------------


def portal_path(name) -> str:
    with translation.override("en"):
        return reverse(name, urlconf=settings.PORTAL_URLCONF)


@pytest.mark.parametrize("name", sorted(n for n in PORTAL if PORTAL[n].session))
def test_portal_posts_without_a_return_session_reach_no_case_and_write_nothing(name, world):
    entry = PORTAL[name]
    victim = a_victim(world)
    x = entry.prepare(world, victim)
    path = portal_path(name)
    form = entry.form(world, victim, x)

    status, leads_to = entry.without_session
    with Unchanged(f"visitor without a session POST {path}"):
        response = Client().post(path, form)
    assert response.status_code == status
    if status == 302:
        assert response["Location"] == leads_to
    else:
        assert "portal/come_back.html" in [t.name for t in response.templates]

    response = victim.client.post(path, with_token(form))
    assert response.status_code == entry.ok, response.content.decode()[:1500]
    assert entry.done(world, victim, x, victim.client)


@pytest.mark.parametrize("name", sorted(PORTAL))
def test_portal_posts_without_a_csrf_token_are_refused_and_write_nothing(name, world):
    entry = PORTAL[name]
    victim = a_victim(world)
    x = entry.prepare(world, victim)
    path = portal_path(name)
    form = entry.form(world, victim, x)
    client = victim.client if entry.session else csrf_client()

    with Unchanged(f"POST {path} without a token"):
        response = client.post(path, form)
    if name in CSRF_EXEMPT:
        assert response.status_code == entry.ok
        return
    assert response.status_code == 403
    assert "portal/errors/csrf.html" in [t.name for t in response.templates]

    response = client.post(path, with_token(form))
    assert response.status_code == entry.ok, response.content.decode()[:1500]
    assert entry.done(world, victim, x, client)


# --- what the matrix found ----------------------------------------------------------------


def test_a_worker_not_on_the_case_cannot_mark_its_override_safe_to_tell(world):
    # Found by this matrix: override_get_for checked only the centre, not the case.
    override = an_override(world, approved=True)
    client = sign_in(Client(), world.staff["other_worker"])
    path = reverse("consent:override_safe_to_tell", kwargs={"override_id": override.public_id}, urlconf=settings.STAFF_URLCONF)
    with Unchanged(f"other_worker POST {path}"):
        assert client.post(path).status_code == 404
