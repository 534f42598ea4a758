"""Server-side validation of every evidence form (staff and portal).

No answer about the person is preselected: the age band and the rule are
chosen each time (an empty first choice), and so is the witness.
"""

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from safereport.accounts.models import StaffUser
from safereport.core.text import FreeTextField
from safereport.evidence.models import (
    AgeBand,
    Condition,
    CustodyAction,
    DestructionReason,
    Item,
    ItemClass,
    ItemKind,
    StorageLocation,
)
from safereport.evidence.policies import clean_code
from safereport.evidence.services import PLAIN_ACTIONS

CHOOSE = [("", _("Choose…"))]


def _choose(choices: Any) -> list[tuple[str, Any]]:
    return [*CHOOSE, *choices]


def _kinds(*kinds: ItemKind) -> list[tuple[str, Any]]:
    return [(k.value, k.label) for k in (*kinds, ItemKind.OTHER)]


# The kinds offered at the examination for each class (any kind may be added later on the kit page).
KINDS_BY_CLASS = {
    ItemClass.WET: _kinds(ItemKind.SWAB, ItemKind.BLOOD, ItemKind.URINE),
    ItemClass.DRY: _kinds(ItemKind.SWAB, ItemKind.HAIR, ItemKind.NAIL, ItemKind.SANITARY),
    ItemClass.RETURNABLE: _kinds(ItemKind.UPPER, ItemKind.LOWER, ItemKind.UNDERWEAR, ItemKind.FOOTWEAR, ItemKind.BEDDING),
}

CODE_HELP = _("Capitals, digits and - / . _ only, as printed on it.")


class ReadOnceChoices(ModelChoiceIterator):
    """The choices read with one plain query and kept on the field's queryset.

    Django's own iterator reads through `QuerySet.iterator()`, which on
    PostgreSQL opens a server-side cursor (DECLARE, FETCH, CLOSE: three round
    trips) for every drawing, and answers `len()`/`bool()` with more queries.
    The lists here are a centre's places, a kit's items and its colleagues: a
    handful of rows, read once per page (ADR 0037, amendment of 2 December).
    """

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:  # evaluated once, then served from the queryset's cache
            yield self.choice(obj)

    def __len__(self) -> int:
        return len(self.queryset) + (1 if self.field.empty_label is not None else 0)

    def __bool__(self) -> bool:
        return self.field.empty_label is not None or bool(self.queryset)


class ShortModelChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]  # generic only in the stubs
    """A model choice among a few rows: drawn from one plain read (ReadOnceChoices); validated as Django does."""

    iterator = ReadOnceChoices


class CodeField(forms.CharField):
    """A seal or badge number: held to a shape with no room for a name (ADR 0018)."""

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        if not text:
            return ""
        code = clean_code(text)
        if code is None:
            raise forms.ValidationError(_("Write the number as printed: capitals, digits and - / . _ only, no spaces."))
        return code


def _kinds_field(label: Any, item_class: ItemClass) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, required=False, choices=KINDS_BY_CLASS[item_class], widget=forms.CheckboxSelectMultiple
    )


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
    wet_items = _kinds_field(_("Wet samples"), ItemClass.WET)
    dry_items = _kinds_field(_("Dry items"), ItemClass.DRY)
    returnable_items = _kinds_field(_("Items the person may ask back, such as clothing"), ItemClass.RETURNABLE)

    def __init__(self, *args: Any, rules: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rule_id"].choices = _choose(rules)  # type: ignore[attr-defined]  # ChoiceField

    def items(self) -> list[tuple[str, str]]:
        """(class, kind) of each ticked item; more of one kind are added on the kit page."""
        found = []
        for name, item_class in (("wet_items", ItemClass.WET), ("dry_items", ItemClass.DRY), ("returnable_items", ItemClass.RETURNABLE)):
            for kind in self.cleaned_data.get(name, []):
                found.append((str(item_class), kind))
        return found


class ItemForm(forms.Form):
    item_class = forms.ChoiceField(label=_("Class of item"), choices=_choose(ItemClass.choices))
    kind = forms.ChoiceField(label=_("What it is"), choices=_choose(ItemKind.choices))
    seal_number = CodeField(label=_("Seal number"), max_length=40, required=False, help_text=CODE_HELP)


class CustodyForm(forms.Form):
    action = forms.ChoiceField(label=_("What happened"), choices=_choose([(a.value, a.label) for a in PLAIN_ACTIONS]))
    location = ShortModelChoiceField(
        label=_("Storage place (for placing in storage or moving)"), queryset=StorageLocation.objects.none(),
        to_field_name="public_id", required=False,
    )
    item = ShortModelChoiceField(label=_("One item only (optional)"), queryset=Item.objects.none(), to_field_name="public_id", required=False)
    seal_number = CodeField(label=_("Seal number"), max_length=40, required=False, help_text=CODE_HELP)
    condition = forms.ChoiceField(label=_("What the check found (optional)"), choices=_choose(Condition.choices), required=False)

    def __init__(self, *args: Any, locations: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = locations  # type: ignore[attr-defined]  # ModelChoiceField
        self.fields["item"].queryset = items  # type: ignore[attr-defined]  # the field is a ModelChoiceField; stubs type fields as Field

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") in (CustodyAction.MOVED, CustodyAction.STORED) and not data.get("location"):
            self.add_error("location", _("Choose where the kit is now."))
        return data


def _witness_field() -> ShortModelChoiceField:
    return ShortModelChoiceField(
        label=_("Witness (a second member of staff)"), queryset=StaffUser.objects.none(), to_field_name="public_id",
        empty_label=str(_("Choose…")),
    )


class WitnessConfirmation(forms.Form):
    """The witness's own password and authenticator code, typed by the witness on the same form.

    Never shown again after a post (render_value=False), and marked so that
    a browser does not fill in the signed-in staff member's saved password.
    """

    witness_password = forms.CharField(
        label=_("Witness: your own password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}, render_value=False),
        help_text=_("The witness types it, not you."),
    )
    witness_token = forms.CharField(
        label=_("Witness: the 6-digit code from your authenticator app"), max_length=6, min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric", "pattern": "[0-9]*"}),
    )

    def clean_witness_token(self) -> str:
        token = str(self.cleaned_data["witness_token"]).strip()
        if not token.isdigit():
            raise forms.ValidationError(_("Type the 6 digits the witness's authenticator app shows."))
        return token


class DestroyForm(WitnessConfirmation):
    witness = _witness_field()
    reason = forms.ChoiceField(label=_("Why"), choices=_choose(DestructionReason.choices))
    field_order = ["reason", "witness", "witness_password", "witness_token"]

    def __init__(self, *args: Any, witnesses: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["witness"].queryset = witnesses  # type: ignore[attr-defined]  # the field is a ModelChoiceField; stubs type fields as Field


class HandOverForm(WitnessConfirmation):
    witness = _witness_field()
    receiver_ref = CodeField(
        label=_("Badge or reference number of the receiving officer"), max_length=40,
        help_text=_("The number only, never a name: capitals, digits and - / . _."),
    )
    field_order = ["receiver_ref", "witness", "witness_password", "witness_token"]

    def __init__(self, *args: Any, witnesses: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["witness"].queryset = witnesses  # type: ignore[attr-defined]  # the field is a ModelChoiceField; stubs type fields as Field


class ReturnForm(forms.Form):
    item = ShortModelChoiceField(label=_("Item"), queryset=Item.objects.none(), to_field_name="public_id")

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
