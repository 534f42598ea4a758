"""What the registry tells the apps above it (they may import partners; partners imports none of them).

`partnership_ended` is sent inside the transaction that ends a partnership
(declined or revoked), with `partnership=` and `actor=` (a StaffUser).
consent listens and crypto-shreds the packages that no partnership lets their
recipient read any more (ADR 0014).
"""

from django.dispatch import Signal

partnership_ended = Signal()
