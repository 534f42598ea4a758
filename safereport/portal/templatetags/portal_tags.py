import re
from dataclasses import dataclass

from django import template

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
