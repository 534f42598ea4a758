"""Schemas of data-file kinds that no app owns yet (see registry.py).

Importing this package registers them.
"""

from safereport.datafiles.schemas import referrals  # noqa: F401
