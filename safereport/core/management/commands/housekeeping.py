"""Daily clean-up (cron or a systemd timer): expired sessions, old throttle windows, spent form tokens, old lockout rows.

Nothing here is evidence of anything; keeping it longer would only keep
traces of who was here when.
"""

from datetime import timedelta
from typing import Any

from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand
from django.utils import timezone

from safereport.core.once import purge_spent
from safereport.core.throttle import purge_old_windows


class Command(BaseCommand):
    help = "Remove expired sessions, old throttle windows, old spent form tokens and old failed-login records."

    def handle(self, *args: Any, **options: Any) -> None:
        sessions, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
        windows = purge_old_windows(older_than_seconds=86400)
        tokens = purge_spent()
        attempts, _ = AccessAttempt.objects.filter(attempt_time__lt=timezone.now() - timedelta(days=1)).delete()
        self.stdout.write(
            f"removed {sessions} sessions, {windows} throttle windows, {tokens} spent form tokens, "
            f"{attempts} failed-login records"
        )
