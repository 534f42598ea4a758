import shutil
from pathlib import Path

import pytest

from safereport.datafiles import DATA_DIR


@pytest.fixture
def data_root(tmp_path: Path) -> Path:
    """A scratch copy of data/ to break on purpose."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
