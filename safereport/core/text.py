"""Free text from people: normalised, stripped of control characters, with stated limits."""

import unicodedata
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

MESSAGE_MAX_CHARS = 5000
SHORT_TEXT_MAX_CHARS = 500

# Bidirectional embedding/override/isolate controls are legitimate in mixed
# Arabic/Latin text; other control characters (NUL, escapes) never are.
_BIDI_CONTROLS = set("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c")


def clean_free_text(value: str, *, max_chars: int) -> str:
    value = unicodedata.normalize("NFC", value).replace("\r\n", "\n")
    cleaned = "".join(
        char
        for char in value
        if char in "\n\t" or char in _BIDI_CONTROLS or unicodedata.category(char) not in {"Cc", "Cs", "Co", "Cn"}
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
