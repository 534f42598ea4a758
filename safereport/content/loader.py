"""Assemble the information library from data/content/ (read by the data-file layer).

Structure errors (a missing key, an unknown kind, a bad date) raise
ContentDataError naming the file and entry, so a broken edit fails loudly at
load time. Quality problems (a missing language, a long sentence) are not
raised here: checks.py reports them all at once, so a translator sees every
problem in one run.
"""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from safereport import datafiles
from safereport.content.datafiles import (
    ANY_JURISDICTION,
    CentrePolicy,
    CrisisNumber,
    Jurisdiction,
    Retention,
    Section,
    Source,
    Translation,
    Variant,
)

# The layer's error, under the name content's callers know.
ContentDataError = datafiles.DataFileError


def data_dir() -> Path:
    return Path(getattr(settings, "CONTENT_DATA_DIR", Path(settings.BASE_DIR) / "data" / "content"))


@dataclass(frozen=True)
class Message:
    slug: str
    kind: str
    topic: str
    order: int
    summary: str
    variants: tuple[Variant, ...]
    # For centre_policy messages: the policy the centre must have adopted.
    policy: str | None = None

    def variant_for(self, jurisdiction: str) -> Variant | None:
        """The variant written for this jurisdiction, else the general one, else None."""
        specific = [v for v in self.variants if jurisdiction in v.jurisdictions]
        if specific:
            return specific[0]
        general = [v for v in self.variants if ANY_JURISDICTION in v.jurisdictions]
        return general[0] if general else None


@dataclass(frozen=True)
class Library:
    messages: dict[str, Message]
    jurisdictions: dict[str, Jurisdiction]
    policies: dict[str, CentrePolicy]
    labels: dict[str, dict[str, str]]
    registered_slugs: tuple[str, ...]
    retired_slugs: tuple[str, ...]


def _messages(variants: dict[str, Variant]) -> dict[str, Message]:
    grouped: dict[str, list[Variant]] = {}
    for variant in variants.values():
        grouped.setdefault(variant.slug, []).append(variant)
    messages = [
        Message(
            slug=slug,
            kind=found[0].kind,
            topic=found[0].topic,
            order=found[0].order,
            summary=found[0].summary,
            policy=found[0].policy,
            variants=tuple(found),
        )
        for slug, found in grouped.items()
    ]
    return {m.slug: m for m in sorted(messages, key=lambda m: (m.order, m.slug))}


def load_library(directory: Path | None = None) -> Library:
    directory = directory or data_dir()
    slugs = datafiles.load_one("content.slugs", directory=directory)
    return Library(
        messages=_messages(datafiles.load("content.messages", directory=directory / "messages")),
        jurisdictions=datafiles.load_one("content.jurisdictions", directory=directory).jurisdictions,
        policies=datafiles.load_one("content.policies", directory=directory).policies,
        labels=datafiles.load_one("content.labels", directory=directory).labels,
        registered_slugs=slugs.active,
        retired_slugs=slugs.retired,
    )


__all__ = [
    "ANY_JURISDICTION",
    "CentrePolicy",
    "ContentDataError",
    "CrisisNumber",
    "Jurisdiction",
    "Library",
    "Message",
    "Retention",
    "Section",
    "Source",
    "Translation",
    "Variant",
    "load_library",
]
