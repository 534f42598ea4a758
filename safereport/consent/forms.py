from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from safereport.accounts.models import Organisation
from safereport.accounts.permissions import OrganisationKind
from safereport.consent import rules
from safereport.consent.models import ClinicalDecision, Decision, ExaminationKind, Understanding
from safereport.consent.purposes import SEALED_CATEGORIES, Purpose
from safereport.core.categories import DataCategory
from safereport.core.languages import LanguageChoiceField, LanguagePairsForm, other_language_field
from safereport.core.text import MESSAGE_MAX_CHARS, FreeTextField, nothing_chosen

SHAREABLE = [(v, label) for v, label in DataCategory.choices if v not in SEALED_CATEGORIES]
STAFF_UNDERSTANDING = [
    (Understanding.UNDERSTOOD, Understanding.UNDERSTOOD.label),
    (Understanding.UNDERSTOOD_AFTER_REPEAT, Understanding.UNDERSTOOD_AFTER_REPEAT.label),
    (Understanding.NOT_YET, Understanding.NOT_YET.label),
]


def _recipients(care_centre_id: int | None = None) -> QuerySet[Organisation]:
    """The organisations a form offers: with a centre given, only its partners in force (ADR 0014).

    Without one (a form parsing a POST) any active organisation parses, and
    the services refuse, and audit, anyone who is not a partner.
    """
    # Never a training organisation: its cases are synthetic (ADR 0035; training/guards.py refuses it too).
    organisations = Organisation.objects.filter(is_active=True).exclude(
        kind__in=[OrganisationKind.RESEARCH_BODY, OrganisationKind.TRAINING_CENTRE, OrganisationKind.OVERSIGHT_BODY]
    )
    if care_centre_id is not None:
        organisations = organisations.filter(
            partnerships_received__care_centre_id=care_centre_id,
            partnerships_received__approved_at__isnull=False,
            partnerships_received__revoked_at__isnull=True,
        ).distinct()
    return organisations.order_by("name")


LANGUAGE_PAIRS = (("language", "language_other"), ("interpreter_language", "interpreter_language_other"))


class ConsentForm(LanguagePairsForm):
    """Staff record what the person decided, after explaining it and checking they understood."""

    language_pairs = LANGUAGE_PAIRS

    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=nothing_chosen(Purpose.choices))
    recipient_organisation = forms.ModelChoiceField(label=_("To this organisation"), queryset=Organisation.objects.none(), required=False)
    recipient_kind = forms.ChoiceField(
        label=_("…or to every partner of this kind listed below (tell the person their names)"),
        choices=[("", "—"), *[(k, v) for k, v in OrganisationKind.choices if k != OrganisationKind.TRAINING_CENTRE]],
        required=False,
    )
    categories = forms.MultipleChoiceField(
        label=_("Information (only what is relevant to the purpose is shared)"),
        choices=SHAREABLE,
        widget=forms.CheckboxSelectMultiple,
    )
    explicit = forms.BooleanField(
        label=_("The person explicitly asked to include information that is not usually relevant to this purpose"),
        required=False,
    )
    expires_on = forms.DateField(label=_("Until (optional)"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    language = LanguageChoiceField(label=_("Explained in language"), empty_label="—", required=True)
    language_other = other_language_field(label=_("If explained in another language: which one?"))
    interpreter_language = LanguageChoiceField(label=_("Interpreter (language), if any"), empty_label=_("No interpreter"))
    interpreter_language_other = other_language_field(label=_("If the interpreter spoke another language: which one?"))
    understanding = forms.ChoiceField(label=_("Check of understanding"), choices=STAFF_UNDERSTANDING, widget=forms.RadioSelect)

    def __init__(self, *args: Any, care_centre_id: int | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "consent_%s")  # several forms share one page: ids must not clash
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Organisation]", self.fields["recipient_organisation"]).queryset = _recipients(
            care_centre_id
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if bool(data.get("recipient_organisation")) == bool(data.get("recipient_kind")):
            raise forms.ValidationError(_("Choose one organisation, or one kind of organisation."))
        return data

    def shown_for(self, purpose: str) -> list[str]:
        """The partners the page listed for this purpose (public ids): "every partner of this kind" means those."""
        prefix = f"{purpose}:"
        values = self.data.getlist("shown") if hasattr(self.data, "getlist") else []
        return [str(v).removeprefix(prefix) for v in values if str(v).startswith(prefix)]


class ClinicalConsentForm(LanguagePairsForm):
    language_pairs = LANGUAGE_PAIRS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "clinical_%s")
        super().__init__(*args, **kwargs)

    examination = forms.ChoiceField(label=_("Examination"), choices=nothing_chosen(ExaminationKind.choices))
    decision = forms.ChoiceField(label=_("Decision"), choices=ClinicalDecision.choices, widget=forms.RadioSelect)
    told_can_stop = forms.BooleanField(label=_('I told the person "you can stop at any time"'), required=False)
    language = LanguageChoiceField(label=_("Explained in language"), empty_label="—", required=True)
    language_other = other_language_field(label=_("If explained in another language: which one?"))
    interpreter_language = LanguageChoiceField(label=_("Interpreter (language), if any"), empty_label=_("No interpreter"))
    interpreter_language_other = other_language_field(label=_("If the interpreter spoke another language: which one?"))
    understanding = forms.ChoiceField(label=_("Check of understanding"), choices=STAFF_UNDERSTANDING, widget=forms.RadioSelect)


class BuildPackageForm(forms.Form):
    recipient = forms.ModelChoiceField(label=_("Recipient"), queryset=Organisation.objects.none())
    purpose = forms.ChoiceField(label=_("Purpose"), choices=nothing_chosen(Purpose.choices))

    def __init__(self, *args: Any, care_centre_id: int | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "build_%s")
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Organisation]", self.fields["recipient"]).queryset = _recipients(care_centre_id)


class SendPackageForm(forms.Form):
    """The confirmation under a preview: what it showed travels as a digest, so nothing else is sent."""

    recipient = forms.ModelChoiceField(queryset=Organisation.objects.none(), widget=forms.HiddenInput)
    purpose = forms.ChoiceField(choices=Purpose.choices, widget=forms.HiddenInput)
    previewed = forms.CharField(max_length=128, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "send_%s")
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Organisation]", self.fields["recipient"]).queryset = _recipients()


class OverrideRequestForm(forms.Form):
    ground = forms.ChoiceField(label=_("Safeguarding ground"))
    justification = FreeTextField(label=_("Why sharing without consent is necessary"), max_chars=MESSAGE_MAX_CHARS, widget=forms.Textarea)
    recipient = forms.ModelChoiceField(label=_("Recipient"), queryset=Organisation.objects.none())
    purpose = forms.ChoiceField(label=_("Purpose"), choices=nothing_chosen(Purpose.choices))
    categories = forms.MultipleChoiceField(label=_("Information"), choices=SHAREABLE, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, jurisdiction: str, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "override_%s")
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["ground"]).choices = nothing_chosen(
            (g.key, g.label) for g in rules.grounds_for(jurisdiction)
        )
        cast("forms.ModelChoiceField[Organisation]", self.fields["recipient"]).queryset = _recipients()


class OverrideDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=nothing_chosen([("approve", _("Approve")), ("refuse", _("Refuse"))]))
