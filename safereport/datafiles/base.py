"""Building blocks for the schema of every data-file kind.

A schema is a pydantic model of one file (`DataFile`) made of `DataModel`s:
frozen (nothing edits knowledge at run time) and closed (`extra="forbid"`: a
misspelt key is an error, not a silently ignored line). Scalars are strict, so
`"6"` is not taken for 6 nor `"2026-11-24"` for a date: TOML has real numbers,
booleans and dates, and a quoted one is a mistake worth reporting.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, Strict
from pydantic_core import PydanticCustomError

from safereport.datafiles.fallback import FALLBACK_LANGUAGE
from safereport.datafiles.vocabulary import ReviewStatus

T = TypeVar("T")


def invalid(message: str) -> PydanticCustomError:
    """Raise from a validator; the message is shown as written, after the file and entry."""
    return PydanticCustomError("data", "{message}", {"message": message})


Text = Annotated[str, Strict()]
NonEmptyText = Annotated[str, Strict(), Field(min_length=1)]
WholeNumber = Annotated[int, Strict()]
Flag = Annotated[bool, Strict()]
Date = Annotated[dt.date, Strict()]


def _language_code(code: str) -> str:
    # As config/locales.py spells them: "fr", never "FR" or "fr-BE", which the
    # fallback rule would never find.
    if not (2 <= len(code) <= 3 and code.isascii() and code.isalpha() and code.islower()):
        raise invalid(f"{code!r} is not a language code like 'fr' (two or three lower-case letters)")
    return code


LanguageCode = Annotated[str, Strict(), AfterValidator(_language_code)]


def _needs_english(texts: Mapping[str, Any]) -> Mapping[str, Any]:
    if FALLBACK_LANGUAGE not in texts:
        raise invalid(
            f"no English text ('{FALLBACK_LANGUAGE}'): English is what every other language falls back to"
        )
    return texts


def blocks_by_language(value: Any) -> Any:
    """`[[texts]]` blocks in a file, one per language in code: {"ar": {...}, "fr": {...}}.

    For a `field_validator(mode="before")`; a value that is not a list is left to the schema.
    """
    if not isinstance(value, list):
        return value
    blocks: dict[str, Any] = {}
    for index, item in enumerate(value):
        language = item.get("language") if isinstance(item, dict) else None
        if not isinstance(language, str):
            raise invalid(f"texts[{index}] needs a language")
        if language in blocks:
            raise invalid(f"language {language!r} appears twice")
        blocks[language] = item
    return blocks


def _english_shorthand(value: Any) -> Any:
    # `label = "..."` is accepted for English-only text, as consent's files did.
    return {FALLBACK_LANGUAGE: value} if isinstance(value, str) else value


def one_of(values: Iterable[str]) -> AfterValidator:
    """A vocabulary owned by code (roles, purposes), checked like a Literal."""
    allowed = tuple(values)
    expected = (
        ", ".join(repr(v) for v in allowed[:-1]) + f" or {allowed[-1]!r}"
        if len(allowed) > 1
        else repr(allowed[0])
    )

    def check(value: Any) -> Any:
        if value not in allowed:
            raise PydanticCustomError("one_of", "must be one of {expected}", {"expected": expected})
        return value

    return AfterValidator(check)


def _not_empty(items: tuple[Any, ...]) -> tuple[Any, ...]:
    # After the items validate, so one bad item is not also reported as "empty".
    if not items:
        raise PydanticCustomError("empty", "is empty")
    return items


# A list that must name at least one thing (sources, conditions, crimes).
AtLeastOne = Annotated[tuple[T, ...], AfterValidator(_not_empty)]

# One entry per language, English required (see fallback.in_language).
Translated = Annotated[dict[LanguageCode, T], AfterValidator(_needs_english)]
TranslatedText = Annotated[
    dict[LanguageCode, NonEmptyText], BeforeValidator(_english_shorthand), AfterValidator(_needs_english)
]


class DataModel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


@dataclass(frozen=True)
class Entry:
    """One reviewable unit of a file, as `safereport data check` counts it.

    `review` is None where review does not apply (a registry of slugs, a
    vocabulary), else the entry's ReviewStatus.
    """

    id: str
    review: ReviewStatus | None


class DataFile(DataModel):
    """The root of one file. The loader records where it came from."""

    _path: Path | None = PrivateAttr(default=None)

    @property
    def path(self) -> Path:
        if self._path is None:
            raise AttributeError("validated from memory, not loaded from a file")
        return self._path

    def entries(self) -> Iterable[Entry]:
        return ()
