"""Loaded by pytest with `-p` before Django starts: tests run as SAFEREPORT_ENV=test."""

import os

os.environ.setdefault("SAFEREPORT_ENV", "test")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
