"""Packages hold only what was agreed (issue 11 §2, ADR 0016).

The account of the incident is what was recorded as the account, never the
portal conversation; messages are their own category (correspondence) that
no purpose holds by default. Every part of a package says when, in the
centre's time zone, and who wrote it, by role. Staff see a preview of exactly
what a package will hold before it is sent, and the preview creates nothing.
"""

import json
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.test import Client
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import sign_in
from safereport.accounts.models import Organisation, StaffUser
from safereport.audit.models import AuditEvent
from safereport.consent import selectors, services
from safereport.consent.models import ConsentEvent, DisclosurePackage
from safereport.consent.purposes import RELEVANT_CATEGORIES, Purpose
from safereport.consent.services import DisclosureRefused
from safereport.consent.tests.conftest import ALL_TEXTS, CONVERSATION
from safereport.consent.tests.helpers import give
from safereport.consent.tests.test_properties import ORGANISATIONS, T0, _as_entries, entries_strategy
from safereport.core.categories import DataCategory as C
from safereport.core.categories import WrittenBy
from safereport.vault.models import DataKey

pytestmark = pytest.mark.django_db(databases="__all__")


def build(world, case, *, purpose=Purpose.INVESTIGATION, recipient="police", actor="doctor", **extra):
    return services.disclosure_build(
        case=case, recipient=world.organisations[recipient], purpose=purpose, actor=world.staff[actor], **extra
    )


def preview(world, case, *, purpose=Purpose.INVESTIGATION, recipient="police", actor="doctor"):
    return services.disclosure_preview(
        case=case, recipient=world.organisations[recipient], purpose=purpose, actor=world.staff[actor]
    )


def every_text(content) -> str:
    return json.dumps(content, ensure_ascii=False)


# --- the account of the incident is not the conversation -----------------------------


@pytest.mark.parametrize("explicit", [False, True], ids=["what is needed", "explicit"])
def test_a_police_package_from_the_demo_scenario_holds_no_portal_message_and_no_centre_reply(world, conversation_case, explicit):
    # A consent to the account of the incident, as recorded before correspondence
    # existed: it keeps meaning the account, never the messages.
    give(world, conversation_case, [C.INCIDENT_ACCOUNT, C.INJURIES_FORENSIC_FINDINGS], explicit=explicit)
    package = build(world, conversation_case)
    assert set(package.categories) == {C.INCIDENT_ACCOUNT, C.INJURIES_FORENSIC_FINDINGS}
    content = selectors.package_open(package=package, actor=world.staff["police_liaison"])
    assert [item["text"] for item in content[C.INCIDENT_ACCOUNT]] == [ALL_TEXTS["account_sealed"]]
    for text in CONVERSATION.values():
        assert text not in every_text(content)
    assert package.correspondence_sealed is None


def test_consent_to_the_account_does_not_reach_the_messages(world, conversation_case):
    # Consents name their organisations since ADR 0014; what matters here is the category.
    give(world, conversation_case, [C.INCIDENT_ACCOUNT])
    content = selectors.package_open(package=build(world, conversation_case), actor=world.staff["police_liaison"])
    assert set(content) == {C.INCIDENT_ACCOUNT}
    assert CONVERSATION["first"] not in every_text(content)


def test_correspondence_is_relevant_to_no_purpose_so_only_an_explicit_consent_sends_it(world, conversation_case):
    assert all(C.CORRESPONDENCE not in relevant for relevant in RELEVANT_CATEGORIES.values())
    give(world, conversation_case, [C.INCIDENT_ACCOUNT, C.CORRESPONDENCE])  # ticked, not explicitly asked for
    assert C.CORRESPONDENCE not in build(world, conversation_case).categories


def test_with_explicit_consent_to_correspondence_the_package_holds_the_conversation_with_who_wrote_each_message(world, conversation_case):
    give(world, conversation_case, [C.INCIDENT_ACCOUNT])
    give(world, conversation_case, [C.CORRESPONDENCE], explicit=True)
    package = build(world, conversation_case)
    assert set(package.categories) == {C.INCIDENT_ACCOUNT, C.CORRESPONDENCE}
    parts = {part.category: part for part in selectors.package_content(package=package, actor=world.staff["police_liaison"])}
    messages = parts[C.CORRESPONDENCE].items
    assert [item.text for item in messages] == [CONVERSATION["first"], CONVERSATION["reply"], CONVERSATION["screening"]]
    assert [item.author for item in messages] == ["The person", "Crisis worker", "The person"]
    assert [item.text for item in parts[C.INCIDENT_ACCOUNT].items] == [ALL_TEXTS["account_sealed"]]


def test_the_ledger_refuses_nothing_new_for_correspondence_and_keeps_its_vocabulary(world, conversation_case):
    events = give(world, conversation_case, [C.CORRESPONDENCE], explicit=True)
    assert ConsentEvent.objects.get(pk=events[0].pk).get_category_display() == "Messages with the centre"


# --- times and authors ----------------------------------------------------------------


def test_times_are_in_the_centre_zone_and_each_part_names_its_author_by_role(world, conversation_case):
    give(world, conversation_case, [C.INCIDENT_ACCOUNT, C.INJURIES_FORENSIC_FINDINGS])
    package = build(world, conversation_case)
    raw = selectors.package_open(package=package, actor=world.staff["police_liaison"])[C.INCIDENT_ACCOUNT][0]
    # Stored as the centre's wall-clock time with its offset, and the zone named.
    assert raw["when"] == "2026-12-02T14:05:00+01:00" and raw["zone"] == "Europe/Brussels"
    assert raw["author"] == "staff" and raw["roles"] == ["clinician"]
    with translation.override("en"):
        item = selectors.package_content(package=package, actor=world.staff["police_liaison"])[0].items[0]
        assert item.when == "Took place on 2 December 2026, 14:05 (Europe/Brussels)"
        assert item.author == "Nurse or doctor"
    with translation.override("nl"):
        item = selectors.package_content(package=package, actor=world.staff["police_liaison"])[0].items[0]
        assert "2 december 2026 14:05" in item.when and "(Europe/Brussels)" in item.when


def test_a_centre_in_another_zone_dates_its_packages_in_its_own_zone(world, conversation_case):
    Organisation.objects.filter(pk=world.organisations["ghent"].pk).update(time_zone="Atlantic/Canary")
    give(world, conversation_case, [C.INCIDENT_ACCOUNT])
    raw = selectors.package_open(package=build(world, conversation_case), actor=world.staff["police_liaison"])
    assert raw[C.INCIDENT_ACCOUNT][0]["when"] == "2026-12-02T13:05:00+00:00"
    assert raw[C.INCIDENT_ACCOUNT][0]["zone"] == "Atlantic/Canary"


def test_the_police_page_shows_times_and_roles_and_never_a_username(world, conversation_case):
    give(world, conversation_case, [C.INCIDENT_ACCOUNT])
    give(world, conversation_case, [C.CORRESPONDENCE], explicit=True)
    package = build(world, conversation_case)
    page = sign_in(Client(), world.staff["police_liaison"]).get(f"/staff/consent/packages/{package.public_id}/").content.decode()
    assert "(Europe/Brussels)" in page and "Written by" in page and "Crisis worker" in page
    for username in ("crisis_worker", "doctor\"", ">doctor<", "clinician"):
        assert username not in page


def test_a_centre_time_zone_defaults_from_its_jurisdiction_and_must_be_a_real_zone(world):
    assert str(world.organisations["ghent"].zone) == "Europe/Brussels"
    assert str(world.organisations["utrecht"].zone) == "Europe/Amsterdam"
    centre = world.organisations["ghent"]
    centre.time_zone = "Europe/Ghent"
    with pytest.raises(ValidationError):
        centre.full_clean()


def test_every_part_a_package_can_hold_says_who_wrote_it():
    from safereport.consent.services import sources

    staff_model = StaffUser
    for source in sources():
        declared = getattr(source.model, "written_by", {})
        assert set(declared) == set(source.fields), f"{source.model.__name__}: who writes {set(source.fields) - set(declared)}?"
        for field, writer in declared.items():
            assert isinstance(writer, WrittenBy), (source.model.__name__, field)
            if writer.staff:
                link = source.model._meta.get_field(writer.staff)
                assert isinstance(link, models.ForeignKey) and link.related_model is staff_model, (source.model.__name__, field)
    assert apps.get_model("cases", "PortalMessage").written_by["body_sealed"].person_when == ("sender", "victim")


# --- the preview ----------------------------------------------------------------------


def test_the_preview_shows_exactly_what_the_package_then_holds_and_creates_nothing(world, conversation_case):
    give(world, conversation_case, [C.INCIDENT_ACCOUNT, C.INJURIES_FORENSIC_FINDINGS, C.SEXUAL_HEALTH_RESULTS])
    keys_before = DataKey.objects.count()
    shown = preview(world, conversation_case)
    assert not DisclosurePackage.objects.exists() and DataKey.objects.count() == keys_before
    assert shown.categories == [C.INCIDENT_ACCOUNT, C.INJURIES_FORENSIC_FINDINGS]
    # What stays behind, and why: not usually relevant, not agreed, or nothing recorded.
    assert shown.withheld[C.SEXUAL_HEALTH_RESULTS] == "needs_explicit"
    assert shown.withheld[C.CORRESPONDENCE] == "no_consent"
    assert shown.withheld[C.MEDICAL_HISTORY] == "no_consent"
    package = build(world, conversation_case, previewed=shown.digest)
    assert package.categories == shown.categories
    assert selectors.package_open(package=package, actor=world.staff["police_liaison"]) == shown.content


def test_the_preview_is_an_audited_read_and_building_says_it_was_previewed(world, conversation_case):
    give(world, conversation_case, [C.INCIDENT_ACCOUNT])
    shown = preview(world, conversation_case)
    event = AuditEvent.objects.get(action="consent:preview:opened")
    assert event.case_ref == str(conversation_case.public_id) and event.details["categories"] == "incident_account"
    build(world, conversation_case, previewed=shown.digest)
    assert AuditEvent.objects.get(action="consent:package:disclosed").details["previewed"] is True


def test_a_package_that_would_differ_from_its_preview_is_not_sent(world, conversation_case):
    give(world, conversation_case, [C.INCIDENT_ACCOUNT, C.INJURIES_FORENSIC_FINDINGS])
    shown = preview(world, conversation_case)
    give(world, conversation_case, [C.INJURIES_FORENSIC_FINDINGS], decision="withdrawn")
    with pytest.raises(DisclosureRefused) as refused:
        build(world, conversation_case, previewed=shown.digest)
    assert refused.value.reason == "changed_since_preview"
    assert not DisclosurePackage.objects.exists()
    assert build(world, conversation_case, previewed=preview(world, conversation_case).digest).categories == [C.INCIDENT_ACCOUNT]


def test_a_preview_without_consent_is_refused_like_a_package(world, conversation_case):
    with pytest.raises(DisclosureRefused) as refused:
        preview(world, conversation_case)
    assert refused.value.reason == "no_consent"
    assert AuditEvent.objects.get(action="consent:disclosure:refused").details["stage"] == "preview"


def test_withheld_reasons_explain_exactly_the_categories_that_are_not_permitted():
    from datetime import UTC, datetime, timedelta

    from safereport.consent.policies import LedgerEntry, permitted_categories, withheld_reasons

    at = datetime(2026, 12, 2, tzinfo=UTC)

    def entry(position, category, *, given=True, explicit=False, expires_at=None, org=1):
        return LedgerEntry(position, category, "investigation", org, "", given, explicit, expires_at, at - timedelta(days=1))

    ledger = [
        entry(1, C.INCIDENT_ACCOUNT),
        entry(2, C.SEXUAL_HEALTH_RESULTS),
        entry(3, C.INJURIES_FORENSIC_FINDINGS, expires_at=at - timedelta(hours=1)),
        entry(4, C.FORENSIC_SAMPLES),
        entry(5, C.FORENSIC_SAMPLES, given=False),
        entry(6, C.MIGRATION_INFORMATION, explicit=True, org=2),
        entry(7, C.CORRESPONDENCE, explicit=True),
    ]
    scope = {"organisation_id": 1, "kind": "police_unit", "purpose": "investigation", "at": at}
    permitted = permitted_categories(ledger, **scope)
    reasons = withheld_reasons(ledger, permitted=permitted, **scope)
    assert permitted == {C.INCIDENT_ACCOUNT, C.CORRESPONDENCE}
    assert set(reasons) == set(C.values) - permitted
    assert reasons[C.SEXUAL_HEALTH_RESULTS] == "needs_explicit"
    assert reasons[C.INJURIES_FORENSIC_FINDINGS] == "expired"
    assert reasons[C.FORENSIC_SAMPLES] == "withdrawn"
    assert reasons[C.MIGRATION_INFORMATION] == "no_consent"
    assert reasons[C.MEDICAL_HISTORY] == "no_consent"


@given(raw=entries_strategy, org=st.sampled_from(sorted(ORGANISATIONS)), purpose=st.sampled_from(Purpose.values), minute=st.integers(0, 320))
@settings(max_examples=300, deadline=None)
def test_every_category_left_out_has_exactly_one_recognised_reason(raw, org, purpose, minute):
    from safereport.consent.policies import permitted_categories, withheld_reasons
    from safereport.consent.purposes import recipient_kind_allowed

    entries = _as_entries(raw)
    scope = {"organisation_id": org, "kind": ORGANISATIONS[org], "purpose": purpose, "at": T0 + timedelta(minutes=minute)}
    permitted = permitted_categories(entries, **scope)
    reasons = withheld_reasons(entries, permitted=permitted, **scope)
    assert set(reasons) == set(C.values) - permitted
    if recipient_kind_allowed(purpose=purpose, kind=ORGANISATIONS[org]):
        assert "not_permitted" not in reasons.values(), reasons


def test_a_package_from_before_zones_and_authors_says_utc_and_names_no_author():
    with translation.override("en"):
        item = selectors.shown_item({"source": "portal message", "when": "2026-03-01T09:30:00+00:00", "text": "Hello"})
    assert item.when == "Recorded on 1 March 2026, 09:30 (UTC)" and item.author == "" and item.text == "Hello"


# --- the pages ------------------------------------------------------------------------


def hidden_value(page: str, name: str) -> str:
    import re

    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert found, name
    return found.group(1)


def test_the_preview_page_shows_each_part_and_what_stays_behind_and_its_button_sends_exactly_that(world, conversation_case):
    give(world, conversation_case, [C.INCIDENT_ACCOUNT, C.INJURIES_FORENSIC_FINDINGS])
    worker = sign_in(Client(), world.staff["crisis_worker"])
    url = f"/staff/consent/cases/{conversation_case.public_id}/packages/preview/"
    response = worker.get(url, {"recipient": world.organisations["police"].pk, "purpose": "investigation"})
    page = response.content.decode()
    assert response.status_code == 200 and not DisclosurePackage.objects.exists()
    assert ALL_TEXTS["account_sealed"] in page and ALL_TEXTS["injuries_sealed"] in page
    assert "Took place on" in page and "(Europe/Brussels)" in page and "Nurse or doctor" in page
    withheld = page[page.index('class="preview-withheld"'):]
    assert "Messages with the centre" in withheld and "has not agreed" in withheld
    for text in [*CONVERSATION.values(), ALL_TEXTS["sexual_health_sealed"]]:
        assert text not in page
    sent = worker.post(
        f"/staff/consent/cases/{conversation_case.public_id}/packages/",
        {name: hidden_value(page, name) for name in ("recipient", "purpose", "previewed", "form_token")},
    )
    assert sent.status_code == 302
    assert DisclosurePackage.objects.get().categories == [C.INCIDENT_ACCOUNT, C.INJURIES_FORENSIC_FINDINGS]


def test_a_stale_preview_sends_nothing_and_shows_the_new_one(world, conversation_case):
    give(world, conversation_case, [C.INCIDENT_ACCOUNT, C.INJURIES_FORENSIC_FINDINGS])
    worker = sign_in(Client(), world.staff["crisis_worker"])
    query = {"recipient": world.organisations["police"].pk, "purpose": "investigation"}
    page = worker.get(f"/staff/consent/cases/{conversation_case.public_id}/packages/preview/", query).content.decode()
    give(world, conversation_case, [C.INJURIES_FORENSIC_FINDINGS], decision="withdrawn")
    response = worker.post(
        f"/staff/consent/cases/{conversation_case.public_id}/packages/",
        {name: hidden_value(page, name) for name in ("recipient", "purpose", "previewed", "form_token")},
        follow=True,
    )
    assert not DisclosurePackage.objects.exists()
    again = response.content.decode()
    assert "changed since the preview" in again and ALL_TEXTS["injuries_sealed"] not in again and ALL_TEXTS["account_sealed"] in again


def test_the_person_reads_each_package_as_what_was_sent_to_whom_and_when(world, conversation_case, with_receipt):
    give(world, conversation_case, [C.INCIDENT_ACCOUNT])
    build(world, conversation_case)
    # A package with nothing in it (agreed, nothing recorded) still told its recipient something.
    give(world, conversation_case, [C.CONTACT_DETAILS], purpose=Purpose.REFERRAL, organisation="ngo")
    build(world, conversation_case, purpose=Purpose.REFERRAL, recipient="ngo", actor="crisis_worker")
    person = Client()
    assert person.post("/en/back/", {"code": with_receipt}).status_code == 302
    page = person.get("/en/mine/").content.decode()
    shared = page[page.index('<ul class="shared">'):page.index("Who opened your record")]
    assert "Sent to: <bdi>Police vice unit Ghent (demo)</bdi>" in shared and "Account of the incident" in shared
    assert "(<bdi>Europe/Brussels</bdi>)" in shared
    assert "Nothing from your record: only that the centre contacted them." in shared
    assert "Messages with the centre" not in shared


def test_send_pressed_again_builds_nothing_more_and_says_it_was_already_sent(world, conversation_case):
    """After an answer lost with a crashed app server the worker presses Send again: one package (ADR 0032 §6)."""
    give(world, conversation_case, [C.INCIDENT_ACCOUNT])
    worker = sign_in(Client(), world.staff["crisis_worker"])
    query = {"recipient": world.organisations["police"].pk, "purpose": "investigation"}
    page = worker.get(f"/staff/consent/cases/{conversation_case.public_id}/packages/preview/", query).content.decode()
    form = {name: hidden_value(page, name) for name in ("recipient", "purpose", "previewed", "form_token")}
    url = f"/staff/consent/cases/{conversation_case.public_id}/packages/"
    assert worker.post(url, form).status_code == 302
    again = worker.post(url, form, follow=True)
    assert "This package was already sent; it was not sent a second time." in again.content.decode()
    assert DisclosurePackage.objects.count() == 1
    assert AuditEvent.objects.filter(action="consent:package:disclosed").count() == 1


def test_a_send_without_the_pages_token_sends_nothing_and_shows_the_preview_again(world, conversation_case):
    give(world, conversation_case, [C.INCIDENT_ACCOUNT])
    worker = sign_in(Client(), world.staff["crisis_worker"])
    query = {"recipient": world.organisations["police"].pk, "purpose": "investigation"}
    page = worker.get(f"/staff/consent/cases/{conversation_case.public_id}/packages/preview/", query).content.decode()
    form = {name: hidden_value(page, name) for name in ("recipient", "purpose", "previewed")}
    response = worker.post(f"/staff/consent/cases/{conversation_case.public_id}/packages/", form, follow=True)
    body = response.content.decode()
    assert "Not sent: this page was open for a long time." in body
    assert 'name="form_token"' in body  # the preview again, with a fresh token
    assert not DisclosurePackage.objects.exists()
