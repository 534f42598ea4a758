"""Read data/content/*.toml into immutable objects.

Structure errors (a missing key, an unknown kind, a bad date) raise
ContentDataError naming the file, so a broken edit fails loudly at load time.
Quality problems (a missing language, a long sentence) are not raised here:
checks.py reports them all at once, so a translator sees every problem in one
run.
"""

import datetime as dt
import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

ANY_JURISDICTION = "*"
KINDS = ("centre_policy", "law", "information")
REVIEW_STATUSES = ("draft", "reviewed")
CONFIDENCE = ("high", "medium-high", "medium", "low", "recall")


class ContentDataError(ValueError):
    """A data file is malformed; the message names the file and the key."""


def data_dir() -> Path:
    return Path(getattr(settings, "CONTENT_DATA_DIR", Path(settings.BASE_DIR) / "data" / "content"))


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    url: str
    confidence: str
    note: str = ""


@dataclass(frozen=True)
class Section:
    heading: str
    body: str


@dataclass(frozen=True)
class Translation:
    language: str
    title: str
    sections: tuple[Section, ...]
    status: str
    needs_professional_review: bool
    reviewer: str = ""
    reviewed_on: dt.date | None = None
    # Digest of the text the reviewer approved; an edit after review makes the
    # review stale, so a reviewed label never covers words nobody reviewed.
    reviewed_digest: str = ""

    @property
    def digest(self) -> str:
        payload = json.dumps(
            [self.title, [[s.heading, s.body] for s in self.sections]], ensure_ascii=False
        ).encode()
        return hashlib.sha256(payload).hexdigest()

    @property
    def is_reviewed(self) -> bool:
        return self.status == "reviewed" and self.reviewed_digest == self.digest

    def full_text(self) -> str:
        return "\n".join([self.title] + [f"{s.heading}\n{s.body}" for s in self.sections])


@dataclass(frozen=True)
class Variant:
    slug: str
    id: str
    jurisdictions: tuple[str, ...]
    legal_claim: bool
    sources: tuple[Source, ...]
    texts: dict[str, Translation]
    path: Path
    last_checked: dt.date | None = None
    checked_against: str = ""
    legal_review_status: str = "draft"
    legal_reviewer: str = ""
    legal_reviewed_on: dt.date | None = None
    # Figures the text states, which must agree with jurisdictions.toml,
    # e.g. {"evidence_retention_months": 6}.
    facts: dict[str, Any] = field(default_factory=dict)

    def applies_to(self, jurisdiction: str) -> bool:
        return ANY_JURISDICTION in self.jurisdictions or jurisdiction in self.jurisdictions


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
class CrisisNumber:
    id: str
    number: str
    labels: dict[str, str]
    verified: bool
    confidence: str
    sources: tuple[Source, ...]
    hours: str = ""
    note: str = ""


@dataclass(frozen=True)
class Retention:
    months: int | None
    basis: str
    confidence: str
    sources: tuple[Source, ...]
    note: str = ""


@dataclass(frozen=True)
class Jurisdiction:
    code: str
    name: str
    victims_rights_directive: bool
    evidence_retention: Retention
    crisis_numbers: tuple[CrisisNumber, ...]


@dataclass(frozen=True)
class CentrePolicy:
    key: str
    description: str
    default: bool


@dataclass(frozen=True)
class Library:
    messages: dict[str, Message]
    jurisdictions: dict[str, Jurisdiction]
    policies: dict[str, CentrePolicy]
    labels: dict[str, dict[str, str]]
    registered_slugs: tuple[str, ...]
    retired_slugs: tuple[str, ...]


# ---------------------------------------------------------------------------
# parsing helpers


def _get(
    table: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str, default: Any = ...
) -> Any:
    if key not in table:
        if default is ...:
            raise ContentDataError(f"{where}: missing key {key!r}")
        return default
    value = table[key]
    # TOML dates load as datetime.date; bool is a subclass of int, refuse it for ints.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ContentDataError(f"{where}: {key!r} must be {kind}, not {type(value).__name__}")
    return value


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ContentDataError(f"{path.name}: not valid TOML: {exc}") from exc


def _sources(items: list[dict[str, Any]], where: str) -> tuple[Source, ...]:
    out = []
    for i, item in enumerate(items):
        w = f"{where} source {i + 1}"
        confidence = _get(item, "confidence", str, w)
        if confidence not in CONFIDENCE:
            raise ContentDataError(f"{w}: confidence must be one of {CONFIDENCE}")
        out.append(
            Source(
                id=_get(item, "id", str, w),
                title=_get(item, "title", str, w),
                url=_get(item, "url", str, w),
                confidence=confidence,
                note=_get(item, "note", str, w, ""),
            )
        )
    return tuple(out)


def _translation(item: dict[str, Any], where: str) -> Translation:
    language = _get(item, "language", str, where)
    w = f"{where} [{language}]"
    status = _get(item, "status", str, w)
    if status not in REVIEW_STATUSES:
        raise ContentDataError(f"{w}: status must be one of {REVIEW_STATUSES}")
    sections = tuple(
        Section(heading=_get(s, "heading", str, w), body=_get(s, "body", str, w).strip())
        for s in _get(item, "sections", list, w)
    )
    if not sections:
        raise ContentDataError(f"{w}: a text needs at least one section")
    return Translation(
        language=language,
        title=_get(item, "title", str, w),
        sections=sections,
        status=status,
        needs_professional_review=_get(item, "needs_professional_review", bool, w),
        reviewer=_get(item, "reviewer", str, w, ""),
        reviewed_on=_get(item, "reviewed_on", dt.date, w, None),
        reviewed_digest=_get(item, "reviewed_digest", str, w, ""),
    )


def load_message_file(path: Path) -> tuple[dict[str, Any], Variant]:
    """One file = one message variant. Returns the message header and the variant."""
    raw = _read(path)
    where = path.name
    slug = _get(raw, "slug", str, where)
    kind = _get(raw, "kind", str, where)
    if kind not in KINDS:
        raise ContentDataError(f"{where}: kind must be one of {KINDS}, not {kind!r}")
    header = {
        "slug": slug,
        "kind": kind,
        "topic": _get(raw, "topic", str, where),
        "order": _get(raw, "order", int, where),
        "summary": _get(raw, "summary", str, where),
        "policy": _get(raw, "policy", str, where, None),
    }
    texts: dict[str, Translation] = {}
    for item in _get(raw, "texts", list, where):
        text = _translation(item, where)
        if text.language in texts:
            raise ContentDataError(f"{where}: language {text.language!r} appears twice")
        texts[text.language] = text
    variant = Variant(
        slug=slug,
        id=_get(raw, "variant", str, where),
        jurisdictions=tuple(_get(raw, "jurisdictions", list, where)),
        legal_claim=_get(raw, "legal_claim", bool, where),
        sources=_sources(_get(raw, "sources", list, where, []), where),
        texts=texts,
        path=path,
        last_checked=_get(raw, "last_checked", dt.date, where, None),
        checked_against=_get(raw, "checked_against", str, where, ""),
        legal_review_status=_get(raw, "legal_review_status", str, where, "draft"),
        legal_reviewer=_get(raw, "legal_reviewer", str, where, ""),
        legal_reviewed_on=_get(raw, "legal_reviewed_on", dt.date, where, None),
        facts=_get(raw, "facts", dict, where, {}),
    )
    return header, variant


def _messages(directory: Path) -> dict[str, Message]:
    headers: dict[str, dict[str, Any]] = {}
    variants: dict[str, list[Variant]] = {}
    for path in sorted(directory.glob("*.toml")):
        header, variant = load_message_file(path)
        slug = header["slug"]
        if slug in headers and headers[slug] != header:
            raise ContentDataError(
                f"{path.name}: kind, topic, order, summary and policy must match the other variants of {slug!r}"
            )
        headers[slug] = header
        if any(v.id == variant.id for v in variants.get(slug, [])):
            raise ContentDataError(f"{path.name}: variant {variant.id!r} of {slug!r} appears twice")
        variants.setdefault(slug, []).append(variant)
    return {
        slug: Message(variants=tuple(variants[slug]), **header)
        for slug, header in sorted(headers.items(), key=lambda item: (item[1]["order"], item[0]))
    }


def _jurisdictions(path: Path) -> dict[str, Jurisdiction]:
    raw = _read(path)
    out = {}
    for code, table in raw.items():
        w = f"{path.name} [{code}]"
        ret = _get(table, "evidence_retention", dict, w)
        rw = f"{w} evidence_retention"
        numbers = []
        for item in _get(table, "crisis_numbers", list, w):
            nw = f"{w} crisis number {item.get('id', '?')}"
            confidence = _get(item, "confidence", str, nw)
            if confidence not in CONFIDENCE:
                raise ContentDataError(f"{nw}: confidence must be one of {CONFIDENCE}")
            numbers.append(
                CrisisNumber(
                    id=_get(item, "id", str, nw),
                    number=_get(item, "number", str, nw),
                    labels=_get(item, "labels", dict, nw),
                    verified=_get(item, "verified", bool, nw),
                    confidence=confidence,
                    sources=_sources(_get(item, "sources", list, nw, []), nw),
                    hours=_get(item, "hours", str, nw, ""),
                    note=_get(item, "note", str, nw, ""),
                )
            )
        out[code] = Jurisdiction(
            code=code,
            name=_get(table, "name", str, w),
            victims_rights_directive=_get(table, "victims_rights_directive", bool, w),
            evidence_retention=Retention(
                months=_get(ret, "months", int, rw, None),
                basis=_get(ret, "basis", str, rw),
                confidence=_get(ret, "confidence", str, rw),
                sources=_sources(_get(ret, "sources", list, rw, []), rw),
                note=_get(ret, "note", str, rw, ""),
            ),
            crisis_numbers=tuple(numbers),
        )
    return out


def _policies(path: Path) -> dict[str, CentrePolicy]:
    raw = _read(path)
    return {
        key: CentrePolicy(
            key=key,
            description=_get(table, "description", str, f"{path.name} [{key}]"),
            default=_get(table, "default", bool, f"{path.name} [{key}]"),
        )
        for key, table in raw.items()
    }


def load_library(directory: Path | None = None) -> Library:
    directory = directory or data_dir()
    labels = _read(directory / "labels.toml")
    slugs = _read(directory / "slugs.toml")
    return Library(
        messages=_messages(directory / "messages"),
        jurisdictions=_jurisdictions(directory / "jurisdictions.toml"),
        policies=_policies(directory / "centre_policies.toml"),
        labels={key: dict(value) for key, value in labels.items()},
        registered_slugs=tuple(_get(slugs, "active", list, "slugs.toml")),
        retired_slugs=tuple(_get(slugs, "retired", list, "slugs.toml", [])),
    )
