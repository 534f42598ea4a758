import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_application = get_wsgi_application()

# After Django is set up: kept information pages are answered in front of it
# for cookie-less visitors (safereport/ops/wsgi.py, docs/adr/0034).
from safereport.ops.heap import settle_worker_heap  # noqa: E402
from safereport.ops.wsgi import KeptPages  # noqa: E402

application = KeptPages(django_application)

# Last, once everything a worker keeps is loaded: the garbage collector's full
# passes no longer walk it in the middle of a request (safereport/ops/heap.py).
settle_worker_heap()
