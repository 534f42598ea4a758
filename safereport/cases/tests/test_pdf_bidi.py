"""Arabic and Persian PDFs keep their full stops and Latin names in place (issue 13 §8, ADR 0030).

The PDFs are read back with poppler's pdftotext in raw mode, which writes each
line as it is drawn, left to right. In a right-to-left sentence the full stop
is drawn at the left end, so the drawn line starts with "." and ends with the
sentence's first word; a full stop that "jumped to the start" would end it.
A Latin organisation name stays one run, its brackets whole.
"""

import re
import shutil
import subprocess

import pytest
from django.test import Client

from conftest import sign_in
from safereport.cases.selectors import summary
from safereport.consent.tests.conftest import examined_case, with_receipt  # noqa: F401 - fixtures
from safereport.core import bidi

pytestmark = [
    pytest.mark.django_db(databases="__all__"),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed"),
]

CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# The first and last words of "You decide. You can change your mind at any time.", as pdftotext spells them.
FIRST_AND_LAST = {"ar": ("أنتم", "وقت"), "fa": ("شما", "دهید")}


def drawn_lines(pdf: bytes) -> list[str]:
    text = subprocess.run(["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return [CONTROLS.sub("", line).strip() for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_the_summary_sheet_pdf_ends_each_sentence_with_its_full_stop_on_the_left(world, language):
    case = world.cases["assigned"]
    type(case).objects.filter(pk=case.pk).update(preferred_language=language)
    case.refresh_from_db()
    lines = drawn_lines(summary.render_pdf(summary.sheet_for(case=case, actor=world.staff["doctor"], safe_to_carry=False)))
    first, last = FIRST_AND_LAST[language]
    sentence = next(line for line in lines if first in line and last in line)
    assert sentence.startswith("."), sentence  # drawn at the left end: the end of a right-to-left sentence
    assert sentence.endswith(first), sentence  # the first word on the right
    # The centre's Latin name is one run, brackets whole.
    assert "Care centre Ghent (demo)" in lines


def test_the_persons_copy_in_arabic_keeps_the_latin_organisation_name_whole(world, examined_case, with_receipt):  # noqa: F811 - fixtures
    sign_in(Client(), world.staff["doctor"]).get(f"/staff/cases/{examined_case.public_id}/")
    person = Client()
    person.post("/ar/back/", {"code": with_receipt})
    lines = drawn_lines(person.get("/ar/mine/copy.pdf").content)
    opened = [line for line in lines if "Care centre Ghent (demo)" in line]
    assert opened, lines
    for line in opened:
        assert not line.endswith("."), line


def test_bdi_is_isolated_by_characters_for_weasyprint():
    html = '<p>قرأ <bdi lang="en">Care centre Ghent (demo)</bdi>.</p><bdi>x</bdi>'
    assert bidi.for_pdf(html) == f'<p>قرأ <bdi lang="en">{bidi.FSI}Care centre Ghent (demo){bidi.PDI}</bdi>.</p><bdi>{bidi.FSI}x{bidi.PDI}</bdi>'
    assert bidi.isolate("") == "" and bidi.isolate("X") == f"{bidi.FSI}X{bidi.PDI}"
