"""Sends the vault's models to the "keystore" database and nothing else there.

Keeping wrapped data keys out of the main database is what makes
crypto-shredding hold for main-database backups (docs/adr/0003-key-hierarchy.md).
"""

from typing import Any

from django.db import models

KEYSTORE = "keystore"
VAULT_APP = "vault"


class KeystoreRouter:
    def db_for_read(self, model: type[models.Model], **hints: Any) -> str | None:
        return KEYSTORE if model._meta.app_label == VAULT_APP else None

    def db_for_write(self, model: type[models.Model], **hints: Any) -> str | None:
        return KEYSTORE if model._meta.app_label == VAULT_APP else None

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # A data key refers to its owner by a string, never by a foreign key.
        if VAULT_APP in {obj1._meta.app_label, obj2._meta.app_label}:
            return bool(obj1._meta.app_label == obj2._meta.app_label)
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        if db == KEYSTORE:
            return app_label == VAULT_APP
        if app_label == VAULT_APP:
            return False
        return None
