"""Every victim-facing interface string exists in every language, and the catalogues are honest.

Victim-facing means: it comes from code or templates the victim's pages use.
Staff-only strings may stay in English. Editorial content (key messages,
rights) is checked by the content and navigator apps against their data files.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

from config import locales
from safereport.core import catalogues

# One list of the files whose strings a person reads (core.catalogues); the
# "portal" area of `safereport translations status` is the same list.
VICTIM_FACING_SOURCES = catalogues.PORTAL_SOURCES
# Each app's audit_actions.py holds the sentences of the person's access history.
VICTIM_FACING_FILE_NAMES = catalogues.PORTAL_FILE_NAMES

ENTRY = re.compile(r'((?:#: .*\n)+)(#,.*\n)?(?:#\| .*\n)*(?:msgctxt .*\n)?msgid ((?:".*"\n)+)(?:msgid_plural (?:".*"\n)+)?((?:msgstr(?:\[\d\])? (?:".*"\n)+)+)')


def _joined(quoted: str) -> str:
    return "".join(re.findall(r'"(.*)"', quoted))


def victim_facing_entries(language: str):
    po = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
    text = po.read_text(encoding="utf-8")
    for references, flags, msgid, msgstrs in ENTRY.findall(text):
        sources = re.findall(r"(\S+):\d+", references)
        if _joined(msgid) and any(
            src.startswith(VICTIM_FACING_SOURCES) or src.endswith(VICTIM_FACING_FILE_NAMES) for src in sources
        ):
            translations = [_joined(m) for m in re.findall(r"msgstr(?:\[\d\])? ((?:\".*\"\n)+)", msgstrs)]
            if "fuzzy" in flags:
                # gettext does not compile fuzzy entries: the page would show English.
                translations = [""]
            yield _joined(msgid), translations, sources


@pytest.mark.parametrize("language", [code for code in locales.LANGUAGE_CODES if code != locales.DEFAULT_LOCALE])
def test_every_victim_facing_string_is_translated(language):
    entries = list(victim_facing_entries(language))
    # A catalogue the pattern cannot read would otherwise pass with nothing checked.
    assert len(entries) > 50, f"{language}: only {len(entries)} victim-facing entries found"
    missing = [msgid for msgid, msgstrs, _ in entries if not all(msgstrs)]
    assert not missing, f"{language}: {len(missing)} untranslated, e.g. {missing[:5]}"


@pytest.mark.parametrize("language", [code for code in locales.LANGUAGE_CODES if code != locales.DEFAULT_LOCALE])
def test_placeholders_survive_translation(language):
    with_placeholders = 0
    for msgid, msgstrs, _ in victim_facing_entries(language):
        wanted = sorted(re.findall(r"%\(\w+\)s|\{\{ ?\w+ ?\}\}|%s", msgid))
        for msgstr in msgstrs:
            if msgstr:
                assert sorted(re.findall(r"%\(\w+\)s|\{\{ ?\w+ ?\}\}|%s", msgstr)) == wanted, (language, msgid)
        with_placeholders += bool(wanted)
    assert with_placeholders, f"{language}: no entry with a placeholder was checked"


def test_translation_status_is_stated_for_every_language():
    for locale in locales.LOCALES:
        assert locale.ui_translation_status
        if locale.code != locales.DEFAULT_LOCALE:
            assert "review" in locale.ui_translation_status


def test_no_victim_facing_text_says_must_not_where_it_means_need_not():
    """Arabic "لا يجب عليكم" reads as "you must not": "you do not have to" is "ليس عليكم" (issue 13 §7)."""
    for translation in (t for _, translations, _ in victim_facing_entries("ar") for t in translations):
        assert "لا يجب عليك" not in translation


def test_french_victim_facing_text_has_no_inclusive_writing_dots():
    """Low-literacy readers stumble on "obligé·e": neutral wording instead (issue 13 §7).
    The navigator's own strings are left to its issue."""
    for msgid, translations, sources in victim_facing_entries("fr"):
        if all("navigator" in source for source in sources):
            continue
        assert not any("·" in t for t in translations), msgid


@pytest.mark.parametrize("language", [code for code in locales.LANGUAGE_CODES if code != locales.DEFAULT_LOCALE])
def test_every_plural_entry_has_as_many_forms_as_its_language(language):
    """A Spanish entry with three forms under a two-form header fails `msgfmt -c`, and a
    translation platform refuses the file; Django compiles it anyway, so nothing else notices."""
    po = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
    text = po.read_text(encoding="utf-8")
    header_forms = int(re.search(r"nplurals=(\d+)", text).group(1))
    assert f"nplurals={header_forms};" in locales.LOCALES_BY_CODE[language].plural_forms.replace(" ", "")
    plural_entries = re.findall(r"\nmsgid_plural (?:\".*\"\n)+((?:msgstr\[\d+\] (?:\".*\"\n)+)+)", text)
    assert plural_entries, f"{language}: no plural entry was checked"
    wrong = [entry.split("\n", 1)[0] for entry in plural_entries if len(re.findall(r"^msgstr\[\d+\]", entry, re.M)) != header_forms]
    assert not wrong, f"{language}: {len(wrong)} plural entries without {header_forms} forms, e.g. {wrong[:3]}"
