"""The API the portal and case work call."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from config.locales import LANGUAGE_CODES
from safereport.content import selectors
from safereport.content.selectors import (
    MessageNotApplicable,
    UnknownMessage,
    crisis_numbers_for,
    key_messages_for,
    label,
    message_get,
    message_slugs,
)


@pytest.fixture(autouse=True)
def fresh_library():
    selectors.library.cache_clear()
    yield
    selectors.library.cache_clear()


@pytest.mark.parametrize("language", LANGUAGE_CODES)
@pytest.mark.parametrize("jurisdiction", ["BE", "NL", "ES", "IT"])
def test_every_language_gets_every_applicable_message_in_its_own_language(language, jurisdiction):
    messages = key_messages_for(language=language, jurisdiction=jurisdiction)
    assert messages
    assert all(m.language == language and not m.is_fallback for m in messages)
    assert [m.order for m in messages] == sorted(m.order for m in messages)


def test_get_help_now_comes_first():
    assert key_messages_for(language="en", jurisdiction="BE")[0].slug == "get-help-now"


def test_an_unknown_language_falls_back_to_english_and_says_so():
    found = message_get(slug="your-choice", language="so", jurisdiction="BE")
    assert found.language == "en"
    assert found.requested_language == "so"
    assert found.is_fallback


def test_a_regional_language_code_uses_the_base_language():
    assert message_get(slug="your-choice", language="fr-BE", jurisdiction="BE").language == "fr"


def test_right_to_left_languages_are_marked():
    assert message_get(slug="your-choice", language="fa", jurisdiction="BE").text_direction == "rtl"
    assert message_get(slug="your-choice", language="ti", jurisdiction="BE").text_direction == "ltr"


def test_translations_report_that_they_need_professional_review():
    found = message_get(slug="your-choice", language="ar", jurisdiction="BE")
    assert found.review_status == "draft"
    assert found.needs_professional_review


def test_belgium_gets_the_belgian_police_law_and_the_netherlands_the_dutch_one():
    be = message_get(slug="police-and-immigration-law", language="en", jurisdiction="BE")
    nl = message_get(slug="police-and-immigration-law", language="en", jurisdiction="NL")
    assert be.variant == "BE" and "Belgium" in be.title
    assert nl.variant == "NL" and "not a law" in nl.sections[0].body
    assert be.kind == nl.kind == "law"
    assert be.sources and be.last_checked


def test_no_law_message_is_shown_where_no_variant_is_written_for_it():
    with pytest.raises(MessageNotApplicable):
        message_get(slug="police-and-immigration-law", language="en", jurisdiction="ES")
    slugs = [m.slug for m in key_messages_for(language="en", jurisdiction="ES")]
    assert "police-and-immigration-law" not in slugs


def test_eu_rights_are_not_shown_outside_the_directive():
    # A jurisdiction the data does not know (e.g. the UK, or Denmark, which is
    # not bound by the Directive) gets no EU legal claim.
    for code in ("UK", "DK", "US"):
        assert not key_messages_for(language="en", jurisdiction=code, kind="law")


def test_law_messages_carry_a_legal_claim_sources_and_a_date():
    for message in key_messages_for(language="nl", jurisdiction="NL", kind="law"):
        assert message.legal_claim and message.sources and message.last_checked


def test_centre_promises_are_shown_only_when_the_centre_adopted_them():
    shown = {m.slug for m in key_messages_for(language="en", jurisdiction="BE", centre_policies=[])}
    assert "no-immigration-contact" not in shown
    assert "get-help-now" in shown and "victim-rights-eu" in shown
    with pytest.raises(MessageNotApplicable):
        message_get(
            slug="no-immigration-contact", language="en", jurisdiction="BE", centre_policies={"services"}
        )
    adopted = message_get(
        slug="no-immigration-contact",
        language="en",
        jurisdiction="BE",
        centre_policies={"no_immigration_contact"},
    )
    assert adopted.kind == "centre_policy"


def test_the_belgian_evidence_message_states_the_belgian_retention_period():
    be = message_get(slug="evidence-kept-while-you-decide", language="en", jurisdiction="BE")
    nl = message_get(slug="evidence-kept-while-you-decide", language="en", jurisdiction="NL")
    assert "6 months" in be.sections[0].body
    assert "Ask us how long" in nl.sections[0].body


def test_the_jurisdiction_defaults_to_the_deployment_setting(settings):
    settings.DEFAULT_JURISDICTION = "NL"
    assert message_get(slug="police-and-immigration-law", language="en").variant == "NL"


def test_an_unknown_slug_is_an_error():
    with pytest.raises(UnknownMessage):
        message_get(slug="there-are-laws-to-protect-you", language="en", jurisdiction="BE")


def test_the_reference_records_slug_variant_language_and_text():
    found = message_get(slug="evidence-kept-while-you-decide", language="fa", jurisdiction="BE")
    assert found.reference == f"evidence-kept-while-you-decide@BE:fa#{found.digest[:12]}"


def test_message_slugs_are_the_registered_ones_in_display_order():
    assert message_slugs()[0] == "get-help-now"
    assert set(message_slugs()) == set(selectors.library().registered_slugs)


def test_victims_see_only_verified_crisis_numbers():
    shown = crisis_numbers_for(jurisdiction="NL", language="ar")
    assert [n.number for n in shown] == ["112"]
    assert shown[0].label_language == "ar" and not shown[0].is_fallback
    everything = crisis_numbers_for(jurisdiction="NL", language="ar", include_unverified=True)
    assert {"0800-0188", "0800-2000"} <= {n.number for n in everything}


def test_an_unknown_jurisdiction_has_no_crisis_numbers_rather_than_wrong_ones():
    assert crisis_numbers_for(jurisdiction="US", language="en") == []


def test_labels_frame_promise_and_law_in_the_reader_language():
    assert label("kind_law", language="uk") == "Що каже закон"
    assert label("kind_centre_policy", language="xx") == "What this centre promises"


def test_the_content_check_command_prints_the_report_and_review_status(capsys):
    call_command("content", "check")
    out = capsys.readouterr().out
    assert "Translation review status per language" in out
    for code in LANGUAGE_CODES:
        assert f"\n  {code} " in out
    assert "English reading grade" in out
    assert out.rstrip().endswith("OK")


def test_the_content_check_command_fails_on_broken_data(data_copy, settings):
    (data_copy / "messages" / "first-visit.toml").unlink()
    settings.CONTENT_DATA_DIR = data_copy
    with pytest.raises(CommandError, match="content problem"):
        call_command("content", "check")
