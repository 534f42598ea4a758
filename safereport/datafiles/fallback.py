"""The one rule for text kept per language: the language asked for, else English.

Every per-language entry in data/ has an English text (the schemas refuse a
file without one), so the rule always finds something to show. It also says
which language it found, so a page can mark a fallback with `lang="en"` and
the right direction instead of passing English off as a translation.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from config.locales import DEFAULT_LOCALE, RTL_LANGUAGE_CODES

FALLBACK_LANGUAGE = DEFAULT_LOCALE

T = TypeVar("T")


def normalise_language(code: str | None) -> str:
    """ "fr-BE", "fr_be" and "FR" all ask for "fr"; nothing asks for English."""
    return (code or FALLBACK_LANGUAGE).lower().split("-")[0].split("_")[0]


@dataclass(frozen=True)
class Localised(Generic[T]):
    value: T
    language: str  # the language `value` is in
    requested: str  # the language that was asked for (normalised)

    @property
    def is_fallback(self) -> bool:
        return self.language != self.requested

    @property
    def direction(self) -> str:
        return "rtl" if self.language in RTL_LANGUAGE_CODES else "ltr"


def in_language(texts: Mapping[str, T], language: str | None) -> Localised[T]:
    requested = normalise_language(language)
    if requested in texts:
        return Localised(texts[requested], requested, requested)
    return Localised(texts[FALLBACK_LANGUAGE], FALLBACK_LANGUAGE, requested)
