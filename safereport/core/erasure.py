"""What other apps do when a case is erased, without the eraser importing them.

`consent.services.case_erase` crypto-shreds a case and removes its rows.
Apps on higher floors (evidence: kits kept while the person decides) must
act in the same transaction, before the case row goes, but consent may not
import them. Each registers a hook here from its AppConfig.ready(); the
eraser runs them all:

    erasure.register("evidence kits", kits_on_case_erased)
    # consent.services.case_erase, inside its transaction:
    erasure.run(case=case, actor=actor, on=today)

A hook receives the case (still in the database), the audit actor and the
day of the erasure, and must leave nothing that identifies the person.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

Hook = Callable[..., None]

_HOOKS: dict[str, Hook] = {}


def register(name: str, hook: Hook) -> None:
    _HOOKS[name] = hook


def hooks() -> list[tuple[str, Hook]]:
    return sorted(_HOOKS.items())


def run(*, case: Any, actor: Any, on: dt.date) -> None:
    for _name, hook in hooks():
        hook(case=case, actor=actor, on=on)
