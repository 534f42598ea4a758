"""The one list of languages SafeReport speaks.

Everything that needs the locale list (Django's LANGUAGES, right-to-left
handling, the language switcher, content completeness checks, the quick-exit
destination, the language a person or an interpreter needs) reads it from
here, so adding a language is one entry, plus the migration `makemigrations`
then asks for: the language columns of case records hold only these codes
(a CHECK constraint; ADR 0018 says what the ledger's migration needs too).

Django's own tables lack several languages that many migrants in the EU speak
(Tigrinya has no LANG_INFO entry; see shared/research/stack.md §0.11), so each
entry carries what Django would otherwise look up: its endonym, direction and
plural rule.

Each entry also names the one way its texts address the reader (`address`):
the informal or formal "you", or in Arabic, Persian and Tigrinya the polite
plural. It was chosen by what the victim-facing catalogue already used most,
and every text in that language follows it: interface strings (locale/), the
person's access history, editorial content, police options, evidence and
retention explanations, navigator texts and the printed summary (data/). A
reader addressed politely as several people on one page and as one man on the
next wonders whether the same people wrote both, and a low-literacy reader may
not recognise that both mean them. tests/test_register.py fails on the
clearest marks of the other form.
"""

from dataclasses import dataclass


def gettext_noop(message: str) -> str:
    """Marks a name for the catalogues (makemessages knows this name); pages translate it
    with gettext(locale.english_name). Not Django's: that one reads settings, and
    settings import this module."""
    return message


@dataclass(frozen=True)
class Locale:
    code: str
    endonym: str
    # The language's name in English, translated where a page names it (staff
    # read which interpreter to book; a person reads it beside the endonym).
    english_name: str
    bidi: bool
    # gettext Plural-Forms, for languages Django ships no catalogue for.
    plural_forms: str
    # Where quick exit sends the person: a busy, boring site in their language.
    neutral_exit_url: str
    # Honest status of the interface translation (the .po catalogue). Editorial
    # content carries its own per-entry review status in data/.
    ui_translation_status: str
    # How every text in this language addresses the person (see the module docstring).
    address: str
    # A language the staff side speaks (ADR 0036): an organisation's default and a
    # staff member's own choice are one of these. The portal speaks every language.
    staff: bool = False


SOURCE = "source text"
NEEDS_REVIEW = "drafted without a professional translator; needs professional review"

LOCALES: tuple[Locale, ...] = (
    Locale("en", "English", gettext_noop("English"), False, "nplurals=2; plural=(n != 1);",
           "https://www.bbc.com/weather", SOURCE,
           address="you (English has one form)", staff=True),
    Locale("fr", "Français", gettext_noop("French"), False, "nplurals=2; plural=(n > 1);",
           "https://meteofrance.com", NEEDS_REVIEW,
           address="formal (vous)", staff=True),
    Locale("nl", "Nederlands", gettext_noop("Dutch"), False, "nplurals=2; plural=(n != 1);",
           "https://www.knmi.nl", NEEDS_REVIEW,
           address="informal (jij, je)", staff=True),
    Locale("es", "Español", gettext_noop("Spanish"), False, "nplurals=2; plural=(n != 1);",
           "https://www.aemet.es", NEEDS_REVIEW,
           address="informal (tú)", staff=True),
    Locale("it", "Italiano", gettext_noop("Italian"), False, "nplurals=2; plural=(n != 1);",
           "https://www.meteoam.it", NEEDS_REVIEW,
           address="informal (tu)", staff=True),
    Locale("ar", "العربية", gettext_noop("Arabic"), True,
           "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
           "https://www.bbc.com/arabic", NEEDS_REVIEW,
           address="plural polite (أنتم)"),
    Locale("fa", "فارسی", gettext_noop("Persian"), True, "nplurals=2; plural=(n > 1);",
           "https://www.bbc.com/persian", NEEDS_REVIEW,
           address="plural polite (شما)"),
    Locale("ti", "ትግርኛ", gettext_noop("Tigrinya"), False, "nplurals=2; plural=(n > 1);",
           "https://www.bbc.com/tigrinya", NEEDS_REVIEW,
           address="plural polite (ንስኹም)"),
    Locale("uk", "Українська", gettext_noop("Ukrainian"), False,
           "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
           "https://www.bbc.com/ukrainian", NEEDS_REVIEW,
           address="formal (ви)"),
)

DEFAULT_LOCALE = "en"
LOCALES_BY_CODE = {locale.code: locale for locale in LOCALES}
LANGUAGE_CODES = tuple(locale.code for locale in LOCALES)
RTL_LANGUAGE_CODES = tuple(locale.code for locale in LOCALES if locale.bidi)
# The staff side's languages (issue 20): the one list the organisation default, the
# staff member's choice and the staff locale middleware read.
STAFF_LANGUAGE_CODES = tuple(locale.code for locale in LOCALES if locale.staff)


def django_languages() -> list[tuple[str, str]]:
    """LANGUAGES for settings: endonyms, so nobody needs English to pick."""
    return [(locale.code, locale.endonym) for locale in LOCALES]


def django_lang_info() -> dict[str, dict[str, object]]:
    """LANG_INFO entries for the languages Django does not know."""
    return {
        locale.code: {
            "bidi": locale.bidi,
            "code": locale.code,
            "name": locale.english_name,
            "name_local": locale.endonym,
        }
        for locale in LOCALES
    }
