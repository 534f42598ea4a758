"""Facts without people: tables counted from dates, codes and organisation ids, scoped to who asks."""

import pytest

from safereport.stats.selectors import TABLES, Scope, release, scope_for, table_spec, tables_for
from safereport.stats.tests.helpers import at, cases_at, centre, consent, conversation, package

pytestmark = pytest.mark.django_db(databases="__all__")


def counts_of(key: str, scope: Scope) -> dict[str, tuple[int, ...]]:
    counts = TABLES[key].count(scope)
    return dict(zip(counts.row_labels, counts.values, strict=True))


def test_new_contacts_are_counted_per_centre_and_quarter_and_only_in_the_year_asked():
    antwerp, bruges = centre("Antwerp centre"), centre("Bruges centre")
    cases_at(antwerp, 13, when=at(2025, 2))
    cases_at(antwerp, 2, when=at(2025, 11))
    cases_at(bruges, 3, when=at(2025, 5))
    cases_at(bruges, 4, when=at(2024, 5))
    rows = counts_of("new-contacts", Scope(year=2025))
    assert rows["Antwerp centre"] == (13, 0, 0, 2)
    assert rows["Bruges centre"] == (0, 3, 0, 0)


def test_a_jurisdiction_keeps_its_own_centres_and_a_centre_with_nothing_still_has_its_row():
    centre("Antwerp centre")
    amsterdam = centre("Amsterdam centre", "NL")
    cases_at(amsterdam, 12, when=at(2025, 3))
    assert counts_of("new-contacts", Scope(year=2025, jurisdiction="BE")) == {"Antwerp centre": (0, 0, 0, 0)}


def test_help_asked_counts_each_kind_once_per_record():
    antwerp = centre("Antwerp centre")
    cases_at(antwerp, 12, when=at(2025, 3), help_kinds=["health", "emotional", "health"])
    rows = counts_of("help-asked", Scope(year=2025))
    assert rows["Antwerp centre"][:2] == (12, 12)


def test_kinds_of_harm_count_each_record_once_with_not_recorded_a_column_of_its_own():
    antwerp, bruges = centre("Antwerp centre"), centre("Bruges centre")
    cases_at(antwerp, 12, when=at(2025, 3), crime_type="rape")
    cases_at(antwerp, 3, when=at(2025, 4), crime_type="trafficking_sexual_exploitation")
    cases_at(antwerp, 20, when=at(2025, 5))  # nothing recorded: the default
    cases_at(bruges, 5, when=at(2024, 5), crime_type="rape")  # another year
    counts = TABLES["crime-types"].count(Scope(year=2025))
    # Columns in the recording order, "Not recorded" last.
    assert counts.column_labels[0] == "Trafficking for sexual exploitation"
    assert counts.column_labels[-1] == "Not recorded"
    rows = dict(zip(counts.row_labels, counts.values, strict=True))
    assert rows["Antwerp centre"] == (3, 0, 0, 12, 0, 0, 0, 20)
    assert rows["Bruges centre"] == (0,) * 8


def test_a_released_kinds_of_harm_table_hides_small_kinds_and_their_complements_and_flags_unstable_ones():
    antwerp, bruges, ghent = centre("Antwerp centre"), centre("Bruges centre"), centre("Ghent centre")
    cases_at(antwerp, 3, when=at(2025, 2), crime_type="forced_marriage")
    cases_at(antwerp, 40, when=at(2025, 2), crime_type="rape")
    cases_at(antwerp, 30, when=at(2025, 2))
    cases_at(bruges, 15, when=at(2025, 2), crime_type="rape")
    cases_at(ghent, 25, when=at(2025, 2), crime_type="rape")
    cases_at(ghent, 50, when=at(2025, 2))
    shown = release(table_spec("crime-types"), Scope(year=2025))
    columns = list(shown.column_labels)
    antwerp_row = next(row for row in shown.rows if row.label == "Antwerp centre")
    ghent_row = next(row for row in shown.rows if row.label == "Ghent centre")
    assert antwerp_row.cells[columns.index("Forced marriage")].hidden, "three people: hidden"
    # The three could be found again from Antwerp's total and its other cells: something more is hidden in that row.
    assert sum(cell.hidden for cell in antwerp_row.cells) >= 2 or antwerp_row.total.hidden
    assert shown.hidden_cells >= 4, "a small cell takes at least three others with it, margins included"
    assert not ghent_row.cells[columns.index("Not recorded")].hidden
    assert ghent_row.cells[columns.index("Not recorded")].value == 50, "the share nobody recorded is published"
    assert shown.unstable_rows == ("Bruges centre",), "15 records: published, and flagged as too few for a rate"
    assert shown.totals.total.value == 163


def test_time_to_first_reply_falls_in_buckets():
    antwerp = centre("Antwerp centre")
    quick, slow, waiting, silent = (cases_at(antwerp, 1, when=at(2025, 3))[0] for _ in range(4))
    conversation(quick, wrote=at(2025, 3, 10, 8), answered=at(2025, 3, 10, 20))
    conversation(slow, wrote=at(2025, 3, 10, 8), answered=at(2025, 3, 20, 8))
    conversation(waiting, wrote=at(2025, 3, 10, 8), answered=None)
    assert counts_of("first-reply", Scope(year=2025))["Antwerp centre"] == (1, 0, 1, 1)


def test_consent_decisions_by_purpose_and_channel(world):
    case = cases_at(world.organisations["ghent"], 1, when=at(2025, 3))[0]
    for _ in range(3):
        consent(case, purpose="referral", channel="portal", when=at(2025, 4))
    consent(case, purpose="referral", decision="withdrawn", when=at(2025, 5))
    consent(case, purpose="referral", when=at(2024, 5))
    rows = counts_of("consent-decisions", Scope(year=2025))
    assert rows["Referral for support"] == (3, 0, 0, 1)


def test_every_police_unit_has_a_row_in_the_oversight_table_the_ones_sent_nothing_too(world):
    from django.utils import timezone

    from safereport.accounts.models import Organisation

    Organisation.objects.create(name="Police zone quiet (demo)", kind="police_unit", jurisdiction="BE")
    case = world.cases["assigned"]
    # A package goes only to a partner, and only once the partnership is approved (today, in the demo world).
    for _ in range(12):
        package(case, recipient=world.organisations["police"], built_by=world.staff["doctor"], when=timezone.now())
    rows = counts_of("packages-by-recipient", Scope(year=timezone.now().year, jurisdiction="BE"))
    assert rows["Police vice unit Ghent (demo)"][0] == 12
    assert sum(rows["Police zone quiet (demo)"]) == 0


def test_a_centre_manager_counts_only_their_own_centre_and_an_analyst_every_centre(world):
    cases_at(world.organisations["utrecht"], 15, when=at(2025, 3))
    manager = scope_for(world.staff["case_manager"], year=2025)
    assert list(counts_of("new-contacts", manager)) == ["Care centre Ghent (demo)"]
    assert set(counts_of("new-contacts", scope_for(world.staff["analyst"], year=2025))) >= {
        "Care centre Ghent (demo)", "Care centre Utrecht (demo)",
    }


def test_a_released_table_hides_small_counts_and_their_complements():
    antwerp, bruges, ghent = centre("Antwerp centre"), centre("Bruges centre"), centre("Ghent centre")
    cases_at(antwerp, 40, when=at(2025, 2))
    cases_at(antwerp, 30, when=at(2025, 5))
    cases_at(bruges, 4, when=at(2025, 2))
    cases_at(bruges, 50, when=at(2025, 5))
    cases_at(ghent, 60, when=at(2025, 2))
    cases_at(ghent, 45, when=at(2025, 5))
    shown = release(table_spec("new-contacts"), Scope(year=2025))
    bruges_row = next(row for row in shown.rows if row.label == "Bruges centre")
    assert bruges_row.cells[0].hidden
    assert shown.hidden_cells >= 4, "a small cell takes at least three others with it, margins included"
    assert shown.totals.total.value == 229, "the grand total is large and shown"


def test_statistics_never_read_a_sealed_field_a_message_body_or_a_case_code(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from safereport.stats.selectors import TABLES

    antwerp = centre("Antwerp centre")
    conversation(cases_at(antwerp, 1, when=at(2025, 3))[0], wrote=at(2025, 3), answered=at(2025, 4))
    with CaptureQueriesContext(connection) as queries:
        for spec in TABLES.values():
            release(spec, Scope(year=2025))
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "FROM" in sql, "the tables were counted"
    # A case's code; the police outcome's "code" column is an outcome from a list, and is counted.
    for column in ("_sealed", "receipt_lookup", '"cases_case"."code"', "body", "name_as_given", "vault_", "barcode", "pseudonym"):
        assert column not in sql, f"a statistics query reads {column}"


def test_decisions_compared_across_jurisdictions_by_name(world):
    cases_at(centre("Antwerp centre"), 12, when=at(2025, 3), reporting_status="reported")
    cases_at(centre("Amsterdam centre", "NL"), 15, when=at(2025, 3))
    rows = counts_of("police-decisions-by-jurisdiction", Scope(year=2025))
    # Columns follow the reporting statuses: not decided (a new case's), not reporting,
    # thinking, informal talk arranged, reported.
    assert rows["Belgium"] == (0, 0, 0, 0, 12)
    assert rows["Netherlands"] == (15, 0, 0, 0, 0)
    assert "police-decisions-by-jurisdiction" not in {s.key for s in tables_for(world.staff["case_manager"])}


def test_a_closed_year_is_materialised_once_and_read_back_under_the_rules_in_force(world):
    from django.core.management import CommandError, call_command
    from django.utils import timezone

    from safereport.audit.models import AuditEvent
    from safereport.stats.models import MaterialisedCounts

    antwerp = centre("Antwerp centre")
    cases_at(antwerp, 40, when=at(2025, 2))
    call_command("stats", "materialise", "--year", "2025")
    assert AuditEvent.objects.filter(action="stats:period:materialised").count() == 1
    cases_at(antwerp, 30, when=at(2025, 3))  # recorded late: the stored year does not move
    shown = release(table_spec("new-contacts"), Scope(year=2025))
    assert next(r for r in shown.rows if r.label == "Antwerp centre").cells[0].value == 40
    manager_scope = Scope(year=2025, centre_ids=frozenset({antwerp.pk}))
    assert MaterialisedCounts.objects.filter(year=2025, centres=str(antwerp.pk)).exists()
    assert release(table_spec("new-contacts"), manager_scope).rows[0].cells[0].value == 40
    with pytest.raises(CommandError):
        call_command("stats", "materialise", "--year", str(timezone.now().year))
