"""The hash of one audit event: SHA-256 over a canonical encoding of its content
and the previous event's hash (docs/adr/0004-audit-log.md).

Canonical means the same bytes on SQLite and PostgreSQL: a JSON array in a
fixed order, details with sorted keys, the time as integer microseconds since
the Unix epoch (UTC), ASCII only.
"""

import hashlib
import json
from datetime import UTC, datetime, timedelta
from typing import Any

GENESIS_HASH = "0" * 64
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_NAIVE_EPOCH = datetime(1970, 1, 1)
_MICROSECOND = timedelta(microseconds=1)
_PREFIX = b"safereport:audit:v1\n"
_dumps = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode

# The model fields the hash covers, in order; verify reads exactly these.
HASHED_FIELDS = (
    "sequence",
    "prev_hash",
    "action",
    "actor_kind",
    "actor_staff_id",
    "actor_role",
    "actor_organisation_id",
    "actor_organisation_kind",
    "actor_organisation_name",
    "actor_label",
    "subject",
    "case_ref",
    "details",
    "occurred_at",
)


def micros(moment: datetime) -> int:
    """Microseconds since the epoch; a naive time is taken as UTC (how SQLite stores it)."""
    return (moment - (_EPOCH if moment.tzinfo else _NAIVE_EPOCH)) // _MICROSECOND


def event_hash(values: tuple[Any, ...]) -> str:
    """`values` in HASHED_FIELDS order; occurred_at as a datetime (naive means UTC)
    or already as integer microseconds since the epoch."""
    *head, occurred_at = values
    payload = _dumps([*head, occurred_at if isinstance(occurred_at, int) else micros(occurred_at)])
    return hashlib.sha256(_PREFIX + payload.encode("ascii")).hexdigest()
