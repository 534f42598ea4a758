"""Walk the audit chain and name the first event that breaks it.

Streams in keyset-paginated batches (constant memory, no long-held cursor),
checking for each event, in sequence order:
  1. its sequence number follows the previous one  (else: an event was deleted,
     or one was inserted with a made-up number);
  2. its prev_hash is the previous event's hash    (else: reordered, or inserted);
  3. its hash matches its content                  (else: altered).
Finally the chain head must match the last event (else: events were cut off the
end), and every anchor kept outside the database must still be on the chain with
its hash: the latest one in the key store (safereport.audit.services.anchor_write, ADR 0021)
and any an outside party kept. An anchor past the end of the chain (an emptied
or truncated log) or with another hash at its sequence (a re-hashed tail) is a
break.
"""

import json
import multiprocessing
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, connections

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
    elif connection.vendor == "postgresql":
        # Exact integer microseconds from the server (EXTRACT returns numeric
        # since PostgreSQL 14): parsing timestamptz in Python costs more.
        quoted[-2] = f"(EXTRACT(EPOCH FROM {quoted[-2]}) * 1000000)::bigint"
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


@dataclass(frozen=True)
class _Segment:
    """The result of walking events first..last (last=None: to the end)."""

    checked: int
    first_prev_hash: str | None  # prev_hash stored on the segment's first event
    last_sequence: int
    last_hash: str
    first_break: Break | None
    anchors_seen: frozenset[int]


Anchors = Mapping[int, str]


def _walk(first: int, last: int | None, previous_hash: str | None, anchors: Anchors, batch_size: int) -> _Segment:
    """Check events first..last. previous_hash=None: the caller checks the first link."""
    fields = ("id", *HASHED_FIELDS, "hash")
    expected = first
    first_prev_hash: str | None = None
    anchors_seen: set[int] = set()
    checked = 0

    def done(first_break: Break | None) -> _Segment:
        return _Segment(checked, first_prev_hash, expected - 1, previous_hash or "", first_break, frozenset(anchors_seen))

    while last is None or expected <= last:
        size = batch_size if last is None else min(batch_size, last - expected + 1)
        rows = list(_batch(expected, size, fields))
        if not rows:
            break
        for row in rows:
            event_id, sequence, prev_hash = row[0], row[1], row[2]
            if sequence != expected:
                return done(Break(expected, None, f"is missing (deleted); the next event is #{sequence}"))
            if first_prev_hash is None:
                first_prev_hash = prev_hash
            if previous_hash is not None and prev_hash != previous_hash:
                return done(
                    Break(sequence, event_id, "does not follow the event before it (reordered or inserted)")
                )
            if event_hash(row[1:-1]) != row[-1]:
                return done(Break(sequence, event_id, "was altered: its content no longer matches its hash"))
            if sequence in anchors:
                if row[-1] != anchors[sequence]:
                    return done(
                        Break(sequence, event_id, "differs from the anchor kept outside the database")
                    )
                anchors_seen.add(sequence)
            previous_hash = row[-1]
            expected += 1
            checked += 1
    return done(None)


def _walk_in_child(conn: Any, first: int, anchors: Anchors, batch_size: int) -> None:
    try:
        conn.send(_walk(first, None, None, anchors, batch_size))
    finally:
        connections.close_all()
        conn.close()


def _can_fork() -> bool:
    # A forked child must open its own connection and see committed data: not
    # possible for the test suite's in-memory SQLite or inside a transaction.
    if connection.in_atomic_block:
        return False
    return not (connection.vendor == "sqlite" and connection.is_in_memory_db())  # type: ignore[attr-defined]  # SQLite's wrapper only, checked first


def _anchor_map(anchors: Iterable[tuple[int, str]]) -> tuple[dict[int, str], Break | None]:
    found: dict[int, str] = {}
    for sequence, hash_ in anchors:
        if sequence <= 0:
            continue  # an anchor of the empty chain holds nothing
        if found.setdefault(sequence, hash_) != hash_:
            return found, Break(sequence, None, "two anchors disagree about this event")
    return found, None


def chain_verify(
    *,
    batch_size: int = 10_000,
    anchor: tuple[int, str] | None = None,
    anchors: Iterable[tuple[int, str]] = (),
    jobs: int = 1,
    parallel_from: int = 200_000,
) -> Verification:
    """Verify the whole chain against the given anchors (SEQUENCE, HASH).

    With jobs=2 and a long chain, the second half is checked in a forked
    process at the same time (hashing is the cost, and each event's hash
    depends only on its own row); the two halves are then joined by checking
    the one link between them."""
    wanted, disagreement = _anchor_map([*anchors, *([anchor] if anchor else [])])
    if disagreement is not None:
        return Verification(0, 0, "", disagreement)
    total = AuditEvent.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0
    if jobs > 1 and total >= parallel_from and _can_fork():
        middle = total // 2
        connections.close_all()
        receiver, sender = multiprocessing.get_context("fork").Pipe(duplex=False)
        child = multiprocessing.get_context("fork").Process(
            target=_walk_in_child, args=(sender, middle + 1, wanted, batch_size)
        )
        child.start()
        sender.close()
        head_part = _walk(1, middle, GENESIS_HASH, wanted, batch_size)
        tail_part: _Segment = receiver.recv()
        child.join()
        checked = head_part.checked + tail_part.checked
        if (
            head_part.first_break is None
            and tail_part.checked
            and tail_part.first_prev_hash != head_part.last_hash
        ):
            first_break: Break | None = Break(
                middle + 1, None, "does not follow the event before it (reordered or inserted)"
            )
        else:
            first_break = head_part.first_break or tail_part.first_break
        if first_break is not None:
            return Verification(checked, 0, "", first_break)
        return _finish(
            tail_part if tail_part.checked else head_part,
            checked,
            wanted,
            head_part.anchors_seen | tail_part.anchors_seen,
        )
    segment = _walk(1, None, GENESIS_HASH, wanted, batch_size)
    if segment.first_break is not None:
        return Verification(segment.checked, segment.last_sequence, segment.last_hash, segment.first_break)
    return _finish(segment, segment.checked, wanted, segment.anchors_seen)


def chain_verify_since(*, anchor: tuple[int, str] | None, batch_size: int = 10_000) -> Verification:
    """Verify only the events from an anchor on: the anchored event must still
    carry the anchored hash, and everything after it must hold together up to
    the head. Costs what was written since the anchor (housekeeping runs it
    before it moves the anchor forward); without an anchor, the whole chain."""
    if anchor is None or anchor[0] <= 0:
        return chain_verify(batch_size=batch_size)
    wanted = {anchor[0]: anchor[1]}
    segment = _walk(anchor[0], None, None, wanted, batch_size)
    if segment.first_break is not None:
        return Verification(segment.checked, segment.last_sequence, segment.last_hash, segment.first_break)
    return _finish(segment, segment.checked, wanted, segment.anchors_seen)


def _finish(last_part: _Segment, checked: int, anchors: Anchors, anchors_seen: frozenset[int]) -> Verification:
    last, last_hash = last_part.last_sequence, last_part.last_hash or GENESIS_HASH

    def result(first_break: Break | None) -> Verification:
        return Verification(checked, last, last_hash, first_break)

    head = AuditChainHead.objects.filter(pk=1).values_list("sequence", "hash").first()
    if head is not None and head[0] > last:
        return result(
            Break(last + 1, None, f"is missing: the chain head says #{head[0]} was written (cut off the end)")
        )
    if head is not None and head != (last, last_hash):
        return result(Break(head[0], None, "the chain head does not match the last event"))
    missing = sorted(set(anchors) - anchors_seen)
    if missing:
        return result(
            Break(missing[0], None, "the anchored event is missing (the log was emptied or cut off the end)")
        )
    return result(None)
