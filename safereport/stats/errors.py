class StatsRefused(Exception):
    """A statistics change the rules do not allow; `message` is said to the person who asked."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
