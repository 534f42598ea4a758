"""Tasks other apps add to `safereport housekeeping`.

Core sits below every app and may not import them, so an app that has
something to do on the daily timer registers it here from its AppConfig.ready()
(the audit app anchors its chain in the key store, docs/adr/0021). Each task
returns one line for the command's output, or raises TaskFailed to make the
command exit non-zero after the other tasks have run.
"""

from collections.abc import Callable

Task = Callable[[], str]

_TASKS: dict[str, Task] = {}


class TaskFailed(Exception):
    """A housekeeping task found something an operator must look at."""


def register(name: str, task: Task) -> None:
    _TASKS[name] = task


def tasks() -> list[tuple[str, Task]]:
    return sorted(_TASKS.items())
