"""The interface catalogues (locale/<language>/LC_MESSAGES/django.po) and their review status.

A .po entry is a *draft* until a reviewer approves it (ADR 0036). The approval
is written into the entry itself as a translator comment, so it travels with
the text through gettext tools (`makemessages`, `msgmerge`, `msgcat`) and
through translation platforms such as Weblate, which keep translator comments
(`# …`) as they are and rewrite only references (`#:`) and flags (`#,`):

    # reviewed: translator (nl), 2026-12-02
    #: safereport/portal/templates/portal/home.html:4
    msgid "Get help now"
    msgstr "Nu hulp krijgen"

The comment names the reviewer's role and the review date, never a person,
and the English source it approved is the entry's own msgid. If the
translation changes after the review, a platform marks the entry fuzzy or
the reviewer's tool drops the comment; `review_of` also refuses a review
whose `msgstr` digest no longer matches (the digest is the comment's last
field when present).

Each entry belongs to one *area* (portal, staff, navigator, materials),
chosen from the files it comes from: `PORTAL_SOURCES` are the victim-facing
files (tests/test_translations.py checks those in every language).
"""

import datetime as dt
import functools
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

# Sources whose strings a person (not staff) reads: the portal and what it shows.
PORTAL_SOURCES = (
    "safereport/portal/",
    "safereport/navigator/strings.py",
    "safereport/navigator/forms.py",
    "safereport/navigator/templates/navigator/victim_",
    "safereport/navigator/templates/navigator/_plain_",
    "safereport/navigator/templates/navigator/_disclaimer",
    # (safereport/content/templates/ holds only the translation reviewer's pages: staff strings.)
    "safereport/core/text.py",
    "safereport/core/languages.py",
    "config/locales.py",
    "safereport/core/categories.py",
    "safereport/cases/models/case.py",
    "safereport/consent/forms.py",
    "safereport/consent/purposes.py",
    "safereport/core/purposes.py",
    "safereport/accounts/permissions.py",
    "safereport/consent/history.py",
    # What each police option means: shown in the portal (mine/talk) too.
    "safereport/police/templates/police/_options.html",
    "safereport/police/templates/police/_option_name.html",
    "safereport/police/templates/police/_answer.html",
    "safereport/police/messages.py",
    # The retention notice printed at the examination, and the names of item kinds it (and the portal) lists.
    "safereport/evidence/templates/evidence/retention_notice.html",
    # Posters, flyers and cards for centres to print (docs/adr/0034): read by the person, in every language.
    "safereport/materials/selectors.py",
    "safereport/materials/templates/materials/sheet.html",
)
# Each app's audit_actions.py holds the sentences of the person's access history.
PORTAL_FILE_NAMES = ("/audit_actions.py",)

PORTAL = "portal"
STAFF = "staff"
NAVIGATOR = "navigator"
MATERIALS = "materials"
AREAS = (PORTAL, STAFF, NAVIGATOR, MATERIALS)

REVIEWED = "reviewed"
DRAFT = "draft"
MISSING = "missing"

REVIEW_COMMENT = re.compile(
    r"^reviewed: (?P<role>[^,()]+?) \((?P<language>[\w-]+)\), (?P<on>\d{4}-\d{2}-\d{2})(?:, (?P<digest>[0-9a-f]{12}))?$"
)


@dataclass(frozen=True)
class Review:
    role: str
    language: str
    on: dt.date


@dataclass(frozen=True)
class CatalogueEntry:
    msgctxt: str | None
    msgid: str
    msgid_plural: str
    translations: tuple[str, ...]
    fuzzy: bool
    sources: tuple[str, ...]
    comment: str  # translator comments, one line each

    @property
    def translated(self) -> bool:
        return not self.fuzzy and bool(self.translations) and all(self.translations)


def catalogue_path(language: str) -> Path:
    return Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"


def area_of(sources: Iterable[str]) -> str:
    sources = tuple(sources)
    if any(s.startswith(PORTAL_SOURCES) or s.endswith(PORTAL_FILE_NAMES) for s in sources):
        return PORTAL
    if sources and all(s.startswith("safereport/navigator/") for s in sources):
        return NAVIGATOR
    if sources and all(s.startswith("safereport/materials/") for s in sources):
        return MATERIALS
    return STAFF


def digest(translations: Iterable[str]) -> str:
    return hashlib.sha256("\x00".join(translations).encode()).hexdigest()[:12]


def review_comment(*, role: str, language: str, on: dt.date, translations: Iterable[str]) -> str:
    return f"reviewed: {role} ({language}), {on.isoformat()}, {digest(translations)}"


def review_of(entry: CatalogueEntry) -> Review | None:
    """The entry's review, if its text is the text that was reviewed."""
    if not entry.translated:
        return None
    for line in entry.comment.splitlines():
        match = REVIEW_COMMENT.match(line.strip())
        if match is None:
            continue
        if match["digest"] and match["digest"] != digest(entry.translations):
            return None
        return Review(match["role"].strip(), match["language"], dt.date.fromisoformat(match["on"]))
    return None


def status_of(entry: CatalogueEntry) -> str:
    if not entry.translated:
        return MISSING
    return REVIEWED if review_of(entry) is not None else DRAFT


# --- reading and writing ---------------------------------------------------------
# A small reader of our own: polib is not a dependency, and the catalogues are
# what makemessages writes (references, optional flags, msgctxt, plurals).

_ENTRY = re.compile(
    r"(?P<comments>(?:# .*\n|#\n)*)(?P<refs>(?:#: .*\n)*)(?P<flags>#,.*\n)?(?P<previous>(?:#\| .*\n)*)"
    r"(?:msgctxt (?P<ctx>(?:\".*\"\n)+))?msgid (?P<id>(?:\".*\"\n)+)(?:msgid_plural (?P<plural>(?:\".*\"\n)+))?"
    r"(?P<strs>(?:msgstr(?:\[\d\])? (?:\".*\"\n)+)+)"
)


def _unquote(quoted: str) -> str:
    joined = "".join(re.findall(r'"(.*)"', quoted))
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m[1], m[0]), joined)


def _parse(text: str) -> Iterator[tuple[re.Match[str], CatalogueEntry]]:
    for match in _ENTRY.finditer(text):
        msgid = _unquote(match["id"])
        if not msgid:
            continue
        strs = [_unquote(s) for s in re.findall(r"msgstr(?:\[\d\])? ((?:\".*\"\n)+)", match["strs"])]
        comments = "\n".join(line[2:] for line in match["comments"].splitlines() if line.startswith("# "))
        yield match, CatalogueEntry(
            msgctxt=_unquote(match["ctx"]) if match["ctx"] else None,
            msgid=msgid,
            msgid_plural=_unquote(match["plural"]) if match["plural"] else "",
            translations=tuple(strs),
            fuzzy="fuzzy" in (match["flags"] or ""),
            sources=tuple(re.findall(r"(\S+):\d+", match["refs"])),
            comment=comments,
        )


def entries(language: str, *, path: Path | None = None) -> list[CatalogueEntry]:
    path = path or catalogue_path(language)
    stat = path.stat()
    # The reviewer's pages read a catalogue on every request: parse it again only when it changed.
    return list(_entries(path, stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=16)
def _entries(path: Path, _mtime_ns: int, _size: int) -> tuple[CatalogueEntry, ...]:
    return tuple(entry for _, entry in _parse(path.read_text(encoding="utf-8")))


def mark_reviewed(
    language: str, msgid: str, *, role: str, on: dt.date, msgctxt: str | None = None, path: Path | None = None
) -> bool:
    """Write the review comment into the entry (replacing an earlier review). False if the
    entry is missing or untranslated: only a translated text can be reviewed."""
    path = path or catalogue_path(language)
    text = path.read_text(encoding="utf-8")
    for match, entry in _parse(text):
        if entry.msgid != msgid or entry.msgctxt != msgctxt or not entry.translated:
            continue
        kept = [line for line in match["comments"].splitlines() if not REVIEW_COMMENT.match(line[2:].strip())]
        comment = "# " + review_comment(role=role, language=language, on=on, translations=entry.translations)
        head = "".join(line + "\n" for line in [*kept, comment])
        start, end = match.span("comments")
        path.write_text(text[:start] + head + text[end:], encoding="utf-8")
        return True
    return False


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    if "\n" not in escaped:
        return f'"{escaped}"\n'
    # gettext's own layout for a text with line breaks: an empty first line, one line per break.
    parts = escaped.split("\n")
    lines = [part + "\\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
    return '""\n' + "".join(f'"{line}"\n' for line in lines)


def correct(
    language: str, msgid: str, translations: tuple[str, ...], *, role: str, on: dt.date,
    msgctxt: str | None = None, path: Path | None = None,
) -> bool:
    """Write a reviewer's corrected words as the entry's msgstr (one per plural form),
    reviewed by them (the comment's digest is of the new words) and no longer fuzzy.
    False if the entry is not there or its plural count differs."""
    path = path or catalogue_path(language)
    text = path.read_text(encoding="utf-8")
    for match, entry in _parse(text):
        if entry.msgid != msgid or entry.msgctxt != msgctxt or len(entry.translations) != len(translations):
            continue
        kept = [line for line in match["comments"].splitlines() if not REVIEW_COMMENT.match(line[2:].strip())]
        comment = "# " + review_comment(role=role, language=language, on=on, translations=translations)
        head = "".join(line + "\n" for line in [*kept, comment])
        flags = match["flags"] or ""
        left = [flag.strip() for flag in flags[2:].split(",") if flag.strip() and flag.strip() != "fuzzy"] if flags else []
        flags = f"#, {', '.join(left)}\n" if left else ""
        if entry.msgid_plural:
            strs = "".join(f"msgstr[{index}] {_quote(words)}" for index, words in enumerate(translations))
        else:
            strs = f"msgstr {_quote(translations[0])}"
        body = (
            head + match["refs"] + flags
            + (f"msgctxt {match['ctx']}" if match["ctx"] else "")
            + f"msgid {match['id']}" + (f"msgid_plural {match['plural']}" if match["plural"] else "") + strs
        )
        start, end = match.span()
        path.write_text(text[:start] + body + text[end:], encoding="utf-8")
        return True
    return False


def key_of(entry: CatalogueEntry) -> str:
    """A short stable name for an entry in a page address (its context and English source)."""
    return hashlib.sha256(f"{entry.msgctxt or ''}\x04{entry.msgid}".encode()).hexdigest()[:16]


# Python's %-placeholders (named or not) and str.format fields, as gettext's python-format checks them.
PLACEHOLDER = re.compile(r"%\((?P<name>\w+)\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sdif]|\{\w*\}")


def placeholders(text: str) -> list[str]:
    return sorted(match.group(0) for match in PLACEHOLDER.finditer(text))
