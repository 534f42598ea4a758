"""Walk the audit chain and name the first event that breaks it.

Streams in keyset-paginated batches (constant memory, no long-held cursor),
checking for each event, in sequence order:
  1. its sequence number follows the previous one  (else: an event was deleted,
     or one was inserted with a made-up number);
  2. its prev_hash is the previous event's hash    (else: reordered, or inserted);
  3. its hash matches its content                  (else: altered).
Finally the chain head must match the last event (else: events were cut off the
end), and an optional anchor kept outside the database must still be on the chain.
"""

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection

from safereport.audit.chain import GENESIS_HASH, HASHED_FIELDS, event_hash
from safereport.audit.models import AuditChainHead, AuditEvent


@dataclass(frozen=True)
class Break:
    sequence: int
    event_id: int | None
    reason: str

    def __str__(self) -> str:
        where = f"event #{self.sequence}" + (
            f" (row id {self.event_id})" if self.event_id is not None else ""
        )
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class Verification:
    checked: int
    head_sequence: int
    head_hash: str
    first_break: Break | None

    @property
    def ok(self) -> bool:
        return self.first_break is None


_decode_json = json.JSONDecoder().raw_decode


def _batch(start: int, size: int, fields: tuple[str, ...]) -> Iterator[tuple[Any, ...]]:
    """One page of events, read with a plain cursor: Django's per-row converters
    would double the time verify takes over a million events."""
    table = AuditEvent._meta.db_table
    quoted = [connection.ops.quote_name(name) for name in fields]
    if connection.vendor == "sqlite":
        # Read the time as text: sqlite3's declared-type converter parses it in
        # Python, datetime.fromisoformat does it in C.
        quoted[-2] = f"CAST({quoted[-2]} AS TEXT)"
    columns = ", ".join(quoted)
    sql = f"SELECT {columns} FROM {table} WHERE sequence >= %s ORDER BY sequence LIMIT %s"  # noqa: S608 - fixed names
    with connection.cursor() as cursor:
        cursor.execute(sql, [start, size])
        for row in cursor.fetchall():
            *values, details, occurred_at, hash_ = row
            if isinstance(details, str):  # SQLite keeps JSON as text; PostgreSQL hands back a dict
                details = _decode_json(details)[0]
            if isinstance(occurred_at, str):  # naive UTC text on SQLite; chain.micros reads it as UTC
                occurred_at = datetime.fromisoformat(occurred_at)
            yield (*values, details, occurred_at, hash_)


def chain_verify(
    *,
    batch_size: int = 10_000,
    anchor: tuple[int, str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Verification:
    fields = ("id", *HASHED_FIELDS, "hash")
    expected_sequence = 1
    previous_hash = GENESIS_HASH
    anchor_seen = anchor is None
    checked = 0

    def result(first_break: Break | None) -> Verification:
        return Verification(checked, expected_sequence - 1, previous_hash, first_break)

    while True:
        rows = list(_batch(expected_sequence, batch_size, fields))
        if not rows:
            break
        for row in rows:
            event_id, sequence, prev_hash = row[0], row[1], row[2]
            if sequence != expected_sequence:
                return result(
                    Break(expected_sequence, None, f"is missing (deleted); the next event is #{sequence}")
                )
            if prev_hash != previous_hash:
                return result(
                    Break(sequence, event_id, "does not follow the event before it (reordered or inserted)")
                )
            if event_hash(row[1:-1]) != row[-1]:
                return result(
                    Break(sequence, event_id, "was altered: its content no longer matches its hash")
                )
            if not anchor_seen and anchor is not None and sequence == anchor[0]:
                if row[-1] != anchor[1]:
                    return result(
                        Break(sequence, event_id, "differs from the anchor kept outside the database")
                    )
                anchor_seen = True
            previous_hash = row[-1]
            expected_sequence += 1
            checked += 1
        if progress:
            progress(checked)

    head = AuditChainHead.objects.filter(pk=1).values_list("sequence", "hash").first()
    last = expected_sequence - 1
    if head is not None and head[0] > last:
        return result(
            Break(last + 1, None, f"is missing: the chain head says #{head[0]} was written (cut off the end)")
        )
    if head is not None and head != (last, previous_hash):
        return result(Break(head[0], None, "the chain head does not match the last event"))
    if not anchor_seen and anchor is not None:
        return result(Break(anchor[0], None, "the anchored event is missing (cut off the end)"))
    return result(None)
