"""The evidence panel on the case page, and the links on the staff start page.

The case page belongs to cases and the start page to accounts, which must not
import evidence (the arrows point the other way); they load these tags.
"""

from html import escape as _escape

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from safereport.cases.models import Case
from safereport.evidence import selectors

register = template.Library()


@register.inclusion_tag("evidence/_case_panel.html", takes_context=True)
def evidence_panel(context: template.Context, case: Case) -> dict[str, object]:
    return {
        "case": case,
        "kits": selectors.kits_of_case(case=case),
        "user_permissions": context.get("user_permissions", ()),
    }


@register.inclusion_tag("evidence/_start_link.html", takes_context=True)
def evidence_start_link(context: template.Context) -> dict[str, object]:
    permissions = context.get("user_permissions") or ()
    user = context.get("user")
    show_centre = "evidence:kit:read" in permissions
    worklist = selectors.worklist_for(user) if show_centre and user is not None else None
    return {
        "show_centre": show_centre,
        "show_police": "evidence:kit:receive" in permissions,
        "count": worklist.count if worklist else 0,
        "alerts": len(worklist.freezer_alerts) if worklist else 0,
    }


@register.simple_tag
def custody_table_rows(rows: list[selectors.CustodyRow]) -> SafeString:
    """The custody log's rows, each field escaped: a log of hundreds of lines renders in milliseconds."""
    word_from, word_to, word_seal = escape(_("from")), escape(_("to")), escape(_("seal"))
    word_officer = escape(_("officer no."))
    lines = []
    # The standard library escapes the same five characters as Django, without a SafeString per field;
    # a log repeats the same few names, labels and places, so each distinct text is escaped once.
    escaped: dict[str, str] = {}

    def esc(text: str) -> str:
        found = escaped.get(text)
        if found is None:
            found = escaped[text] = _escape(text)
        return found

    for row in rows:
        where = []
        if row.where:
            where.append(f"<bdi>{esc(row.where)}</bdi>")
        if row.from_party:
            where.append(f"{word_from} <bdi>{esc(row.from_party)}</bdi>")
        if row.to_party:
            where.append(f"{word_to} <bdi>{esc(row.to_party)}</bdi>")
        if row.receiver_ref:
            where.append(f"({word_officer} <bdi>{esc(row.receiver_ref)}</bdi>)")
        if row.seal_number:
            where.append(f"· {word_seal} {esc(row.seal_number)}")
        item = f": <bdi>{esc(row.item)}</bdi>" if row.item else ""
        lines.append(
            f"<tr><td>{esc(row.when)}</td><td>{esc(row.what)}{item}</td><td>{esc(row.by)}</td>"
            f"<td>{esc(row.witness or '—')}</td><td>{' '.join(where)}</td><td>{esc(row.condition)}</td></tr>"
        )
    return mark_safe("\n".join(lines))  # noqa: S308  (every field escaped above)
