"""Server-side validation of the relief forms. Nothing is preselected where a choice is recorded."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from safereport.core.text import FreeTextField, nothing_chosen
from safereport.relief import datafiles
from safereport.relief.models import (
    AgencyKind,
    CertificationForm,
    CertifyingAgency,
    ClockKind,
    DenialReason,
    ItemStatus,
    OfficialRole,
    RequestedBy,
)
from safereport.relief.policies import MAX_FILE_BYTES

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _date(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, widget=DATE_WIDGET, required=required)


class OpenForm(forms.Form):
    mechanism = forms.ChoiceField(label=_("Which procedure"))
    opened_on = _date(_("Opened on"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = []
        for p in sorted(datafiles.procedures().values(), key=lambda p: (p.jurisdiction, p.mechanism)):
            note = "" if p.described else " " + str(_("(steps not yet described)"))
            choices.append((p.mechanism, f"{p.jurisdiction}: {p.name}{note}"))
        cast(forms.ChoiceField, self.fields["mechanism"]).choices = nothing_chosen(choices)


class StepForm(forms.Form):
    step = forms.ChoiceField(label=_("Step taken"))
    done_on = _date(_("On"))

    def __init__(self, *args: Any, steps: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["step"]).choices = nothing_chosen(steps)


class ClockForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the date is"))
    due_on = _date(_("Date"))

    def __init__(self, *args: Any, unlocked: bool = False, **kwargs: Any) -> None:
        """A date touching migration status (a removal date) is offered only during the person's unlock."""
        super().__init__(*args, **kwargs)
        kinds = [ClockKind.AGE_OUT] + ([ClockKind.CONFIDENTIAL_DATE] if unlocked else [])
        cast(forms.ChoiceField, self.fields["kind"]).choices = nothing_chosen([(k, ClockKind(k).label) for k in kinds])


class ChecklistForm(forms.Form):
    item = forms.CharField(widget=forms.HiddenInput, max_length=60)
    status = forms.ChoiceField(label=_("Where it stands"), choices=nothing_chosen(ItemStatus.choices))


class FileForm(forms.Form):
    item = forms.CharField(widget=forms.HiddenInput, max_length=60)
    upload = forms.FileField(label=_("File (PDF, JPEG or PNG, at most 10 MB)"))

    def clean_upload(self) -> Any:
        upload = self.cleaned_data["upload"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file must be at most 10 MB."))
        return upload


class AgencyForm(forms.Form):
    name = FreeTextField(label=_("Name of the agency"), max_chars=200)
    kind = forms.ChoiceField(label=_("Kind of agency"), choices=nothing_chosen(AgencyKind.choices))
    jurisdiction = forms.RegexField(label=_("Country (two letters)"), regex=r"^[A-Za-z]{2}$", max_length=2)
    region = FreeTextField(label=_("State or region"), max_chars=80, required=False)


class RequestForm(forms.Form):
    agency = forms.ChoiceField(label=_("Certifying agency"))
    form = forms.ChoiceField(label=_("What is asked for"), choices=nothing_chosen(CertificationForm.choices))
    official_role = forms.ChoiceField(label=_("Who signs"), choices=nothing_chosen(OfficialRole.choices))
    requested_by = forms.ChoiceField(label=_("Who asks"), choices=nothing_chosen(RequestedBy.choices))
    law = forms.ChoiceField(label=_("The law that sets the agency's deadline"), required=False)
    family_loss_on = _date(_("A family member loses eligibility on (if so)"), required=False)

    def __init__(self, *args: Any, agencies: list[CertifyingAgency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = {str(a.public_id): a for a in agencies}
        cast(forms.ChoiceField, self.fields["agency"]).choices = nothing_chosen(
            [(str(a.public_id), f"{a.name} ({a.region or a.jurisdiction})") for a in agencies]
        )
        laws = sorted(datafiles.certification_laws().values(), key=lambda law: law.region)
        cast(forms.ChoiceField, self.fields["law"]).choices = [("", _("No law sets a deadline"))] + [
            (law.id, f"{law.region}: {law.name}") for law in laws
        ]

    @property
    def chosen_agency(self) -> CertifyingAgency:
        return self.agencies[self.cleaned_data["agency"]]


ACTIONS = [
    ("submit", _("Sent to the agency")),
    ("sign", _("Signed")),
    ("deny", _("Denied")),
    ("no_response", _("No answer in time")),
    ("appeal", _("Appeal filed")),
    ("appeal_signed", _("Signed after appeal")),
    ("appeal_denied", _("Denied after appeal")),
    ("court", _("Taken to court")),
    ("withdraw", _("Withdraw the request")),
]


# Offered only while the person's unlock runs; the words say nothing of the fact (ADR 0033, 2026-12-02).
IN_CONFIDENCE = ("in_confidence", _("The person told me, during their unlock, of a fact that shortens the agency's deadline"))


class CertificationActForm(forms.Form):
    action = forms.ChoiceField(label=_("What happened"))
    on = _date(_("On"))
    reason = forms.ChoiceField(
        label=_("The reason the agency gave (for a denial)"), choices=nothing_chosen(DenialReason.choices), required=False
    )

    def __init__(self, *args: Any, unlocked: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["action"]).choices = nothing_chosen(ACTIONS + ([IN_CONFIDENCE] if unlocked else []))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "deny" and not data.get("reason"):
            self.add_error("reason", _("Choose the reason the agency gave, or “No reason given”."))
        return data
