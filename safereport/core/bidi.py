"""Bidirectional isolation that holds in PDFs too (issue 13 §8, ADR 0030).

Browsers isolate `<bdi>` (and `unicode-bidi: isolate`); WeasyPrint does not
support `unicode-bidi: isolate` yet and draws a `<bdi>` as plain text, so in an
Arabic or Persian PDF a Latin organisation name's closing bracket or a
sentence's full stop can land on the wrong side. The Unicode isolate
characters (FSI … PDI, UAX #9) are honoured by every renderer, HTML and PDF
alike: names that sit inside a sentence carry them, and `for_pdf()` adds them
inside every `<bdi>` of a page before WeasyPrint lays it out.
"""

import re

FSI = "\u2068"  # first strong isolate: the name's own first letter decides its direction
PDI = "\u2069"  # pop directional isolate

_BDI_OPEN = re.compile(r"(<bdi(?:\s[^>]*)?>)")
_BDI_CLOSE = re.compile(r"(</bdi>)")


def isolate(text: str) -> str:
    """`text` as an isolated run inside a sentence of any direction; empty stays empty."""
    return f"{FSI}{text}{PDI}" if text else text


def for_pdf(html: str) -> str:
    """The page with every `<bdi>` isolated by characters, which WeasyPrint honours."""
    return _BDI_CLOSE.sub(PDI + r"\1", _BDI_OPEN.sub(r"\1" + FSI, html))
