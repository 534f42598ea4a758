"""Budgets for the anonymous portal (docs/adr/0007-throttling-without-addresses.md)."""

from django.conf import settings

from safereport.core.throttle import Budget

# All new contacts together. A care centre receives a handful a day; 60 in ten
# minutes is far above real use and far below what a flood needs.
NEW_CONTACTS = Budget("portal:contact", limit=settings.PORTAL_NEW_CONTACTS_PER_10_MINUTES, window_seconds=600)
# Every wrong code, everywhere: bounds guessing to 300 per minute in total,
# which against 10^16 codes and ~thousands of live ones is hopeless.
WRONG_CODES_GLOBAL = Budget("portal:code:wrong", limit=300, window_seconds=60)
# Guesses at codes sharing the first four digits. A real holder shares a
# prefix with few others, and the window resets within minutes.
CODE_ATTEMPTS_PER_PREFIX = Budget("portal:code:prefix", limit=10, window_seconds=300)
# Messages into one case per ten minutes (flooding a case's inbox).
MESSAGES_PER_CASE = Budget("portal:message", limit=30, window_seconds=600)
