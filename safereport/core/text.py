"""Free text from people: normalised, stripped of control characters, with stated limits.

Every form field that takes text a person or a member of staff typed is a
FreeTextField (core/tests/test_text.py walks every form to hold that), so
what reaches a service, a sealed field or a page has passed `clean_free_text`.
"""

import unicodedata
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

MESSAGE_MAX_CHARS = 5000
SHORT_TEXT_MAX_CHARS = 500

# Embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI)
# and the Arabic letter mark. Each changes how the text *around* it is drawn:
# an override turns "Arabic" into "cibarA" and can carry on into whatever the
# page prints next. Arabic, Persian and Tigrinya text needs none of them to be
# shown right; the page isolates each typed string (<bdi>, dir="auto") instead.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c")
# The left-to-right and right-to-left marks only nudge neutral characters
# (a full stop, a bracket, a number) to one side. A writer of mixed Arabic and
# Latin text uses them for that; in text with no right-to-left letter they have
# nothing to settle and only serve to reorder digits and punctuation.
BIDI_MARKS = frozenset("\u200e\u200f")
# Zero-width joiner and non-joiner (U+200C, U+200D) are not on either list:
# Persian needs the non-joiner to spell words ("می‌کند").


def _has_right_to_left_letter(text: str) -> bool:
    # Letters only: the right-to-left mark is itself of class R.
    return any(unicodedata.bidirectional(char) in {"R", "AL"} and unicodedata.category(char).startswith("L") for char in text)


def strip_bidi_controls(value: str) -> str:
    """Remove direction controls, keeping the marks only where right-to-left letters give them a job."""
    remove = BIDI_CONTROLS if _has_right_to_left_letter(value) else BIDI_CONTROLS | BIDI_MARKS
    return "".join(char for char in value if char not in remove)


def clean_free_text(value: str, *, max_chars: int) -> str:
    value = strip_bidi_controls(unicodedata.normalize("NFC", value).replace("\r\n", "\n"))
    # Other control characters (NUL, escapes), surrogates and unassigned or
    # private-use code points never belong in what a person wrote.
    cleaned = "".join(
        char for char in value if char in "\n\t" or unicodedata.category(char) not in {"Cc", "Cs", "Co", "Cn"}
    )
    if len(cleaned) > max_chars:
        raise forms.ValidationError(
            _("Please keep this shorter than %(limit)s characters. You can send more in a second message.")
            % {"limit": max_chars}
        )
    return cleaned.strip()


class FreeTextField(forms.CharField):
    def __init__(self, *, max_chars: int, **kwargs: Any) -> None:
        self.max_chars = max_chars
        # No max_length here: the browser would silently cut what was typed.
        super().__init__(**kwargs)
        # Arabic, Farsi and Tigrinya text typed into an English page (and back)
        # must keep its own direction.
        self.widget.attrs.setdefault("dir", "auto")

    def clean(self, value: Any) -> str:
        # Strip control characters before Django's validators, which would
        # otherwise refuse the whole text for one stray NUL.
        cleaned = clean_free_text(self.to_python(value) or "", max_chars=self.max_chars)
        self.validate(cleaned)
        self.run_validators(cleaned)
        return cleaned


def nothing_chosen(choices: Any) -> list[tuple[str, Any]]:
    """A list with an empty first option, so a select records nothing nobody chose.

    A `<select>` shows its first option as chosen; for a person's decision, a
    purpose or a ground that would record an answer nobody gave (issue 13 §5).
    The field stays required: leaving the empty option is an error, not a choice.
    """
    return [("", _("Choose one")), *list(choices)]
