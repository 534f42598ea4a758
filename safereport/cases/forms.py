from django import forms
from django.utils.translation import gettext_lazy as _

from safereport.accounts.models import StaffUser
from safereport.accounts.permissions import Role
from safereport.core.text import MESSAGE_MAX_CHARS, SHORT_TEXT_MAX_CHARS, FreeTextField

CARE_ROLES = {Role.CRISIS_WORKER, Role.CLINICIAN, Role.CASE_MANAGER}


class ReplyForm(forms.Form):
    message = FreeTextField(
        label=_("Reply (the person sees it when they come back with their code)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_chars=MESSAGE_MAX_CHARS,
    )


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=StaffUser.objects.none(), to_field_name="public_id")

    def __init__(self, *args, organisation, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        colleagues = StaffUser.objects.filter(organisation=organisation, is_active=True).order_by("username")
        ids = [c.pk for c in colleagues if CARE_ROLES & set(c.roles)]
        self.fields["assignee"].queryset = StaffUser.objects.filter(pk__in=ids).order_by("username")


class ProposeAppointmentForm(forms.Form):
    proposed_for = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    note = FreeTextField(
        label=_("Note for the person (where to go, who will meet them)"),
        required=False,
        max_chars=SHORT_TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirmed = forms.BooleanField(label=_("Already agreed with the person (confirm directly)"), required=False)
