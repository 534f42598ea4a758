"""The reviewer's forms for interface strings (issue 20, ADR 0036)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from safereport.content import review, selectors
from safereport.core import catalogues
from safereport.core.text import FreeTextField

APPROVE = "approve"
CORRECT = "correct"
PAGE_SIZE = 25

AREA_LABELS = {
    catalogues.PORTAL: _("Portal (read by the person)"),
    catalogues.STAFF: _("Staff pages"),
    catalogues.NAVIGATOR: _("Rights navigator"),
    catalogues.MATERIALS: _("Printed materials"),
}
STATUS_LABELS = {
    catalogues.DRAFT: _("Draft"),
    selectors.CORRECTION_WAITING: _("Correction waiting for the next update"),
    catalogues.REVIEWED: _("Reviewed"),
}


class StringFilterForm(forms.Form):
    """Which strings the list shows; every choice is optional and a wrong one is refused, not guessed."""

    language = forms.ChoiceField(label=_("Language"))
    area = forms.ChoiceField(label=_("Where people read it"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    q = FreeTextField(label=_("Words in the English or the translation"), required=False, max_chars=100)

    def __init__(self, *args: Any, languages: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = languages  # type: ignore[attr-defined]  # fields[...] is typed as Field; these are ChoiceFields
        self.fields["area"].choices = [("", _("All")), *AREA_LABELS.items()]  # type: ignore[attr-defined]  # fields[...] is typed as Field; these are ChoiceFields
        self.fields["status"].choices = [("", _("All")), *STATUS_LABELS.items()]  # type: ignore[attr-defined]  # fields[...] is typed as Field; these are ChoiceFields


class StringReviewForm(forms.Form):
    """Approve the draft as it is, or correct it: one text box per plural form, starting with the draft."""

    decision = forms.ChoiceField(
        label=_("Your review"),
        choices=[(APPROVE, _("Approve: it says the same as the English")), (CORRECT, _("Correct it: use my words below"))],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, found: selectors.InterfaceString, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.found = found
        forms_ = found.forms
        for index, (_source, draft) in enumerate(forms_):
            label = _("Your translation") if len(forms_) == 1 else _("Your translation, form %(number)s") % {"number": index + 1}
            self.fields[f"form_{index}"] = forms.CharField(
                label=label, required=False, strip=False, initial=found.correction[index] if found.correction else draft,
                widget=forms.Textarea(attrs={"rows": 3, "lang": found.language, "dir": "auto"}),
            )

    def words(self) -> list[str]:
        return [self.cleaned_data.get(f"form_{index}", "") for index in range(len(self.found.forms))]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == CORRECT:
            for problem in review.correction_problems(self.found, self.words()):
                self.add_error(None, problem)
            if not self.errors and tuple(self.words()) == self.found.entry.translations:
                self.add_error(None, _("Your words are the same as the draft. Choose Approve, or change the words."))
        return cleaned
