"""No app parses TOML itself: every data file goes through the layer's schemas (ADR 0012)."""

import re
from pathlib import Path

import safereport

PACKAGE = Path(safereport.__file__).resolve().parent
LAYER = PACKAGE / "datafiles"
# An import of any TOML parser, or a call through one ("tomllib.loads").
TOML_PARSERS = re.compile(r"^\s*(?:import|from)\s+toml(?:lib|i|kit)?\b|\btoml(?:lib|i|kit)\.", re.MULTILINE)


def _parsing_toml(root: Path) -> list[str]:
    return [
        str(path.relative_to(root))
        for path in sorted(root.rglob("*.py"))
        if LAYER not in path.parents and TOML_PARSERS.search(path.read_text(encoding="utf-8"))
    ]


def test_no_module_outside_the_data_file_layer_parses_toml():
    assert _parsing_toml(PACKAGE) == []


def test_the_search_would_find_one(tmp_path):
    # The test above must be able to fail.
    (tmp_path / "reader.py").write_text("import tomllib\n\ntomllib.loads('')\n", encoding="utf-8")
    (tmp_path / "other.py").write_text("from tomllib import loads\n", encoding="utf-8")
    (tmp_path / "innocent.py").write_text(
        'PATH = "data/summary.toml"  # read through the layer\n', encoding="utf-8"
    )
    assert _parsing_toml(tmp_path) == ["other.py", "reader.py"]
