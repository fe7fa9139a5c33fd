"""Replying: the preview without JavaScript, the preview fragment, and members' profiles."""

import pytest

from discussions import services
from discussions.models import Post
from tests.factories import UserFactory

from .conftest import login
from .test_sanitising import assert_inert

pytestmark = pytest.mark.django_db


def test_preview_without_javascript_shows_the_text_as_it_will_read_and_saves_nothing(
    client, thread, member
):
    login(client, member)
    before = Post.objects.count()
    url = f"/en/discussions/posts/{thread.opening_post.pk}/reply/"
    response = client.post(url, {"body": "**Bold** <script>x</script>", "preview": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        '<div class="preview__body" dir="auto" data-testid="preview-body"><p dir="auto"><strong>Bold</strong> &lt;script&gt;x&lt;/script&gt;</p>'
        in html
    )
    # The text stays in the box, ready to post.
    assert "**Bold** &lt;script&gt;x&lt;/script&gt;</textarea>" in html
    assert Post.objects.count() == before
    # Posting it afterwards works as usual.
    response = client.post(url, {"body": "**Bold**"})
    assert response.status_code == 302
    assert Post.objects.count() == before + 1


def test_an_empty_or_oversized_preview_is_refused_with_the_form(client, thread, member):
    login(client, member)
    url = f"/en/discussions/posts/{thread.opening_post.pk}/reply/"
    assert client.post(url, {"body": "", "preview": "1"}).status_code == 400
    assert client.post(url, {"body": "x" * 20001, "preview": "1"}).status_code == 400
    assert client.post("/en/discussions/preview/", {"body": ""}).status_code == 400
    assert client.post("/en/discussions/preview/", {"body": "x" * 20001}).status_code == 400


def test_the_preview_fragment_links_mentions_and_stays_inert(client, member, other_member):
    login(client, member)
    response = client.post(
        "/en/discussions/preview/",
        {"body": "Hi @Omar Haddad [x](javascript:alert(1)) <img src=x onerror=alert(1)>"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="/members/{other_member.pk}/"' in html
    assert_inert(html)
    assert 'href="javascript' not in html
    assert "<html" not in html  # a fragment, for the page's preview box


def test_every_nested_reply_links_to_the_post_it_answers(client, thread, member, other_member):
    first = services.post_reply(author=other_member, parent=thread.opening_post, body="First")
    nested = services.post_reply(author=member, parent=first, body="Nested")
    login(client, member)
    html = client.get(thread.get_absolute_url()).content.decode()
    part = html.split(f'id="post-{nested.pk}"')[1].split("</header>")[0]
    assert (
        f'href="#post-{first.pk}" data-testid="reply-to">in reply to <bdi>Omar Haddad</bdi>' in part
    )
    top = html.split(f'id="post-{first.pk}"')[1].split("</header>")[0]
    assert "reply-to" not in top  # a top-level reply answers the thread


def test_the_reply_form_offers_preview_and_the_member_finder(client, thread, member):
    login(client, member)
    html = client.get(thread.get_absolute_url()).content.decode()
    assert 'name="preview" value="1" data-testid="preview"' in html
    assert 'href="/en/discussions/mention/"' in html
    assert "/static/discussions/discussions.js" in html


def test_profiles_list_recent_posts_and_accepted_answers_the_viewer_may_read(
    client, thread, reply, member, other_member, facilitator
):
    services.answer_accept(post=reply, by=member)
    hidden = services.post_reply(author=other_member, parent=thread.opening_post, body="Secret")
    services.post_set_hidden(post=hidden, by=facilitator, hidden=True, reason="spam")
    viewer = UserFactory(country=member.country)
    login(client, viewer)
    html = client.get(f"/en/members/{other_member.pk}/").content.decode()
    posts = html.split('data-testid="profile-posts"')[1].split("</ul>")[0]
    assert f'href="/en/discussions/posts/{reply.pk}/"' in posts
    assert "We link with the civil registry." in posts
    assert f"/posts/{hidden.pk}/" not in posts
    answers = html.split('data-testid="profile-answers"')[1].split("</ul>")[0]
    assert f'href="/en/discussions/posts/{reply.pk}/"' in answers
    assert "How do you update household data?" in answers
    html = client.get(f"/ar/members/{other_member.pk}/").content.decode()
    assert "أحدث المشاركات" in html and "الإجابات المعتمدة" in html


def test_the_profile_reads_its_posts_in_a_fixed_number_of_queries(
    client, thread, member, other_member, django_assert_max_num_queries
):
    login(client, member)
    url = f"/en/members/{other_member.pk}/"
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(15):
        services.post_reply(author=other_member, parent=thread.opening_post, body=f"Reply {number}")
    with django_assert_max_num_queries(len(few)):
        client.get(url)
