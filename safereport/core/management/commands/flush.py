"""Django's flush, able to empty the append-only tables on SQLite too.

On PostgreSQL flush is TRUNCATE, which row triggers never see. On SQLite it
is DELETE, which the append-only triggers refuse row by row; so there the
triggers are lifted for flush's own transaction and put back at its end,
giving flush the same power on both databases, and no more. The test
suite's flush between transactional tests depends on this.
"""

from typing import Any

from django.core.management.commands import flush
from django.db import connections

from safereport.core.appendonly import triggers_lifted


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        connection = connections[options["database"]]
        if connection.vendor != "sqlite":
            return super().handle(**options)
        with triggers_lifted(connection):
            return super().handle(**options)
