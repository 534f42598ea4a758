"""The printable summary sheet the person takes home (§5.1 r6: information in
more than one format), in their language.

Two variants:
  full          what we talked about, your choices, next appointment, how to reach us
  safe to carry names no service: no centre, no topic, no "assault"; only a
                date and time and bare phone numbers, for someone whose bag
                may be searched.
Key-message titles and crisis-line labels come from the content library; the
few words that frame them are in data/casework/summary.toml.
"""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import formats, translation

from config.locales import DEFAULT_LOCALE, LANGUAGE_CODES, RTL_LANGUAGE_CODES
from safereport import datafiles
from safereport.accounts.models import StaffUser
from safereport.audit.actors import Actor
from safereport.audit.services import record
from safereport.cases.datafiles import SummaryFrames
from safereport.cases.models import Case, KeyMessageRecord
from safereport.cases.selectors.casework import next_appointment
from safereport.content import selectors as content
from safereport.core import bidi

CSS_FILE = Path(__file__).parent.parent / "static" / "cases" / "summary.css"


@lru_cache(maxsize=1)
def _labels() -> dict[str, dict[str, str]]:
    frames: SummaryFrames = datafiles.load_one("cases.summary")
    return frames.labels


def label(key: str, language: str) -> str:
    return datafiles.in_language(_labels()[key], language).value


@dataclass(frozen=True)
class Sheet:
    language: str
    direction: str
    safe_to_carry: bool
    heading: str
    talked_about_heading: str
    talked_about: list[str]
    choices_heading: str
    choices: list[str]
    appointment_heading: str
    appointment: str
    reach_heading: str
    reach: list[str]
    numbers_heading: str
    numbers: list[tuple[str, str]]  # (number, label); label empty on the safe variant
    centre_name: str


def _language(case: Case) -> str:
    code = (case.preferred_language or DEFAULT_LOCALE).lower().split("-")[0]
    return code if code in LANGUAGE_CODES else DEFAULT_LOCALE


def sheet_for(*, case: Case, actor: StaffUser, safe_to_carry: bool) -> Sheet:
    language = _language(case)
    jurisdiction = case.care_centre.jurisdiction
    record(
        "cases:summary:printed",
        actor=Actor.staff(actor),
        subject=f"case:{case.public_id}",
        case_ref=str(case.public_id),
        details={"safe_to_carry": safe_to_carry, "language": language},
    )
    given = list(
        KeyMessageRecord.objects.filter(case=case, given=True)
        .order_by("slug")
        .values_list("slug", flat=True)
        .distinct()
    )
    titles = []
    for message in content.key_messages_for(language=language, jurisdiction=jurisdiction):
        if message.slug in given:
            titles.append(message.title)
    lines = [
        line
        for line in content.crisis_numbers_for(jurisdiction=jurisdiction, language=language)
        if line.id in set(case.crisis_numbers_given)
    ]
    appointment = next_appointment(case=case)
    with translation.override(language):
        when = (
            formats.date_format(appointment.proposed_for, "DATETIME_FORMAT")
            if appointment and appointment.proposed_for
            else label("none_yet", language)
        )
    if safe_to_carry:
        return Sheet(
            language=language,
            direction="rtl" if language in RTL_LANGUAGE_CODES else "ltr",
            safe_to_carry=True,
            heading=label("heading_safe", language),
            talked_about_heading="",
            talked_about=[],
            choices_heading="",
            choices=[label("you_decide", language)],
            appointment_heading=label("next_appointment", language) if appointment else "",
            appointment=when if appointment else "",
            reach_heading="",
            reach=[],
            numbers_heading=label("phone", language) if lines else "",
            numbers=[(line.number, "") for line in lines],
            centre_name="",
        )
    return Sheet(
        language=language,
        direction="rtl" if language in RTL_LANGUAGE_CODES else "ltr",
        safe_to_carry=False,
        heading=label("heading", language),
        talked_about_heading=label("talked_about", language),
        talked_about=titles,
        choices_heading=label("your_choices", language),
        choices=[label(f"reporting_{case.reporting_status}", language), label("you_decide", language)],
        appointment_heading=label("next_appointment", language),
        appointment=when,
        reach_heading=label("reach_us", language),
        reach=[label("reach_us_portal", language)],
        numbers_heading=label("numbers", language) if lines else "",
        numbers=[(line.number, line.label) for line in lines],
        centre_name=case.care_centre.name,
    )


def render_pdf(sheet: Sheet) -> bytes:
    """The same sheet as a PDF (WeasyPrint, local fonts only; no network fetches)."""
    from weasyprint import CSS, HTML

    html = bidi.for_pdf(render_to_string("cases/summary.html", {"sheet": sheet, "for_pdf": True}))

    def no_fetch(url: str, *args, **kwargs):
        raise ValueError(f"summary PDF fetches nothing: {url}")

    return HTML(string=html, url_fetcher=no_fetch).write_pdf(
        stylesheets=[CSS(string=CSS_FILE.read_text(encoding="utf-8"))]
    )
