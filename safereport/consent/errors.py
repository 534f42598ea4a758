"""What consent code refuses with. Shared by services and selectors (reads refuse too)."""


class DisclosureRefused(Exception):
    """The sharing policy said no. `reason` is a short code, also in the audit log."""

    def __init__(self, reason: str, message: str = "") -> None:
        super().__init__(message or reason)
        self.reason = reason


class ConsentError(ValueError):
    """A consent that may not be recorded as asked (e.g. not yet understood)."""


class OverrideRefused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class CodeMismatch(Exception):
    """The typed receipt code is not this case's code."""
