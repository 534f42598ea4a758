"""Server-side validation of every evidence form (staff and portal).

No answer about the person is preselected: the age band and the rule are
chosen each time (an empty first choice), and so is the witness.
"""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from safereport.accounts.models import StaffUser
from safereport.core.text import FreeTextField
from safereport.evidence.models import (
    AgeBand,
    CustodyAction,
    DestructionReason,
    Item,
    ItemClass,
    StorageLocation,
)
from safereport.evidence.services import PLAIN_ACTIONS

CHOOSE = [("", _("Choose…"))]


def _choose(choices: Any) -> list[tuple[str, Any]]:
    return [*CHOOSE, *choices]


class KitForm(forms.Form):
    exam_started_on = forms.DateField(
        label=_("First day of the examination"), widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The clock starts on this day, even if the examination went on the next day."),
    )
    rule_id = forms.ChoiceField(label=_("Retention rule"))
    age_band = forms.ChoiceField(
        label=_("Age at the examination"), choices=_choose(AgeBand.choices),
        help_text=_("Some rules keep evidence of people under 18 longer."),
    )
    wet_items = FreeTextField(
        label=_("Wet samples (one per line)"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_chars=1000,
        help_text=_("Describe the sample for the custody record, never a clinical finding."),
    )
    dry_items = FreeTextField(label=_("Dry items (one per line)"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_chars=1000)
    returnable_items = FreeTextField(
        label=_("Items the person may ask back, such as clothing (one per line)"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}), max_chars=1000,
    )

    def __init__(self, *args: Any, rules: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rule_id"].choices = _choose(rules)  # type: ignore[attr-defined]  # ChoiceField

    def items(self) -> list[tuple[str, str]]:
        found = []
        for name, item_class in (("wet_items", ItemClass.WET), ("dry_items", ItemClass.DRY), ("returnable_items", ItemClass.RETURNABLE)):
            for line in self.cleaned_data.get(name, "").splitlines():
                if line.strip():
                    found.append((str(item_class), line.strip()[:120]))
        return found


class ItemForm(forms.Form):
    item_class = forms.ChoiceField(label=_("Kind of item"), choices=_choose(ItemClass.choices))
    description = FreeTextField(label=_("Description"), max_chars=120)
    seal_number = FreeTextField(label=_("Seal number"), max_chars=40, required=False)


class CustodyForm(forms.Form):
    action = forms.ChoiceField(label=_("What happened"), choices=_choose([(a.value, a.label) for a in PLAIN_ACTIONS]))
    location = forms.ModelChoiceField(
        label=_("Storage place (for placing in storage or moving)"), queryset=StorageLocation.objects.none(),
        to_field_name="public_id", required=False,
    )
    item = forms.ModelChoiceField(label=_("One item only (optional)"), queryset=Item.objects.none(), to_field_name="public_id", required=False)
    seal_number = FreeTextField(label=_("Seal number"), max_chars=40, required=False)
    note = FreeTextField(label=_("Note"), max_chars=300, required=False)

    def __init__(self, *args: Any, locations: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = locations  # type: ignore[attr-defined]  # ModelChoiceField
        self.fields["item"].queryset = items  # type: ignore[attr-defined]  # the field is a ModelChoiceField; stubs type fields as Field

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") in (CustodyAction.MOVED, CustodyAction.STORED) and not data.get("location"):
            self.add_error("location", _("Choose where the kit is now."))
        return data


def _witness_field() -> forms.ModelChoiceField:  # type: ignore[type-arg]  # generic only in the stubs
    return forms.ModelChoiceField(
        label=_("Witness (a second member of staff)"), queryset=StaffUser.objects.none(), to_field_name="public_id",
        empty_label=str(_("Choose…")),
    )


class DestroyForm(forms.Form):
    witness = _witness_field()
    reason = forms.ChoiceField(label=_("Why"), choices=_choose(DestructionReason.choices))
    note = FreeTextField(label=_("Note for the custody record"), max_chars=300, required=False)

    def __init__(self, *args: Any, witnesses: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["witness"].queryset = witnesses  # type: ignore[attr-defined]  # the field is a ModelChoiceField; stubs type fields as Field


class HandOverForm(forms.Form):
    witness = _witness_field()
    received_by = FreeTextField(label=_("Received by (name and number of the officer)"), max_chars=150)
    note = FreeTextField(label=_("Note for the custody record"), max_chars=300, required=False)

    def __init__(self, *args: Any, witnesses: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["witness"].queryset = witnesses  # type: ignore[attr-defined]  # the field is a ModelChoiceField; stubs type fields as Field


class ReturnForm(forms.Form):
    item = forms.ModelChoiceField(label=_("Item"), queryset=Item.objects.none(), to_field_name="public_id")
    note = FreeTextField(label=_("Note for the custody record"), max_chars=300, required=False)

    def __init__(self, *args: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items  # type: ignore[attr-defined]  # the field is a ModelChoiceField; stubs type fields as Field


class ReleaseForm(forms.Form):
    police_unit = forms.ChoiceField(label=_("Police unit (partners of the centre only)"))

    def __init__(self, *args: Any, units: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["police_unit"].choices = _choose(units)  # type: ignore[attr-defined]  # the field is a ChoiceField; stubs type fields as Field


class LocationForm(forms.Form):
    name = FreeTextField(label=_("Name (in words, such as “Freezer 1, evidence room”)"), max_chars=120)
    frozen = forms.BooleanField(label=_("A freezer (temperature checks)"), required=False)
    min_celsius = forms.DecimalField(label=_("Lowest allowed °C"), required=False, max_digits=5, decimal_places=1)
    max_celsius = forms.DecimalField(label=_("Highest allowed °C"), required=False, max_digits=5, decimal_places=1)


class TemperatureForm(forms.Form):
    celsius = forms.DecimalField(label=_("Temperature now (°C)"), max_digits=5, decimal_places=1, min_value=Decimal("-99"), max_value=Decimal("99"))


class TemperatureImportForm(forms.Form):
    log = FreeTextField(
        label=_("Freezer log (CSV: time, temperature; one reading per line)"), widget=forms.Textarea(attrs={"rows": 6}), max_chars=200_000
    )
