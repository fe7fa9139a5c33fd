"""`PageDateFormat` gives exactly what Django's `dateformat.format` gives, in both languages."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import dateformat, translation
from django.utils.formats import get_format
from hypothesis import given, settings
from hypothesis import strategies as st

from cop.dates import PageDateFormat

ZONES = [ZoneInfo("Asia/Amman"), ZoneInfo("Africa/Casablanca"), ZoneInfo("America/New_York")]
# Every format character Django knows, with escapes and literal text around them.
EVERY_CHARACTER = r"a A b c d D e E f F g G h H i I j l L m M n N o O P r s S t T U u w W y Y z Z"
moments = st.datetimes(
    min_value=datetime(1990, 1, 1),
    max_value=datetime(2060, 12, 31),
    timezones=st.sampled_from(ZONES),
)


@pytest.mark.parametrize("language", ["ar", "en"])
@settings(max_examples=150, deadline=None)
@given(values=st.lists(moments, min_size=1, max_size=8))
def test_the_same_text_as_django_for_the_page_format_and_every_character(language, values):
    with translation.override(language):
        formats = [
            get_format("SHORT_DATETIME_FORMAT"),
            get_format("DATETIME_FORMAT"),
            EVERY_CHARACTER,
            r"\T\o\d\a\y j \o\f F, \a\t H:i",
        ]
        for format in formats:
            page = PageDateFormat(format)  # one per page: what it remembers spans the dates
            for value in values:
                assert page.format(value) == dateformat.format(value, format)


def test_the_arabic_page_format_reads_in_arabic():
    with translation.override("ar"):
        page = PageDateFormat(get_format("SHORT_DATETIME_FORMAT"))
        shown = page.format(datetime(2026, 11, 25, 22, 18, tzinfo=UTC))
    assert shown == "25 نوفمبر 2026، 22:18"
