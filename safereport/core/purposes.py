"""Why something is shared: the purposes vocabulary, one value per reason.

It lives in core, like the data categories, because two floors need it: the
consent ledger and the packages (consent) and the partnerships that say which
organisation may receive what from a centre (partners, below consent). What
each purpose means, who may receive it and what it holds by default is
consent's rule: see `safereport.consent.purposes`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    INVESTIGATION = "investigation", _("Police investigation")
    REFERRAL = "referral", _("Referral for support")
    RELIEF_APPLICATION = "relief_application", _("Application for protection of residence")
    LEGAL_ADVICE = "legal_advice", _("Legal advice")
    RESEARCH = "research", _("Research (anonymised)")
