"""What can go wrong when opening sealed data. None of these messages carry key or plaintext bytes."""


class VaultError(Exception):
    """Base class: something in the vault refused to seal or open."""


class KeyShredded(VaultError):
    """The owner's data key was destroyed: its ciphertexts can never be opened again."""


class UnknownKey(VaultError):
    """No data key (or key-encryption key) with this id exists."""


class CannotUnseal(VaultError):
    """Authentication failed: wrong key, wrong context (row, field, owner) or tampered bytes."""
