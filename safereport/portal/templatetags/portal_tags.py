import re
from dataclasses import dataclass
from typing import Any

from django import template
from django.conf import settings
from django.db import DatabaseError
from django.utils.translation import get_language

from safereport.accounts.selectors import care_centres_open_to_contact
from safereport.content import selectors as content

register = template.Library()

_BULLET = re.compile(r"^- (.*)$")
_NUMBERED = re.compile(r"^\d+\. (.*)$")


@dataclass(frozen=True)
class Block:
    kind: str  # "p" | "ul" | "ol"
    lines: tuple[str, ...]


@register.filter
def text_blocks(body: str) -> list[Block]:
    """Key-message bodies are plain text: lines starting "- " or "1. " are list items."""
    blocks: list[Block] = []
    for raw in body.strip().splitlines():
        line = raw.strip()
        if not line:
            continue
        for kind, pattern in (("ul", _BULLET), ("ol", _NUMBERED)):
            match = pattern.match(line)
            if match:
                if blocks and blocks[-1].kind == kind:
                    blocks[-1] = Block(kind, (*blocks[-1].lines, match.group(1)))
                else:
                    blocks.append(Block(kind, (match.group(1),)))
                break
        else:
            blocks.append(Block("p", (line,)))
    return blocks


@register.inclusion_tag("portal/_help_contacts.html")
def help_contacts(centre: Any = None, compact: bool = False) -> dict[str, Any]:
    """How to reach a person now: the centre's phone and hours, lines that are not the police, then 112.

    Without `centre`: every centre open to contact in the portal's jurisdiction
    (a person who has not written yet). With one: that centre (the receipt page).
    Numbers come from the data files; unverified ones stay hidden (content.selectors).
    """
    language = get_language() or "en"
    if centre is None:
        jurisdiction = settings.DEFAULT_JURISDICTION.upper()
        try:
            names = [c.name for c in care_centres_open_to_contact() if c.jurisdiction.upper() == jurisdiction]
        except DatabaseError:
            # The crisis lines come from files: a person still gets them if the database is unreachable.
            names = []
    else:
        jurisdiction, names = centre.jurisdiction.upper(), [centre.name]
    lines = content.crisis_numbers_for(jurisdiction=jurisdiction, language=language)
    return {
        "cards": content.centre_cards_for(names=names, language=language),
        "lines": [line for line in lines if not line.police],
        "emergency": [line for line in lines if line.police],
        "compact": compact,
    }


@register.simple_tag
def centre_card(centre: Any) -> content.CentreCard | None:
    """The contact card of one centre, if it may be shown (verified, or demo and marked)."""
    cards = content.centre_cards_for(names=[centre.name], language=get_language() or "en")
    return cards[0] if cards else None
