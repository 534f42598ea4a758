"""A language as a choice: one of config/locales.py, or "another language" whose name is sealed.

A language someone needs says something about where they come from, so it is
never a typed value in a plain column. Every language field of a case record
is a code from `language_values()` (held by a CHECK constraint, see
`language_constraint`), and "another language" keeps the name the person
wrote in a sealed field next to it (`<field>_other_sealed`, sealed with the
case's key by safereport.cases.sealing). Pages show labels, never codes.

Forms take the choice with a `LanguageChoiceField` and the name with
`other_language_field()`; `LanguagePairsForm` reads the name only when
"another language" was chosen, so the pair works without JavaScript.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from config import locales
from safereport.core.text import FreeTextField, clean_free_text

OTHER = "other"
# The portal's "No, I do not need one": an answer, stored as no language.
NONE = "none"
CODE_MAX_LENGTH = 12
OTHER_LANGUAGE_MAX_CHARS = 60


def language_values() -> tuple[str, ...]:
    return (*locales.LANGUAGE_CODES, OTHER)


def language_label(code: str) -> str:
    """The endonym, with the language's name in the page's language where it differs."""
    if code == OTHER:
        return str(_("Another language"))
    locale = locales.LOCALES_BY_CODE.get(code)
    if locale is None:
        return ""
    name = gettext(locale.english_name)
    return locale.endonym if name.casefold() == locale.endonym.casefold() else f"{locale.endonym} ({name})"


def language_choices() -> list[tuple[str, str]]:
    """Model and form choices: every supported language, then "another language"."""
    return [(code, language_label(code)) for code in language_values()]


def locale_choices() -> list[tuple[str, str]]:
    """Only the supported languages (the language a person wants the centre to use)."""
    return [(code, language_label(code)) for code in locales.LANGUAGE_CODES]


def language_field(*, choices: Callable[[], list[tuple[str, str]]] = language_choices) -> models.CharField:  # type: ignore[type-arg]  # CharField's generics exist only in the stubs
    return models.CharField(max_length=CODE_MAX_LENGTH, choices=choices, blank=True)


def language_constraint(field: str, *, name: str, values: tuple[str, ...] | None = None) -> models.CheckConstraint:
    """The column holds a code or nothing: free text cannot land in it, whatever wrote the row.

    Adding a language to config/locales.py changes this constraint, so
    `makemigrations --check` asks for a migration.
    """
    allowed = ["", *(language_values() if values is None else values)]
    return models.CheckConstraint(condition=Q(**{f"{field}__in": allowed}), name=name)


def language_from_text(typed: str) -> tuple[str, str]:
    """(code, name of another language) for a language someone once typed by hand.

    For rows written before languages were a choice (the migrations that
    brought the choice in). A name that matches a supported language in any
    of the interface's languages, its endonym or its code becomes the code;
    anything else is "another language" with the cleaned name.
    """
    text = " ".join(clean_free_text(typed, max_chars=len(typed)).split())
    if not text:
        return "", ""
    wanted = text.casefold()
    for locale in locales.LOCALES:
        names = {locale.code, locale.endonym, locale.english_name}
        for interface in locales.LANGUAGE_CODES:
            with translation.override(interface):
                names.add(gettext(locale.english_name))
        if wanted in {name.casefold() for name in names} or wanted.split("-")[0] == locale.code:
            return locale.code, ""
    return OTHER, text


# --- forms ------------------------------------------------------------------------


class LanguageChoiceField(forms.ChoiceField):
    """A language from the list, "another language", and for the portal an explicit "no".

    `empty_label` adds a first option with no value for a <select> (staff
    forms); the portal's radio buttons start with nothing chosen.
    """

    def __init__(
        self,
        *,
        empty_label: str | Promise | None = None,
        none_label: str | Promise | None = None,
        include_other: bool = True,
        **kwargs: Any,
    ) -> None:
        def choices() -> list[tuple[str, str]]:
            head = [("", str(empty_label))] if empty_label is not None else []
            head += [(NONE, str(none_label))] if none_label is not None else []
            return head + (language_choices() if include_other else locale_choices())

        kwargs.setdefault("required", False)
        super().__init__(choices=choices, **kwargs)

    def clean(self, value: Any) -> str:
        cleaned = super().clean(value)
        return "" if cleaned == NONE else str(cleaned)


def other_language_field(*, label: str | Promise) -> FreeTextField:
    return FreeTextField(label=label, required=False, max_chars=OTHER_LANGUAGE_MAX_CHARS)


class LanguagePairsForm(forms.Form):
    """For forms with (choice, name of another language) pairs listed in `language_pairs`.

    The name is read only when "another language" is chosen and is then
    required; with any other choice it is dropped, never stored.
    """

    language_pairs: tuple[tuple[str, str], ...] = ()

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        for choice, other in self.language_pairs:
            if cleaned.get(choice) == OTHER:
                if not cleaned.get(other) and other not in self.errors:
                    self.add_error(other, _("Please write the name of the language, or choose one from the list."))
            else:
                cleaned[other] = ""
        return cleaned
