"""Bidi controls and control characters never reach single-line text; bodies keep their marks."""

import pytest

from cop.text import single_line
from cop.uploads import download_name
from discussions.models import Post, Thread
from members.models import User

SPOOF = "invoice\u202egpj.exe"


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        (SPOOF, "invoicegpj.exe"),
        ("a\u202ab\u202bc\u202cd\u202de", "abcde"),  # embeddings, pop, overrides
        ("a\u2066b\u2067c\u2068d\u2069e", "abcde"),  # isolates
        ("line\none\r\ntwo\tthree\u2028four", "line one  two three four"),
        ("nul\x00bell\x07esc\x1bdel\x7fc1\x9b", "nulbellescdelc1"),
        ("\ufeffbom and\u2060 word joiner\u00ad", "bom and word joiner"),
        # What Arabic, Persian and mixed names legitimately use stays.
        ("منظمة العمل الدولية\u200f (ILO)", "منظمة العمل الدولية\u200f (ILO)"),
        ("\u200eUNDP\u061c برنامج", "\u200eUNDP\u061c برنامج"),
        ("می\u200cخواهم 👩\u200d💻", "می\u200cخواهم 👩\u200d💻"),
        ("  padded  ", "padded"),
    ],
)
def test_single_line_text_loses_what_reorders_or_hides(typed, kept):
    assert single_line(typed) == kept


def test_attachment_names_share_the_rule():
    assert download_name("minutes\u202efdp.exe", "application/pdf") == "minutesfdp.exe.pdf"
    assert download_name("تقرير\u200f 2024.pdf", "application/pdf") == "تقرير\u200f 2024.pdf"


@pytest.mark.django_db
def test_thread_titles_are_cleaned_and_bodies_keep_their_marks(member_client):
    from tests.discussions.factories import TopicFactory

    topic = TopicFactory(slug="social-registries")
    body = "النص\u200f (text)\u200e ثم"
    response = member_client.post(
        f"/en/discussions/topics/{topic.slug}/new/",
        {"kind": "discussion", "title": SPOOF, "body": body},
    )
    assert response.status_code == 302
    thread = Thread.objects.get()
    assert thread.title == "invoicegpj.exe"
    assert Post.objects.get().body == body
    response = member_client.post(
        f"/en/discussions/posts/{thread.opening_post.pk}/edit/",
        {"title": "minutes\u2067\u202e.exe", "body": body},
    )
    thread.refresh_from_db()
    assert thread.title == "minutes.exe"
    member_client.post(
        f"/en/discussions/posts/{thread.opening_post.pk}/translate/",
        {"title_translation": "فاتورة\u202egpj.exe", "translation": "ترجمة"},
    )
    thread.refresh_from_db()
    assert thread.title_translation == "فاتورةgpj.exe"


@pytest.mark.django_db
def test_names_organisation_and_position_are_cleaned_in_the_profile(member_client, member):
    response = member_client.post(
        "/en/members/profile/",
        {
            "name_arabic": "نور\u202e",
            "name_latin": "Nour\u2066 Haddad\u2069",
            "organisation": "Ministry\x00 of\nSocial Development",
            "position": "Head\u202d of unit",
            "preferred_language": "en",
            "digest_frequency": "weekly",
            "notification_mode": member.notification_mode,
            "expertise": "Targeting\u200f",
            "country": member.country_id,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    member.refresh_from_db()
    assert member.name_arabic == "نور"
    assert member.name_latin == "Nour Haddad"
    assert member.organisation == "Ministry of Social Development"
    assert member.position == "Head of unit"


@pytest.mark.django_db
def test_names_are_cleaned_at_signup(client, country):
    response = client.post(
        "/en/accounts/signup/",
        {
            "email": "new@example.org",
            "password1": "correct horse battery staple",
            "password2": "correct horse battery staple",
            "name_latin": "Omar\u202e",
            "country": country.pk,
            "organisation": "\u2066Agency\u2069",
            "position": "Director",
            "preferred_language": "en",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="new@example.org")
    assert (user.name_latin, user.organisation) == ("Omar", "Agency")
