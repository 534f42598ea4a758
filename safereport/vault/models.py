"""The key store's one table. Lives in the "keystore" database (see routers.py)."""

from django.db import models


class DataKey(models.Model):
    """One owner's data key (a case, or another owner of sensitive records), wrapped by a KEK.

    Shredding clears `wrapped_key` and keeps the row as a tombstone, so the
    vault can say "destroyed" rather than "unknown" and never issues a fresh
    key to a shredded owner.
    """

    # Random; written in clear into every ciphertext this key seals.
    key_id = models.CharField(max_length=32, unique=True)
    # e.g. "case:<public uuid>": who the key belongs to, never a name.
    owner = models.CharField(max_length=120, unique=True)
    kek_id = models.CharField(max_length=64, blank=True, db_index=True)
    wrapped_key = models.BinaryField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    rewrapped_at = models.DateTimeField(null=True)
    shredded_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        state = "shredded" if self.shredded_at else f"wrapped by {self.kek_id}"
        return f"data key {self.key_id} ({state})"
