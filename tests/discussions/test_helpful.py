""" "Helpful" marks: one per member and post (a database constraint), counted on the post."""

import pytest
from django.db import IntegrityError, transaction

from discussions import services
from discussions.models import Post, Reaction

from .conftest import login

pytestmark = pytest.mark.django_db


def test_the_database_refuses_a_second_mark_by_the_same_member(reply, member):
    Reaction.objects.create(member=member, post=reply)
    with pytest.raises(IntegrityError), transaction.atomic():
        Reaction.objects.create(member=member, post=reply)


def test_marking_twice_counts_once_and_taking_it_back_uncounts(client, reply, member):
    login(client, member)
    url = f"/en/discussions/posts/{reply.pk}/helpful/"
    for _ in range(2):
        response = client.post(url, {"helpful": "1"})
        assert response.status_code == 302
        assert response["Location"].endswith(f"#post-{reply.pk}")
    reply.refresh_from_db()
    assert reply.helpful_count == 1
    html = client.get(reply.thread.get_absolute_url()).content.decode()
    part = html.split(f'id="post-{reply.pk}"')[1]
    assert (
        'aria-pressed="true" data-testid="helpful">Helpful <span class="helpful__count">1</span>'
        in part
    )
    for _ in range(2):
        client.post(url, {"helpful": "0"})
    reply.refresh_from_db()
    assert reply.helpful_count == 0
    assert not Reaction.objects.exists()


def test_each_member_counts_and_readers_who_cannot_mark_see_the_count(
    client, thread, reply, member, facilitator, topic
):
    services.post_set_helpful(member=member, post=reply, helpful=True)
    services.post_set_helpful(member=facilitator, post=reply, helpful=True)
    assert Post.objects.get(pk=reply.pk).helpful_count == 2
    topic.is_public = True
    topic.save()
    html = client.get(f"/en/discussions/threads/{thread.pk}/").content.decode()  # a visitor
    assert "2 members found this helpful" in html
    assert 'data-testid="helpful"' not in html
    html = client.get(f"/ar/discussions/threads/{thread.pk}/").content.decode()
    assert "وجدها عضوان مفيدة" in html


def test_own_posts_hidden_posts_and_non_participants_are_refused_and_nothing_changes(
    client, reply, other_member, applicant, facilitator, member
):
    url = f"/en/discussions/posts/{reply.pk}/helpful/"
    login(client, other_member)  # its author
    assert client.post(url, {"helpful": "1"}).status_code == 403
    login(client, applicant)
    assert client.post(url, {"helpful": "1"}).status_code in (403, 404)
    services.post_set_hidden(post=reply, by=facilitator, hidden=True, reason="spam")
    login(client, member)
    assert client.post(url, {"helpful": "1"}).status_code == 404
    login(client, facilitator)
    assert client.post(url, {"helpful": "1"}).status_code == 403
    assert not Reaction.objects.exists()
    assert Post.objects.get(pk=reply.pk).helpful_count == 0
    assert client.get(url).status_code == 405
