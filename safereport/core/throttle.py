"""Fixed-window budgets kept in the database, keyed by something that is not a person.

We store no IP addresses, so we cannot limit "per client". Instead, budgets
are global (all anonymous contacts together, all receipt-code checks together)
or per case for someone already inside it (messages into one case). Windows are
short and always reset. See docs/adr/0007-throttling-without-addresses.md.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from safereport.core.models import ThrottleWindow


@dataclass(frozen=True)
class Budget:
    name: str
    limit: int
    window_seconds: int


def _window_start(window_seconds: int) -> int:
    return int(timezone.now().timestamp()) // window_seconds * window_seconds


def spend(budget: Budget, key: str = "") -> bool:
    """Take one unit from the budget; False when it is used up for this window."""
    bucket = f"{budget.name}:{key}"[:120]
    start = _window_start(budget.window_seconds)
    with transaction.atomic():
        updated = ThrottleWindow.objects.filter(bucket=bucket, window_start=start, count__lt=budget.limit).update(
            count=F("count") + 1
        )
        if updated:
            return True
        if ThrottleWindow.objects.filter(bucket=bucket, window_start=start).exists():
            return False
        try:
            with transaction.atomic():
                ThrottleWindow.objects.create(bucket=bucket, window_start=start, count=1)
            return True
        except IntegrityError:
            # Another request opened the window first; count against it.
            return bool(
                ThrottleWindow.objects.filter(bucket=bucket, window_start=start, count__lt=budget.limit).update(
                    count=F("count") + 1
                )
            )


def purge_old_windows(*, older_than_seconds: int = 86400) -> int:
    cutoff = int(timezone.now().timestamp()) - older_than_seconds
    deleted, _ = ThrottleWindow.objects.filter(window_start__lt=cutoff).delete()
    return deleted


__all__ = ["Budget", "purge_old_windows", "spend"]
