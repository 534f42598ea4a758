"""The key-encryption key (KEK) ring, read from settings.VAULT_KEK_RING.

One "key-id:base64-32-bytes" per line; the first line is the current KEK,
which wraps every new data key. Older lines stay only until `safereport vault
rotate-kek` has re-wrapped every data key they protect. The ring never
touches a database.
"""

import base64
import binascii
import re
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

from safereport.vault.crypto import KEY_BYTES
from safereport.vault.errors import UnknownKey

KEK_ID = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


@dataclass(frozen=True)
class KekRing:
    current_id: str
    keys: dict[str, bytes]

    def __repr__(self) -> str:  # never print key bytes
        return f"KekRing(current={self.current_id!r}, ids={list(self.keys)!r})"

    @property
    def current(self) -> bytes:
        return self.keys[self.current_id]

    def get(self, kek_id: str) -> bytes:
        try:
            return self.keys[kek_id]
        except KeyError:
            raise UnknownKey(f"key-encryption key {kek_id!r} is not in VAULT_KEK_RING") from None


def parse_ring(text: str) -> KekRing:
    keys: dict[str, bytes] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        kek_id, sep, encoded = line.partition(":")
        if not sep or not KEK_ID.match(kek_id):
            raise ImproperlyConfigured(f"VAULT_KEK_RING line {number}: expected 'key-id:base64-key'.")
        try:
            key = base64.b64decode(encoded.strip(), validate=True)
        except binascii.Error:
            raise ImproperlyConfigured(
                f"VAULT_KEK_RING line {number}: the key is not valid base64."
            ) from None
        if len(key) != KEY_BYTES:
            raise ImproperlyConfigured(f"VAULT_KEK_RING line {number}: the key must be {KEY_BYTES} bytes.")
        if kek_id in keys:
            raise ImproperlyConfigured(f"VAULT_KEK_RING line {number}: key id {kek_id!r} appears twice.")
        keys[kek_id] = key
    if not keys:
        raise ImproperlyConfigured("VAULT_KEK_RING holds no key.")
    return KekRing(current_id=next(iter(keys)), keys=keys)


@lru_cache(maxsize=1)
def kek_ring() -> KekRing:
    return parse_ring(settings.VAULT_KEK_RING)


@receiver(setting_changed)
def _forget_ring(*, setting: str, **kwargs: object) -> None:
    if setting == "VAULT_KEK_RING":
        kek_ring.cache_clear()
