import shutil
from pathlib import Path

import pytest
from django.conf import settings

from safereport.content import selectors
from safereport.content.loader import load_library

REAL_DATA = Path(settings.BASE_DIR) / "data" / "content"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A scratch copy of data/content to break on purpose."""
    target = tmp_path / "content"
    shutil.copytree(REAL_DATA, target)
    return target


@pytest.fixture
def use_data(settings):
    """Point the selectors at another data directory for one test."""

    def _use(directory: Path):
        settings.CONTENT_DATA_DIR = directory
        return selectors.reload()

    yield _use
    selectors.library.cache_clear()


@pytest.fixture(scope="session")
def real_library():
    return load_library(REAL_DATA)
