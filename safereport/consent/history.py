"""The person's access history in their own words: one plain sentence per event.

`consent.selectors.access_history_for_victim` reads the events; this module
turns them into lines. Each action's sentence is declared with the action
(`<app>/audit_actions.py`, see safereport.audit.actions), so an action cannot
reach the person as a vague "made a change". Views repeat: the same role of
the same organisation reading the same kind of thing on the same day is one
line with a count, so a refusal or a sharing is never buried under dozens of
"opened" lines.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from safereport.accounts.permissions import Role
from safereport.audit import actions
from safereport.audit.actions import Access
from safereport.core.bidi import isolate
from safereport.core.categories import DataCategory

# Events written before every action declared its sentence (older logs) still read truthfully.
UNDECLARED = {
    Access.VIEWED: _("%(who)s looked at your record"),
    Access.SHARED: _("%(who)s shared information about you"),
    Access.REFUSED: _("%(who)s tried to reach your record and was refused"),
    Access.CHANGED: _("%(who)s made a change to your record"),
}


@dataclass(frozen=True)
class Event:
    """One staff event about the case, as the audit log holds it."""

    occurred_at: datetime
    action: str
    roles: str  # "case_manager,crisis_worker", as recorded at the time
    organisation_name: str
    subject: str
    details: dict[str, Any]


@dataclass(frozen=True)
class HistoryLine:
    occurred_at: datetime  # the newest event of the line
    access: str  # Access value: "viewed" | "shared" | "refused" | "changed"
    sentence: str
    recipient: str
    categories: list[str]
    # More than 1: the views of that day by that role, counted as openings (see _times).
    times: int
    repeated: str  # "12 times that day", or ""


def _access(action: str) -> Access:
    declared = actions.get(action)
    if declared is not None:
        return declared.access
    verb = action.rsplit(":", 1)[-1]
    if verb.endswith(("refused", "denied")):
        return Access.REFUSED
    if verb in {"opened", "read", "viewed", "printed", "downloaded"}:
        return Access.VIEWED
    if verb in {"disclosed", "shared", "sent"}:
        return Access.SHARED
    return Access.CHANGED


def _who(roles: str, organisation_name: str) -> str:
    # Role names as the person can read them ("Nurse or doctor"), never a staff name.
    labels = " / ".join(str(Role(role).label) if role in Role.values else role for role in roles.split(",") if role)
    if not organisation_name:
        return labels
    # The name is isolated: Latin inside an Arabic sentence keeps its brackets and full stop in place (issue 13 §8).
    return _("%(roles)s at %(organisation)s") % {"roles": labels, "organisation": isolate(organisation_name)}


def _sentence(action: str, access: Access, who: str) -> str:
    declared = actions.get(action)
    told = declared.told if declared is not None and declared.told is not None else UNDECLARED[access]
    # Plain text: the page escapes it, organisation names included.
    return str(told) % {"who": who}


_CATEGORY_VALUES = frozenset(DataCategory.values)  # .values builds a new list on every call


def _category_labels(value: object) -> list[str]:
    if not isinstance(value, str):
        return []
    return [str(DataCategory(c).label) if c in _CATEGORY_VALUES else c for c in value.split(",") if c]


def _times(reads: Counter[tuple[str, str]]) -> int:
    """How many openings a day's reads were.

    Opening a visit's notes writes one event per sealed field: the fields of
    one record read together are one opening, so a record counts as often as
    its most-read field (a field read twice means the record was opened twice).
    """
    most: dict[str, int] = {}
    for (subject, _field), count in reads.items():
        most[subject] = max(most.get(subject, 0), count)
    return sum(most.values())


def lines(events: Iterable[Event]) -> list[HistoryLine]:
    """Newest first, as the events come; repeated views of one day share the line of the newest."""
    built: list[dict[str, Any]] = []
    views: dict[tuple[date, str, str, str], dict[str, Any]] = {}
    for event in events:
        access = _access(event.action)
        if access is Access.VIEWED:
            key = (timezone.localdate(event.occurred_at), event.action, event.roles, event.organisation_name)
            seen = views.get(key)
            read = (event.subject, str(event.details.get("field", "")))
            if seen is not None:
                seen["reads"][read] += 1
                continue
            line = views[key] = {"event": event, "access": access, "reads": Counter([read])}
        else:
            line = {"event": event, "access": access, "reads": Counter()}
        built.append(line)
    result = []
    for line in built:
        event, access = line["event"], line["access"]
        times = _times(line["reads"]) if access is Access.VIEWED else 1
        recipient = event.details.get("recipient", "")
        result.append(
            HistoryLine(
                occurred_at=event.occurred_at,
                access=access.value,
                sentence=_sentence(event.action, access, _who(event.roles, event.organisation_name)),
                recipient=recipient if isinstance(recipient, str) else "",
                categories=_category_labels(event.details.get("categories")),
                times=times,
                repeated=(
                    ngettext("%(count)s time that day", "%(count)s times that day", times) % {"count": times}
                    if times > 1
                    else ""
                ),
            )
        )
    return _runs(result)


def _runs(result: list[HistoryLine]) -> list[HistoryLine]:
    """Views by the same people, one day after another with nothing else between, are one line (issue 13 §9).

    "Crisis worker at X opened your record: 5 times between 2 and 4 December".
    A sharing, a change or a refusal breaks the run, so it is never buried.
    """
    merged: list[HistoryLine] = []
    for line in result:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and line.access == Access.VIEWED.value
            and previous.access == Access.VIEWED.value
            and line.sentence == previous.sentence
            and line.categories == previous.categories
        ):
            times = previous.times + line.times
            oldest, newest = timezone.localdate(line.occurred_at), timezone.localdate(previous.occurred_at)
            merged[-1] = HistoryLine(
                occurred_at=previous.occurred_at,
                access=previous.access,
                sentence=previous.sentence,
                recipient=previous.recipient,
                categories=previous.categories,
                times=times,
                repeated=(
                    ngettext("%(count)s time that day", "%(count)s times that day", times) % {"count": times}
                    if oldest == newest
                    else ngettext(
                        "%(count)s time between %(first)s and %(last)s",
                        "%(count)s times between %(first)s and %(last)s",
                        times,
                    )
                    % {"count": times, "first": date_format(oldest, "j F"), "last": date_format(newest, "j F")}
                ),
            )
            continue
        merged.append(line)
    return merged
