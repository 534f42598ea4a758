"""Schema of data/casework/summary.toml: the words around the printable summary sheet.

Key-message titles and crisis-line labels come from the content library; only
these frames live here. `summary.py` looks every one of them up by key, so a
missing key is refused when the file is read, not when a person's sheet is
printed.
"""

from collections.abc import Iterable
from typing import Any

from pydantic import ConfigDict, Field, model_validator

from safereport.cases.models import ReportingStatus
from safereport.datafiles import DataFile, Entry, Kind, ReviewStatus, TranslatedText, invalid, register

FRAMES = (
    "heading",
    "heading_safe",
    "talked_about",
    "your_choices",
    "you_decide",
    "next_appointment",
    "none_yet",
    "reach_us",
    "reach_us_portal",
    "numbers",
    "phone",
) + tuple(f"reporting_{status}" for status in ReportingStatus.values)


class SummaryFrames(DataFile):
    """One table per frame, one text per language; the review status covers the file."""

    model_config = ConfigDict(extra="allow")
    __pydantic_extra__: dict[str, TranslatedText] = Field(init=False)
    review_status: ReviewStatus = ReviewStatus.DRAFT

    @model_validator(mode="after")
    def _every_frame(self) -> Any:
        missing = [key for key in FRAMES if key not in (self.model_extra or {})]
        if missing:
            raise invalid(f"missing frame(s): {', '.join(missing)}")
        return self

    @property
    def labels(self) -> dict[str, dict[str, str]]:
        return {key: dict(texts) for key, texts in (self.model_extra or {}).items()}

    def entries(self) -> Iterable[Entry]:
        return [Entry(key, self.review_status) for key in self.labels]


register(Kind("cases.summary", "case work: summary sheet frames", "casework", "summary.toml", SummaryFrames))
