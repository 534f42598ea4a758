"""A centre's posters, flyers and cards, looked at as the person will see them: as images.

Each PDF is rendered to a picture (poppler's pdftoppm), and the picture is
read: the QR code is decoded (zxing-cpp) and must lead to the portal in the
sheet's language (or, on the safe-to-carry card, dial the centre); the ink of
an Arabic heading must hug the right margin; the fonts embedded in the file
must be ones that hold Arabic or Ethiopic letters (no empty boxes).
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from PIL import Image

from config.locales import LANGUAGE_CODES
from conftest import sign_in
from safereport.materials import selectors
from safereport.materials.selectors import KINDS

CENTRE = "Care centre Ghent (demo)"
PORTAL = "https://portal.example.org"

pytestmark = pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils not installed")


def _image(pdf: Path, *, dpi: int = 150) -> Image.Image:
    stem = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-singlefile", str(pdf), str(stem)], check=True)
    return Image.open(f"{stem}.png").convert("L")


def _qr_codes(image: Image.Image) -> list[str]:
    import zxingcpp

    return [code.text for code in zxingcpp.read_barcodes(image) if code.format == zxingcpp.BarcodeFormat.QRCode]


def _fonts(pdf: Path) -> str:
    return subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _bare(text: str) -> str:
    """Text without spaces, line breaks or the direction marks pdftotext puts around Arabic."""
    return re.sub(r"[\s\u200e\u200f\u202a-\u202e]", "", text)


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def _write(tmp_path: Path, kind: str, language: str) -> Path:
    sheet = selectors.sheet_get(centre=CENTRE, kind=kind, language=language, portal_url=PORTAL)
    path = tmp_path / sheet.filename
    path.write_bytes(selectors.render_pdf(sheet))
    return path


def _heading_ink(image: Image.Image) -> tuple[int, int]:
    """Leftmost and rightmost dark columns of the first line of ink (the heading)."""
    width, height = image.size
    pixels = image.tobytes()  # one byte per pixel, row by row (mode "L")

    def dark_in(y: int) -> list[int]:
        return [x for x in range(width) if pixels[y * width + x] < 128]

    top = next(y for y in range(height) if dark_in(y))
    columns: list[int] = []
    for y in range(top, height):
        row = dark_in(y)
        if not row:
            break
        columns += row
    return min(columns), max(columns)


@pytest.fixture(scope="module")
def full_set(tmp_path_factory):
    """The whole set for the demo centre, made the way a centre makes it: one command."""
    folder = tmp_path_factory.mktemp("set")
    call_command("materials", "build", "--centre", CENTRE, str(folder), "--portal-url", PORTAL)
    return folder


def test_one_command_makes_every_kind_in_every_language_each_on_one_page(full_set):
    pdfs = sorted(full_set.glob("*.pdf"))
    assert len(pdfs) == len(KINDS) * len(LANGUAGE_CODES) == 45
    for language in LANGUAGE_CODES:
        for kind in KINDS:
            pdf = full_set / f"care-centre-ghent-demo-{kind.key}-{language}.pdf"
            assert pdf.read_bytes().startswith(b"%PDF")
            assert _pages(pdf) == 1, f"{pdf.name} runs over one page"
    drafts = (full_set / "DRAFTS.txt").read_text()
    assert "care-centre-ghent-demo-poster-a4-ar.pdf: Draft translations: “Care for everyone”, “You decide”" in drafts
    assert "care-centre-ghent-demo-poster-a4-en.pdf: No draft translation." in drafts


@pytest.mark.parametrize("language", LANGUAGE_CODES)
@pytest.mark.parametrize("kind", ["poster-a3", "poster-a4", "flyer-a5", "wallet-card"])
def test_the_code_on_each_sheet_opens_the_portal_in_the_sheets_language(full_set, kind, language):
    image = _image(full_set / f"care-centre-ghent-demo-{kind}-{language}.pdf", dpi=100 if kind == "poster-a3" else 150)
    assert _qr_codes(image) == [f"{PORTAL}/{language}/"]


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_arabic_script_is_drawn_by_an_arabic_font_and_runs_from_the_right(full_set, language):
    pdf = full_set / f"care-centre-ghent-demo-poster-a4-{language}.pdf"
    assert "Arabic" in _fonts(pdf)
    left, right = _heading_ink(_image(pdf, dpi=50))
    width = _image(pdf, dpi=50).size[0]
    assert right > width * 0.85 and left > width * 0.3, "the heading should hug the right margin"


def test_english_runs_from_the_left(full_set):
    pdf = full_set / "care-centre-ghent-demo-poster-a4-en.pdf"
    image = _image(pdf, dpi=50)
    left, right = _heading_ink(image)
    assert left < image.size[0] * 0.15 and right < image.size[0] * 0.7


@pytest.mark.parametrize("kind", ["poster-a4", "wallet-card", "safe-card"])
def test_tigrinya_is_drawn_by_an_ethiopic_font(full_set, kind):
    pdf = full_set / f"care-centre-ghent-demo-{kind}-ti.pdf"
    assert "Ethiopic" in _fonts(pdf)
    # The letters came out as letters: the title is in the text layer, not boxes.
    if kind != "safe-card":
        assert "ክንክን ንኹሉ" in _text(pdf)


def test_every_sheet_names_its_draft_translations_and_the_english_none(full_set):
    arabic = _text(full_set / "care-centre-ghent-demo-poster-a4-ar.pdf")
    sheet = selectors.sheet_get(centre=CENTRE, kind="poster-a4", language="ar", portal_url=PORTAL)
    assert sheet.draft_note and _bare(sheet.draft_note.split(":")[0]) in _bare(arabic)
    assert "رعاية للجميع" in sheet.draft_note  # the draft key message is named by its title
    english = _text(full_set / "care-centre-ghent-demo-poster-a4-en.pdf")
    assert "draft" not in english.lower()


def test_the_safe_to_carry_card_names_no_service_and_dials_the_centre(full_set):
    for language in LANGUAGE_CODES:
        pdf = full_set / f"care-centre-ghent-demo-safe-card-{language}.pdf"
        assert _qr_codes(_image(pdf, dpi=200)) == ["tel:+3290000000"]
        text = _text(pdf)
        assert "+32 9 000 00 00" in text
        sheet = selectors.sheet_get(centre=CENTRE, kind="safe-card", language=language, portal_url=PORTAL)
        for telling in (CENTRE, PORTAL, *[m.title for m in selectors.sheet_get(
                centre=CENTRE, kind="poster-a4", language=language, portal_url=PORTAL).messages]):
            assert telling not in text
        assert sheet.draft_note not in text or not sheet.draft_note
    english = _text(full_set / "care-centre-ghent-demo-safe-card-en.pdf").lower()
    for word in ("care", "centre", "sexual", "violence", "victim", "rape", "police", "draft"):
        assert word not in english
    # What is draft on it is said where staff look, not on its face.
    info = subprocess.run(["pdfinfo", str(full_set / "care-centre-ghent-demo-safe-card-ar.pdf")],
                          capture_output=True, text=True, check=True).stdout
    assert "Draft translations: the other words on the sheet" in info


def test_a_production_server_prints_no_demo_centre():
    with override_settings(IS_PRODUCTION=True), pytest.raises(selectors.UnknownCentre):
        selectors.sheet_get(centre=CENTRE, kind="poster-a4", language="en", portal_url=PORTAL)


def test_without_the_portals_address_nothing_is_printed(tmp_path):
    with override_settings(PORTAL_PUBLIC_URL=""), pytest.raises(ValueError, match="SAFEREPORT_PORTAL_URL"):
        selectors.sheet_get(centre=CENTRE, kind="poster-a4", language="en")


@pytest.mark.django_db(databases="__all__")
def test_centre_staff_find_the_catalogue_on_their_start_page_and_download_a_card(world, client, tmp_path):
    sign_in(client, world.staff["crisis_worker"])
    start = client.get("/staff/").content.decode()
    assert 'href="/staff/materials/"' in start
    page = client.get("/staff/materials/").content.decode()
    assert "Care centre Ghent (demo)" in page and 'href="/staff/materials/safe-card/ti.pdf"' in page
    assert "Draft translations: “Care for everyone”, “You decide”" in page
    response = client.get("/staff/materials/wallet-card/ar.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="care-centre-ghent-demo-wallet-card-ar.pdf"' in response["Content-Disposition"]
    pdf = tmp_path / "card.pdf"
    pdf.write_bytes(response.content)
    assert _qr_codes(_image(pdf, dpi=200)) == ["http://localhost:8000/ar/"]
    assert client.get("/staff/materials/wallet-card/xx.pdf").status_code == 404


@pytest.mark.django_db(databases="__all__")
def test_each_centre_prints_its_own_number(world, client):
    sign_in(client, world.staff["utrecht_worker"])
    page = client.get("/staff/materials/").content.decode()
    assert "Care centre Utrecht (demo)" in page and "+31 30 000 0000" in page
    assert "Ghent" not in page and "+32 9 000 00 00" not in page
