"""Members-only content answers each person as they need (cop.rules.MembersOnly).

A visitor following a link from an email (or whose session expired) gets the
sign-in page saying why, and comes back to the page after signing in; an
applicant reads that it opens once their membership is approved; what does
not exist, or is hidden, stays a 404 for everyone.
"""

import pytest

from discussions import services as discussions
from events.models import Material
from members.models import MembershipStatus

from ..discussions.factories import TopicFactory
from ..events.factories import EventFactory
from ..factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
WHY_EN = "This page is for members of the community. Sign in and you will come back to it."
WHY_AR = "هذه الصفحة مخصّصة لأعضاء المجتمع. يُرجى تسجيل الدخول، وستُفتح لك الصفحة نفسها بعده."
ONCE_APPROVED = "This page will be available once your membership is approved."


@pytest.fixture
def world(member, facilitator):
    topic = TopicFactory(slug="social-registries", is_public=False)
    thread = discussions.thread_create(
        author=member, topic=topic, kind="question", title="Registry updates?", body="How often?"
    )
    reply = discussions.post_reply(author=member, parent=thread.opening_post, body="Yearly.")
    hidden = discussions.thread_create(
        author=member, topic=topic, kind="discussion", title="Spam", body="Buy now"
    )
    discussions.thread_moderate(thread=hidden, by=facilitator, action="hide", reason="Spam")
    event = EventFactory(is_public=False)
    material = Material.objects.create(
        event=EventFactory(is_public=True),
        kind="slides",
        title_en="Slides",
        title_ar="شرائح",
        url="https://docs.example.org/s.pdf",
    )
    return {
        "topic": f"/en/discussions/topics/{topic.slug}/",
        "thread": f"/en/discussions/threads/{thread.pk}/?page=1",
        "post": f"/en/discussions/posts/{reply.pk}/",
        "new_thread": f"/en/discussions/topics/{topic.slug}/new/",
        "event": f"/en/events/{event.pk}/",
        "material": f"/en/events/{material.event_id}/materials/{material.pk}/",
        "directory": "/en/members/?country=JO",
        "profile": f"/en/members/{member.pk}/",
        "hidden_thread": f"/en/discussions/threads/{hidden.pk}/",
    }


MEMBERS_ONLY = ["topic", "thread", "post", "event", "directory", "profile"]


@pytest.mark.parametrize("name", MEMBERS_ONLY)
def test_a_visitor_is_sent_to_sign_in_with_the_reason_and_the_way_back(client, world, name):
    response = client.get(world[name])
    assert response.status_code == 302
    login_url = response["Location"]
    assert login_url.startswith("/en/accounts/login/?next=")
    page = client.get(login_url)
    html = page.content.decode()
    assert page.status_code == 200 and WHY_EN in html
    # The sign-in form carries the page to come back to.
    assert 'name="next"' in html and world[name].split("?")[0] in html


def test_the_reason_is_in_arabic_on_the_arabic_sign_in_page(client, world):
    response = client.get(world["thread"].replace("/en/", "/ar/"), follow=True)
    assert WHY_AR in response.content.decode()


def test_after_signing_in_the_visitor_is_back_on_the_thread(client, world, member):
    login_url = client.get(world["thread"])["Location"]
    response = client.post(login_url, {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302
    # The member's language applies (Arabic by default), the page is the thread.
    assert response["Location"].endswith(world["thread"].replace("/en/", "/ar/"))
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("name", [*MEMBERS_ONLY, "new_thread", "material"])
def test_an_applicant_reads_that_it_opens_once_approved(client, world, applicant, name):
    client.force_login(applicant)
    response = client.get(world[name])
    html = response.content.decode()
    assert response.status_code == 403
    assert "Available once your membership is approved" in html and ONCE_APPROVED in html


def test_a_suspended_member_reads_why_it_is_closed(client, world, country):
    suspended = UserFactory(country=country, status=MembershipStatus.SUSPENDED)
    client.force_login(suspended)
    response = client.get(world["thread"])
    assert response.status_code == 403
    assert "Your membership is suspended" in response.content.decode()


def test_members_read_it(client, world, member):
    client.force_login(member)
    for name in ("topic", "thread", "event", "directory", "profile"):
        assert client.get(world[name]).status_code == 200, name


@pytest.mark.parametrize("who", ["visitor", "applicant", "member"])
def test_what_is_hidden_or_missing_stays_404_for_everyone(client, world, applicant, member, who):
    if who != "visitor":
        client.force_login(applicant if who == "applicant" else member)
    assert client.get(world["hidden_thread"]).status_code == 404
    for missing in (
        "/en/discussions/threads/999999/",
        "/en/discussions/posts/999999/",
        "/en/discussions/topics/no-such-topic/",
        "/en/members/999999/",
        "/en/events/999999/",
    ):
        assert client.get(missing).status_code == 404, missing


def test_a_members_only_topic_has_no_feed(client, world):
    assert client.get(world["topic"] + "feed/").status_code == 404


def test_nothing_is_written_on_the_way(client, world, applicant):
    """The refusal is a read: no thread, no session login, no change of status."""
    from discussions.models import Thread

    before = Thread.objects.count()
    client.force_login(applicant)
    response = client.post(world["new_thread"], {"kind": "question", "title": "t", "body": "b"})
    assert response.status_code == 403
    assert Thread.objects.count() == before
    applicant.refresh_from_db()
    assert applicant.status == MembershipStatus.APPLICANT


def test_the_refusal_costs_a_few_queries(client, world, applicant, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):  # the thread, its topic; no session for a visitor
        assert client.get(world["thread"]).status_code == 302
    client.force_login(applicant)
    with django_assert_max_num_queries(7):  # + session, user, follow state, last-active stamp
        assert client.get(world["thread"]).status_code == 403


SIGN_IN_TO_CONTINUE = "Sign in to continue: you will come back to this page afterwards."


@pytest.mark.parametrize("url", ["/en/conversations/", "/en/members/profile/"])
def test_a_page_that_needs_an_account_says_why_on_the_sign_in_page(client, url):
    response = client.get(url)
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert SIGN_IN_TO_CONTINUE in html
    assert 'name="next"' in html and url in html


def test_the_line_is_arabic_in_arabic_and_a_members_only_page_gives_its_own_only(client, world):
    html = client.get("/ar/conversations/", follow=True).content.decode()
    assert "يُرجى تسجيل الدخول للمتابعة" in html
    html = client.get(world["thread"], follow=True).content.decode()
    assert WHY_EN in html and SIGN_IN_TO_CONTINUE not in html


def test_a_signed_in_member_is_not_told_to_sign_in(client, member):
    client.force_login(member)
    assert SIGN_IN_TO_CONTINUE not in client.get("/en/conversations/").content.decode()
