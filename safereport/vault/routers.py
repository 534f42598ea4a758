"""Sends the vault's models, and the few guests it admits, to the "keystore" database.

Keeping wrapped data keys out of the main database is what makes
crypto-shredding hold for main-database backups (docs/adr/0003-key-hierarchy.md).
The key store is also the place the main database's owner cannot rewrite
alone, so the audit chain's anchors live here too (docs/adr/0021); the
guests are named here, by label, so that the vault alone decides what the
key store holds and audit never needs to know the vault.
"""

from typing import Any

from django.db import models

KEYSTORE = "keystore"
VAULT_APP = "vault"
# (app label, model name in lower case) of other apps' models kept in the key store.
GUESTS = frozenset({("audit", "auditanchor")})


def _in_keystore(app_label: str, model_name: str | None) -> bool:
    return app_label == VAULT_APP or (app_label, model_name) in GUESTS


def _model_in_keystore(model: type[models.Model]) -> bool:
    return _in_keystore(model._meta.app_label, model._meta.model_name)


class KeystoreRouter:
    def db_for_read(self, model: type[models.Model], **hints: Any) -> str | None:
        return KEYSTORE if _model_in_keystore(model) else None

    def db_for_write(self, model: type[models.Model], **hints: Any) -> str | None:
        return KEYSTORE if _model_in_keystore(model) else None

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # A data key refers to its owner by a string, never by a foreign key;
        # an anchor refers to nothing.
        # obj._meta, not type(obj): request.user is a lazy proxy of the model instance.
        first = _in_keystore(obj1._meta.app_label, obj1._meta.model_name)
        second = _in_keystore(obj2._meta.app_label, obj2._meta.model_name)
        if first or second:
            return bool(first and second and obj1._meta.app_label == obj2._meta.app_label)
        return None

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool | None:
        if db == KEYSTORE:
            return _in_keystore(app_label, model_name)
        if _in_keystore(app_label, model_name):
            return False
        return None
