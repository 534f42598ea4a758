"""One register per language: every text addresses the person the way `config/locales.py` says.

Issue 13 §7: the Arabic portal spoke to the reader in the polite plural (أنتم)
almost everywhere, while the evidence and police pages, the access history and
the printed summary spoke to one man (يمكنك، فكّر، فحصك) or to one woman
(خذي وقتك); the Dutch, Spanish and Italian access history and summary used the
formal u / usted / lei while the portal says je / tú / tu. These tests fail on
the clearest marks of the other form in victim-facing interface strings and in
the per-language texts under data/. They cannot prove a text is in the right
register (Arabic and Tigrinya verbs are often ambiguous on their own); they
catch the drift that was seen.

Markers are whole words. Python's \\b does not separate Arabic, Persian and
Ge'ez words reliably (combining marks, the zero-width non-joiner), so those
languages are split into words with explicit letter classes.
"""

import re
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings

from config import locales
from tests.test_translations import victim_facing_entries

DATA = Path(settings.BASE_DIR) / "data"

# --- Arabic: the polite plural (أنتم) -------------------------------------------------

ARABIC_LETTERS = "\u0621-\u064a\u0671-\u06d3"
ARABIC_MARKS = re.compile("[\u064b-\u0652\u0670\u0640]")  # short vowels, shadda, sukun, tatweel
# Words that end in kaf by themselves, not in the singular "your" (-ك).
ARABIC_WORDS_ENDING_IN_KAF = frozenset(
    [
        "ذلك",
        "هناك",
        "كذلك",
        "لذلك",
        "تلك",
        "هنالك",
        "أولئك",
        "وذلك",
        "بذلك",
        "لتلك",
        "وتلك",
        "ولذلك",
        "فذلك",
        "كتلك",
        "بنك",
        "البنك",
        "مشترك",
        "المشترك",
        "شريك",
        "الشريك",
        "ملك",
        "يملك",
        "تملك",
        "سلوك",
        "السلوك",
        "شك",
        "الشك",
        "إدراك",
        "اشتراك",
        "الاشتراك",
        "ارتباك",
        "ترك",
        "يترك",
        "تترك",
        "تتحرك",
        "يتحرك",
        "بالتحرك",
        "التحرك",
        "متحرك",
        "المتحرك",
        "شارك",
        "يشارك",
        "تشارك",
        "مدارك",
        "معارك",
        "سلك",
        "فك",
        "هلاك",
        "انتهاك",
        "الانتهاك",
    ]
)
# Singular "you" as a word of its own: pronouns, prepositions with -ك, and imperatives.
ARABIC_SINGULAR_WORDS = frozenset(
    [
        "أنت",
        "انت",
        "لك",
        "بك",
        "منك",
        "عنك",
        "إليك",
        "اليك",
        "معك",
        "عليك",
        "لديك",
        "يمكنك",
        "أنك",
        "لأنك",
        "فإنك",
        "تريدين",
        "تستطيعين",
        "تفكرين",
        "تتواصلين",
        "اكتب",
        "اكتبي",
        "اختر",
        "اختاري",
        "اسأل",
        "اسألي",
        "انقر",
        "اضغط",
        "ارجع",
        "احفظ",
        "اقرأ",
        "خذ",
        "خذي",
    ]
)


def arabic_singular(text: str) -> list[str]:
    found = []
    for word in re.findall(f"[{ARABIC_LETTERS}]+", ARABIC_MARKS.sub("", text)):
        # "and" and "so" (و، ف) are written joined to the next word: وهناك is و + هناك.
        forms = {word, word[1:]} if word[0] in "وف" and len(word) > 3 else {word}
        if forms & ARABIC_SINGULAR_WORDS or (
            len(word) > 2 and word.endswith("ك") and not forms & ARABIC_WORDS_ENDING_IN_KAF
        ):
            found.append(word)
    # "Think!" to one man; "أفكّر" (I think) is a different word.
    found += re.findall(f"(?<![{ARABIC_LETTERS}])فكّر(?![{ARABIC_LETTERS}])", text)
    return found


# --- Persian: the polite plural (شما) -----------------------------------------------

PERSIAN_LETTERS = "\u0600-\u06ff\u200c"


def persian_singular(text: str) -> list[str]:
    return re.findall(
        f"(?<![{PERSIAN_LETTERS}])(?:تو|می‌توانی|نمی‌توانی|هستی|نیستی|می‌خواهی|داری|نداری)(?![{PERSIAN_LETTERS}])"
        f"|\u200c(?:ات|ایت)(?![{PERSIAN_LETTERS}])",  # پرونده‌ات: "your file" to one person
        text,
    )


# --- Tigrinya: the polite plural (ንስኹም) ---------------------------------------------

GEEZ = "\u1200-\u137f"
# Words that end in -ካ/-ኻ/-ኪ/-ኺ by themselves, not in the singular "you/your".
TIGRINYA_WORDS_ENDING_IN_KA = frozenset(["ስልኪ", "ብሰንኪ", "ሰንኪ", "ተወሳኺ", "ኣመሪካ", "ብዘይካ", "ዘይካ"])


def tigrinya_singular(text: str) -> list[str]:
    return [
        word
        for word in re.findall(f"[{GEEZ}]+", text)
        if word[-1] in "ካኻኪኺ" and word not in TIGRINYA_WORDS_ENDING_IN_KA
    ]


# --- Latin and Cyrillic scripts -----------------------------------------------------


def french_tu(text: str) -> list[str]:
    return re.findall(r"(?i)(?<![\w-])(?:tu|te|toi|ton|ta|tes)(?![\w-])|(?<![\w-])[tT]['’](?=\w)", text)


def spanish_usted(text: str) -> list[str]:
    return re.findall(
        r"(?i)(?<!\w)(?:usted|ustedes|vosotros|vosotras|vuestro|vuestra|vuestros|vuestras)(?!\w)", text
    )


def italian_lei(text: str) -> list[str]:
    # The courtesy capitals inside a sentence, and the lower-case forms the access history used.
    return re.findall(
        r"(?<=[\w,;:] )(?:Lei|Suo|Sua|Suoi|Sue)(?!\w)"
        r"|(?<!\w)(?i:su di lei|decide lei|informarla|si prenda|ci scriva|voi|vostro|vostra|vostri|vostre)(?!\w)",
        text,
    )


def dutch_u(text: str) -> list[str]:
    # Whole words only: "U-visum" (a US visa) is not "u".
    return re.findall(r"(?<![\w-])(?:u|uw|U|Uw)(?![\w-])", text)


def ukrainian_ty(text: str) -> list[str]:
    return re.findall(
        r"(?i)(?<![\w'’])(?:ти|тебе|тобі|твій|твоя|твоє|твої|твого|твоєї|твоїх|твоїм|тобою|можеш|хочеш|маєш)(?![\w'’])",
        text,
    )


# language -> (the address config/locales.py names, the marks of the other form)
OTHER_REGISTER: dict[str, tuple[str, Callable[[str], list[str]]]] = {
    "ar": ("plural polite", arabic_singular),
    "fa": ("plural polite", persian_singular),
    "ti": ("plural polite", tigrinya_singular),
    "fr": ("formal", french_tu),
    "uk": ("formal", ukrainian_ty),
    "es": ("informal", spanish_usted),
    "it": ("informal", italian_lei),
    "nl": ("informal", dutch_u),
}
TRANSLATED = [code for code in locales.LANGUAGE_CODES if code != locales.DEFAULT_LOCALE]


def data_texts(language: str) -> Iterator[tuple[str, str]]:
    """(where, text) for every text in `language` under data/: `{ en = …, ar = … }`
    tables and `[[texts]] language = "ar"` entries (content messages)."""

    def strings(node: object) -> Iterator[str]:
        if isinstance(node, str):
            yield node
        elif isinstance(node, dict):
            for value in node.values():
                yield from strings(value)
        elif isinstance(node, list):
            for value in node:
                yield from strings(value)

    def walk(node: object, where: str) -> Iterator[tuple[str, str]]:
        if isinstance(node, dict):
            if node.get("language") == language:
                for key, value in node.items():
                    if key not in ("language", "status"):
                        for text in strings(value):
                            yield f"{where}.{key}", text
                return
            for key, value in node.items():
                if key == language and isinstance(value, str):
                    yield f"{where}.{key}", value
                else:
                    yield from walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                yield from walk(value, f"{where}[{index}]")

    for path in sorted(DATA.rglob("*.toml")):
        yield from walk(tomllib.loads(path.read_text(encoding="utf-8")), str(path.relative_to(DATA)))


def test_every_language_names_one_address_and_the_test_knows_it():
    for locale in locales.LOCALES:
        assert locale.address, locale.code
    for code in TRANSLATED:
        expected, _ = OTHER_REGISTER[code]
        # Change the register in config/locales.py and this test's markers must change with it.
        assert locales.LOCALES_BY_CODE[code].address.startswith(expected), code


@pytest.mark.parametrize("language", TRANSLATED)
def test_victim_facing_interface_strings_keep_the_language_register(language):
    _, other_register = OTHER_REGISTER[language]
    entries = list(victim_facing_entries(language))
    assert len(entries) > 50
    drifted = [
        (msgid, msgstr, marks)
        for msgid, msgstrs, _ in entries
        for msgstr in msgstrs
        if (marks := other_register(msgstr))
    ]
    assert not drifted, f"{language}: {len(drifted)} strings in the other register, e.g. {drifted[:5]}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_data_texts_keep_the_language_register(language):
    _, other_register = OTHER_REGISTER[language]
    texts = list(data_texts(language))
    # The printed summary, the police warnings and the content messages exist in every language.
    assert len(texts) > 50, f"{language}: only {len(texts)} texts found under data/"
    drifted = [(where, text, marks) for where, text in texts if (marks := other_register(text))]
    assert not drifted, f"{language}: {len(drifted)} data texts in the other register, e.g. {drifted[:5]}"


INCLUSIVE_WRITING = re.compile(r"\w[·•]\w|\w\((?:e|es|s)\)|[éiu]\.es?\b")


def test_french_texts_have_no_inclusive_writing_forms():
    """ "obligé·e", "suivi(e)", "retenu.e": low-literacy readers stumble on them (issue 13 §7)."""
    found = [
        t for _, msgstrs, _ in victim_facing_entries("fr") for t in msgstrs if INCLUSIVE_WRITING.search(t)
    ]
    found += [t for _, t in data_texts("fr") if INCLUSIVE_WRITING.search(t)]
    assert not found, found[:5]


@pytest.mark.parametrize(
    ("language", "drifted", "in_register"),
    [
        ("ar", "الأدلة المحفوظة من فحصك", "الأدلة المحفوظة من فحصكم"),
        ("ar", "فكّر في ذلك قبل أن تتحدث إلى الشرطة.", "ما زلت أفكّر في ذلك، وهناك وقت."),
        ("ar", "يمكنك أن تسأل المركز.", "يمكنكم أن تسألوا المركز."),
        ("ar", "وعليك أن تختار.", "وعليكم أن تختاروا، فهناك وقت."),
        ("ar", "أنتِ تفكرين في الذهاب إلى الشرطة. خذي وقتك.", "أنتم تفكرون في الذهاب إلى الشرطة. خذوا وقتكم."),
        ("fa", "پرونده‌ات را کسی باز نکرد.", "پرونده شما را کسی باز نکرد."),
        ("ti", "ስምካ ኣይረክቡን።", "ስምኩም ኣይረክቡን። ብሰንኪ ስልኪ።"),
        ("fr", "Tu peux arrêter quand tu veux.", "Vous pouvez arrêter. Ce texte est court."),
        ("es", "Usted decide.", "Tú decides. Su copia es de ellos."),
        ("it", "ha letto i messaggi su di lei", "Decidi tu. Le prove sono tue."),
        ("nl", "U beslist over uw dossier.", "Jij beslist. Een U-visum is iets anders."),
        ("uk", "Ти можеш зупинитися.", "Ви можете зупинитися."),
    ],
)
def test_the_markers_catch_the_drift_that_was_seen_and_spare_ordinary_words(language, drifted, in_register):
    _, other_register = OTHER_REGISTER[language]
    assert other_register(drifted)
    assert not other_register(in_register)


def test_the_inclusive_writing_pattern_finds_the_forms_and_spares_plain_words():
    for form in ("obligé·e", "suivi(e)", "retenu.e", "étudiant·es"):
        assert INCLUSIVE_WRITING.search(form), form
    for plain in (
        "Vous n'êtes pas obligée.",
        "les gens. Ensuite",
        "Vous êtes libre.",
        "des centres.",
        "www.aemet.es",
    ):
        assert not INCLUSIVE_WRITING.search(plain), plain
