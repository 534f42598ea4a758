"""What other apps do when the person unlocks or deletes their sealed compartment, without consent importing them.

The person's sealed compartment (consent, DESIGN.md §3.3) holds an X25519
key pair; relief seals migration-status papers to its public key (ADR 0033,
2026-12-02). Relief sits above consent, so consent runs hooks that relief
registers from its AppConfig.ready(), inside the same transaction:

    compartments.register("relief papers", unlocked=papers_on_unlock, deleted=papers_on_delete)
    # consent.services.compartment_unlock, once the key pair exists:
    compartments.run_unlocked(case=case, public_key=public_key)

An unlock hook receives the case and the compartment's public key (never the
private key); a delete hook receives the case, before the compartment row goes.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

UnlockHook = Callable[..., None]
DeleteHook = Callable[..., None]


@dataclass(frozen=True)
class _Hooks:
    unlocked: UnlockHook | None
    deleted: DeleteHook | None


_HOOKS: dict[str, _Hooks] = {}


def register(name: str, *, unlocked: UnlockHook | None = None, deleted: DeleteHook | None = None) -> None:
    _HOOKS[name] = _Hooks(unlocked=unlocked, deleted=deleted)


def run_unlocked(*, case: Any, public_key: bytes) -> None:
    for _name, hooks in sorted(_HOOKS.items()):
        if hooks.unlocked is not None:
            hooks.unlocked(case=case, public_key=public_key)


def run_deleted(*, case: Any) -> None:
    for _name, hooks in sorted(_HOOKS.items()):
        if hooks.deleted is not None:
            hooks.deleted(case=case)
