"""The coarse kinds of harm a case may record for statistics (ADR 0031 §10).

Staff words, in a file of their own: case.py is a victim-facing source of the
catalogues (core.catalogues.PORTAL_SOURCES), and these labels are never shown to
the person as a label of what happened to them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CrimeType(models.TextChoices):
    """What harm the person said they suffered, in coarse words, for statistics only (ADR 0031 §10).

    One per record, recorded by staff only when the person said it; never derived
    from a sealed field, never shown to the person as a label of what happened to
    them. When several apply, the first in this order that applies is recorded
    (one type per record, as the GBVIMS classification tool does), so a table's
    row adds up to its records. The situations come first because they almost
    always include one of the acts after them and would otherwise never be counted.
    """

    TRAFFICKING = "trafficking_sexual_exploitation", _("Trafficking for sexual exploitation")
    FORCED_MARRIAGE = "forced_marriage", _("Forced marriage")
    FGM = "fgm", _("Female genital mutilation (cutting)")
    RAPE = "rape", _("Rape")
    SEXUAL_ASSAULT = "sexual_assault", _("Other sexual assault")
    SEXUAL_HARASSMENT_OR_EXPLOITATION = "sexual_harassment_or_exploitation", _("Sexual harassment or sexual exploitation")
    OTHER = "other", _("Other harm")
    # A fine answer, and the default: the person did not say, or was not asked.
    NOT_RECORDED = "not_recorded", _("Not recorded")
