"""How far each language's texts are translated and reviewed (issue 20, ADR 0036).

Per language and per area: *portal* (interface strings a person reads),
*staff* (interface strings of the staff side), *navigator* (the navigator's own
interface strings), *key messages* (the information library's data files) and
*materials* (strings of the materials app, when it is installed) and *training*
(the practice scenarios of data/training, one text per scenario and staff
language; counted in the staff languages only, since only staff read them) and
*relief* (the names in data/relief: a procedure's, its steps' and clocks' names
in every language, since the person reads them; who acts, the documents and
what happens when a clock runs out in the staff languages; statute names are
cited as they are and not counted). Each text is
reviewed, a draft, or missing. A missing text is required where a reader
needs it: portal and key messages in every language, staff and navigator in
the staff languages. Drafts are allowed (they say so on the page).
"""

from collections import Counter
from dataclasses import dataclass

from config import locales
from safereport import datafiles
from safereport.content import selectors as content
from safereport.core import catalogues

KEY_MESSAGES = "key messages"
TRAINING = "training"
RELIEF = "relief"
AREAS = (catalogues.PORTAL, catalogues.STAFF, catalogues.NAVIGATOR, KEY_MESSAGES, catalogues.MATERIALS, TRAINING, RELIEF)


@dataclass(frozen=True)
class Row:
    language: str
    area: str
    reviewed: int
    drafted: int
    missing: int
    required: bool  # missing texts here fail CI

    @property
    def total(self) -> int:
        return self.reviewed + self.drafted + self.missing

    def share(self, count: int) -> str:
        return f"{100 * count / self.total:.0f} %" if self.total else "—"


def required(language: str, area: str) -> bool:
    if area in (catalogues.PORTAL, KEY_MESSAGES, RELIEF):  # relief counts only what the language's readers see
        return True
    return language in locales.STAFF_LANGUAGE_CODES


def _key_messages(language: str, reviewed_in_pages: set[tuple[str, str, str, str]]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for message in content.library().messages.values():
        for variant in message.variants:
            text = variant.texts.get(language)
            if text is None:
                counts[catalogues.MISSING] += 1
            elif text.is_reviewed or (message.slug, variant.id, language, text.digest) in reviewed_in_pages:
                counts[catalogues.REVIEWED] += 1
            else:
                counts[catalogues.DRAFT] += 1
    return counts


def _training(language: str) -> Counter[str]:
    # Read through the data-file layer by kind name: ops sits beside training, not above it.
    counts: Counter[str] = Counter()
    if language not in locales.STAFF_LANGUAGE_CODES:
        return counts
    for scenario in datafiles.load("training.scenarios").values():
        text = scenario.texts.get(language)
        if text is None:
            counts[catalogues.MISSING] += 1
        elif text.status == datafiles.ReviewStatus.REVIEWED:
            counts[catalogues.REVIEWED] += 1
        else:
            counts[catalogues.DRAFT] += 1
    return counts


def _relief(language: str) -> Counter[str]:
    # By kind name through the data-file layer, as for training. A procedure's names are
    # reviewed together: the file marks the procedure reviewed, or every name is a draft.
    counts: Counter[str] = Counter()
    staff_reads = language in locales.STAFF_LANGUAGE_CODES
    for relief_file in datafiles.load("relief.procedures").values():
        for procedure in relief_file.procedures:
            texts = [procedure.names, *(step.names for step in procedure.steps), *(clock.names for clock in procedure.clocks)]
            if staff_reads:
                texts += [step.actors for step in procedure.steps]
                texts += [document.names for document in procedure.documents]
                texts += [clock.on_expiry for clock in procedure.clocks if clock.on_expiry]
            reviewed = procedure.review_status == datafiles.ReviewStatus.REVIEWED
            for text in texts:
                if language not in text:
                    counts[catalogues.MISSING] += 1
                else:
                    counts[catalogues.REVIEWED if reviewed else catalogues.DRAFT] += 1
    return counts


def status() -> list[Row]:
    from django.db import DatabaseError

    from safereport.content.models import TranslationReview

    # Reviews made in the staff pages (content.review.key_message_review_record); a
    # checkout without a migrated database (CI's figures) counts the files' reviews only.
    try:
        in_pages = set(TranslationReview.objects.values_list("slug", "variant", "language", "digest"))
    except DatabaseError:
        in_pages = set()
    rows = []
    for language in locales.LANGUAGE_CODES:
        if language == locales.DEFAULT_LOCALE:
            continue  # the source text
        counts: dict[str, Counter[str]] = {area: Counter() for area in AREAS}
        # Interface strings approved in the reviewer's pages count as reviewed for the words
        # they approved; a correction waiting for a release leaves the text a draft.
        approved = content.interface_strings_reviewed_in_pages(language)
        for entry in catalogues.entries(language):
            state = catalogues.status_of(entry)
            if state == catalogues.DRAFT and (entry.msgctxt or "", entry.msgid, catalogues.digest(entry.translations)) in approved:
                state = catalogues.REVIEWED
            counts[catalogues.area_of(entry.sources)][state] += 1
        counts[KEY_MESSAGES] = _key_messages(language, in_pages)
        counts[TRAINING] = _training(language)
        counts[RELIEF] = _relief(language)
        for area in AREAS:
            found = counts[area]
            rows.append(
                Row(language, area, found[catalogues.REVIEWED], found[catalogues.DRAFT], found[catalogues.MISSING],
                    required(language, area))
            )
    return rows


def missing_required(rows: list[Row]) -> list[Row]:
    return [row for row in rows if row.required and row.missing]
