"""One layer for the knowledge kept in data/ (ADR 0012).

Infrastructure, like core: it imports no domain app. Domain apps declare the
schema of their files in `<app>/datafiles.py` and read them with `load`; the
layer reads TOML, validates, caches and reports. Knowledge stays in the files.
"""

from safereport.datafiles.base import (
    AtLeastOne,
    DataFile,
    DataModel,
    Date,
    Entry,
    Flag,
    LanguageCode,
    NonEmptyText,
    Text,
    Translated,
    TranslatedText,
    WholeNumber,
    blocks_by_language,
    invalid,
    one_of,
)
from safereport.datafiles.errors import DataFileError, Problem
from safereport.datafiles.fallback import FALLBACK_LANGUAGE, Localised, in_language, normalise_language
from safereport.datafiles.loader import DATA_DIR, check, load, load_one, read, validate
from safereport.datafiles.registry import Kind, kinds, register
from safereport.datafiles.vocabulary import Confidence, ReviewStatus, review_of

__all__ = [
    "AtLeastOne",
    "DATA_DIR",
    "FALLBACK_LANGUAGE",
    "Confidence",
    "DataFile",
    "DataFileError",
    "DataModel",
    "Date",
    "Entry",
    "Flag",
    "Kind",
    "LanguageCode",
    "Localised",
    "NonEmptyText",
    "Problem",
    "ReviewStatus",
    "Text",
    "Translated",
    "TranslatedText",
    "WholeNumber",
    "blocks_by_language",
    "check",
    "in_language",
    "invalid",
    "kinds",
    "load",
    "load_one",
    "normalise_language",
    "one_of",
    "read",
    "register",
    "review_of",
    "validate",
]
