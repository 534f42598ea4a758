"""Counts from the cases app: new contacts, help asked, languages, decisions about the police, first replies.

Only dates, codes and organisation ids are read: never a sealed field, a
message body or a receipt (tests/test_facts.py holds this).
"""

from collections import Counter
from collections.abc import Iterable
from datetime import datetime

from django.db.models import Count, Min, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from safereport.accounts.models import Organisation
from safereport.accounts.permissions import OrganisationKind
from safereport.cases.models import Case, Encounter, EncounterKind, HelpKind, ReportingStatus, Sender
from safereport.core.languages import language_label
from safereport.stats.selectors.registry import (
    Counts,
    Scope,
    TableSpec,
    jurisdiction_label,
    register,
    stats_database,
)

QUARTERS = ("January to March", "April to June", "July to September", "October to December")


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
    # Ranges on the indexed date, not a per-row date function: SQLite has none of its own.
    counted = (
        cases_in(scope)
        .values("care_centre_id")
        .annotate(
            **{
                str(q): Count("pk", filter=Q(created_at__gte=begins, created_at__lt=ends))
                for q, (begins, ends) in enumerate(quarters(scope))
            }
        )
        .order_by()
    )
    columns = [(str(q), str(_(label))) for q, label in enumerate(QUARTERS)]
    return per_centre(scope, columns, ((row["care_centre_id"], k, row[k]) for row in counted for k, _label in columns))


def help_asked(scope: Scope) -> Counts:
    # One pass in SQL: the list is matched as text ('"health"' is one code of the list, quoted).
    counted = (
        cases_in(scope)
        .values("care_centre_id")
        .annotate(**{kind.value: Count("pk", filter=Q(help_kinds__icontains=f'"{kind.value}"')) for kind in HelpKind})
        .order_by()
    )
    columns = [(kind.value, str(kind.label)) for kind in HelpKind]
    return per_centre(scope, columns, ((row["care_centre_id"], k, row[k]) for row in counted for k, _label in columns))


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
    counted = list(
        cases_in(scope).values_list("care_centre__jurisdiction", "reporting_status").annotate(n=Count("pk")).order_by()
    )
    codes = [code for code in jurisdictions() if not scope.jurisdiction or code == scope.jurisdiction]
    columns = [(status.value, str(status.label)) for status in ReportingStatus]
    index = {key: j for j, (key, _label) in enumerate(columns)}
    grid = {code: [0] * len(columns) for code in codes}
    for code, status, n in counted:
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
    firsts = (
        cases_in(scope)
        .values("pk", "care_centre_id")  # grouped by the case alone: no other column is read
        .annotate(
            first_in=Min("messages__created_at", filter=Q(messages__sender=Sender.VICTIM)),
            first_out=Min("messages__created_at", filter=Q(messages__sender=Sender.CENTRE)),
        )
        .filter(first_in__isnull=False)
        .values_list("care_centre_id", "first_in", "first_out")
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
    came in by phone or walked in. One subquery per record on the (case, occurred_at) index.
    """
    first = Encounter.objects.using(stats_database()).filter(case=OuterRef("pk")).order_by("occurred_at", "pk")
    counted = (
        cases_in(scope)
        .annotate(first_kind=Subquery(first.values("kind")[:1]))
        .values_list("care_centre_id", "first_kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    labels: list[tuple[str, str]] = []
    for _kind, label in CHANNELS:
        if str(label) not in [text for _k, text in labels]:
            labels.append((str(label), str(label)))
    by_kind = {kind: str(label) for kind, label in CHANNELS}
    return per_centre(scope, labels, ((c, by_kind.get(kind or "", ""), n) for c, kind, n in counted))


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
