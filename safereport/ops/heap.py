"""A server worker's long-lived objects, kept out of the garbage collector's full passes.

A worker loads Django, every app, the URL configurations and their views:
about 100,000 objects that live as long as the process. CPython's full
collection walks all of them; on the 2-core reference machine one pass took
about 60 ms, and it falls in the middle of whichever request happens to
allocate past the threshold, so it lands in the slowest few percent of page
times (the kit page's p95 on PostgreSQL, issue 14). `gc.freeze()` moves the
objects alive at start-up into a generation no collection visits; the
collector still runs for everything a request creates (docs/adr/0037,
amendment of 2 December; the standard library's own advice for long-lived
server processes).
"""

import gc

from django.conf import settings
from django.urls import get_resolver


def settle_worker_heap() -> int:
    """Load both URL configurations (and with them every view module), collect once, freeze what is left.

    Call it once per process after Django is set up, before the first request.
    Returns how many objects were frozen.
    """
    for urlconf in sorted({settings.ROOT_URLCONF, settings.PORTAL_URLCONF, settings.STAFF_URLCONF}):
        _ = get_resolver(urlconf).url_patterns  # importing the patterns imports every view module
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
