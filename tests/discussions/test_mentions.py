"""@mentions: found by name in either script, linked, and the mentioned member told in their language."""

import pytest

from discussions import services
from discussions.mentions import find_mentions
from discussions.models import Notification
from members.models import MembershipStatus, NotificationMode
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def salma(country):
    return UserFactory(
        country=country,
        email="salma@example.org",
        name_latin="Salma Ali",
        name_arabic="سلمى العلي",
        preferred_language="ar",
        notification_mode=NotificationMode.DIGEST,  # mentions still come at once
    )


@pytest.fixture
def omar(country):
    return UserFactory(country=country, email="omar@example.org", name_latin="Omar")


def test_the_longest_name_wins_and_either_script_works(salma, omar):
    long_omar = UserFactory(name_latin="Omar Haddad", name_arabic="")
    text = "Thanks @Omar Haddad, and @omar. Also (@سلمى العلي) and a@b.org and @Nobody Here"
    found = [(m.name, m.member_ids) for m in find_mentions(text)]
    assert found == [
        ("Omar Haddad", [long_omar.pk]),
        ("omar", [omar.pk]),
        ("سلمى العلي", [salma.pk]),
    ]


def test_applicants_and_suspended_members_cannot_be_mentioned(country):
    UserFactory(name_latin="Rana Applicant", status=MembershipStatus.APPLICANT)
    UserFactory(name_latin="Rana Suspended", status=MembershipStatus.SUSPENDED)
    assert find_mentions("@Rana Applicant @Rana Suspended") == []


def test_a_mention_links_to_the_profile_and_emails_the_member_in_their_language(
    client, thread, other_member, salma, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.post_reply(
            author=other_member,
            parent=thread.opening_post,
            body="I agree with @Salma Ali on this.",
            language="en",
        )
    assert (
        f'<a href="/members/{salma.pk}/" rel="nofollow noopener noreferrer ugc">@Salma Ali</a>'
        in (reply.body_html)
    )
    notification = Notification.objects.get(member=salma, post=reply)
    assert notification.reason == Notification.Reason.MENTION
    assert notification.status == Notification.Status.SENT
    (email,) = [email for email in mailoutbox if salma.email in email.to]
    assert "أشار إليك" in email.subject + email.body  # Arabic, her language
    assert "I agree with" in email.body
    # The link works for a reader: it lands on her profile in their language.
    client.force_login(other_member)
    response = client.get(f"/members/{salma.pk}/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].endswith(f"/members/{salma.pk}/")


def test_members_who_want_no_email_and_the_author_are_not_emailed(
    thread, other_member, salma, mailoutbox, django_capture_on_commit_callbacks
):
    salma.notification_mode = NotificationMode.NONE
    salma.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_reply(
            author=other_member,
            parent=thread.opening_post,
            body="@Salma Ali and me, @Omar Haddad",
        )
    assert not [email for email in mailoutbox if salma.email in email.to]
    assert not [email for email in mailoutbox if other_member.email in email.to]


def test_an_edit_tells_only_the_newly_mentioned_once(
    thread, other_member, salma, omar, mailoutbox, django_capture_on_commit_callbacks
):
    omar.notification_mode = NotificationMode.IMMEDIATE
    omar.save()
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.post_reply(
            author=other_member, parent=thread.opening_post, body="Hello @Salma Ali"
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.post_edit(post=reply, editor=other_member, body="Hello @Salma Ali and @Omar")
    with django_capture_on_commit_callbacks(execute=True):
        services.post_edit(post=reply, editor=other_member, body="Hello @Salma Ali and @Omar!")
    to = [address for email in mailoutbox for address in email.to]
    assert to.count(salma.email) == 1
    assert to.count(omar.email) == 1
    # Thread followers are not told again about an edit.
    assert to.count(thread.author.email) <= 1


def test_mentioned_member_who_cannot_read_a_hidden_thread_is_not_emailed(
    thread, other_member, salma, facilitator, mailoutbox, django_capture_on_commit_callbacks
):
    services.thread_moderate(thread=thread, by=facilitator, action="hide", reason="test")
    with django_capture_on_commit_callbacks(execute=True):
        services.post_reply(author=facilitator, parent=thread.opening_post, body="@Salma Ali")
    assert not [email for email in mailoutbox if salma.email in email.to]


def test_the_finder_page_works_without_javascript_and_the_autocomplete_answers_json(
    client, member, salma
):
    client.force_login(member)
    html = client.get("/en/discussions/mention/", {"q": "salm"}).content.decode()
    assert "@Salma Ali" in html
    html = client.get("/ar/discussions/mention/", {"q": "سلمى"}).content.decode()
    assert "@سلمى العلي" in html  # the name in the reader's script
    data = client.get("/en/discussions/mention/", {"q": "sal", "format": "json"}).json()
    assert data["results"][0]["name"] == "Salma Ali"
    assert "Jordan" in data["results"][0]["label"]
    # Hostile or empty queries: an empty answer, not an error.
    for query in ("", "%", "_", "'; drop table", "x" * 500, "\x00"):
        response = client.get("/en/discussions/mention/", {"q": query, "format": "json"})
        assert response.status_code in (200, 400)
        if response.status_code == 200:
            assert response.json()["results"] == [] or query == ""


def test_the_finder_does_not_list_applicants(client, member, country):
    UserFactory(country=country, name_latin="Hidden Applicant", status=MembershipStatus.APPLICANT)
    client.force_login(member)
    assert client.get("/en/discussions/mention/", {"q": "Hidden", "format": "json"}).json() == {
        "results": []
    }
