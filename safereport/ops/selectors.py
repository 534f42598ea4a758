"""Reads about the running service: is it ready to answer?"""

import logging
from dataclasses import dataclass

from django.db import DatabaseError, connections
from django.utils import timezone

from safereport.cases.models import CarePlanItem, CarePlanItemStatus, Case, CaseStatus

logger = logging.getLogger("safereport.health")

# The two databases a request may need: the main one and the vault's key store.
REQUIRED_DATABASES = ("default", "keystore")


def service_ready() -> bool:
    """Both databases answer a trivial query. Which one failed goes to the log, never to the caller."""
    for alias in REQUIRED_DATABASES:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except DatabaseError as error:
            logger.warning("readiness: the %s database does not answer (%s)", alias, type(error).__name__)
            connections[alias].close_if_unusable_or_obsolete()
            return False
    return True


@dataclass(frozen=True)
class Workload:
    """Counts for the metrics endpoint: how many, never who or which."""

    new_contacts_waiting: int  # first contact, nobody assigned yet
    care_plan_items_overdue: int  # open, due before today


def workload_counts() -> Workload:
    today = timezone.localdate()
    return Workload(
        new_contacts_waiting=Case.objects.filter(
            status=CaseStatus.FIRST_CONTACT, assigned_staff__isnull=True
        ).count(),
        care_plan_items_overdue=CarePlanItem.objects.filter(
            status=CarePlanItemStatus.OPEN, due_on__lt=today
        ).count(),
    )
