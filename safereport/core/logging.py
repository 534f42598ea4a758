"""Logging filter: no client address or user agent ever reaches a log line."""

import logging


class RedactClientData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if request is not None:
            # Django attaches the request to error records; formatters and
            # handlers (e.g. AdminEmailHandler) would print META from it.
            record.request = None
            record.request_path = getattr(request, "path", "")
        return True
