"""Oversight: kits, police units and jurisdictions counted, released and compared (ADR 0031)."""

import datetime as dt

import pytest

from conftest import sign_in
from safereport.stats.selectors import TABLES, Scope, comparisons, release
from safereport.stats.tests.helpers import (
    at,
    cases_at,
    centre,
    consultations_at,
    kits_at,
    police_unit,
    reports_at,
)

pytestmark = pytest.mark.django_db(databases="__all__")


def counts_of(key: str, scope: Scope) -> dict[str, tuple[int, ...]]:
    counts = TABLES[key].count(scope)
    return dict(zip(counts.row_labels, counts.values, strict=True))


def rows_of(key: str, scope: Scope):
    return {row.label: row for row in release(TABLES[key], scope).rows}


def test_kits_are_counted_kept_released_and_destroyed_per_centre_by_the_year_of_the_examination():
    antwerp = centre("Antwerp centre")
    kits_at(antwerp, 12, started=dt.date(2025, 2, 1))
    kits_at(antwerp, 3, started=dt.date(2025, 3, 1), status="destruction_requested")
    kits_at(antwerp, 4, started=dt.date(2025, 4, 1), status="transferred", holder="police")
    kits_at(antwerp, 2, started=dt.date(2025, 5, 1), status="destroyed")
    kits_at(antwerp, 9, started=dt.date(2024, 5, 1))  # another year
    assert counts_of("evidence-kits", Scope(year=2025))["Antwerp centre"] == (15, 4, 2)
    assert counts_of("evidence-kits-by-holder", Scope(year=2025))["Antwerp centre"] == (17, 0, 4)
    shown = rows_of("evidence-kits", Scope(year=2025))["Antwerp centre"]
    assert shown.cells[0].value == 15 and shown.cells[1].hidden and shown.cells[2].hidden


def test_police_tables_count_each_unit_and_mark_a_unit_that_recorded_nothing(world):
    case, officer = world.cases["assigned"], world.staff["crisis_worker"]
    busy = police_unit("Police zone busy")
    police_unit("Police zone quiet")
    consultations_at(busy, case, officer, 30, when=at(2025, 3), held=25, converted=12, days_to_reply=4)
    reports_at(busy, case, officer, 14, when=at(2025, 4), replied=12, days_to_reply=9)
    consultations_at(busy, case, officer, 5, when=at(2024, 3))  # another year
    scope = Scope(year=2025, jurisdiction="BE")
    assert counts_of("police-consultations", scope)["Police zone busy"] == (5, 13, 12)
    assert counts_of("police-reports", scope)["Police zone busy"] == (2, 0, 0, 12, 0, 0)
    assert counts_of("police-reply-time", scope)["Police zone busy"] == (0, 30, 12, 0)
    rows = rows_of("police-consultations", scope)
    assert rows["Police zone quiet"].no_data and not rows["Police zone busy"].no_data
    assert rows_of("police-reply-time", scope)["Police zone busy"].median == 4.0


def test_immigration_actions_touch_migration_so_a_unit_with_few_replies_shows_nothing_not_even_zeros(world):
    case, officer = world.cases["assigned"], world.staff["crisis_worker"]
    big, small = police_unit("Police zone big"), police_unit("Police zone small")
    reports_at(big, case, officer, 40, when=at(2025, 4), replied=40)
    reports_at(small, case, officer, 6, when=at(2025, 4), replied=6, immigration_action="status_check")
    rows = rows_of("police-immigration-actions", Scope(year=2025))
    assert all(cell.hidden for cell in rows["Police zone small"].cells) and rows["Police zone small"].total.hidden
    assert counts_of("police-immigration-actions", Scope(year=2025))["Police zone small"][1] == 6, "counted, never shown"


def test_a_median_days_to_reply_is_not_shown_for_a_unit_with_few_replies(world):
    case, officer = world.cases["assigned"], world.staff["crisis_worker"]
    few = police_unit("Police zone few")
    reports_at(few, case, officer, 7, when=at(2025, 4), replied=7, days_to_reply=30)
    assert rows_of("police-reply-time", Scope(year=2025))["Police zone few"].median is None


def test_the_comparison_shows_rates_only_from_published_cells_and_flags_the_unstable(world):
    case, officer = world.cases["assigned"], world.staff["crisis_worker"]
    busy, unsteady = police_unit("Police zone busy"), police_unit("Police zone unsteady")
    police_unit("Police zone quiet")
    consultations_at(busy, case, officer, 60, when=at(2025, 3), held=40, converted=20)
    consultations_at(unsteady, case, officer, 18, when=at(2025, 3), held=0)
    units, jurisdictions, _agencies = comparisons(Scope(year=2025, jurisdiction="BE"))
    rows = {row.label: row for row in units.rows}
    held = rows["Police zone busy"].cells[0]
    assert round(held.percent) == 67 and not held.unstable
    assert rows["Police zone busy"].cells[1].percent == 50.0
    unsteady_held = rows["Police zone unsteady"].cells[0]
    assert unsteady_held.percent == 0.0 and unsteady_held.unstable, "18 requests: a rate, flagged unstable"
    assert rows["Police zone quiet"].cells[0].no_data
    assert "Belgium" in {row.label for row in jurisdictions.rows}


def test_a_small_unit_has_its_rate_hidden_in_the_comparison(world):
    case, officer = world.cases["assigned"], world.staff["crisis_worker"]
    consultations_at(police_unit("Police zone big"), case, officer, 80, when=at(2025, 3), held=50)
    consultations_at(police_unit("Police zone tiny"), case, officer, 4, when=at(2025, 3), held=2)
    units, _jurisdictions, _agencies = comparisons(Scope(year=2025))
    tiny = next(row for row in units.rows if row.label == "Police zone tiny")
    assert tiny.cells[0].hidden and tiny.cells[0].percent is None


def test_the_oversight_body_sees_the_comparison_and_its_csv_and_never_a_case(client, world):
    case, officer = world.cases["assigned"], world.staff["crisis_worker"]
    consultations_at(world.organisations["police"], case, officer, 40, when=at(2025, 3), held=24)
    sign_in(client, world.staff["oversight"])
    page = client.get("/staff/stats/compare/?year=2025")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Police units side by side" in body and "<svg" in body and "Police vice unit Ghent (demo)" in body
    assert "60 %" in body
    csv = client.get("/staff/stats/compare/units.csv?year=2025").content.decode()
    assert csv.splitlines()[1].startswith("Police vice unit Ghent (demo),60 %")
    assert client.get("/staff/cases/").status_code == 403
    assert client.get(f"/staff/cases/{case.public_id}/").status_code in (403, 404)
    assert client.get("/staff/stats/tables/new-contacts/research-release/").status_code == 403


def test_every_registered_table_releases_on_an_empty_world(world):
    for spec in TABLES.values():
        shown = release(spec, Scope(year=2025))
        assert shown.totals.total.value == 0, spec.key


def test_the_channel_is_the_first_contact_staff_recorded_and_portal_only_without_one(world):
    from safereport.cases.models import Encounter

    antwerp = centre("Antwerp centre")
    called, walked, portal = cases_at(antwerp, 12, when=at(2025, 3)), cases_at(antwerp, 11, when=at(2025, 3)), cases_at(antwerp, 13, when=at(2025, 3))
    for case in called:
        Encounter.objects.create(case=case, kind="phone", occurred_at=at(2025, 3, 11), professional=world.staff["doctor"])
        Encounter.objects.create(case=case, kind="visit", occurred_at=at(2025, 3, 12), professional=world.staff["doctor"])
    for case in walked:
        Encounter.objects.create(case=case, kind="visit", occurred_at=at(2025, 3, 11), professional=world.staff["doctor"])
        Encounter.objects.create(case=case, kind="visit", occurred_at=at(2025, 3, 11), professional=world.staff["doctor"])
    assert portal and counts_of("channels", Scope(year=2025))["Antwerp centre"] == (13, 0, 12, 11)


def test_certifying_agencies_are_compared_by_what_they_signed_and_a_small_one_is_hidden(world):
    """The agencies that certify for residence procedures, side by side (issue 17 §1, issue 16 §7)."""
    import datetime as dt

    from safereport.relief.models import CertificationRequest, CertifyingAgency
    from tests.test_url_access_matrix import a_relief_procedure

    procedure = a_relief_procedure(world)
    big = CertifyingAgency.objects.create(name="County prosecutor (big)", kind="prosecutor", jurisdiction="US", region="Illinois", added_by=world.staff["lawyer"].organisation)
    small = CertifyingAgency.objects.create(name="Village police (small)", kind="police", jurisdiction="US", region="Illinois", added_by=world.staff["lawyer"].organisation)

    def sent(agency, count, signed):
        CertificationRequest.objects.bulk_create(
            CertificationRequest(
                procedure=procedure, agency=agency, form="I-918B", official_role="designee", requested_by="attorney",
                law="US-IL-VOICES", submitted_on=dt.date(2025, 3, 1),
                answered_on=dt.date(2025, 4, 1) if n < signed else None,
                signed_on=dt.date(2025, 4, 1) if n < signed else None,
            )
            for n in range(count)
        )

    mid = CertifyingAgency.objects.create(name="City police (mid)", kind="police", jurisdiction="US", region="Illinois", added_by=world.staff["lawyer"].organisation)
    sent(big, 40, signed=30)
    sent(mid, 20, signed=12)  # the cell complementary suppression may hide so the small one cannot be worked out
    sent(small, 4, signed=1)
    _units, _jurisdictions, agencies = comparisons(Scope(year=2025, jurisdiction="US"))
    rows = {row.label: row for row in agencies.rows}
    assert rows["County prosecutor (big) (Illinois)"].cells[0].percent == 75.0
    assert rows["Village police (small) (Illinois)"].cells[0].hidden, "4 requests: no rate that points at a person"
