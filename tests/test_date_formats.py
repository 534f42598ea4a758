"""Dates read the same way to everyone the centres serve: day first, 24-hour clock.

Seen on the demo: an Arabic conversation showed "12/02/2026 8:43 ص" for a
message sent on 2 December — Django's Arabic has no date-and-time format and
fell back to the American one, which a Belgian or Dutch reader takes for
12 February.
"""

import datetime as dt

import pytest
from django.utils import formats, translation

from config.locales import LANGUAGE_CODES

SECOND_OF_DECEMBER = dt.datetime(2026, 12, 2, 14, 5)


@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_no_language_writes_the_month_before_the_day_or_a_twelve_hour_clock(language):
    with translation.override(language):
        for name in ("SHORT_DATETIME_FORMAT", "DATETIME_FORMAT"):
            shown = formats.date_format(SECOND_OF_DECEMBER, name)
            assert "14" in shown, f"{language} {name}: {shown}"
            assert "12/02" not in shown and "12/2/" not in shown, f"{language} {name}: {shown}"


def test_english_dates_name_the_day_first():
    with translation.override("en"):
        assert formats.date_format(SECOND_OF_DECEMBER, "DATETIME_FORMAT") == "2 December 2026, 14:05"
        assert formats.date_format(SECOND_OF_DECEMBER, "SHORT_DATE_FORMAT") == "02/12/2026"
