"""The words every data file uses for how sure a fact is and who has reviewed it.

One vocabulary for all of data/: a lawyer or translator who learns it in one
file can read every other one, and `safereport data check` can count drafts
the same way everywhere. StrEnum members compare equal to their text, so code
that reads `confidence == "high"` keeps working.
"""

from enum import StrEnum


class Confidence(StrEnum):
    """How far a fact rests on a checked source (research/legal-facts.md's scale).

    high         an official source (statute, government or court page) was read
    medium-high  reliable secondary sources agree; the official text not read
    medium       one reliable secondary source
    low-medium   secondary sources disagree or are dated
    low          a single weak source
    recall       well known, but not checked against any source yet
    """

    HIGH = "high"
    MEDIUM_HIGH = "medium-high"
    MEDIUM = "medium"
    LOW_MEDIUM = "low-medium"
    LOW = "low"
    RECALL = "recall"

    @property
    def is_weak(self) -> bool:
        """Too weak to rely on: a person must verify it before it decides anything."""
        return self in (Confidence.LOW, Confidence.RECALL)


class ReviewStatus(StrEnum):
    """Whether a qualified person has approved an entry (words, a legal claim, a fact).

    draft     written (by engineering, from research, or by a non-professional
              translator) and not yet approved; anything without a recorded
              review is a draft
    reviewed  a named reviewer approved it on a date
    """

    DRAFT = "draft"
    REVIEWED = "reviewed"


def review_of(verified: bool) -> ReviewStatus:
    """Facts checked one by one (a crisis number, a partner service) say `verified = true`."""
    return ReviewStatus.REVIEWED if verified else ReviewStatus.DRAFT
