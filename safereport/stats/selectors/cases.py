"""Counts from the cases app: new contacts, help asked, languages, decisions about the police, first replies.

Only dates, codes and organisation ids are read: never a sealed field, a
message body or a receipt (tests/test_facts.py holds this).
"""

from collections import Counter
from collections.abc import Iterable
from datetime import datetime

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from safereport.accounts.models import Organisation
from safereport.accounts.permissions import OrganisationKind
from safereport.cases.models import (
    Case,
    CrimeType,
    Encounter,
    EncounterKind,
    HelpKind,
    PortalMessage,
    ReportingStatus,
    Sender,
)
from safereport.core.languages import language_label
from safereport.stats.selectors.registry import (
    Counts,
    Scope,
    TableSpec,
    jurisdiction_label,
    register,
    stats_database,
)

QUARTERS = (_("January to March"), _("April to June"), _("July to September"), _("October to December"))


def centres(scope: Scope) -> list[tuple[int, str]]:
    """The care centres a table has a row for (every one in scope, those with nothing too)."""
    found = Organisation.objects.using(stats_database()).filter(kind=OrganisationKind.CARE_CENTRE)
    if scope.jurisdiction:
        found = found.filter(jurisdiction=scope.jurisdiction)
    if scope.centre_ids is not None:
        found = found.filter(pk__in=scope.centre_ids)
    return list(found.order_by("name", "pk").values_list("pk", "name"))


def cases_in(scope: Scope) -> "QuerySet[Case]":
    found = Case.objects.using(stats_database()).filter(created_at__gte=scope.starts, created_at__lt=scope.ends)
    # A training organisation's cases are synthetic (ADR 0035): never counted.
    found = found.exclude(care_centre__kind=OrganisationKind.TRAINING_CENTRE)
    if scope.jurisdiction:
        found = found.filter(care_centre__jurisdiction=scope.jurisdiction)
    if scope.centre_ids is not None:
        found = found.filter(care_centre_id__in=scope.centre_ids)
    return found


def per_centre(scope: Scope, columns: list[tuple[str, str]], counted: Iterable[tuple[int, str, int]]) -> Counts:
    """A centres × columns table from (centre id, column key, count) triples."""
    rows = centres(scope)
    index = {key: j for j, (key, _label) in enumerate(columns)}
    grid = {pk: [0] * len(columns) for pk, _name in rows}
    for centre_id, key, n in counted:
        if centre_id in grid and key in index:
            grid[centre_id][index[key]] += n
    return Counts(
        row_labels=tuple(name for _pk, name in rows),
        column_labels=tuple(label for _key, label in columns),
        values=tuple(tuple(grid[pk]) for pk, _name in rows),
    )


def quarters(scope: Scope) -> list[tuple[datetime, datetime]]:
    starts = [scope.starts.replace(month=month) for month in (1, 4, 7, 10)]
    return list(zip(starts, [*starts[1:], scope.ends], strict=True))


def new_contacts_by_quarter(scope: Scope) -> Counts:
    # Ranges on the indexed date, not a per-row date function: SQLite has none of its own. One
    # comparison per quarter boundary ("opened before it"), the quarters being the differences.
    bounds = [begins for begins, _ends in quarters(scope)[1:]]
    counted = (
        cases_in(scope)
        .values("care_centre_id")
        .annotate(all=Count("pk"), **{f"before{q}": Count("pk", filter=Q(created_at__lt=b)) for q, b in enumerate(bounds)})
        .order_by()
    )
    columns = [(str(q), str(label)) for q, label in enumerate(QUARTERS)]

    def split(row: dict[str, int]) -> list[int]:
        cumulative = [row[f"before{q}"] for q in range(len(bounds))] + [row["all"]]
        return [cumulative[0], *(b - a for a, b in zip(cumulative, cumulative[1:], strict=False))]

    return per_centre(
        scope,
        columns,
        ((row["care_centre_id"], str(q), n) for row in counted for q, n in enumerate(split(row))),
    )


def help_asked(scope: Scope) -> Counts:
    # One pass in SQL over the (centre, help asked, opened) index, grouped by the whole list as
    # stored: a few hundred distinct lists, each expanded here (a kind counts once per record).
    counted = cases_in(scope).values_list("care_centre_id", "help_kinds").annotate(n=Count("pk")).order_by()
    known = {kind.value for kind in HelpKind}
    tally: Counter[tuple[int, str]] = Counter()
    for centre, kinds, n in counted:
        for kind in set(kinds or ()) & known:
            tally[(centre, kind)] += n
    columns = [(kind.value, str(kind.label)) for kind in HelpKind]
    return per_centre(scope, columns, ((c, k, n) for (c, k), n in tally.items()))


def crime_types(scope: Scope) -> Counts:
    # One grouped pass over the (centre, crime type, opened) index. "Not recorded" is a column like
    # the others (the last), so the share nobody recorded is in the table, never left out of it.
    counted = cases_in(scope).values_list("care_centre_id", "crime_type").annotate(n=Count("pk")).order_by()
    columns = [(kind.value, str(kind.label)) for kind in CrimeType]
    return per_centre(scope, columns, counted)


def languages(scope: Scope) -> Counts:
    counted = list(
        cases_in(scope).values_list("care_centre_id", "preferred_language").annotate(n=Count("pk")).order_by()
    )
    used = sorted({code for _c, code, _n in counted})
    columns = [(code, language_label(code) if code else str(_("Not said"))) for code in used] or [("", str(_("Not said")))]
    return per_centre(scope, columns, counted)


def decisions_about_the_police(scope: Scope) -> Counts:
    counted = cases_in(scope).values_list("care_centre_id", "reporting_status").annotate(n=Count("pk")).order_by()
    columns = [(status.value, str(status.label)) for status in ReportingStatus]
    return per_centre(scope, columns, counted)


def decisions_by_jurisdiction(scope: Scope) -> Counts:
    """The same decisions, one row per jurisdiction: where reporting is safe, compared across countries."""
    # Grouped per centre on the (centre, decision, opened) index, then added up per jurisdiction here:
    # one pass without a join or a sort.
    counted = cases_in(scope).values_list("care_centre_id", "reporting_status").annotate(n=Count("pk")).order_by()
    centre_jurisdiction = dict(
        Organisation.objects.using(stats_database())
        .filter(kind=OrganisationKind.CARE_CENTRE)
        .values_list("pk", "jurisdiction")
    )
    codes = [code for code in jurisdictions() if not scope.jurisdiction or code == scope.jurisdiction]
    columns = [(status.value, str(status.label)) for status in ReportingStatus]
    index = {key: j for j, (key, _label) in enumerate(columns)}
    grid = {code: [0] * len(columns) for code in codes}
    for centre, status, n in counted:
        code = centre_jurisdiction.get(centre, "")
        if code in grid and status in index:
            grid[code][index[status]] += n
    return Counts(
        row_labels=tuple(jurisdiction_label(code) for code in codes),
        column_labels=tuple(label for _key, label in columns),
        values=tuple(tuple(grid[code]) for code in codes),
    )


REPLY_BUCKETS = (
    ("day", _("Answered within a day")),
    ("three_days", _("Within three days")),
    ("later", _("Later")),
    ("none", _("Not answered yet")),
)


def time_to_first_reply(scope: Scope) -> Counts:
    # From the messages' side, grouped by record: only records with messages are read at all
    # (a record the person never wrote from is not counted), and no case row is scanned.
    messages = PortalMessage.objects.using(stats_database()).filter(
        case__created_at__gte=scope.starts, case__created_at__lt=scope.ends
    )
    if scope.jurisdiction:
        messages = messages.filter(case__care_centre__jurisdiction=scope.jurisdiction)
    if scope.centre_ids is not None:
        messages = messages.filter(case__care_centre_id__in=scope.centre_ids)
    firsts = (
        messages.values("case_id", "case__care_centre_id")  # grouped by the record alone: no other column is read
        .annotate(
            first_in=Min("created_at", filter=Q(sender=Sender.VICTIM)),
            first_out=Min("created_at", filter=Q(sender=Sender.CENTRE)),
        )
        .filter(first_in__isnull=False)
        .order_by()
        .values_list("case__care_centre_id", "first_in", "first_out")
    )
    tally: Counter[tuple[int, str]] = Counter()
    for centre, first_in, first_out in firsts.iterator(chunk_size=5000):
        if first_out is None or first_out < first_in:
            bucket = "none" if first_out is None else "day"
        else:
            hours = (first_out - first_in).total_seconds() / 3600
            bucket = "day" if hours <= 24 else "three_days" if hours <= 72 else "later"
        tally[(centre, bucket)] += 1
    columns = [(key, str(label)) for key, label in REPLY_BUCKETS]
    return per_centre(scope, columns, ((c, k, n) for (c, k), n in tally.items()))


CHANNELS = (
    ("", _("Portal only, no call or visit yet")),
    (EncounterKind.CHAT, _("Portal messages or chat")),
    (EncounterKind.PHONE, _("Phone")),
    (EncounterKind.FOLLOW_UP_CALL, _("Phone")),
    (EncounterKind.VISIT, _("Walk-in visit")),
)


def channels(scope: Scope) -> Counts:
    """How people reached the centre: the kind of the first contact recorded with staff.

    Every record opens in the portal; the first encounter says whether the person then
    came in by phone or walked in. Two passes that never read a case row: the records per
    centre (on the (centre, opened) index), and the first encounter of each record from the
    encounters' side (an encounter with no earlier one of its record); "portal only" is
    the difference.
    """
    opened = cases_in(scope).values_list("care_centre_id").annotate(n=Count("pk")).order_by()
    encounters = Encounter.objects.using(stats_database()).filter(
        case__created_at__gte=scope.starts, case__created_at__lt=scope.ends
    )
    if scope.jurisdiction:
        encounters = encounters.filter(case__care_centre__jurisdiction=scope.jurisdiction)
    if scope.centre_ids is not None:
        encounters = encounters.filter(case__care_centre_id__in=scope.centre_ids)
    earlier = Encounter.objects.using(stats_database()).filter(case_id=OuterRef("case_id")).filter(
        Q(occurred_at__lt=OuterRef("occurred_at")) | Q(occurred_at=OuterRef("occurred_at"), pk__lt=OuterRef("pk"))
    )
    firsts = (
        encounters.exclude(Exists(earlier))
        .values_list("case__care_centre_id", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_kind = {kind: str(label) for kind, label in CHANNELS}
    tally: Counter[tuple[int, str]] = Counter()
    for centre, n in opened:
        tally[(centre, by_kind[""])] += n
    for centre, kind, n in firsts:
        tally[(centre, by_kind.get(kind, by_kind[""]))] += n
        tally[(centre, by_kind[""])] -= n
    labels: list[tuple[str, str]] = []
    for _kind, label in CHANNELS:
        if (str(label), str(label)) not in labels:
            labels.append((str(label), str(label)))
    return per_centre(scope, labels, ((c, k, n) for (c, k), n in tally.items()))


register(
    TableSpec(
        key="new-contacts",
        title=_("New contacts per care centre, by quarter"),
        description=_("Records opened in the year, by the quarter they were opened in."),
        rows_are=_("Care centre"),
        columns_are=_("Quarter"),
        source="cases",
        count=new_contacts_by_quarter,
        definitions=(_("A new contact is a record opened by the centre or through the portal."),),
    )
)
register(
    TableSpec(
        key="help-asked",
        title=_("Help asked for, per care centre"),
        description=_("What people said they wanted when they first wrote; one person can ask for several."),
        rows_are=_("Care centre"),
        columns_are=_("Help asked for"),
        source="cases",
        count=help_asked,
        definitions=(_("Each kind of help is counted once per record; the row total can exceed the records."),),
    )
)
register(
    TableSpec(
        key="crime-types",
        title=_("Kinds of harm recorded, per care centre"),
        description=_(
            "The kind of harm staff recorded because the person told them, one per record; "
            "\"Not recorded\" where the person did not say or nobody recorded it."
        ),
        rows_are=_("Care centre"),
        columns_are=_("Kind of harm"),
        source="cases",
        count=crime_types,
        definitions=(
            _("Recorded only from what the person said, never read from notes or guessed."),
            _("Where several apply, the first in the column order that applies is recorded, so each record counts once."),
            _("\"Not recorded\" is its own column: the share nobody recorded is part of the table."),
        ),
    )
)
register(
    TableSpec(
        key="languages",
        title=_("Languages people asked to be answered in"),
        description=_("The language each record names for replies."),
        rows_are=_("Care centre"),
        columns_are=_("Language"),
        source="cases",
        count=languages,
    )
)
register(
    TableSpec(
        key="police-decisions",
        title=_("Decisions about the police, per care centre"),
        description=_("What people decided about reporting, as recorded at the end of the period."),
        rows_are=_("Care centre"),
        columns_are=_("Decision"),
        source="cases",
        count=decisions_about_the_police,
        definitions=(_("The decision is the person's own; the centre records what they said."),),
    )
)
register(
    TableSpec(
        key="police-decisions-by-jurisdiction",
        title=_("Decisions about the police, per jurisdiction"),
        description=_("The decisions of every centre of each jurisdiction together, to compare countries."),
        rows_are=_("Jurisdiction"),
        columns_are=_("Decision"),
        source="cases",
        count=decisions_by_jurisdiction,
        definitions=(_("A jurisdiction's row counts the records of all its care centres."),),
        oversight=True,
    )
)
register(
    TableSpec(
        key="channels",
        title=_("How people reached the centre: portal, phone or walk-in"),
        description=_("Records opened in the year, by the first contact the centre recorded with the person."),
        rows_are=_("Care centre"),
        columns_are=_("Channel"),
        source="cases",
        count=channels,
        definitions=(
            _("Every record opens in the portal; a phone call or a visit recorded later is the channel the person then used."),
        ),
    )
)
register(
    TableSpec(
        key="first-reply",
        title=_("Time to the centre's first reply"),
        description=_("For records where the person wrote through the portal: how long the first answer took."),
        rows_are=_("Care centre"),
        columns_are=_("Time to first reply"),
        source="cases",
        count=time_to_first_reply,
        definitions=(_("Measured from the person's first message to the centre's first message."),),
    )
)


def jurisdictions() -> list[str]:
    """The jurisdictions that have a care centre: the choices of a table's period form."""
    found = Organisation.objects.using(stats_database()).filter(kind=OrganisationKind.CARE_CENTRE)
    return sorted(set(found.values_list("jurisdiction", flat=True)))
