"""Forms of the recipient registry: a proposal, and the reason a partnership ends."""

from collections.abc import Mapping
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from config.locales import LOCALES
from safereport.accounts.models import Organisation
from safereport.core.purposes import Purpose
from safereport.core.text import SHORT_TEXT_MAX_CHARS, FreeTextField


def _name_field(code: str) -> str:
    return f"name_{code}"


class ProposeForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    agreement_reference = FreeTextField(label=_("Reference of the written agreement"), max_chars=120)
    agreement_date = forms.DateField(label=_("Date of the agreement"), widget=forms.DateInput(attrs={"type": "date"}))
    purposes = forms.MultipleChoiceField(
        label=_("What it may receive information for"), choices=Purpose.choices, widget=forms.CheckboxSelectMultiple
    )
    cross_border_reason = FreeTextField(
        label=_("If it works in another jurisdiction than the centre: why sharing across the border is needed"),
        max_chars=SHORT_TEXT_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Organisation]", self.fields["organisation"]).queryset = organisations
        # How the person will be told who receives their information, in each language.
        for locale in LOCALES:
            self.fields[_name_field(locale.code)] = FreeTextField(
                label=_("Name shown to the person in %(language)s") % {"language": locale.english_name},
                max_chars=200,
                required=locale.code == "en",
                widget=forms.TextInput(attrs={"lang": locale.code, "dir": "rtl" if locale.bidi else "ltr"}),
            )

    def public_names(self) -> Mapping[str, str]:
        return {
            locale.code: self.cleaned_data[_name_field(locale.code)]
            for locale in LOCALES
            if self.cleaned_data.get(_name_field(locale.code))
        }


class EndForm(forms.Form):
    reason = FreeTextField(label=_("Why it ends"), max_chars=SHORT_TEXT_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 2}))
