"""Portal forms. Every limit is stated in the message the person sees."""

from collections.abc import Mapping, Sequence
from typing import Any, cast

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from config import locales
from safereport.accounts.permissions import OrganisationKind
from safereport.accounts.selectors import organisation_open_to_contact, organisations_open_to_contact
from safereport.cases import receipts
from safereport.cases.models import AppointmentKind, Companion, HelpKind
from safereport.consent.purposes import SEALED_CATEGORIES, Purpose
from safereport.core.categories import DataCategory
from safereport.core.languages import LanguageChoiceField, LanguagePairsForm, other_language_field
from safereport.core.text import MESSAGE_MAX_CHARS, SHORT_TEXT_MAX_CHARS, FreeTextField

SHAREABLE = [(v, label) for v, label in DataCategory.choices if v not in SEALED_CATEGORIES]


def contact_choices() -> tuple[list[tuple[str, str]], bool]:
    """Where a person can write (the care centres, and a desk the DPO opened), and whether a desk is among them."""
    places = list(organisations_open_to_contact())
    return [(str(place.public_id), place.name) for place in places], any(
        place.kind == OrganisationKind.MUNICIPAL_DESK for place in places
    )


def language_choices() -> list[tuple[str, str]]:
    return [(locale.code, locale.endonym) for locale in locales.LOCALES]


def interpreter_choice_field(label: str | Promise) -> LanguageChoiceField:
    # Radio buttons with nothing chosen: "no" is an answer the person gives, not a default.
    return LanguageChoiceField(
        label=label,
        none_label=_("No, I do not need an interpreter"),
        widget=forms.RadioSelect,
    )


def interpreter_other_field() -> FreeTextField:
    return other_language_field(label=_("If another language: which one?"))


class ContactForm(LanguagePairsForm):
    language_pairs = (("interpreter_language", "interpreter_language_other"),)

    centre = forms.ChoiceField(label=_("Which centre do you want to contact?"))
    message = FreeTextField(
        label=_("Your message"),
        help_text=_("Write as much or as little as you want. You do not need to give your name."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_chars=MESSAGE_MAX_CHARS,
        error_messages={"required": _("Please write a few words, so the centre knows how to help.")},
    )
    help_kinds = forms.MultipleChoiceField(
        label=_("What kind of help do you want? (you can choose more than one, or none)"),
        choices=HelpKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    preferred_language = forms.ChoiceField(label=_("Which language do you want us to use?"), choices=language_choices)
    interpreter_language = interpreter_choice_field(_("Do you need an interpreter? If yes, for which language?"))
    interpreter_language_other = interpreter_other_field()
    companion = forms.ChoiceField(
        label=_("Will someone come with you?"), choices=Companion.choices, widget=forms.RadioSelect, required=False
    )
    may_contact = forms.TypedChoiceField(
        label=_("May the centre contact you outside this website?"),
        choices=[("no", _("No, I will come back to this website")), ("yes", _("Yes"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        # No answer is chosen for the person (issue 13 §15): they say it, or the form asks.
        error_messages={"required": _("Please choose whether the centre may contact you outside this website.")},
    )
    contact_how_and_when = FreeTextField(
        label=_("If yes: how and when is it safe to contact you?"),
        required=False,
        max_chars=SHORT_TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    may_leave_message = forms.BooleanField(label=_("The centre may leave a message"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].choices, desk_listed = contact_choices()
        if desk_listed:
            # A desk in a list under "Which centre…" would read as a care centre.
            self.fields["centre"].label = _("Which centre or desk do you want to contact?")

    def clean_centre(self):
        # The choice list was built when the page was drawn; the centre may
        # have closed since. The cleaned value is the centre itself.
        centre = organisation_open_to_contact(public_id=self.cleaned_data["centre"])
        if centre is None:
            raise forms.ValidationError(_("Please choose a centre from the list."))
        return centre

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("may_contact") and not cleaned.get("contact_how_and_when"):
            self.add_error("contact_how_and_when", _("Please tell us how and when it is safe, or choose “No”."))
        return cleaned


CODE_PROBLEMS = {
    receipts.CodeProblem.LENGTH: _("The code has 16 numbers. Please check it and try again."),
    receipts.CodeProblem.CHARACTERS: _(
        "Please type only the numbers of your code, as plain digits like 0 1 2 3 4 5 6 7 8 9. "
        "Raised, small or circled numbers, letters and other signs do not work."
    ),
    receipts.CodeProblem.MIXED: _(
        "Please type all the numbers of your code with the same kind of digits, for example all like 0 1 2 3."
    ),
}


def clean_receipt_code(typed: str) -> str:
    """The code as 16 ASCII digits; what was typed stays in the field when it is refused."""
    try:
        return receipts.read(typed)
    except receipts.NotACode as refused:
        raise forms.ValidationError(CODE_PROBLEMS[refused.problem], code=refused.problem.value) from None


# The 16 digits read left to right in every language (issue 13 §3): in an
# Arabic or Persian page an input inherits right-to-left, and "1234 5678" typed
# there is drawn "5678 1234". dir="ltr" isolates the field; the stylesheet keeps
# it on one line.
CODE_INPUT_ATTRS = {
    "dir": "ltr",
    "class": "code-input",
    "inputmode": "numeric",
    "autocomplete": "off",
    "autocapitalize": "off",
    "spellcheck": "false",
}


class ReceiptCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your code (16 numbers)"),
        max_length=40,
        widget=forms.TextInput(attrs=CODE_INPUT_ATTRS),
        error_messages={"max_length": _("The code has 16 numbers. Please check it.")},
    )

    def clean_code(self) -> str:
        return clean_receipt_code(self.cleaned_data["code"])


class MessageForm(forms.Form):
    message = FreeTextField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_chars=MESSAGE_MAX_CHARS,
        error_messages={"required": _("The message is empty.")},
    )


class AppointmentForm(LanguagePairsForm):
    language_pairs = (("interpreter_language", "interpreter_language_other"),)

    kind = forms.ChoiceField(label=_("What is the visit for?"), choices=AppointmentKind.choices, widget=forms.RadioSelect)
    interpreter_language = interpreter_choice_field(_("Interpreter language, if you need one"))
    interpreter_language_other = interpreter_other_field()
    companion = forms.ChoiceField(
        label=_("Will someone come with you?"), choices=Companion.choices, widget=forms.RadioSelect, required=False
    )
    access_needs = FreeTextField(
        label=_("Anything that would make the visit easier for you?"),
        help_text=_("For example: a wheelchair, a female doctor, a quiet room, childcare."),
        required=False,
        max_chars=SHORT_TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    safe_times = FreeTextField(
        label=_("Which days and times are safe for you?"),
        required=False,
        max_chars=SHORT_TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AppointmentAnswerForm(forms.Form):
    appointment = forms.UUIDField(widget=forms.HiddenInput)
    answer = forms.ChoiceField(choices=[("accept", _("Yes, this time is good")), ("decline", _("No, I need another time"))])


REPORTING_CHOICES = [
    ("not_reporting", _("I do not want to go to the police")),
    ("thinking", _("I am still thinking about it")),
    ("informal_talk_arranged", _("I want, or have, an informal talk with the police first")),
    ("reported", _("I have told the police")),
]


class ReportingChoiceForm(forms.Form):
    """The person's own answer about the police, in their words. Changeable at any time."""

    reporting_status = forms.ChoiceField(
        label=_("About the police: where are you now?"),
        choices=REPORTING_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one answer about the police.")},
    )

    @classmethod
    def initial_for(cls, status: str) -> dict[str, str]:
        """The answer the person gave before, if any; a status nobody chose ticks nothing."""
        offered = {value for value, _label in cls.base_fields["reporting_status"].choices}  # type: ignore[attr-defined]  # a ChoiceField; stubs type base_fields as Field
        return {"reporting_status": status} if status in offered else {}


# --- the person's own data (consents, private note, removal): plain words --------------------------------------

PORTAL_PURPOSES = [
    (Purpose.INVESTIGATION, _("The police, for an investigation")),
    (Purpose.REFERRAL, _("A support organisation the centre refers you to")),
    (Purpose.RELIEF_APPLICATION, _("Help with an application to stay in the country")),
    (Purpose.LEGAL_ADVICE, _("A lawyer, for legal advice")),
]


class PurposeWithRecipients(forms.RadioSelect):
    """Each reason comes with the names of the organisations it would let receive the information.

    The names, and a hidden `shown` value for each, are written by the same
    loop, so what is posted is what the person read (ADR 0014).
    """

    option_template_name = "portal/widgets/purpose_option.html"

    def __init__(self, *args, recipients: Mapping[str, Sequence[Any]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.recipients = recipients or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        option["recipients"] = self.recipients.get(str(value), ())
        option["attrs"]["aria-describedby"] = f"{option['attrs'].get('id', name)}_recipients"
        return option


class PortalConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Who may receive it, and why?"), choices=PORTAL_PURPOSES, widget=PurposeWithRecipients)
    categories = forms.MultipleChoiceField(
        label=_("Which information?"), choices=SHAREABLE, widget=forms.CheckboxSelectMultiple
    )
    understood = forms.BooleanField(
        label=_("I understand: only this information goes, only for this reason, and I can take it back at any time."),
        error_messages={"required": _("Please tick this box if you agree. If something is unclear, ask the centre.")},
    )

    def __init__(self, *args, recipients: Mapping[str, Sequence[Any]], **kwargs):
        """`recipients`: per purpose, the partners the centre may share with now (consent.selectors.partners_by_purpose)."""
        super().__init__(*args, **kwargs)
        # A reason with nobody behind it is not offered: it would mean nothing.
        purpose = cast(forms.ChoiceField, self.fields["purpose"])
        purpose.choices = [(value, label) for value, label in PORTAL_PURPOSES if recipients.get(str(value))]
        cast(PurposeWithRecipients, purpose.widget).recipients = recipients

    def shown_for(self, purpose: str) -> list[str]:
        """The public ids of the organisations the page named for this purpose."""
        prefix = f"{purpose}:"
        values = self.data.getlist("shown") if hasattr(self.data, "getlist") else []
        return [value.removeprefix(prefix) for value in values if value.startswith(prefix)]


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your code (16 numbers)"), max_length=40, widget=forms.TextInput(attrs=CODE_INPUT_ATTRS)
    )

    def clean_code(self) -> str:
        return clean_receipt_code(self.cleaned_data["code"])


class SealedRecordForm(CodeForm):
    text = FreeTextField(label=_("What you want to write down"), max_chars=MESSAGE_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 5}))


# --- evidence kept from the examination (issue 14) --------------------------------------

EVIDENCE_CHOICES = (
    ("extend", _("Keep it longer")),
    ("release", _("Give it to the police")),
    ("destroy", _("Destroy it")),
    ("item_back", _("Give me an item back")),
)


class EvidenceChoiceForm(forms.Form):
    """What the person wants done with one kit. Nothing is chosen for them."""

    choice = forms.ChoiceField(
        label=_("What do you want to do with this evidence?"),
        choices=EVIDENCE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what you want to do.")},
    )
    item = forms.ChoiceField(label=_("Which item?"), required=False, widget=forms.RadioSelect)

    def __init__(self, *args: Any, choices: Sequence[str], items: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ChoiceField", self.fields["choice"])
        field.choices = [(value, label) for value, label in EVIDENCE_CHOICES if value in choices]
        item_field = cast("forms.ChoiceField", self.fields["item"])
        item_field.choices = list(items)
        if not items:
            del self.fields["item"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("choice") == "item_back" and not data.get("item"):
            self.add_error("item" if "item" in self.fields else "choice", _("Choose the item."))
        return data


EVIDENCE_NOT_POSSIBLE = _("This is not possible for this evidence now. Nothing was recorded. You can ask the centre in a message.")
