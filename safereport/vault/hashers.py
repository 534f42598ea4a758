"""Staff passwords: Django's Argon2id hasher, in the machine's Argon2 slots (ADR 0032 §5).

The same parameters and the same stored format as Django's (the algorithm is
still "argon2", so every stored hash verifies unchanged); only the derivation
waits for one of the few slots the receipt codes also use, so a wave of
sign-ins cannot take both cores from everyone else.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher

from safereport.vault.services import argon2_slot


class SlottedArgon2PasswordHasher(Argon2PasswordHasher):
    def encode(self, password: str, salt: str) -> str:
        with argon2_slot():
            return super().encode(password, salt)

    def verify(self, password: str, encoded: str) -> bool:
        with argon2_slot():
            return super().verify(password, encoded)
