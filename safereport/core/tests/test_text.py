"""Free text at the boundary: direction controls go, right-to-left writing stays, and every
form field that takes typed text is a FreeTextField (the one place that cleans)."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms

import safereport
from safereport.core.text import BIDI_CONTROLS, FreeTextField, clean_free_text, strip_bidi_controls

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


# --- every form field that takes typed text goes through FreeTextField ------------------

# Character fields that take no free text from a person, and why. Anything else
# typed into a form must be a FreeTextField, so it is cleaned in one place.
NOT_FREE_TEXT = {
    "consent.forms.SendPackageForm.previewed": "a keyed hash of the preview, compared exactly",
    "accounts.forms.StaffLoginForm.username": "looked up, never stored or shown",
    "accounts.forms.StaffLoginForm.password": "a password is compared exactly as typed",
    "accounts.forms.TokenForm.token": "six digits, checked",
    "accounts.forms.ReauthenticateForm.token": "six digits, checked",
    "accounts.forms.ReauthenticateForm.password": "a password is compared exactly as typed",
    "accounts.forms.AcceptInvitationForm.username": "ASCII letters, digits and . _ - only (RegexField)",
    "accounts.forms.AcceptInvitationForm.password1": "a password is hashed exactly as typed",
    "accounts.forms.AcceptInvitationForm.password2": "a password is hashed exactly as typed",
    "cases.forms.TransitionForm.transition": "a transition name, matched against the workflow",
    "portal.forms.ReceiptCodeForm.code": "normalised to 16 digits, never stored",
    "portal.forms.CodeForm.code": "normalised to 16 digits, never stored",
    "portal.forms.SealedRecordForm.code": "normalised to 16 digits, never stored",
    "portal.forms.AppointmentAnswerForm.appointment": "a UUID (UUIDField)",
    "referrals.forms.PartnerUpdateForm.status": "a referral status, matched against its choices",
    "referrals.forms.ReferralServiceForm.key": "a slug",
    "referrals.forms.ReferralServiceForm.jurisdiction": "a two-letter jurisdiction code",
    "referrals.forms.ReferralServiceForm.languages": "a JSON list of language codes",
    "police.forms.HeldForm.contact_route_detail": "a phone number: digits, spaces, + ( ) and - only (police.policies.clean_phone)",
    "police.forms.ReportForm.reference": "a file number: capitals, digits and - / . _ only (police.policies.clean_reference)",
    "police.forms.IntermediaryReportForm.reference": "the same file number, inherited from ReportForm",
    "evidence.forms.ItemForm.seal_number": "a seal number: capitals, digits and - / . _ only (evidence CodeField)",
    "evidence.forms.CustodyForm.seal_number": "a seal number: capitals, digits and - / . _ only (evidence CodeField)",
    "evidence.forms.HandOverForm.receiver_ref": "a badge number: capitals, digits and - / . _ only (evidence CodeField)",
    "evidence.forms.WitnessConfirmation.witness_password": "the witness's password, compared exactly as typed, never kept",
    "evidence.forms.WitnessConfirmation.witness_token": "six digits, checked by django-otp",
    "evidence.forms.DestroyForm.witness_password": "the witness's password, inherited from WitnessConfirmation",
    "evidence.forms.DestroyForm.witness_token": "six digits, inherited from WitnessConfirmation",
    "evidence.forms.HandOverForm.witness_password": "the witness's password, inherited from WitnessConfirmation",
    "evidence.forms.HandOverForm.witness_token": "six digits, inherited from WitnessConfirmation",
    "relief.forms.AgencyForm.jurisdiction": "two letters (RegexField)",
    "relief.forms.ChecklistForm.item": "a document id from data/relief; relief.services.checklist_item_set refuses others",
    "relief.forms.FileForm.item": "a document id from data/relief; the paper's service refuses others",
}


def _form_classes():
    for module_info in pkgutil.walk_packages(safereport.__path__, "safereport."):
        name = module_info.name
        if ".tests" in name or ".migrations" in name or not name.endswith(".forms"):
            continue
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == name:
                yield cls


def test_every_field_that_takes_typed_text_is_a_free_text_field():
    seen, unclean = set(), []
    for form in _form_classes():
        for field_name, field in form.base_fields.items():
            key = f"{form.__module__.removeprefix('safereport.')}.{form.__name__}.{field_name}"
            seen.add(key)
            if isinstance(field, forms.CharField) and not isinstance(field, FreeTextField) and key not in NOT_FREE_TEXT:
                unclean.append(key)
    assert not unclean, f"typed text that skips clean_free_text: {unclean}"
    # The walk reached the forms it exists for, and the allowlist names only fields that exist.
    assert {"portal.forms.ContactForm.message", "cases.forms.EncounterForm.interpreter_language_other"} <= seen
    assert set(NOT_FREE_TEXT) <= seen, set(NOT_FREE_TEXT) - seen
