"""Counting sentences and words in every script we publish in.

The limits (a sentence of at most 20 words, a section of at most 150) come
from the plain-language contract in research/ux-anchors.md (L1, L2). They are
structural, so they apply to every language; the reading grade only to English,
because textstat's formulas are calibrated for English.
"""

import re

import textstat

MAX_SENTENCE_WORDS = 20
MAX_SECTION_WORDS = 150
MAX_ENGLISH_GRADE = 6.0

# Full stops and question marks of the scripts in config/locales.py:
# Latin and Cyrillic ". ! ?", the ellipsis, Arabic/Persian question mark "؟",
# Urdu/Persian full stop "۔", Ethiopic full stop "።", question mark "፧" and
# paragraph separator "፨" (Tigrinya). Without "؟" and "።" an Arabic or
# Tigrinya text would count as one long sentence and always fail.
SENTENCE_END = ".!?…؟۔።፧፨"
_SENTENCE_BREAK = re.compile(rf"(?<=[{re.escape(SENTENCE_END)}])[\"'”’»)\]]*\s+")
# Words are separated by spaces; Ethiopic also has its own word space "፡".
_WORD_SPLIT = re.compile(r"[\s፡]+")
_HAS_LETTER_OR_DIGIT = re.compile(r"\w")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")


def lines(text: str) -> list[str]:
    """Non-empty lines with any list marker removed. A list item is its own sentence."""
    out = []
    for line in text.splitlines():
        line = _BULLET.sub("", line).strip()
        if line:
            out.append(line)
    return out


def sentences(text: str) -> list[str]:
    """Split text into sentences in any of our scripts.

    A line break also ends a sentence: a heading or a list item without a full
    stop is still a unit a reader takes in on its own.
    """
    out: list[str] = []
    for line in lines(text):
        out.extend(part.strip() for part in _SENTENCE_BREAK.split(line) if part.strip())
    return out


def words(text: str) -> list[str]:
    """Words, not punctuation: "112" is a word, a lone "–" is not."""
    return [w for w in _WORD_SPLIT.split(text) if _HAS_LETTER_OR_DIGIT.search(w)]


def word_count(text: str) -> int:
    return len(words(text))


def longest_sentence(text: str) -> tuple[int, str]:
    """Length in words and the text of the longest sentence ("" if none)."""
    best = (0, "")
    for sentence in sentences(text):
        count = word_count(sentence)
        if count > best[0]:
            best = (count, sentence)
    return best


def for_readability(text: str) -> str:
    """Text as textstat expects it: every list item or line ends with a full stop.

    textstat splits sentences on punctuation only, so an unpunctuated list would
    be scored as one long sentence and inflate the grade.
    """
    out = []
    for line in lines(text):
        out.append(line if line[-1] in SENTENCE_END else line + ".")
    return " ".join(out)


def english_grade(text: str) -> float:
    """Flesch-Kincaid grade of English text (textstat 0.7.8)."""
    return float(textstat.flesch_kincaid_grade(for_readability(text)))
