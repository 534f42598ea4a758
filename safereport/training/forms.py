"""The self-checks of one step, as a form (ADR 0035). Nothing is preselected."""

from typing import Any

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from safereport.training.datafiles import Step
from safereport.training.selectors import Choice

SAID_OR_UNDERSTOOD = [("yes", _("Yes")), ("not_yet", _("Not yet"))]


class StepForm(forms.Form):
    """One radio group per check: yes / not yet, or the honest answer among wrong ones."""

    def __init__(self, *args: Any, step: Step, legal_choices: dict[str, list[Choice]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for check in step.check:
            choices = (
                [(c.value, c.text) for c in legal_choices[check.key]] if check.kind == "legal" else SAID_OR_UNDERSTOOD
            )
            self.fields[check.key] = forms.ChoiceField(
                # The question is in the reader's staff language or, where no translation exists,
                # English (selectors.localised); the browser is told which.
                label=format_html('<span lang="{}">{}</span>', getattr(check.question, "language", "en"), check.question),
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose an answer.")},
            )
