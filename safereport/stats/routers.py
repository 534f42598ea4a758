"""The statistics replica (SAFEREPORT_STATS_DATABASE_URL) is read, never migrated or written (ADR 0029)."""

from typing import Any

STATS = "stats"


class StatsReplicaRouter:
    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return None

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool | None:
        return False if db == STATS else None
