"""Reports through an intermediary (COMPAS, wave2-facts §3): filed on the person's behalf, answered, passed on."""

import pytest
from django.http import Http404
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safereport.audit.models import AuditEvent
from safereport.cases.models import PortalMessage
from safereport.consent import services as consent_services
from safereport.consent.models import ConsentEvent
from safereport.police import selectors, services
from safereport.police.models import IDENTITY_ORDER, IntermediatedReport
from safereport.police.selectors import REPORT_COLUMNS, PoliceReport


def consent(world, categories, decision="given", purpose="investigation", organisation="police"):
    consent_services.consent_record(
        case=world.cases["assigned"], categories=categories, purpose=purpose, decision=decision,
        understanding="understood", channel="staff", recipient_organisation=world.organisations[organisation],
        explained_by=world.staff["crisis_worker"], language="en",
    )


def file(world, identity="none", who="crisis_worker"):
    return services.report_file(
        case=world.cases["assigned"], actor=world.staff[who], police_unit=world.organisations["police"],
        identity=identity, reference="GH-2026-014", venue="police",
    )


def test_what_the_police_see_of_a_report_has_no_field_for_the_person():
    fields = set(PoliceReport.__dataclass_fields__)
    assert not {"case", "case_id", "code", "name", "contact"} & fields
    assert not any(column.startswith("case") for column in REPORT_COLUMNS)


def test_a_centre_files_with_no_identity_and_the_police_see_the_pseudonym_and_the_centres_reference(world):
    report = file(world)
    [seen] = selectors.police_reports(world.staff["police_liaison"])
    assert seen.pseudonym == report.pseudonym and seen.intermediary_reference == "GH-2026-014"
    assert seen.identity_released == "none"
    case = world.cases["assigned"]
    assert case.code not in repr(seen) and str(case.public_id) not in repr(seen)


def test_more_identity_than_the_person_released_is_refused_and_audited(world):
    with pytest.raises(services.ReportError):
        file(world, identity="partial")
    consent(world, ["incident_account"])
    file(world, identity="partial")
    with pytest.raises(services.ReportError):
        file(world, identity="full")
    consent(world, ["contact_details"])
    file(world, identity="full")
    assert AuditEvent.objects.filter(action="police:report:refused").count() == 2


def test_an_ngo_files_only_for_a_person_who_agreed_it_may_help_them(world):
    with pytest.raises(services.ReportError):
        file(world, who="ngo_advocate")
    consent(world, ["needs_and_support"], purpose="referral", organisation="ngo")
    report = file(world, who="ngo_advocate")
    assert report.intermediary == world.organisations["ngo"]
    [seen] = selectors.police_reports(world.staff["police_liaison"])
    assert seen.intermediary == world.organisations["ngo"].name


@pytest.mark.django_db(databases="__all__")
def test_the_police_reply_reaches_the_person_through_the_intermediary(world):
    report = file(world)
    officer = world.staff["police_liaison"]
    found = selectors.report_for_unit(actor=officer, report_id=report.public_id)
    # Without contact details the police cannot say they will contact the person directly.
    with pytest.raises(services.ReportError):
        services.report_reply(
            report=found, actor=officer, record_type="incident", contact_policy="direct",
            investigation_started=False, reason="person_not_engaging", replied_on=timezone.localdate(), immigration_action="none",
        )
    services.report_reply(
        report=found, actor=officer, record_type="incident", contact_policy="via_intermediary",
        investigation_started=False, reason="person_not_engaging", replied_on=timezone.localdate(), immigration_action="none",
    )
    case = world.cases["assigned"]
    [before] = selectors.reports_for_person(case)
    assert before.record_type == ""  # not yet passed on by the intermediary
    services.report_relay(report=report, actor=world.staff["crisis_worker"])
    [after] = selectors.reports_for_person(case)
    assert after.record_type == "incident" and after.investigation_started is False
    assert PortalMessage.objects.filter(case=case).count() == 1
    with pytest.raises(services.ReportError):
        services.report_relay(report=report, actor=world.staff["crisis_worker"])


def test_another_unit_never_opens_the_report(world):
    from safereport.police.tests.test_consultations import other_police_officer

    report = file(world)
    stranger = other_police_officer(world)
    assert selectors.police_reports(stranger) == []
    with pytest.raises(Http404):
        selectors.report_for_unit(actor=stranger, report_id=report.public_id)


# --- the property -----------------------------------------------------------------------

CATEGORIES = ("contact_details", "incident_account", "injuries_forensic_findings")
step = st.one_of(
    st.tuples(st.sampled_from(["given", "withdrawn"]), st.lists(st.sampled_from(CATEGORIES), min_size=1, unique=True)),
    st.tuples(st.just("file"), st.sampled_from(["none", "partial", "full"])),
)


def released(latest: dict[str, str]) -> str:
    """The oracle, written from the issue, not from police.policies: contact details = full; anything = partial."""
    given_now = {category for category, decision in latest.items() if decision == "given"}
    if "contact_details" in given_now:
        return "full"
    return "partial" if given_now else "none"


@pytest.mark.django_db(databases="__all__")
@given(steps=st.lists(step, min_size=1, max_size=10))
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_for_any_consents_and_releases_the_police_never_hold_more_identity_than_released(world, steps):
    case = world.cases["assigned"]
    ConsentEvent._base_manager.filter(case=case)._raw_delete(ConsentEvent.objects.db)
    IntermediatedReport.objects.filter(case=case).delete()
    latest: dict[str, str] = {}
    filed_with: list[tuple[str, str]] = []  # (level filed, level released at that moment)
    for op, arg in steps:
        if op in {"given", "withdrawn"}:
            consent(world, list(arg), decision=op)
            latest.update(dict.fromkeys(arg, op))
            continue
        allowed = released(latest)
        try:
            file(world, identity=arg)
        except services.ReportError:
            assert IDENTITY_ORDER.index(arg) > IDENTITY_ORDER.index(allowed)
        else:
            filed_with.append((arg, allowed))
    held = [r.identity_released for r in selectors.police_reports(world.staff["police_liaison"])]
    assert sorted(held) == sorted(level for level, _ in filed_with)
    for level, allowed in filed_with:
        assert IDENTITY_ORDER.index(level) <= IDENTITY_ORDER.index(allowed)


@pytest.mark.parametrize("typed", ["Amina Yusuf", "case of amina", "", "ABC"])
def test_the_intermediarys_reference_leaves_no_room_for_a_name(world, typed):
    with pytest.raises(services.ReportError):
        services.report_file(
            case=world.cases["assigned"], actor=world.staff["crisis_worker"], police_unit=world.organisations["police"],
            identity="none", reference=typed, venue="police",
        )
    assert not IntermediatedReport.objects.exists()
