from typing import Any, cast

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from config import locales
from safereport.accounts.models import Organisation, ReviewScope, staff_language_choices
from safereport.accounts.permissions import ROLES_BY_ORGANISATION_KIND, Role
from safereport.core.languages import language_label
from safereport.core.text import FreeTextField


class StaffLoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("That username and password do not match. Check both and try again."),
        "inactive": _("This account is not active. Ask your organisation's administrator."),
    }


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("6-digit code from your authenticator app"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]*"}),
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError(_("The code is 6 digits, numbers only."))
        return token


class ReauthenticateForm(TokenForm):
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    field_order = ["password", "token"]


class InvitationForm(forms.Form):
    roles = forms.MultipleChoiceField(label=_("Roles"), widget=forms.CheckboxSelectMultiple)
    note = FreeTextField(label=_("Note for your records (e.g. who this is for)"), max_chars=200, required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = ROLES_BY_ORGANISATION_KIND.get(organisation.kind, frozenset())
        roles = cast(forms.MultipleChoiceField, self.fields["roles"])
        roles.choices = [(r.value, r.label) for r in Role if r.value in allowed]


class AcceptInvitationForm(forms.Form):
    username = forms.RegexField(
        label=_("Username"),
        regex=r"^[A-Za-z0-9._-]{3,40}$",
        error_messages={"invalid": _("Use 3 to 40 letters, digits, dots, dashes or underscores.")},
    )
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords are different."))
        elif first:
            try:
                password_validation.validate_password(first)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class LanguageForm(forms.Form):
    """The staff member's language; the first option follows their organisation's."""

    language = forms.ChoiceField(label=_("Language of your pages"), required=False)

    def __init__(self, *args: Any, organisation_language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["language"])
        follow = _("Your organisation's language (%(language)s)") % {
            "language": locales.LOCALES_BY_CODE[organisation_language].endonym
        }
        field.choices = [("", follow), *staff_language_choices()]


class OrganisationLanguageForm(forms.Form):
    """The language the organisation's staff see unless they choose their own (ADR 0036)."""

    language = forms.ChoiceField(label=_("Language of your organisation's staff pages"), choices=staff_language_choices)


class ReviewerScopeForm(forms.Form):
    """Which languages a translation reviewer reviews, and which texts (ADR 0036, issue 20)."""

    languages = forms.MultipleChoiceField(
        label=_("Languages this colleague reviews"), required=False, widget=forms.CheckboxSelectMultiple
    )
    scope = forms.ChoiceField(label=_("Texts this colleague may approve"), choices=ReviewScope.choices, widget=forms.RadioSelect)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.MultipleChoiceField, self.fields["languages"])
        field.choices = [(code, language_label(code)) for code in locales.LANGUAGE_CODES if code != locales.DEFAULT_LOCALE]
