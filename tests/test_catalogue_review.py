"""Review status of interface strings lives in the .po entries and survives a round trip (ADR 0036).

A translation platform such as Weblate reads and writes gettext catalogues; the
review is a translator comment, which gettext's own tools (msgmerge, msgcat, as
makemessages and platforms use them) keep. Changing the translation after the
review makes the entry a draft again.
"""

import datetime as dt
import shutil
import subprocess

import pytest

from safereport.core import catalogues
from safereport.ops import translations

ON = dt.date(2026, 12, 2)


@pytest.fixture
def dutch(tmp_path):
    path = tmp_path / "django.po"
    shutil.copy(catalogues.catalogue_path("nl"), path)
    return path


def status(path, msgid):
    return next(catalogues.status_of(e) for e in catalogues.entries("nl", path=path) if e.msgid == msgid)


def test_an_approved_string_is_reviewed_by_role_and_date_and_others_stay_drafts(dutch):
    assert status(dutch, "My work today") == catalogues.DRAFT
    assert catalogues.mark_reviewed("nl", "My work today", role="professional translator", on=ON, path=dutch)
    entry = next(e for e in catalogues.entries("nl", path=dutch) if e.msgid == "My work today")
    assert catalogues.review_of(entry) == catalogues.Review("professional translator", "nl", ON)
    assert status(dutch, "Inbox") == catalogues.DRAFT


@pytest.mark.skipif(shutil.which("msgcat") is None, reason="gettext tools not installed")
def test_the_review_survives_gettext_tools_as_a_platform_uses_them(dutch, tmp_path):
    catalogues.mark_reviewed("nl", "My work today", role="professional translator", on=ON, path=dutch)
    # Re-wrap and re-sort as a platform's save would, then merge with the template as makemessages does.
    rewritten = tmp_path / "rewritten.po"
    subprocess.run(["msgcat", "--width=60", "--sort-output", "-o", str(rewritten), str(dutch)], check=True)
    template = tmp_path / "django.pot"
    subprocess.run(["msgen", "-o", str(template), str(dutch)], check=True)
    merged = tmp_path / "merged.po"
    subprocess.run(["msgmerge", "--quiet", "-o", str(merged), str(rewritten), str(template)], check=True)
    assert status(merged, "My work today") == catalogues.REVIEWED


def test_a_changed_translation_is_a_draft_again(dutch):
    catalogues.mark_reviewed("nl", "My work today", role="professional translator", on=ON, path=dutch)
    text = dutch.read_text(encoding="utf-8")
    dutch.write_text(text.replace('msgstr "Mijn werk vandaag"', 'msgstr "Mijn werk voor vandaag"'), encoding="utf-8")
    assert status(dutch, "My work today") == catalogues.DRAFT


def test_an_untranslated_string_cannot_be_marked_reviewed(tmp_path):
    path = tmp_path / "django.po"
    shutil.copy(catalogues.catalogue_path("ar"), path)
    missing = next(e.msgid for e in catalogues.entries("ar", path=path) if not e.translated)
    assert not catalogues.mark_reviewed("ar", missing, role="translator", on=ON, path=path)


@pytest.mark.django_db
def test_ci_fails_on_missing_strings_not_on_drafts():
    """Portal and key messages in every language, staff and navigator in the staff languages."""
    rows = translations.status()
    assert not translations.missing_required(rows), translations.missing_required(rows)
    assert any(row.drafted for row in rows)  # drafts exist and are allowed
    assert translations.required("ar", "portal") and not translations.required("ar", "staff")
    assert translations.required("nl", "staff")


@pytest.mark.django_db
def test_the_status_command_prints_a_line_per_language_and_area(capsys):
    from django.core.management import call_command

    call_command("translations", "status")
    out = capsys.readouterr().out
    assert "nl        staff" in out and "ar        key messages" in out and "materials" in out
