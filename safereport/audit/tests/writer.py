"""Appends audit events from a separate process: `python -m safereport.audit.tests.writer N LABEL`.

Used by the parallel-writer test and bench/audit.py; DATABASE_URL says where.
"""

import os
import sys


def main() -> None:
    count, label = int(sys.argv[1]), sys.argv[2]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from safereport.audit.actors import Actor
    from safereport.audit.services import record

    actor = Actor.system(label)
    for i in range(count):
        record("test:event:parallel", actor=actor, subject=f"{label}:{i}", details={"i": i})


if __name__ == "__main__":
    main()
