"""The kinds of data file, each with where its files are and the schema they follow.

An app declares its kinds in `<app>/datafiles.py` (found the way Django finds
`admin.py`), so the layer imports no domain app and each domain keeps its own
vocabulary next to its code.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from safereport.datafiles.base import DataFile
from safereport.datafiles.errors import Problem

# The validated files of a kind, by file name; and those of the kinds it needs.
Files = Mapping[str, Any]
Check = Callable[[Files, Mapping[str, Files]], Iterable[Problem]]


@dataclass(frozen=True)
class Kind:
    name: str  # "<app>.<what>", e.g. "navigator.jurisdictions"
    title: str  # one line for `safereport data check`
    directory: str  # relative to data/, "." for data/ itself
    pattern: str  # glob inside `directory`: "*.toml" or one file name
    model: type[DataFile]
    # Rules across entries and files (references, duplicates) that one file's
    # schema cannot see. `needs` names the kinds whose files `check` reads.
    check: Check | None = None
    needs: tuple[str, ...] = ()
    # False where having no file at all is meaningful (no retention rules = keep nothing).
    required: bool = True

    @property
    def location(self) -> str:
        return self.display(self.pattern)

    def display(self, file_name: str) -> str:
        """How messages name one of this kind's files: its place under data/."""
        return "/".join(part for part in ("data", self.directory, file_name) if part != ".")


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    existing = _KINDS.get(kind.name)
    if existing is not None and existing.model.__qualname__ != kind.model.__qualname__:
        raise ValueError(f"data-file kind {kind.name!r} is registered twice")
    _KINDS[kind.name] = kind
    return kind


def discover() -> None:
    """Import each installed app's `datafiles.py`, which registers its kinds."""
    from django.apps import apps

    if apps.ready:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("datafiles")


def get(name: str) -> Kind:
    if name not in _KINDS:
        discover()
    try:
        return _KINDS[name]
    except KeyError:
        raise KeyError(f"no data-file kind {name!r}; known: {', '.join(sorted(_KINDS))}") from None


def kinds() -> list[Kind]:
    discover()
    return [_KINDS[name] for name in sorted(_KINDS)]
