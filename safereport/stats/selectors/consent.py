"""Counts from the consent app: what people agreed to and withdrew, and what left the centres, to whom.

Only codes, dates and organisation ids are read: never a package's sealed
contents, a ledger's wording or a compartment.
"""

from collections.abc import Hashable, Iterable, Sequence

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from safereport.accounts.models import Organisation
from safereport.accounts.permissions import OrganisationKind
from safereport.consent.models import Channel, ConsentEvent, Decision, DisclosurePackage
from safereport.core.purposes import Purpose
from safereport.stats.selectors.registry import Counts, Scope, TableSpec, register, stats_database


def _grid(
    rows: Sequence[tuple[Hashable, str]],
    columns: Sequence[tuple[Hashable, str]],
    counted: Iterable[tuple[Hashable, Hashable, int]],
) -> Counts:
    index = {key: j for j, (key, _label) in enumerate(columns)}
    grid = {key: [0] * len(columns) for key, _label in rows}
    for row, column, n in counted:
        if row in grid and column in index:
            grid[row][index[column]] += n
    return Counts(
        row_labels=tuple(label for _key, label in rows),
        column_labels=tuple(label for _key, label in columns),
        values=tuple(tuple(grid[key]) for key, _label in rows),
    )


def consent_decisions(scope: Scope) -> Counts:
    events = ConsentEvent.objects.using(stats_database()).filter(
        recorded_at__gte=scope.starts, recorded_at__lt=scope.ends
    ).exclude(case__care_centre__kind=OrganisationKind.TRAINING_CENTRE)  # synthetic cases (ADR 0035)
    if scope.jurisdiction:
        events = events.filter(case__care_centre__jurisdiction=scope.jurisdiction)
    if scope.centre_ids is not None:
        events = events.filter(case__care_centre_id__in=scope.centre_ids)
    counted = events.values_list("purpose", "decision", "channel").annotate(n=Count("pk")).order_by()
    columns = [
        ((Decision.GIVEN, Channel.PORTAL), str(_("Agreed, in the portal"))),
        ((Decision.GIVEN, Channel.STAFF), str(_("Agreed, with staff"))),
        ((Decision.WITHDRAWN, Channel.PORTAL), str(_("Withdrawn, in the portal"))),
        ((Decision.WITHDRAWN, Channel.STAFF), str(_("Withdrawn, with staff"))),
    ]
    rows = [(purpose.value, str(purpose.label)) for purpose in Purpose]
    return _grid(rows, columns, ((p, (d, c), n) for p, d, c, n in counted))


def packages_by_recipient(scope: Scope) -> Counts:
    packages = DisclosurePackage.objects.using(stats_database()).filter(
        built_at__gte=scope.starts, built_at__lt=scope.ends
    ).exclude(care_centre__kind=OrganisationKind.TRAINING_CENTRE)  # synthetic cases (ADR 0035)
    if scope.jurisdiction:
        packages = packages.filter(care_centre__jurisdiction=scope.jurisdiction)
    if scope.centre_ids is not None:
        packages = packages.filter(care_centre_id__in=scope.centre_ids)
    counted = list(packages.values_list("recipient_id", "purpose").annotate(n=Count("pk")).order_by())
    # Every police unit in scope has a row, the ones that received nothing too.
    units = Organisation.objects.using(stats_database()).filter(kind=OrganisationKind.POLICE_UNIT)
    if scope.jurisdiction:
        units = units.filter(jurisdiction=scope.jurisdiction)
    ids = {recipient for recipient, _p, _n in counted} | set(units.values_list("pk", flat=True))
    organisations = Organisation.objects.using(stats_database()).filter(pk__in=ids).order_by("kind", "name", "pk")
    rows = [(pk, name) for pk, name in organisations.values_list("pk", "name")]
    columns = [(purpose.value, str(purpose.label)) for purpose in Purpose]
    return _grid(rows, columns, counted)


register(
    TableSpec(
        key="consent-decisions",
        title=_("Consents given and withdrawn, by purpose"),
        description=_("Every decision recorded in the consent ledger during the year, and how it was made."),
        rows_are=_("Purpose"),
        columns_are=_("Decision and how it was made"),
        source="consent",
        count=consent_decisions,
        definitions=(
            _("One decision is one line of the ledger: one kind of information, for one purpose."),
            _("Applications for protection of residence touch migration: no small count is shown in their row."),
        ),
        sensitive=True,
    )
)
register(
    TableSpec(
        key="packages-by-recipient",
        title=_("Information sent, per receiving organisation"),
        description=_("Packages the centres sent in the year, per organisation and purpose; every police unit is listed."),
        rows_are=_("Receiving organisation"),
        columns_are=_("Purpose"),
        source="consent",
        count=packages_by_recipient,
        definitions=(_("A package is one sending of information the person agreed to share, or that an approved override allowed."),),
        sensitive=True,
        oversight=True,
    )
)
