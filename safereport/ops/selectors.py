"""Reads about the running service: is it ready to answer?"""

import logging

from django.db import DatabaseError, connections

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
