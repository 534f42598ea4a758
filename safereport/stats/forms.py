"""Forms of the statistics pages: which period, the release rules, a privacy budget, a research release."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from safereport.core.text import FreeTextField
from safereport.stats.policies import HOUSE_THRESHOLD
from safereport.stats.selectors.registry import dataset_label, jurisdiction_label

FIRST_YEAR = 2020


def years() -> list[tuple[str, str]]:
    this = timezone.localdate().year
    return [(str(y), str(y)) for y in range(this, FIRST_YEAR - 1, -1)]


def jurisdiction_name(code: str) -> str:
    return jurisdiction_label(code)


class PeriodForm(forms.Form):
    """Which year and jurisdiction a table counts (a GET form: nothing is recorded)."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=years)
    jurisdiction = forms.ChoiceField(label=_("Jurisdiction"), required=False)

    def __init__(self, *args: Any, jurisdictions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["jurisdiction"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("All jurisdictions")), *((c, jurisdiction_name(c)) for c in jurisdictions)]

    def period(self) -> tuple[int, str]:
        if self.is_bound and self.is_valid():
            return int(self.cleaned_data["year"]), str(self.cleaned_data["jurisdiction"])
        return timezone.localdate().year, ""


class RulesForm(forms.Form):
    threshold = forms.IntegerField(
        label=_("Hide counts from 1 up to"),
        min_value=HOUSE_THRESHOLD,
        max_value=1000,
        help_text=format_lazy(
            _("At least {threshold}: the house rule can be made stricter, never looser."), threshold=HOUSE_THRESHOLD
        ),
    )
    unstable_at = forms.IntegerField(
        label=_("Mark rates as unstable when based on this many events or fewer"), min_value=HOUSE_THRESHOLD, max_value=1000
    )
    reason = FreeTextField(label=_("Why the rules change"), max_chars=300, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        threshold, unstable_at = cleaned.get("threshold"), cleaned.get("unstable_at")
        if threshold is not None and unstable_at is not None and unstable_at < threshold:
            self.add_error("unstable_at", _("Rates stay unstable at least up to the suppression threshold."))
        return cleaned


class BudgetForm(forms.Form):
    dataset = forms.ChoiceField(label=_("Dataset"))
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=years)
    epsilon = forms.DecimalField(
        label=_("Privacy budget for the year (ε)"),
        min_value=Decimal("0.001"),
        max_value=Decimal("10"),
        decimal_places=3,
        help_text=_("The total privacy loss every research release of this dataset in that year may spend together."),
    )

    def __init__(self, *args: Any, datasets: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["dataset"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Choose a dataset")), *((d, dataset_label(d)) for d in datasets)]


class ResearchReleaseForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=years)
    epsilon = forms.DecimalField(
        label=_("Budget to spend on this release (ε)"),
        min_value=Decimal("0.001"),
        max_value=Decimal("10"),
        decimal_places=3,
        help_text=_("More budget, less noise. What is spent cannot be spent again this year."),
    )
