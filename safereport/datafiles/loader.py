"""Reading, validating and caching data files: the only code that parses TOML.

    load(kind)       the validated files of a kind, {file name: model};
                     raises DataFileError listing every problem
    read(kind)       the parsed TOML, unvalidated (for code that keeps the
                     files' own shape, and for tests that break a copy)
    validate(kind, documents)
                     schema and cross-file rules over parsed documents
    check()          every kind, every file: what `safereport data check` prints

A loaded kind stays cached while its files' bytes (and those of the kinds it
needs) are unchanged, so an edited file is read again and nothing else is.
"""

import hashlib
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from safereport.datafiles.errors import DataFileError, Problem, problems_from
from safereport.datafiles.registry import Kind, get, kinds
from safereport.datafiles.vocabulary import ReviewStatus

DATA_DIR = Path(__file__).resolve().parents[2] / "data"


@dataclass
class Validated:
    files: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _directory(kind: Kind, root: Path | None, directory: Path | None) -> Path:
    return directory if directory is not None else (root or DATA_DIR) / kind.directory


def _paths(kind: Kind, directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob(kind.pattern) if p.is_file())


def _parse(kind: Kind, blobs: Mapping[str, bytes]) -> tuple[dict[str, dict[str, Any]], list[Problem]]:
    """TOML documents by file name, and a problem for each file that is not TOML."""
    documents, problems = {}, []
    for name, data in blobs.items():
        try:
            documents[name] = tomllib.loads(data.decode("utf-8"))
        except UnicodeDecodeError as exc:
            problems.append(Problem(kind.display(name), "", f"not UTF-8 text: {exc}"))
        except tomllib.TOMLDecodeError as exc:
            problems.append(Problem(kind.display(name), "", f"not valid TOML: {exc}"))
    return documents, problems


def _blobs(paths: Iterable[Path]) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in paths}


def _placed(kind: Kind, problems: list[Problem], names: Iterable[str]) -> list[Problem]:
    """Name files read from disk by their place under data/, not just their name."""
    known = set(names)
    return [replace(p, file=kind.display(p.file)) if p.file in known else p for p in problems]


def _related(kind: Kind, root: Path | None) -> dict[str, Any]:
    related = {}
    for name in kind.needs:
        try:
            related[name] = load(name, root=root)
        except DataFileError as exc:
            summary = Problem(
                get(name).location, "", f"has errors, so {kind.name} cannot be checked against it"
            )
            raise DataFileError([summary, *exc.problems]) from exc
    return related


def read(name: str, *, root: Path | None = None, directory: Path | None = None) -> dict[str, dict[str, Any]]:
    kind = get(name)
    documents, problems = _parse(kind, _blobs(_paths(kind, _directory(kind, root, directory))))
    if problems:
        raise DataFileError(problems)
    return documents


def validate(
    name: str,
    documents: Mapping[str, Any],
    *,
    related: Mapping[str, Any] | None = None,
    root: Path | None = None,
    paths: Mapping[str, Path] | None = None,
) -> Validated:
    """Validate parsed documents ({file name: TOML mapping}) against the kind's schema.

    The cross-file `check` runs only when every file is valid on its own: a
    broken file would make it report references that are not really missing.
    `related` gives the files of the kinds in `needs`; by default they are
    loaded from `root`.
    """
    kind = get(name)
    result = Validated()
    for file_name, raw in documents.items():
        try:
            model = kind.model.model_validate(raw)
        except ValidationError as exc:
            result.problems += problems_from(exc, file=file_name, raw=raw, model=kind.model)
            continue
        if paths is not None:
            model._path = paths[file_name]
        result.files[file_name] = model
    if kind.check is not None and not result.problems:
        try:
            found = dict(related) if related is not None else _related(kind, root)
        except DataFileError as exc:
            result.problems += exc.problems
        else:
            result.problems += list(kind.check(result.files, found))
    return result


_cache: dict[tuple[str, str], tuple[tuple[Any, ...], dict[str, Any]]] = {}


def _fingerprint(
    kind: Kind, root: Path | None, directory: Path, blobs: Mapping[str, bytes]
) -> tuple[Any, ...]:
    own = tuple((name, hashlib.blake2b(data, digest_size=16).digest()) for name, data in blobs.items())
    needed = []
    for name in kind.needs:
        needed_kind = get(name)
        needed_directory = _directory(needed_kind, root, None)
        needed_blobs = _blobs(_paths(needed_kind, needed_directory))
        needed.append(_fingerprint(needed_kind, root, needed_directory, needed_blobs))
    return (str(directory), own, tuple(needed))


def load(name: str, *, root: Path | None = None, directory: Path | None = None) -> dict[str, Any]:
    """The validated files of one kind, {file name: model}, in file-name order.

    `root` stands for data/ (tests point it at a copy); `directory` for this
    kind's own directory. Raises DataFileError naming every file and entry at
    fault.
    """
    kind = get(name)
    where = _directory(kind, root, directory)
    paths = _paths(kind, where)
    blobs = _blobs(paths)
    fingerprint = _fingerprint(kind, root, where, blobs)
    cached = _cache.get((name, str(where)))
    if cached is not None and cached[0] == fingerprint:
        return dict(cached[1])
    documents, problems = _parse(kind, blobs)
    if kind.required and not paths:
        problems.append(Problem(kind.location, "", "no file found"))
    if problems:
        raise DataFileError(problems)
    result = validate(name, documents, root=root, paths={p.name: p for p in paths})
    if result.problems:
        raise DataFileError(_placed(kind, result.problems, documents))
    _cache[(name, str(where))] = (fingerprint, result.files)
    return dict(result.files)


def load_one(name: str, *, root: Path | None = None, directory: Path | None = None) -> Any:
    """The model of a kind that is a single file (crime_types.toml, labels.toml)."""
    files = load(name, root=root, directory=directory)
    if len(files) != 1:
        raise DataFileError([Problem(get(name).location, "", f"expected one file, found {len(files)}")])
    return next(iter(files.values()))


@dataclass
class KindReport:
    kind: Kind
    files: int = 0
    entries: int = 0
    reviewable: int = 0  # entries that carry a review status
    drafts: int = 0
    problems: list[Problem] = field(default_factory=list)


def check(root: Path | None = None) -> tuple[list[KindReport], list[Problem]]:
    """Validate every file of every kind, and find files no kind reads.

    Returns a report per kind and the problems that belong to no kind (a TOML
    file nothing validates would be knowledge nobody checks).
    """
    root = root or DATA_DIR
    reports: list[KindReport] = []
    claimed: dict[Path, list[str]] = {}
    reported: set[Problem] = set()
    for kind in kinds():
        report = KindReport(kind)
        reports.append(report)
        directory = _directory(kind, root, None)
        paths = _paths(kind, directory)
        for path in paths:
            claimed.setdefault(path.resolve(), []).append(kind.name)
        report.files = len(paths)
        if kind.required and not paths:
            report.problems.append(Problem(kind.location, "", "no file found"))
        documents, unparsed = _parse(kind, _blobs(paths))
        report.problems += unparsed
        result = validate(kind.name, documents, root=root, paths={p.name: p for p in paths})
        # A needed kind's own problems are already listed under that kind.
        report.problems += [p for p in _placed(kind, result.problems, documents) if p not in reported]
        reported.update(report.problems)
        for model in result.files.values():
            for entry in model.entries():
                report.entries += 1
                report.reviewable += entry.review is not None
                report.drafts += entry.review == ReviewStatus.DRAFT
    stray = []
    for path in sorted(root.rglob("*.toml")):
        owners = claimed.get(path.resolve(), [])
        where = path.relative_to(root).as_posix()
        if not owners:
            stray.append(Problem(f"data/{where}", "", "no data-file kind reads this file (docs/adr/0012)"))
        elif len(owners) > 1:
            stray.append(Problem(f"data/{where}", "", f"read by several kinds: {', '.join(owners)}"))
    return reports, stray
