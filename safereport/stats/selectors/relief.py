"""Counts from the relief app, per certifying agency (oversight): requests, answers, overdue, appeals.

Dates, codes and agency ids only: never a case, a procedure's person or a
document. Every agency in scope has a row, so an agency that received no
request reads as such ("none" recorded explicitly, as Illinois asks of its
agencies), not as missing. The median days to an answer is not a count, so
it is not in the table (the release rules are for counts): it comes from
`median_days_to_answer`, per agency, for the oversight page to show beside it.
"""

import datetime as dt
from statistics import median

from django.db.models import Min, QuerySet
from django.utils.translation import gettext_lazy as _

from safereport.relief.models import (
    CertificationRequest,
    CertificationStatus,
    CertifyingAgency,
    Clock,
    ClockKind,
    DenialReason,
)
from safereport.stats.selectors.registry import Counts, Scope, TableSpec, register, stats_database

ANSWER_CLOCKS = (ClockKind.RESPONSE, ClockKind.FAMILY_LOSS_RESPONSE)
APPEALED = (
    CertificationStatus.APPEALED,
    CertificationStatus.APPEAL_SIGNED,
    CertificationStatus.APPEAL_DENIED,
)


def _requests(scope: Scope) -> QuerySet[CertificationRequest]:
    requests = CertificationRequest.objects.using(stats_database()).filter(
        submitted_on__gte=scope.starts.date(), submitted_on__lt=scope.ends.date()
    )
    if scope.jurisdiction:
        requests = requests.filter(agency__jurisdiction=scope.jurisdiction)
    if scope.centre_ids is not None:
        requests = requests.filter(procedure__case__care_centre_id__in=scope.centre_ids)
    return requests


def _agencies(scope: Scope) -> list[tuple[int, str]]:
    agencies = CertifyingAgency.objects.using(stats_database()).order_by("name", "pk")
    if scope.jurisdiction:
        agencies = agencies.filter(jurisdiction=scope.jurisdiction)
    return [(pk, f"{name} ({region})" if region else name) for pk, name, region in agencies.values_list("pk", "name", "region")]


def _columns() -> list[tuple[str, str]]:
    """Column keys and labels, in the reader's language (built per request)."""
    return [
        ("requested", str(_("Requests"))),
        ("signed", str(_("Signed"))),
        *((f"denied:{reason.value}", str(_("Denied: %(reason)s") % {"reason": reason.label})) for reason in DenialReason),
        ("overdue", str(_("Answered late or not at all, past the law's deadline"))),
        ("appealed", str(_("Appeals"))),
        ("court", str(_("Court actions"))),
    ]


def certifications_by_agency(scope: Scope, *, today: dt.date | None = None) -> Counts:
    today = today or dt.date.today()
    rows = _agencies(scope)
    columns = _columns()
    index = {key: j for j, (key, _label) in enumerate(columns)}
    grid = {pk: [0] * len(columns) for pk, _name in rows}
    due = dict(
        Clock.objects.using(stats_database())
        .filter(certification__in=_requests(scope), kind__in=ANSWER_CLOCKS)
        .values_list("certification_id")
        .annotate(first=Min("due_on"))
        .order_by()
    )
    for pk, agency, status, answered, signed, reason, appeal, court in _requests(scope).values_list(
        "pk", "agency_id", "status", "answered_on", "signed_on", "denial_reason", "appeal_filed_on", "court_action_filed_on"
    ):
        counts = grid.get(agency)
        if counts is None:
            continue
        counts[index["requested"]] += 1
        if signed is not None:
            counts[index["signed"]] += 1
        if reason:
            counts[index[f"denied:{reason}"]] += 1
        first_due = due.get(pk)
        if first_due is not None and (answered or today) > first_due:
            counts[index["overdue"]] += 1
        if appeal is not None or status in APPEALED:
            counts[index["appealed"]] += 1
        if court is not None:
            counts[index["court"]] += 1
    return Counts(
        row_labels=tuple(name for _pk, name in rows),
        column_labels=tuple(label for _key, label in columns),
        values=tuple(tuple(grid[pk]) for pk, _name in rows),
    )


def median_days_to_answer(scope: Scope) -> dict[int, float | None]:
    """Per agency in scope: the median days from sending to the agency's answer (None: no answer yet)."""
    days: dict[int, list[int]] = {pk: [] for pk, _name in _agencies(scope)}
    for agency, submitted, answered in _requests(scope).filter(answered_on__isnull=False).values_list(
        "agency_id", "submitted_on", "answered_on"
    ):
        if agency in days and submitted is not None and answered is not None:
            days[agency].append((answered - submitted).days)
    return {agency: (median(values) if values else None) for agency, values in days.items()}


register(
    TableSpec(
        key="certifications-by-agency",
        title=_("Certification requests, per certifying agency"),
        description=_(
            "Requests sent in the year to each certifying agency, what it answered, the reasons it gave, "
            "answers past the law's deadline, appeals and court actions; every agency is listed."
        ),
        rows_are=_("Certifying agency"),
        columns_are=_("What happened"),
        source="relief",
        count=certifications_by_agency,
        definitions=(
            _("A request counts in the year it was sent to the agency."),
            _("Late: answered after, or not answered by, the earliest deadline the agency's law sets."),
        ),
        sensitive=True,
        oversight=True,
    )
)
