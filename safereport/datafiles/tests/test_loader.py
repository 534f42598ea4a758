"""A broken file is refused with its file and entry named (on a scratch copy of data/)."""

import pytest

from safereport import datafiles
from safereport.datafiles.tests.conftest import edit


def _error(kind: str, root) -> str:
    with pytest.raises(datafiles.DataFileError) as raised:
        datafiles.load(kind, root=root)
    return str(raised.value)


def test_a_missing_field_names_the_file_and_the_mechanism(data_root):
    edit(data_root / "jurisdictions" / "nl.toml", 'perpetrator_fit = "Any."\n', "")
    assert "data/jurisdictions/nl.toml NL-VEVE: missing field 'perpetrator_fit'" in _error(
        "navigator.jurisdictions", data_root
    )


def test_a_word_outside_the_vocabulary_names_the_entry_and_the_allowed_words(data_root):
    edit(data_root / "referrals" / "NL.toml", "verified = false", 'verified = "yes"')
    edit(data_root / "content" / "jurisdictions.toml", 'confidence = "recall"', 'confidence = "sure"')
    referrals = _error("referrals", data_root)
    assert "data/referrals/NL.toml nl-fier: field 'verified' should be true or false, not text" in referrals
    facts = _error("content.jurisdictions", data_root)
    # The source inside the crisis number inside the jurisdiction.
    assert "data/content/jurisdictions.toml BE eu-112 EECC-109: confidence must be one of" in facts
    assert "'recall', not 'sure'" in facts


def test_a_translation_is_named_by_its_language(data_root):
    path = data_root / "content" / "messages" / "your-choice.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index('language = "fa"')
    path.write_text(
        text[:start] + text[start:].replace('status = "draft"', 'status = "checked"', 1), encoding="utf-8"
    )
    assert (
        "data/content/messages/your-choice.toml [fa]: status must be one of 'draft' or 'reviewed', not 'checked'"
        in _error("content.messages", data_root)
    )


def test_an_unknown_field_and_a_quoted_date_are_refused(data_root):
    edit(
        data_root / "crime_types.toml",
        "last_reviewed = 2026-11-24",
        'last_reviewed = "2026-11-24"\ncolour = "red"',
    )
    error = _error("navigator.crime_types", data_root)
    assert "data/crime_types.toml: field 'last_reviewed' should be a date" in error
    assert "data/crime_types.toml: unknown field 'colour'" in error


def test_text_without_english_is_refused_because_english_is_the_fallback(data_root):
    edit(
        data_root / "safeguarding" / "grounds.toml",
        'label = { en = "Immediate risk to someone\'s life", ',
        "label = { ",
    )
    assert "data/safeguarding/grounds.toml immediate_risk_to_life: label: no English text ('en')" in _error(
        "consent.safeguarding", data_root
    )


def test_a_summary_frame_that_is_missing_is_refused_when_read_not_when_printed(data_root):
    edit(data_root / "casework" / "summary.toml", "[none_yet]", "[none_yet_typo]")
    assert "missing frame(s): none_yet" in _error("cases.summary", data_root)


def test_a_reference_to_an_unknown_crime_is_refused_across_files(data_root):
    edit(data_root / "crime_types.toml", 'id = "fgm"', 'id = "female_genital_mutilation"')
    assert "'crimes' has unknown value 'fgm'" in _error("navigator.jurisdictions", data_root)


def test_a_file_that_is_not_toml_is_named(data_root):
    (data_root / "retention" / "nl.toml").write_text("jurisdiction = \n", encoding="utf-8")
    assert "data/retention/nl.toml: not valid TOML" in _error("consent.retention", data_root)


def test_two_partner_services_with_one_key_are_refused(data_root):
    edit(data_root / "referrals" / "NL.toml", 'key = "nl-fier"', 'key = "be-pag-asa"')
    assert "data/referrals/BE.toml be-pag-asa: this key is used by more than one service" in _error(
        "referrals", data_root
    )


def test_every_problem_is_reported_at_once(data_root):
    edit(data_root / "jurisdictions" / "us.toml", 'confidence = "high"', 'confidence = "certain"')
    edit(data_root / "jurisdictions" / "it.toml", "victim_can_start = true", 'victim_can_start = "yes"')
    error = _error("navigator.jurisdictions", data_root)
    assert "us.toml" in error and "it.toml" in error


def test_an_edited_file_is_read_again_and_an_unchanged_one_comes_from_the_cache(data_root):
    first = datafiles.load("referrals", root=data_root)
    assert datafiles.load("referrals", root=data_root)["BE.toml"] is first["BE.toml"]
    edit(data_root / "referrals" / "BE.toml", 'name = "PAG-ASA"', 'name = "Payoke"')
    again = datafiles.load("referrals", root=data_root)
    assert again["BE.toml"].service[0].name == "Payoke"


def test_a_loaded_file_knows_where_it_came_from(data_root):
    files = datafiles.load("content.messages", root=data_root)
    assert files["first-visit.toml"].path == data_root / "content" / "messages" / "first-visit.toml"


def test_an_unknown_kind_lists_the_known_ones():
    with pytest.raises(KeyError, match="navigator.jurisdictions"):
        datafiles.load("jurisdiction")
