from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from safereport.referrals.models import ReferralService


class ReferralForm(forms.Form):
    service = forms.ModelChoiceField(label=_("Partner"), queryset=ReferralService.objects.none(), to_field_name="public_id")
    share_data = forms.BooleanField(
        label=_("The person wants us to share information with this partner (only what they consented to)"), required=False
    )

    def __init__(self, *args: Any, jurisdiction: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[ReferralService]", self.fields["service"]).queryset = ReferralService.objects.filter(jurisdiction=jurisdiction, is_active=True)


class ReferralServiceForm(forms.ModelForm):  # type: ignore[type-arg]  # generic only in the stubs
    class Meta:
        model = ReferralService
        fields = [
            "key", "jurisdiction", "name", "kind", "languages", "accepts_people_without_papers",
            "data_sharing_policy", "contact", "hours", "organisation", "source", "last_reviewed", "is_active",
        ]


class PartnerUpdateForm(forms.Form):
    status = forms.CharField(max_length=20)
