"""`safereport` console command: Django's management commands under our name.

`safereport runserver`, `safereport migrate`, `safereport export-static DIR`,
`safereport materials build --centre NAME DIR`, `safereport demo_data`,
`safereport audit verify`, `safereport navigator explain ...`.
"""

import os
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    # Let the command run from any directory inside an editable install.
    project_root = Path(__file__).resolve().parent.parent
    if str(project_root) not in sys.path:
        sys.path.insert(0, str(project_root))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "safereport"
    # Spelled with a hyphen in the docs and the issue; Django names commands by module.
    if len(argv) > 1 and argv[1] == "export-static":
        argv[1] = "export_static"
    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
