"""Is the database away? Asked by the error page, which must not touch the ORM itself."""

from django.db import DatabaseError, InterfaceError, OperationalError, connections


def database_away(error: BaseException | None) -> bool:
    """True when a request failed on a database error and a database does not answer now.

    An OperationalError is also what SQLite says about a missing table or a
    lock: that is a fault of ours (a 500), not the database being away (a 503
    that tells the person to try again).
    """
    if not isinstance(error, OperationalError | InterfaceError):
        return False
    for alias in ("default", "keystore"):
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError:
            connections[alias].close_if_unusable_or_obsolete()
            return True
    return False
