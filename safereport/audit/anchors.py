"""Anchors: the chain's head, kept where the main database's owner cannot rewrite it alone.

The hash chain finds an edited or missing event, but someone who can write
the main database could empty the log, cut its tail, or rewrite the tail and
re-hash it consistently, and the chain alone would still verify. So the head
(sequence, hash, time) is written, append-only, to the key-store database
(safereport.vault.routers admits AuditAnchor there; this module never names
that database, it asks the routers): by `safereport housekeeping`, after
every successful `safereport audit verify`, and by `audit head --export`,
which also prints a signed line to hand to an outside party. verify compares
the chain with the latest anchor by default (docs/adr/0021).

An anchor never moves backwards, and is written only once the events since
the previous one verify: a truncated or rewritten chain is reported, never
blessed.
"""

from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.core import checks, signing
from django.db import DEFAULT_DB_ALIAS, router, transaction
from django.utils import timezone

from safereport.audit.models import AuditAnchor
from safereport.audit.verification import Verification, chain_verify, chain_verify_since
from safereport.core.housekeeping import TaskFailed

EXPORT_PREFIX = "safereport-audit-anchor:v1"
# Signed with the deployment's SECRET_KEY (HMAC-SHA256, Django's signing): a
# line altered after it was handed over no longer verifies here.
_SIGNER = signing.Signer(salt="safereport.audit.anchor")


class AnchorRefused(Exception):
    """The chain no longer reaches the latest anchor: anchoring it now would bless the change."""


Head = tuple[int, str]


def anchor_latest() -> Head | None:
    row = AuditAnchor.objects.order_by("-id").values_list("sequence", "hash").first()
    return None if row is None else (row[0], row[1])


def _append(*, sequence: int, hash_: str, reason: str) -> AuditAnchor | None:
    """Write the head unless it is already the latest anchor; refuse to go backwards."""
    if sequence <= 0:
        return None  # nothing written yet: nothing to protect
    with transaction.atomic(using=router.db_for_write(AuditAnchor)):
        latest: AuditAnchor | None = AuditAnchor.objects.order_by("-id").first()
        if latest is not None:
            if sequence < latest.sequence:
                raise AnchorRefused(
                    f"the chain ends at #{sequence}, before the latest anchor #{latest.sequence}: events were removed"
                )
            if sequence == latest.sequence:
                if hash_ != latest.hash:
                    raise AnchorRefused(f"event #{sequence} no longer has the anchored hash")
                return latest
        anchor = AuditAnchor(sequence=sequence, hash=hash_, anchored_at=timezone.now(), reason=reason)
        anchor.save()
        return anchor


def anchor_write(*, reason: str) -> AuditAnchor | None:
    """Anchor the current head, after checking the events written since the latest anchor.

    The cost is what was written since then (a day's events for housekeeping).
    Returns None while the log is empty.
    """
    result = chain_verify_since(anchor=anchor_latest())
    if result.first_break is not None:
        raise AnchorRefused(str(result.first_break))
    return _append(sequence=result.head_sequence, hash_=result.head_hash, reason=reason)


@dataclass(frozen=True)
class AnchoredVerification:
    result: Verification
    compared_with: Head | None  # the latest anchor in the key store, before this run
    anchored: AuditAnchor | None  # the anchor this run wrote (or found already there)


def verify_and_anchor(
    *, outside: Head | None = None, batch_size: int = 10_000, jobs: int = 1, parallel_from: int = 200_000
) -> AnchoredVerification:
    """Verify the whole chain against the latest stored anchor (and one an outside party kept);
    if it holds, anchor its head."""
    latest = anchor_latest()
    result = chain_verify(
        anchors=[a for a in (latest, outside) if a is not None],
        batch_size=batch_size,
        jobs=jobs,
        parallel_from=parallel_from,
    )
    anchored = None
    if result.ok:
        anchored = _append(sequence=result.head_sequence, hash_=result.head_hash, reason="verify")
    return AnchoredVerification(result, latest, anchored)


# --- the line handed to an outside party ------------------------------------------


def export_line(anchor: AuditAnchor) -> str:
    moment = anchor.anchored_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return _SIGNER.sign(f"{EXPORT_PREFIX}:{anchor.sequence}:{anchor.hash}:{moment}")


def parse_anchor(text: str) -> Head:
    """SEQUENCE:HASH, or a line printed by `audit head --export` (its signature checked)."""
    text = text.strip()
    if text.startswith(EXPORT_PREFIX + ":"):
        try:
            text = _SIGNER.unsign(text).removeprefix(EXPORT_PREFIX + ":")
        except signing.BadSignature as error:
            raise ValueError("this anchor line was altered, or was not exported by this deployment") from error
    sequence, _, rest = text.partition(":")
    hash_ = rest.partition(":")[0]
    if not sequence.isdigit() or len(hash_) != 64:
        raise ValueError("expected SEQUENCE:HASH or a line printed by `safereport audit head --export`")
    return int(sequence), hash_


# --- where the anchors are ----------------------------------------------------------


@checks.register()
def check_anchors_kept_apart(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    """Anchors in the main database would protect nothing: whoever rewrites the log rewrites them."""
    if router.db_for_write(AuditAnchor) in (None, DEFAULT_DB_ALIAS):
        return [
            checks.Error(
                "audit.AuditAnchor would be stored in the main database; the database routers must send it to "
                "the key store (safereport.vault.routers.KeystoreRouter).",
                id="safereport.E070",
            )
        ]
    return []


def housekeeping_anchor() -> str:
    """The daily anchor (safereport housekeeping): say what was anchored, or fail loudly."""
    try:
        anchor = anchor_write(reason="housekeeping")
    except AnchorRefused as refusal:
        raise TaskFailed(f"audit chain not anchored: {refusal}") from refusal
    return "nothing to anchor yet" if anchor is None else f"anchored #{anchor.sequence}:{anchor.hash}"
