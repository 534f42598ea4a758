"""The words the person receives in their portal messages from the police app (victim-facing, translated)."""

from django.utils.translation import gettext_lazy as _

REPORT_ANSWERED = _(
    "The police answered the report made for you. Read what they said under \"Talking to the police\" "
    "in your information."
)
