from typing import Any, cast

from django import forms
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from safereport.core.text import MESSAGE_MAX_CHARS, FreeTextField
from safereport.referrals.models import ReferralService


class PartnerChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]  # generic only in the stubs
    """A partner outside SafeReport says so in the list: the worker hands over by phone or on paper (issue 13 §15)."""

    def label_from_instance(self, obj: Any) -> str:
        if obj.organisation_id is None:
            return str(_("%(name)s (by phone or on paper)") % {"name": obj.name})
        return str(obj.name)


class ReferralForm(forms.Form):
    service = PartnerChoiceField(label=_("Partner"), queryset=ReferralService.objects.none(), to_field_name="public_id")
    share_data = forms.BooleanField(
        label=_("The person wants us to share information with this partner (only what they consented to)"), required=False
    )

    def __init__(self, *args: Any, jurisdiction: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[ReferralService]", self.fields["service"]).queryset = ReferralService.objects.filter(jurisdiction=jurisdiction, is_active=True)


# The directory's fields in the reader's language (the model's field names are English).
LABELS = {
    "key": _("Key"),
    "jurisdiction": _("Jurisdiction"),
    "name": _("Name"),
    "kind": _("Kind"),
    "languages": _("Languages"),
    "accepts_people_without_papers": _("Accepts people without papers"),
    "data_sharing_policy": _("Data sharing policy"),
    "contact": _("Contact"),
    "hours": _("Hours"),
    "organisation": _("Organisation"),
    "source": _("Source"),
    "last_reviewed": _("Last reviewed"),
    "is_active": _("Is active"),
}


def _typed(model_field: str, *, required: bool = False) -> FreeTextField:
    field = cast("models.Field[Any, Any]", ReferralService._meta.get_field(model_field))
    return FreeTextField(
        label=LABELS.get(model_field) or capfirst(str(field.verbose_name)), required=required, max_chars=getattr(field, "max_length", None) or MESSAGE_MAX_CHARS
    )


class ReferralServiceForm(forms.ModelForm):  # type: ignore[type-arg]  # generic only in the stubs
    # What the DPO types goes through the same cleaning as anything a person types.
    name = _typed("name", required=True)
    data_sharing_policy = _typed("data_sharing_policy")
    contact = _typed("contact")
    hours = _typed("hours")
    source = _typed("source")

    class Meta:
        model = ReferralService
        fields = [
            "key", "jurisdiction", "name", "kind", "languages", "accepts_people_without_papers",
            "data_sharing_policy", "contact", "hours", "organisation", "source", "last_reviewed", "is_active",
        ]
        labels = LABELS


class PartnerUpdateForm(forms.Form):
    status = forms.CharField(max_length=20)
