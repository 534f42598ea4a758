"""The navigator's questions. Every one may be skipped; a skipped answer is "unknown"."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from safereport.navigator import engine, strings
from safereport.navigator.selectors import COUNTRIES


def _choices(pairs):
    # The labels are marked with gettext_noop in strings.py; translate lazily here.
    return [(value, _(label)) for value, label in pairs]


class SituationForm(forms.Form):
    jurisdiction = forms.ChoiceField(label=_("Which country are you in?"), choices=[])
    role = forms.ChoiceField(label=_("Did this happen to you, or did you see it?"), required=False, widget=forms.RadioSelect)
    crime = forms.MultipleChoiceField(
        label=_("What happened? Choose any that fit, or none."), required=False, widget=forms.CheckboxSelectMultiple
    )
    perpetrator = forms.ChoiceField(label=_("Who did it?"), required=False, widget=forms.RadioSelect)
    situation = forms.ChoiceField(label=_("Your residence situation"), required=False, widget=forms.RadioSelect)
    gender = forms.ChoiceField(
        label=_("Your gender (it matters only in some countries)"), required=False, widget=forms.RadioSelect
    )
    # Issue 12 §2: time limits are shown as "you have until ..." when a date is
    # given. Posted like every answer, used for this page and dropped (views.py).
    counted_from = forms.DateField(
        label=_("A date to count time limits from (you can leave this empty)"),
        help_text=_("For example the day a police form was signed or a marriage ended. We do not keep it."),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from safereport.navigator.knowledge import default

        kb = default()
        skip = [("", gettext("I'd rather not say / I don't know"))]
        # Country names in the person's language (issue 12 §2.6), falling back to the data's English name.
        names = strings.COUNTRY_NAMES
        self.fields["jurisdiction"].choices = [(c, gettext(names[c]) if c in names else kb.jurisdictions[c]["name"]) for c in COUNTRIES]
        self.fields["role"].choices = skip + _choices(strings.ROLE_LABELS)
        self.fields["crime"].choices = _choices(strings.CRIME_LABELS)
        self.fields["perpetrator"].choices = skip + _choices(strings.PERPETRATOR_LABELS)
        self.fields["situation"].choices = skip + _choices(strings.STATUS_LABELS)
        self.fields["gender"].choices = skip + _choices(strings.GENDER_LABELS)

    def situation_value(self) -> engine.Situation:
        data = self.cleaned_data
        return engine.Situation(
            jurisdiction=data["jurisdiction"],
            role=data.get("role") or engine.UNKNOWN,
            crimes=tuple(data.get("crime") or ()),
            perpetrator=data.get("perpetrator") or engine.UNKNOWN,
            status=data.get("situation") or engine.UNKNOWN,
            gender=data.get("gender") or engine.UNKNOWN,
        )
