"""Arabic as practitioners write it: dates, the order of country lists, sentences about a person."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import polib
import pytest
from django.conf import settings
from django.utils import formats, translation

from cop.text import collation_key
from discussions import services
from members.models import MembershipStatus

from ..discussions.factories import TopicFactory
from ..factories import UserFactory

MOMENT = datetime(2026, 11, 25, 22, 18, tzinfo=ZoneInfo("UTC"))


@pytest.mark.parametrize(
    ("language", "name", "expected"),
    [
        ("ar", "DATE_FORMAT", "25 نوفمبر 2026"),
        ("ar", "DATETIME_FORMAT", "25 نوفمبر 2026، 22:18"),
        ("ar", "SHORT_DATETIME_FORMAT", "25 نوفمبر 2026، 22:18"),
        ("en", "DATETIME_FORMAT", "25 November 2026, 22:18"),
        ("en", "SHORT_DATETIME_FORMAT", "25 Nov 2026, 22:18"),
    ],
)
def test_dates_join_the_time_with_the_languages_own_comma(language, name, expected):
    with translation.override(language):
        assert formats.date_format(MOMENT, name) == expected


@pytest.mark.django_db
def test_a_thread_page_in_arabic_has_no_latin_comma_in_its_dates(client, member):
    topic = TopicFactory(slug="public-works", is_public=True)
    thread = services.thread_create(
        author=member, topic=topic, kind="discussion", title="Public works", body="Wages?"
    )
    html = client.get(f"/ar/discussions/threads/{thread.pk}/").content.decode()
    shown = re.findall(r"<time datetime=\"[^\"]+\">([^<]+)</time>", html)
    assert shown, "the post's date is shown"
    for text in shown:
        assert "," not in text and "،" in text, text
    index = client.get("/ar/discussions/").content.decode()
    assert all("," not in t for t in re.findall(r"<time datetime=\"[^\"]+\">([^<]+)</time>", index))


def test_the_collation_ignores_the_article_and_the_hamza():
    names = ["اليمن", "إيران", "الأردن", "تونس", "المغرب", "العراق", "لبنان", "عُمان", "الإمارات"]
    assert sorted(names, key=collation_key) == [
        "الأردن",
        "الإمارات",
        "إيران",
        "تونس",
        "العراق",
        "عُمان",
        "لبنان",
        "المغرب",
        "اليمن",
    ]
    assert sorted(["Tunisia", "the Gambia", "egypt"], key=collation_key) == [
        "egypt",
        "the Gambia",
        "Tunisia",
    ]


def _options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return [
        label.strip() for label in re.findall(r"<option value=\"[^\"]+\"[^>]*>([^<]+)<", select)
    ]


@pytest.mark.django_db
def test_every_country_list_is_in_alphabetical_order_in_both_languages(client, facilitator):
    """Signup, profile, directory filter, invitation and the facilitator's roster picker."""
    for language in ("ar", "en"):
        with translation.override(language):
            signup = _options(
                client.get(f"/{language}/accounts/signup/").content.decode(), "country"
            )
            assert signup[-1] == ("دولي" if language == "ar" else "International")
            assert signup[:-1] == sorted(signup[:-1], key=collation_key)
    arabic = _options(client.get("/ar/accounts/signup/").content.decode(), "country")
    # Not code-point order: the "ال…" names are not all first, Iran is not on top.
    assert arabic[0] == "الأراضي الفلسطينية" and arabic[1] == "الأردن"
    assert arabic.index("إيران") > arabic.index("الإمارات العربية المتحدة")
    assert arabic.index("اليمن") == len(arabic) - 2
    client.force_login(facilitator)
    for path, name in [
        ("/ar/members/profile/", "country"),
        ("/ar/members/", "country"),
        ("/ar/members/roster/invite/", "country"),
    ]:
        listed = _options(client.get(path).content.decode(), name)
        listed = [c for c in listed if c != "دولي"]
        assert listed == sorted(listed, key=collation_key), path
    picker = client.get("/ar/members/roster/").content.decode()
    picked = re.findall(r'<li><a href="\?country=[A-Z]+[^"]*">([^<]+)</a>', picker)
    assert picked[:-1] == sorted(picked[:-1], key=collation_key) and picked[-1] == "دولي"


# Masculine forms that made every member "he": "أصبح سلمى عضوًا".
MASCULINE = re.compile(r"(^|\s)(أصبح|يطلب|يدعوك|بدأ|ثبّته|أغلقه|أخفاه|استبدلها|عضوًا من)(\s|$)")
PERSON = re.compile(r"%\((name|author_name|inviter|actor|member)\)s")


def test_sentences_about_a_person_are_neutral_in_arabic():
    po = polib.pofile(str(settings.BASE_DIR / "locale/ar/LC_MESSAGES/django.po"))
    gendered = [
        (e.msgid, e.msgstr)
        for e in po
        if not e.obsolete and PERSON.search(e.msgid) and MASCULINE.search(e.msgstr)
    ]
    assert gendered == []


@pytest.mark.django_db
def test_the_approval_message_reads_the_same_for_a_woman_and_a_man(client, country, focal_point):
    client.force_login(focal_point)
    for name in ("سلمى حداد", "سامي حداد"):
        person = UserFactory(country=country, name_arabic=name, status=MembershipStatus.APPLICANT)
        person.requested_at = person.date_joined
        person.save()
        response = client.post(
            f"/ar/members/{person.pk}/membership/",
            {"action": "approve", "reason": ""},
            follow=True,
        )
        assert f"اعتُمدت عضوية \u2068{name}\u2069." in response.content.decode()


@pytest.mark.django_db
def test_the_country_list_in_admin_is_in_the_same_order(client, member):
    admin_user = UserFactory(is_superuser=True, is_staff=True, country=None)
    client.force_login(admin_user)
    html = client.get(f"/ar/admin/members/user/{member.pk}/change/").content.decode()
    listed = [c for c in _options(html, "country") if c != "دولي"]
    assert len(listed) > 10 and listed == sorted(listed, key=collation_key)
