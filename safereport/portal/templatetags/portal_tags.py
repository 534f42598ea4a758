import re
from dataclasses import dataclass
from typing import Any

from django import template
from django.conf import settings
from django.utils.translation import get_language

from safereport.content import selectors as content
from safereport.portal import wording

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
def help_contacts(centre: Any = None, compact: bool = False, say: dict[str, Any] | None = None) -> dict[str, Any]:
    """How to reach a person now: the centre's phone and hours, lines that are not the police, then 112.

    Without `centre`: every centre open to contact in the portal's jurisdiction
    (a person who has not written yet). With one: that centre (the receipt page).
    Numbers come from the data files; unverified ones stay hidden (content.selectors).
    A person who wrote to a municipal desk (`say`, portal.wording) is not pointed
    to the centres' cards as "the centre": they get the helplines and 112.
    """
    language = get_language() or "en"
    say = say or wording.wording_for(None)
    if say["is_desk"]:
        jurisdiction = centre.jurisdiction.upper() if centre is not None else settings.DEFAULT_JURISDICTION.upper()
        cards = []
    elif centre is None:
        # From the data files alone: this footer is on every page, the rights
        # navigator's included, which must not touch the database at all, and
        # a person still gets the numbers if the database is unreachable.
        jurisdiction = settings.DEFAULT_JURISDICTION.upper()
        cards = content.centre_cards_in(jurisdiction=jurisdiction, language=language, include_demo=not settings.IS_PRODUCTION)
    else:
        jurisdiction = centre.jurisdiction.upper()
        cards = content.centre_cards_for(names=[centre.name], language=language)
    lines = content.crisis_numbers_for(jurisdiction=jurisdiction, language=language)
    return {
        "cards": cards,
        "lines": [line for line in lines if not line.police],
        "emergency": [line for line in lines if line.police],
        "compact": compact,
        "say": say,
    }


@register.simple_tag
def centre_card(centre: Any) -> content.CentreCard | None:
    """The contact card of one centre, if it may be shown (verified, or demo and marked)."""
    cards = content.centre_cards_for(names=[centre.name], language=get_language() or "en")
    return cards[0] if cards else None
