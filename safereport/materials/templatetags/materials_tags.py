"""The materials link on the staff start page (accounts sits below materials, so materials contributes it).

    {% load materials_tags %}
    {% materials_start_link %}
"""

from collections.abc import Collection

from django import template
from django.utils.translation import gettext, gettext_lazy

from safereport.accounts.permissions import Permission

register = template.Library()


@register.inclusion_tag("materials/_start_link.html", takes_context=True)
def materials_start_link(context: template.Context) -> dict[str, object]:
    permissions: Collection[str] = context.get("user_permissions") or ()
    return {"shown": str(Permission.MATERIALS_CATALOGUE_READ) in permissions}


# The catalogue's words for each kind (staff-facing; the sheets themselves are printed for people).
KIND_NAMES = {
    "poster-a3": gettext_lazy("Poster, A3"),
    "poster-a4": gettext_lazy("Poster, A4"),
    "flyer-a5": gettext_lazy("Flyer, A5"),
    "wallet-card": gettext_lazy("Wallet card (85 × 55 mm)"),
    "safe-card": gettext_lazy("Safe-to-carry card (85 × 55 mm): no service named"),
}


@register.simple_tag
def kind_name(key: str, english: str) -> str:
    return str(KIND_NAMES.get(key, english))


@register.simple_tag
def drafts_note(drafts: tuple[tuple[str, ...], bool]) -> str:
    """What is draft on one sheet, in the reader's language (key messages named by their English titles)."""
    titles, words_are_draft = drafts
    parts = [f"“{title}”" for title in titles]
    if words_are_draft:
        parts.append(gettext("the other words on the sheet"))
    if not parts:
        return gettext("No draft translation.")
    return gettext("Draft translations: %(texts)s.") % {"texts": ", ".join(parts)}
