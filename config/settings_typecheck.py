"""Settings for mypy's Django plugin, which imports settings to learn the models.

Type checking reads no secrets and serves nothing, so it runs as the test
environment (generated local secrets) instead of refusing to start like
production does. Nothing but [tool.django-stubs] in pyproject.toml names this.
"""

import os

os.environ.setdefault("SAFEREPORT_ENV", "test")

from config.settings import *  # noqa: E402, F403
