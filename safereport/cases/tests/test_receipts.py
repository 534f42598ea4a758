"""Reading a typed receipt code (issue 11 §4, ADR 0006 and 0023): 16 digits or a named problem, never a crash."""

import sys
import unicodedata

import pytest

from safereport.cases import receipts
from safereport.cases.receipts import CodeProblem, NotACode

CODE = "4821093755126604"
ARABIC = "٠١٢٣٤٥٦٧٨٩"
PERSIAN = "۰۱۲۳۴۵۶۷۸۹"
FULLWIDTH = "０１２３４５６７８９"


def written(code: str, digits: str) -> str:
    return " ".join("".join(digits[int(d)] for d in code[i : i + 4]) for i in range(0, 16, 4))


@pytest.mark.parametrize(
    "typed",
    [
        CODE,
        "4821 0937 5512 6604",
        "4821-0937-5512-6604",
        "4821\u00a00937\u202f5512\u20096604",  # no-break, narrow and thin spaces
        "\u2066\u200f4821 0937 5512 6604\u200e\u2069",  # marks and isolates copied from an RTL page
        written(CODE, ARABIC),
        written(CODE, PERSIAN),
        written(CODE, FULLWIDTH),
        # Arabic-Indic and Persian digits are one family: keyboards mix them.
        written(CODE[:8], ARABIC) + " " + written(CODE[8:], PERSIAN),
    ],
)
def test_accepted_codes_read_as_sixteen_ascii_digits(typed):
    assert receipts.read(typed) == CODE
    assert receipts.normalise(typed) == CODE


@pytest.mark.parametrize(
    "typed,problem",
    [
        ("4821 0937 5512 660²", CodeProblem.CHARACTERS),  # superscript two
        ("①②③④ 0937 5512 6604", CodeProblem.CHARACTERS),  # circled digits
        ("⑴821 0937 5512 6604", CodeProblem.CHARACTERS),  # parenthesised
        ("𝟒821 0937 5512 6604", CodeProblem.CHARACTERS),  # mathematical bold
        ("४८२१ 0937 5512 6604", CodeProblem.CHARACTERS),  # Devanagari digits are not ones we accept
        ("፩821 0937 5512 6604", CodeProblem.CHARACTERS),  # Ethiopic numerals have no zero: not digits
        ("4821 O937 5512 6604", CodeProblem.CHARACTERS),  # a letter O
        ("4821.0937.5512.6604", CodeProblem.CHARACTERS),
        ("4821 0937 " + written("55126604", ARABIC), CodeProblem.MIXED),
        (written("48210937", PERSIAN) + "55126604", CodeProblem.MIXED),
        ("4821 0937 5512 660", CodeProblem.LENGTH),
        ("4821 0937 5512 66041", CodeProblem.LENGTH),
        ("", CodeProblem.LENGTH),
        ("   ", CodeProblem.LENGTH),
    ],
)
def test_anything_else_is_a_named_problem(typed, problem):
    with pytest.raises(NotACode) as refused:
        receipts.read(typed)
    assert refused.value.problem == problem
    assert receipts.normalise(typed) is None


def test_every_character_with_a_numeric_value_is_read_or_refused_never_a_crash():
    """int() on a character that str.isdigit() accepts (²) was the server error; check them all."""
    numeric = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.numeric(chr(c), None) is not None]
    assert len(numeric) > 1500  # the walk found them (superscripts, circled, every script's digits)
    accepted = set()
    for char in numeric:
        try:
            code = receipts.read(char * 16)
        except NotACode:
            continue
        assert code.isascii() and code.isdigit() and len(code) == 16
        accepted.add(char)
    assert accepted == set("0123456789" + ARABIC + PERSIAN + FULLWIDTH)
