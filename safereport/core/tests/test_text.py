"""Free text at the boundary: direction controls go, right-to-left writing stays."""

import pytest
from django import forms

from safereport.core.text import BIDI_CONTROLS, clean_free_text, strip_bidi_controls

RLO, PDF, LRM, RLM, ALM = "\u202e", "\u202c", "\u200e", "\u200f", "\u061c"


def clean(text: str) -> str:
    return clean_free_text(text, max_chars=1000)


def test_an_override_no_longer_turns_arabic_into_cibara():
    assert clean(f"{RLO}Arabic") == "Arabic"
    assert clean(f"Interpreter: {RLO}Arabic{PDF}, please") == "Interpreter: Arabic, please"


@pytest.mark.parametrize("control", sorted(BIDI_CONTROLS))
def test_every_embedding_override_and_isolate_is_removed(control):
    assert clean(f"a{control}b") == "ab"
    assert clean(f"عربي{control}ة") == "عربية"


def test_the_listed_controls_are_the_ones_unicode_names():
    # U+202A–U+202E, U+2066–U+2069 and the Arabic letter mark: nothing missing, nothing extra.
    expected = {chr(c) for c in range(0x202A, 0x202F)} | {chr(c) for c in range(0x2066, 0x206A)} | {ALM}
    assert expected == BIDI_CONTROLS


def test_arabic_and_persian_letters_are_untouched():
    arabic = "أحتاج مترجمًا للعربية"
    # The zero-width non-joiner is how Persian spells "می‌خواهم"; it must survive.
    persian = "من مترجم فارسی می\u200cخواهم"
    tigrinya = "ትግርኛ ዝዛረብ ተርጓሚ"
    assert clean(arabic) == arabic
    assert clean(persian) == persian and "\u200c" in clean(persian)
    assert clean(tigrinya) == tigrinya


def test_direction_marks_stay_in_right_to_left_text_and_go_where_they_settle_nothing():
    # "Gent" inside Arabic text, a mark keeping the full stop on the Arabic side.
    mixed = f"أسكن في Gent{RLM}."
    assert clean(mixed) == mixed
    assert clean(f"Room 12{RLM}3, call 0{LRM}471") == "Room 123, call 0471"
    assert strip_bidi_controls(f"{ALM}١٢") == "١٢"


def test_other_control_characters_still_go_and_limits_still_hold():
    assert clean("a\x00b\x1b[31m") == "ab[31m"
    with pytest.raises(forms.ValidationError):
        clean_free_text("x" * 11, max_chars=10)
