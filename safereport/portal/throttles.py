"""Budgets for the anonymous portal (docs/adr/0007-throttling-without-addresses.md)."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from safereport.core.throttle import Budget

# All new contacts together. A care centre receives a handful a day; 60 in ten
# minutes is far above real use and far below what a flood needs.
NEW_CONTACTS = Budget("portal:contact", limit=settings.PORTAL_NEW_CONTACTS_PER_10_MINUTES, window_seconds=600)
# What a person is told when the budget is spent, or every Argon2 slot stayed taken (ADR 0032 §5).
NEW_CONTACTS_BUSY = _("Many people are writing right now. Your text is still here: please wait a few minutes and press Send again.")
# Every receipt-code check, everywhere, right or wrong: each one is an Argon2id
# evaluation (ADR 0006), so this is what protects the processor, and it is also
# the guessing bound (ADR 0007 gives the arithmetic). It has no key on purpose:
# a budget keyed on anything a guesser can aim at (digits of a code, a case) lets
# the guesser spend the holder's share and lock the holder out.
CODE_CHECKS = Budget("portal:code:check", limit=300, window_seconds=60)
# What everyone is told while it is spent: it lasts at most one window.
CODE_CHECKS_BUSY = _("Many people are using this page right now. Please wait a minute and try again. Your code still works.")
# Messages into one case per ten minutes (flooding a case's inbox).
MESSAGES_PER_CASE = Budget("portal:message", limit=30, window_seconds=600)
