"""Reads about the key store as a whole: can this key store open this main database?

After a restore, the main database and the key store may come from
different days, or (by mistake) from different deployments. The vault knows
no domain model, so it finds sealed values the way Django describes them:
every BinaryField of every model kept in the main database. A sealed value
names its data key (`sealed_key_id`); each key named must be in the key
store and open under the KEK ring — or be a tombstone, which is a shredded
record staying unreadable on purpose.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, models, router

from safereport.vault.errors import CannotUnseal, KeyShredded, UnknownKey
from safereport.vault.models import DataKey
from safereport.vault.services import FORMAT_ENVELOPE, KEY_ID_BYTES, _unwrap


@dataclass(frozen=True)
class Readability:
    """How the sealed values of the main database fare against this key store and KEK ring."""

    sealed_values: int
    keys_named: int
    readable_keys: int
    shredded_keys: int
    # data key id -> number of sealed values naming it
    missing: dict[str, int] = field(default_factory=dict)
    # data key ids present but not opening under the KEK ring (another ring, or damaged)
    unopenable: list[str] = field(default_factory=list)
    keys_in_store: int = 0

    @property
    def ok(self) -> bool:
        return not self.missing and not self.unopenable

    def explain(self) -> str:
        lines = [
            f"{self.sealed_values} sealed values name {self.keys_named} data keys: "
            f"{self.readable_keys} open, {self.shredded_keys} were shredded (unreadable on purpose); "
            f"the key store holds {self.keys_in_store} keys"
        ]
        if self.missing:
            lines.append(
                f"{sum(self.missing.values())} sealed values name {len(self.missing)} data keys this key store "
                "does not hold: the key-store backup does not belong to this main database, or is older than it"
            )
        if self.unopenable:
            lines.append(
                f"{len(self.unopenable)} data keys do not open under the configured KEK ring "
                "(SAFEREPORT_KEK_FILE is not this deployment's ring, or misses an older key)"
            )
        return "\n".join(lines)


def _sealed_columns() -> list[tuple[type[models.Model], str]]:
    found = []
    for model in apps.get_models():
        if router.db_for_read(model) not in (None, DEFAULT_DB_ALIAS):
            continue
        if model._meta.proxy or not model._meta.managed:
            continue
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.BinaryField):
                found.append((model, model_field.attname))
    return found


def keystore_readability() -> Readability:
    """Walk every sealed value of the main database and try each data key it names."""
    named: Counter[str] = Counter()
    values = 0
    for model, column in _sealed_columns():
        rows = model._base_manager.using(DEFAULT_DB_ALIAS).exclude(**{f"{column}__isnull": True})
        for raw in rows.values_list(column, flat=True).iterator(chunk_size=2000):
            sealed = bytes(raw)
            if len(sealed) <= 1 + KEY_ID_BYTES or sealed[0] != FORMAT_ENVELOPE:
                continue
            values += 1
            named[sealed[1 : 1 + KEY_ID_BYTES].hex()] += 1
    readable = shredded = 0
    missing: dict[str, int] = {}
    unopenable: list[str] = []
    rows_by_id = {row.key_id: row for row in DataKey.objects.filter(key_id__in=list(named))}
    for key_id, count in sorted(named.items()):
        row = rows_by_id.get(key_id)
        if row is None:
            missing[key_id] = count
            continue
        try:
            _unwrap(row)
        except KeyShredded:
            shredded += 1
        except (UnknownKey, CannotUnseal):
            unopenable.append(key_id)
        else:
            readable += 1
    return Readability(
        sealed_values=values,
        keys_named=len(named),
        readable_keys=readable,
        shredded_keys=shredded,
        missing=missing,
        unopenable=unopenable,
        keys_in_store=DataKey.objects.count(),
    )
