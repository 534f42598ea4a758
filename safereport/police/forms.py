"""Server-side validation of the police forms. Nothing is preselected where a person's choice is recorded."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from safereport.accounts.models import Organisation
from safereport.cases.models import Companion, PoliceTalk
from safereport.core.text import MESSAGE_MAX_CHARS, FreeTextField
from safereport.partners.selectors import Partner
from safereport.police.models import (
    DECISIONS,
    IDENTITY_ORDER,
    CompanionPart,
    ContactPolicy,
    ContactRoute,
    IdentityReleased,
    ImmigrationAction,
    InvestigationReason,
    OutcomeCode,
    Place,
    PoliceAnswer,
    RecordType,
    Venue,
)
from safereport.police.policies import clean_phone, clean_reference, releases_no_more_than

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class PlanForm(forms.Form):
    police_unit = forms.ChoiceField(label=_("Police unit (partners of the centre)"), widget=forms.RadioSelect)
    topics = forms.MultipleChoiceField(
        label=_("What the person would like to ask"),
        choices=[(k, v) for k, v in PoliceTalk.TOPICS.items()],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    place = forms.ChoiceField(label=_("Where"), choices=Place.choices, widget=forms.RadioSelect)
    companion = forms.ChoiceField(label=_("Someone comes along"), choices=Companion.choices, widget=forms.RadioSelect)
    interpreter = forms.ChoiceField(label=_("An interpreter is needed"), choices=YES_NO, widget=forms.RadioSelect)
    warning_told = forms.BooleanField(
        label=_("I read the warning above to the person, in their language, and they still want the talk"),
        required=False,
    )

    def __init__(self, *args: Any, units: list[Partner], warn: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = {str(p.public_id): p.organisation for p in units}
        cast(forms.ChoiceField, self.fields["police_unit"]).choices = [(str(p.public_id), p.name.value) for p in units]
        self.warn = warn
        if not warn:
            del self.fields["warning_told"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.warn and not data.get("warning_told"):
            self.add_error("warning_told", _("The person must be told first that no law protects them here."))
        return data

    @property
    def unit(self) -> Organisation:
        return self.units[self.cleaned_data["police_unit"]]


class BookForm(forms.Form):
    proposed_for = forms.DateTimeField(
        label=_("Time to propose to the police unit"), widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS
    )


class ReflectForm(forms.Form):
    until = forms.DateField(label=_("Until (agreed with the person)"), widget=DATE_WIDGET)


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("What the person decided"),
        choices=[
            ("decide_not_to_report", _("Not to report")),
            ("convert_to_report", _("To report (their consent for this unit is needed)")),
            ("convert_to_intelligence", _("Information only, without their details")),
        ],
        widget=forms.RadioSelect,
    )

    def clean_decision(self) -> str:
        value = str(self.cleaned_data["decision"])
        if value not in DECISIONS:
            raise forms.ValidationError(_("Choose what the person decided."))
        return value


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("Your answer"), choices=PoliceAnswer.choices, widget=forms.RadioSelect)
    other_time = forms.DateTimeField(
        label=_("Another time (if you propose one)"), required=False, widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("answer") == PoliceAnswer.OTHER_TIME and not data.get("other_time"):
            self.add_error("other_time", _("Write the time you propose."))
        return data


class HeldForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DATE_WIDGET)
    companion_part = forms.ChoiceField(
        label=_("The companion attended"), choices=CompanionPart.choices, widget=forms.RadioSelect
    )
    interpreter_attended = forms.ChoiceField(label=_("An interpreter attended"), choices=YES_NO, widget=forms.RadioSelect)
    contact_route = forms.ChoiceField(
        label=_("How the person can reach your unit"), choices=ContactRoute.choices, widget=forms.RadioSelect
    )
    contact_route_detail = forms.CharField(
        label=_("Your unit's phone number, if you chose the phone (never the person's)"), max_length=20, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("contact_route") == ContactRoute.UNIT_PHONE and not clean_phone(data.get("contact_route_detail") or ""):
            self.add_error("contact_route_detail", _("Write the unit's phone number: digits, spaces, + ( ) and - only."))
        return data


class ReportForm(forms.Form):
    police_unit = forms.ChoiceField(label=_("Police unit (partners of the centre)"), widget=forms.RadioSelect)
    identity = forms.ChoiceField(
        label=_("Identity released to the police, as the person chose in their consents"),
        choices=IdentityReleased.choices,
        widget=forms.RadioSelect,
    )
    reference = forms.CharField(
        label=_("Your file number for this report (capitals, digits and - / . _; never a name)"), max_length=30
    )

    def clean_reference(self) -> str:
        value = clean_reference(str(self.cleaned_data["reference"]))
        if value is None:
            raise forms.ValidationError(_("Use capitals, digits and - / . _ only, with at least one digit."))
        return value
    venue = forms.ChoiceField(label=_("Filed with"), choices=Venue.choices, widget=forms.RadioSelect)

    def __init__(self, *args: Any, units: list[Partner], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = {str(p.public_id): p.organisation for p in units}
        cast(forms.ChoiceField, self.fields["police_unit"]).choices = [(str(p.public_id), p.name.value) for p in units]

    @property
    def unit(self) -> Organisation:
        return self.units[self.cleaned_data["police_unit"]]


class IntermediaryReportForm(ReportForm):
    """The NGO's or desk's filing: identity offered only up to what the ledger releases to some partnered unit.

    `allowed` maps each unit (by its partnership's public id) to the most
    identity the person released to it now; a level above that for the chosen
    unit is an error on the identity question, in words.
    """

    def __init__(self, *args: Any, units: list[Partner], allowed: dict[str, IdentityReleased], **kwargs: Any) -> None:
        super().__init__(*args, units=units, **kwargs)
        self.allowed = allowed
        ceiling = max((IDENTITY_ORDER.index(level) for level in allowed.values()), default=0)
        cast(forms.ChoiceField, self.fields["identity"]).choices = [
            (level.value, level.label) for level in IDENTITY_ORDER[: ceiling + 1]
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        unit, identity = data.get("police_unit"), data.get("identity")
        if unit and identity and not releases_no_more_than(identity, self.allowed[unit]):
            self.add_error(
                "identity",
                _("The person released less to this police unit: choose “%(level)s” or less.")
                % {"level": self.allowed[unit].label},
            )
        return data


class ReplyForm(forms.Form):
    record_type = forms.ChoiceField(label=_("Recorded as"), choices=RecordType.choices, widget=forms.RadioSelect)
    contact_policy = forms.ChoiceField(
        label=_("Will you contact the person?"), choices=ContactPolicy.choices, widget=forms.RadioSelect
    )
    investigation_started = forms.ChoiceField(label=_("Investigation started"), choices=YES_NO, widget=forms.RadioSelect)
    reason = forms.ChoiceField(label=_("Why"), choices=InvestigationReason.choices, widget=forms.RadioSelect)
    immigration_action = forms.ChoiceField(
        label=_("Anything your unit did towards immigration authorities (for oversight; say none if none)"),
        choices=ImmigrationAction.choices,
        widget=forms.RadioSelect,
    )
    replied_on = forms.DateField(label=_("Date of this reply"), widget=DATE_WIDGET)


class OutcomeForm(forms.Form):
    code = forms.ChoiceField(label=_("What happened"), choices=OutcomeCode.choices, widget=forms.RadioSelect)
    occurred_on = forms.DateField(label=_("On"), widget=DATE_WIDGET)


class DeskReplyForm(forms.Form):
    message = FreeTextField(
        label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 5}), max_chars=MESSAGE_MAX_CHARS,
        error_messages={"required": _("The answer is empty.")},
    )


class DeskPortalForm(forms.Form):
    """Open or close a desk to the portal; the button pressed is the choice, checked here."""

    action = forms.ChoiceField(
        choices=[("open", _("Open to the portal")), ("close", _("Close to the portal"))],
        widget=forms.HiddenInput,
        error_messages={"required": _("Choose whether to open or close the desk."), "invalid_choice": _("Choose whether to open or close the desk.")},
    )

    @property
    def opening(self) -> bool:
        return bool(self.cleaned_data["action"] == "open")
