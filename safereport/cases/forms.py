from django import forms
from django.utils.translation import gettext_lazy as _

from safereport.accounts.models import StaffUser
from safereport.accounts.permissions import Role
from safereport.cases.models import (
    CarePlanItemKind,
    CarePlanItemStatus,
    Companion,
    CrimeType,
    EncounterKind,
    NeedsAssessment,
    PoliceTalk,
    ReportingStatus,
    Understanding,
)
from safereport.core.languages import LanguageChoiceField, LanguagePairsForm, other_language_field
from safereport.core.text import MESSAGE_MAX_CHARS, SHORT_TEXT_MAX_CHARS, FreeTextField, nothing_chosen

CARE_ROLES = {Role.CRISIS_WORKER, Role.CLINICIAN, Role.CASE_MANAGER}


class ReplyForm(forms.Form):
    message = FreeTextField(
        label=_("Reply (the person sees it when they come back with their code)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_chars=MESSAGE_MAX_CHARS,
    )


class AssignForm(forms.Form):
    # Options are usernames, names people chose: marked so, like <bdi class="username"> on pages.
    assignee = forms.ModelChoiceField(
        label=_("Assign to"),
        queryset=StaffUser.objects.none(),
        to_field_name="public_id",
        widget=forms.Select(attrs={"class": "username"}),
    )

    def __init__(self, *args, organisation, **kwargs):
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


# --- case work ---------------------------------------------------------------

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class TransitionForm(forms.Form):
    transition = forms.CharField(max_length=30)


class CloseCaseForm(forms.Form):
    """Closing a case asks why, from a list; nothing is chosen for the worker (issue 13 §11)."""

    reason = forms.ChoiceField(
        label=_("Why is this case closed?"),
        choices=[],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose why the case is closed.")},
    )

    def __init__(self, *args, **kwargs):
        from safereport.cases.services.transitions import CLOSE_REASONS

        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = list(CLOSE_REASONS.items())


class ReportingStatusForm(forms.Form):
    reporting_status = forms.ChoiceField(
        label=_("What the person told us about the police"), choices=nothing_chosen(ReportingStatus.choices)
    )


class CrimeTypeForm(forms.Form):
    """The coarse kind of harm, for statistics (ADR 0031 §10). "Not recorded" is the default and a fine answer."""

    crime_type = forms.ChoiceField(
        label=_("Kind of harm the person told us about (for statistics only)"),
        choices=CrimeType.choices,
        initial=CrimeType.NOT_RECORDED,
        widget=forms.Select(attrs={"aria-describedby": "id_crime_type_hint"}),
        help_text=_(
            "Record only what the person said, in their own time; do not ask in order to fill this in, "
            "and do not guess from notes. If several apply, choose the first in the list that applies. "
            "\"Not recorded\" is a fine answer. This is counted in statistics that name no one; "
            "it is not shown to the person and goes into no package."
        ),
    )


class NameAsGivenForm(forms.Form):
    name = FreeTextField(label=_("A name the person chose to give (any name is fine; leave empty for none)"), required=False, max_chars=120)


ENCOUNTER_TEXT_LABELS = {
    "account_sealed": _("What happened, as the person told it"),
    "injuries_sealed": _("Injuries and forensic findings"),
    "medical_history_sealed": _("Medical history"),
    "sexual_health_sealed": _("Sexual-health results"),
    "mental_health_sealed": _("Mental health"),
    "safety_sealed": _("Safety and risk"),
    "notes_sealed": _("Other notes (needs and support)"),
}


class EncounterForm(LanguagePairsForm):
    """An encounter plus one row per key message (given / understanding / repeat)."""

    language_pairs = (("interpreter_language", "interpreter_language_other"),)

    kind = forms.ChoiceField(label=_("Kind"), choices=EncounterKind.choices)
    occurred_at = forms.DateTimeField(label=_("When"), widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS)
    companion_present = forms.BooleanField(label=_("A companion was present"), required=False)
    interpreter_language = LanguageChoiceField(label=_("Interpreter present: language"), empty_label=_("No interpreter"))
    interpreter_language_other = other_language_field(label=_("If another language: which one?"))
    breaks_taken = forms.IntegerField(label=_("Breaks taken"), min_value=0, max_value=50, initial=0)

    def __init__(self, *args, key_messages, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in ENCOUNTER_TEXT_LABELS.items():
            self.fields[name] = FreeTextField(
                label=label, required=False, max_chars=MESSAGE_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 2})
            )
        self.key_message_rows = []
        for message in key_messages:
            given = f"km_{message.slug}_given"
            understanding = f"km_{message.slug}_understanding"
            repeat = f"km_{message.slug}_repeat"
            self.fields[given] = forms.BooleanField(label=message.title, required=False)
            self.fields[understanding] = forms.ChoiceField(
                label=_("Understanding"), choices=Understanding.choices, initial=Understanding.NOT_CHECKED, required=False
            )
            self.fields[repeat] = forms.BooleanField(label=_("Repeat next time"), required=False)
            self.key_message_rows.append((message, self[given], self[understanding], self[repeat]))

    def text_fields(self):
        return [self[name] for name in ENCOUNTER_TEXT_LABELS]

    def key_message_entries(self):
        from safereport.cases.services import KeyMessageEntry

        data = self.cleaned_data
        return [
            KeyMessageEntry(
                slug=message.slug,
                given=data.get(f"km_{message.slug}_given", False),
                understanding=data.get(f"km_{message.slug}_understanding") or Understanding.NOT_CHECKED,
                repeat=data.get(f"km_{message.slug}_repeat", False),
            )
            for message, *_fields in self.key_message_rows
        ]


def _choices(mapping):
    return list(mapping.items())


class NeedsForm(forms.Form):
    accommodation_needed = forms.BooleanField(label=_("Needs somewhere safe to stay"), required=False)
    accommodation_types = forms.MultipleChoiceField(
        label=_("What kind of place"), choices=_choices(NeedsAssessment.ACCOMMODATION_TYPES), required=False, widget=forms.CheckboxSelectMultiple
    )
    psychological_care = forms.ChoiceField(label=_("Psychological care"), choices=nothing_chosen(NeedsAssessment.Psychological.choices))
    migration_needs = forms.MultipleChoiceField(
        label=_("Circumstances related to migration, as needs (never ask about papers)"),
        choices=_choices(NeedsAssessment.MIGRATION_NEEDS),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    basic_needs = forms.MultipleChoiceField(
        label=_("Basic needs"), choices=_choices(NeedsAssessment.BASIC_NEEDS), required=False, widget=forms.CheckboxSelectMultiple
    )
    threatened = forms.BooleanField(label=_("Threatened here"), required=False)
    family_abroad_threatened = forms.BooleanField(label=_("Family threatened, here or abroad"), required=False)
    self_harm = forms.ChoiceField(label=_("Thoughts of self-harm"), choices=nothing_chosen(NeedsAssessment.SelfHarm.choices))
    safety_notes = FreeTextField(label=_("Safety notes"), required=False, max_chars=MESSAGE_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 2}))
    mental_health_notes = FreeTextField(
        label=_("Mental health notes"), required=False, max_chars=MESSAGE_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 2})
    )
    other_needs = FreeTextField(label=_("Other needs"), required=False, max_chars=MESSAGE_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 2}))


class CarePlanItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("What"), choices=CarePlanItemKind.choices)
    owner = forms.ModelChoiceField(
        label=_("Who"),
        queryset=StaffUser.objects.none(),
        to_field_name="public_id",
        widget=forms.Select(attrs={"class": "username"}),
    )
    due_on = forms.DateField(label=_("By when"), widget=forms.DateInput(attrs={"type": "date"}))
    detail = FreeTextField(label=_("Detail"), required=False, max_chars=SHORT_TEXT_MAX_CHARS)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = AssignForm(organisation=organisation).fields["assignee"].queryset


class CarePlanStatusForm(forms.Form):
    status = forms.ChoiceField(choices=CarePlanItemStatus.choices)


class CrisisNumbersForm(forms.Form):
    numbers = forms.MultipleChoiceField(label=_("Crisis numbers given"), choices=[], widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["numbers"].choices = [(line.id, f"{line.number} — {line.label}") for line in lines]


class PoliceTalkForm(forms.Form):
    companion = forms.ChoiceField(label=_("Someone comes along"), choices=nothing_chosen(Companion.choices))
    topics = forms.MultipleChoiceField(
        label=_("What they would like to ask"), choices=_choices(PoliceTalk.TOPICS), required=False, widget=forms.CheckboxSelectMultiple
    )
    planned_for = forms.DateTimeField(
        label=_("Agreed time (empty: not arranged yet)"), required=False, widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS
    )
