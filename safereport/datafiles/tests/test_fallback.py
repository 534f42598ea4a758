"""The one English-fallback rule, and the schema rule that makes it safe."""

import pytest

from safereport import datafiles
from safereport.datafiles import DataFile, TranslatedText, in_language

TEXTS = {"en": "Notes", "ar": "ملاحظات", "fr": "Notes (fr)"}


def test_the_requested_language_is_used_when_it_exists():
    found = in_language(TEXTS, "ar")
    assert (found.value, found.language, found.is_fallback, found.direction) == (
        "ملاحظات",
        "ar",
        False,
        "rtl",
    )


def test_a_missing_language_falls_back_to_english_and_says_so():
    found = in_language(TEXTS, "fa")
    assert (found.value, found.language, found.requested) == ("Notes", "en", "fa")
    assert found.is_fallback
    # English shown to a Persian reader is still laid out left to right.
    assert found.direction == "ltr"


def test_english_asked_for_is_not_a_fallback():
    assert not in_language(TEXTS, "en").is_fallback


@pytest.mark.parametrize("asked", ["fr-BE", "FR", "fr_be"])
def test_a_region_or_capitals_ask_for_the_language(asked):
    assert in_language(TEXTS, asked).value == "Notes (fr)"


def test_nothing_asked_means_english():
    assert in_language(TEXTS, None).language == "en"


class _Frames(DataFile):
    label: TranslatedText


def test_the_schema_refuses_text_without_english_so_the_fallback_always_finds_one():
    with pytest.raises(Exception, match="no English text"):
        _Frames.model_validate({"label": {"fr": "Notes"}})


def test_the_schema_refuses_an_empty_translation_and_a_language_code_the_rule_would_never_find():
    with pytest.raises(Exception, match="at least 1 character"):
        _Frames.model_validate({"label": {"en": "Notes", "fr": ""}})
    with pytest.raises(Exception, match="'fr-BE' is not a language code like 'fr'"):
        _Frames.model_validate({"label": {"en": "Notes", "fr-BE": "Notes"}})


def test_a_bare_string_is_english():
    assert _Frames.model_validate({"label": "Notes"}).label == {"en": "Notes"}


def test_the_fallback_language_is_the_default_locale():
    from config.locales import DEFAULT_LOCALE

    assert datafiles.FALLBACK_LANGUAGE == DEFAULT_LOCALE
