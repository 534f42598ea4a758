"""The sentence and word counting the length limits rely on, in every script."""

from safereport.content import text as t


def test_latin_sentences_split_on_full_stops_and_question_marks():
    assert t.sentences("In danger? Call 112. It is free!") == ["In danger?", "Call 112.", "It is free!"]


def test_arabic_question_mark_ends_a_sentence():
    assert len(t.sentences("هل أنتم في خطر الآن؟ اتصلوا بالرقم 112.")) == 2


def test_persian_question_mark_ends_a_sentence_and_zwnj_does_not_split_words():
    text = "همین حالا در خطر هستید؟ با 112 تماس بگیرید. پلیس منع نمی‌کند."
    assert len(t.sentences(text)) == 3
    assert t.word_count("منع نمی‌کند") == 2


def test_tigrinya_full_stop_ends_a_sentence():
    assert len(t.sentences("ሕጂ ኣብ ሓደጋ ዲኹም ዘለኹም? ናብ 112 ደውሉ። እቲ ደወል ብነጻ እዩ።")) == 3


def test_ethiopic_word_space_separates_words():
    assert t.word_count("ሰላም፡ዓለም") == 2


def test_a_list_item_is_its_own_sentence_even_without_a_full_stop():
    assert t.sentences("We can:\n- treat injuries\n- listen") == ["We can:", "treat injuries", "listen"]


def test_closing_quotes_stay_with_their_sentence():
    assert t.sentences("It is called «free in». You can report.") == [
        "It is called «free in».",
        "You can report.",
    ]


def test_punctuation_alone_is_not_a_word():
    assert t.word_count("Call 112 – now !") == 3


def test_longest_sentence_reports_its_length():
    assert t.longest_sentence("One two. One two three four.")[0] == 4


def test_unpunctuated_list_does_not_inflate_the_reading_grade():
    listed = "You can:\n- eat\n- rest\n- talk to us\n- go home\n- come back"
    assert t.english_grade(listed) < 3
