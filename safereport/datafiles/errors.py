"""Problems in data files, worded for the person who edits them.

Every problem names the file and the entry (by its id, key, slug or language,
not by its position), then says what is wrong in TOML's words: "missing field
'sources'", "confidence must be one of ...", "field 'labels' should be a
table, not text".
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

# Keys that name an entry of a list, in the order they are tried.
ID_KEYS = ("id", "key", "slug", "language")


@dataclass(frozen=True)
class Problem:
    file: str
    entry: str
    message: str

    def __str__(self) -> str:
        where = " ".join(part for part in (self.file, self.entry) if part)
        return f"{where}: {self.message}" if where else self.message


class DataFileError(ValueError):
    """A data file is malformed. The message lists every problem, one a line."""

    def __init__(self, problems: Iterable[Problem | str]):
        self.problems = [p if isinstance(p, Problem) else Problem("", "", p) for p in problems]
        super().__init__("\n".join(str(p) for p in self.problems))


_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "date_type": "a date (2026-11-24, without quotes)",
    "list_type": "a list",
    "tuple_type": "a list",
    "dict_type": "a table",
    "model_type": "a table",
    "model_attributes_type": "a table",
}


def _toml_type(value: Any) -> str:
    names = {
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "a table",
    }
    for python_type, name in names.items():
        if type(value) is python_type:
            return name
    return "a date" if hasattr(value, "isoformat") else type(value).__name__


def _identity(item: Any) -> str:
    if isinstance(item, dict):
        for key in ID_KEYS:
            value = item.get(key)
            if isinstance(value, str) and value:
                return f"[{value}]" if key == "language" else value
    return ""


def _locate(raw: Any, loc: Sequence[str | int], *, tables_are_entries: bool) -> tuple[str, str]:
    """Split an error location into the entry it concerns and the field path inside it."""
    node, entry_length = raw, 0
    parts: list[str] = []
    for position, segment in enumerate(loc):
        item: Any = None
        found_in_list = False
        if isinstance(node, list):
            if isinstance(segment, int) and 0 <= segment < len(node):
                item, found_in_list = node[segment], True
            elif isinstance(segment, str):
                # A list that a schema keys by id (texts by language) reports the id.
                item = next((i for i in node if segment in (_identity(i), _identity(i).strip("[]"))), None)
                found_in_list = item is not None
        if found_in_list:
            name = _identity(item)
            if name:
                parts[-1:] = [name]
                entry_length = len(parts)
            else:
                parts[-1:] = [f"{parts[-1] if parts else ''}[{segment}]"]
            node = item
            continue
        parts.append(str(segment))
        node = node.get(segment) if isinstance(node, dict) else None
        if position == 0 and tables_are_entries:
            entry_length = 1
    return " ".join(parts[:entry_length]), ".".join(parts[entry_length:])


def _message(error: dict[str, Any], path: str) -> str:
    kind, ctx = error["type"], error.get("ctx", {})
    nested = "." in path or "[" in path
    if kind == "missing":
        return f"{path} is missing" if nested else f"missing field '{path}'"
    if kind == "extra_forbidden":
        return f"unknown field '{path}'"
    if kind in ("literal_error", "enum", "one_of"):
        return f"{path or 'value'} must be one of {ctx.get('expected')}, not {error['input']!r}"
    if kind == "empty":
        return f"field '{path}' is empty"
    if kind in ("too_short", "string_too_short"):
        if ctx.get("min_length") == 1:
            return f"field '{path}' is empty"
        return f"field '{path}' needs at least {ctx.get('min_length')} items"
    if kind in _EXPECTED:
        return f"field '{path}' should be {_EXPECTED[kind]}, not {_toml_type(error['input'])}"
    if kind in ("data", "value_error"):
        text = ctx.get("message") or str(ctx.get("error", error["msg"]))
        return f"{path}: {text}" if path else text
    return f"{path}: {error['msg']}" if path else error["msg"]


def problems_from(error: ValidationError, *, file: str, raw: Any, model: type[BaseModel]) -> list[Problem]:
    # A file whose top-level tables are its entries (labels.toml, one table per
    # label) names the table; any other file's top level holds fields.
    tables = model.model_config.get("extra") == "allow"
    problems = []
    for item in error.errors(include_url=False):
        loc = item["loc"]
        if loc[-1:] == ("[key]",):
            # A bad key of a table (a language code): name the table, the message names the key.
            loc = loc[:-2]
        entry_tables = tables and bool(loc) and loc[0] not in model.model_fields
        entry, path = _locate(raw, loc, tables_are_entries=entry_tables)
        problems.append(Problem(file, entry, _message(dict(item), path)))
    return problems
