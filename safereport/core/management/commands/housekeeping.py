"""Daily clean-up (cron or a systemd timer): expired sessions, old throttle windows, spent form tokens,
old lockout rows, then the tasks other apps registered (safereport.core.housekeeping), such as anchoring
the audit chain.

Nothing cleaned up here is evidence of anything; keeping it longer would only
keep traces of who was here when.
"""

from datetime import timedelta
from typing import Any

from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from safereport.core import housekeeping
from safereport.core.once import purge_spent
from safereport.core.throttle import purge_old_windows


class Command(BaseCommand):
    help = "Remove expired sessions, old throttle windows, spent form tokens and failed-login records; run the apps' daily tasks."

    def handle(self, *args: Any, **options: Any) -> None:
        sessions, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
        windows = purge_old_windows(older_than_seconds=86400)
        tokens = purge_spent()
        attempts, _ = AccessAttempt.objects.filter(attempt_time__lt=timezone.now() - timedelta(days=1)).delete()
        self.stdout.write(
            f"removed {sessions} sessions, {windows} throttle windows, {tokens} spent form tokens, "
            f"{attempts} failed-login records"
        )
        failed = []
        for name, task in housekeeping.tasks():
            try:
                self.stdout.write(f"{name}: {task()}")
            except housekeeping.TaskFailed as failure:
                self.stderr.write(f"{name}: FAILED: {failure}")
                failed.append(name)
        if failed:
            raise CommandError(f"housekeeping tasks failed: {', '.join(failed)}", returncode=1)
