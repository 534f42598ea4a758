"""data/referrals/<JURISDICTION>.toml: the partner directory, one [[service]] per partner.

Service kinds must be the database's choices (`ServiceKind`), so a file with
an unknown kind is refused by `safereport data check`, not when the DPO loads it.
"""

from collections import Counter
from collections.abc import Iterable, Mapping

from safereport.datafiles import (
    DataFile,
    DataModel,
    Date,
    Entry,
    Flag,
    Kind,
    LanguageCode,
    NonEmptyText,
    Problem,
    Text,
    register,
    review_of,
)
from safereport.referrals.models import ServiceKind


class Service(DataModel):
    key: NonEmptyText
    name: NonEmptyText
    kind: NonEmptyText
    languages: tuple[LanguageCode, ...] = ()
    # None: not known yet. A referral must not guess that a partner serves
    # people without papers.
    accepts_people_without_papers: Flag | None = None
    data_sharing_policy: Text = ""
    contact: Text = ""
    hours: Text = ""
    source: Text = ""
    # Checked with the partner (kind, languages, papers, data) by a named person.
    verified: Flag = False
    last_reviewed: Date | None = None


class ReferralDirectory(DataFile):
    jurisdiction: NonEmptyText
    service: tuple[Service, ...] = ()

    def entries(self) -> Iterable[Entry]:
        return [Entry(s.key, review_of(s.verified)) for s in self.service]


def _check(files: Mapping[str, ReferralDirectory], related: Mapping[str, object]) -> Iterable[Problem]:
    # Keys are unique in the database; a second entry would overwrite the first.
    counts = Counter(s.key for directory in files.values() for s in directory.service)
    for name, directory in files.items():
        for service in directory.service:
            if counts[service.key] > 1:
                yield Problem(name, service.key, "this key is used by more than one service")
            if service.kind not in ServiceKind.values:
                yield Problem(name, service.key, f"unknown kind {service.kind!r}; known: {', '.join(ServiceKind.values)}")


register(
    Kind(
        name="referrals",
        title="referral directory: partner services per jurisdiction",
        directory="referrals",
        pattern="*.toml",
        model=ReferralDirectory,
        check=_check,
        # A deployment may start without a directory; the DPO can add entries.
        required=False,
    )
)
