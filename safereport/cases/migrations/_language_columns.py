"""Moving typed language names out of plain columns (cases 0007, consent 0004; ADR 0018).

Until then a language was whatever someone typed, stored in the open. Each
value becomes the code of a supported language when it names one (in any of
the interface's languages), and otherwise "another language" with the name
sealed under the case's data key, as the services now write it. Nothing
typed stays in a plain column.

Sealing needs the vault: the key store database and the key-encryption key.
A deployment that holds such rows has both (every case with a message has a
data key); a fresh database has no rows and never touches the vault. If the
vault cannot be reached the migration fails and changes nothing, rather than
leave or lose the text. A case whose key was already shredded has nothing
left to protect: its typed value is cleared.

Django skips modules starting with "_" when it looks for migrations.
"""

import operator
from functools import reduce
from collections.abc import Iterator
from typing import Any

from django.db.models import Q

from safereport.core.languages import OTHER, language_from_text
from safereport.vault.errors import KeyShredded
from safereport.vault.services import SealContext, seal, unseal


def _context(case_public_id: object, model: Any, row: Any, field: str) -> SealContext:
    # The same binding as cases.sealing: owner, record and field.
    return SealContext(
        owner=f"case:{case_public_id}", record=f"{model._meta.label}:{row.public_id}", field=f"{field}_other_sealed"
    )


def _case_id_of(model: Any, row: Any) -> object:
    return row.public_id if model._meta.model_name == "case" else row.case.public_id


def _rows(model: Any, where: Q) -> Iterator[Any]:
    """Every matching row once, read before any is changed (a changed row must not come round again)."""
    pks = list(model._base_manager.filter(where).order_by("pk").values_list("pk", flat=True))
    related = () if model._meta.model_name == "case" else ("case",)
    for start in range(0, len(pks), 500):
        yield from model._base_manager.filter(pk__in=pks[start : start + 500]).select_related(*related)


def seal_typed_languages(apps: Any, model_fields: dict[str, tuple[str, ...]]) -> None:
    """model_fields: {"cases.Case": ("interpreter_language",), …}."""
    for label, fields in model_fields.items():
        model = apps.get_model(label)
        for row in _rows(model, reduce(operator.or_, (~Q(**{field: ""}) for field in fields))):
            changed = []
            for field in fields:
                typed = getattr(row, field)
                if not typed:
                    continue
                code, other = language_from_text(typed)
                sealed = None
                if code == OTHER:
                    try:
                        sealed = seal(other.encode("utf-8"), context=_context(_case_id_of(model, row), model, row, field))
                    except KeyShredded:
                        code = ""
                setattr(row, field, code)
                setattr(row, f"{field}_other_sealed", sealed)
                changed += [field, f"{field}_other_sealed"]
            if changed:
                model._base_manager.filter(pk=row.pk).update(**{name: getattr(row, name) for name in changed})


def open_sealed_languages(apps: Any, model_fields: dict[str, tuple[str, ...]]) -> None:
    """Going back: the previous schema kept the name in the column itself."""
    for label, fields in model_fields.items():
        model = apps.get_model(label)
        for row in _rows(model, reduce(operator.or_, (Q(**{field: OTHER}) for field in fields))):
            changed = {}
            for field in fields:
                if getattr(row, field) != OTHER:
                    continue
                sealed = getattr(row, f"{field}_other_sealed")
                try:
                    name = unseal(bytes(sealed), context=_context(_case_id_of(model, row), model, row, field)).decode()
                except (KeyShredded, TypeError):
                    name = ""
                changed[field] = name[:40]
            if changed:
                model._base_manager.filter(pk=row.pk).update(**changed)
