"""Facilitators pin, lock and hide (never delete); members flag; admin holds the queue."""

import pytest

from discussions import services
from discussions.models import Flag, Post, Thread

pytestmark = pytest.mark.django_db


def page(client, thread, language="en"):
    return client.get(f"/{language}/discussions/threads/{thread.pk}/")


def test_hidden_posts_are_invisible_to_members_and_visible_to_facilitators(
    client, thread, reply, facilitator, member
):
    client.force_login(facilitator)
    response = client.post(
        f"/en/discussions/posts/{reply.pk}/hide/", {"action": "hide", "reason": "Advert"}
    )
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.is_hidden
    client.force_login(member)
    html = page(client, thread).content.decode()
    assert reply.body not in html and "A facilitator has hidden this post." in html
    assert client.get(f"/en/discussions/posts/{reply.pk}/").status_code == 404
    client.force_login(facilitator)
    html = page(client, thread).content.decode()
    assert reply.body in html and "Hidden from members" in html


def test_hidden_threads_are_invisible_to_members_and_visible_to_facilitators(
    client, thread, facilitator, member
):
    client.force_login(facilitator)
    client.post(
        f"/en/discussions/threads/{thread.pk}/moderate/", {"action": "hide", "reason": "Spam"}
    )
    assert page(client, thread).status_code == 200
    assert thread.title in client.get("/en/discussions/").content.decode()
    client.force_login(member)
    assert page(client, thread).status_code == 404
    assert thread.title not in client.get("/en/discussions/").content.decode()


@pytest.mark.parametrize(
    ("action", "field", "value"), [("pin", "is_pinned", True), ("lock", "is_locked", True)]
)
def test_facilitators_pin_and_lock(facilitator_client, thread, action, field, value):
    facilitator_client.post(f"/en/discussions/threads/{thread.pk}/moderate/", {"action": action})
    thread.refresh_from_db()
    assert getattr(thread, field) is value


def test_facilitators_reply_in_locked_threads(facilitator_client, facilitator, thread):
    services.thread_moderate(thread=thread, by=facilitator, action="lock")
    response = facilitator_client.post(
        f"/en/discussions/posts/{thread.opening_post.pk}/reply/", {"body": "Closing note"}
    )
    assert response.status_code == 302


def test_unknown_moderation_action_is_a_bad_request(facilitator_client, thread):
    response = facilitator_client.post(
        f"/en/discussions/threads/{thread.pk}/moderate/", {"action": "delete"}
    )
    assert response.status_code == 400
    assert Thread.objects.filter(pk=thread.pk).exists()


def test_members_cannot_moderate(member_client, thread, reply):
    assert (
        member_client.post(
            f"/en/discussions/threads/{thread.pk}/moderate/", {"action": "pin"}
        ).status_code
        == 403
    )
    assert (
        member_client.post(
            f"/en/discussions/posts/{reply.pk}/hide/", {"action": "hide", "reason": "x"}
        ).status_code
        == 403
    )
    thread.refresh_from_db()
    reply.refresh_from_db()
    assert not thread.is_pinned and not reply.is_hidden


def test_moderation_needs_post(facilitator_client, thread):
    assert (
        facilitator_client.get(f"/en/discussions/threads/{thread.pk}/moderate/").status_code == 405
    )


def test_members_flag_posts_once_and_facilitators_resolve_from_the_admin_queue(
    client, reply, member, admin_facilitator
):
    facilitator = admin_facilitator
    client.force_login(member)
    for _ in range(2):
        response = client.post(
            f"/en/discussions/posts/{reply.pk}/flag/", {"reason": "spam", "note": "Advert"}
        )
        assert response.status_code == 302
    flag = Flag.objects.get()
    assert (flag.post, flag.reporter, flag.status) == (reply, member, Flag.Status.OPEN)
    assert (
        client.post(
            f"/en/discussions/posts/{reply.thread.opening_post.pk}/flag/", {"reason": "spam"}
        ).status_code
        == 403
    )  # own post

    client.force_login(facilitator)
    queue = client.get("/en/admin/discussions/flag/", follow=True)
    assert queue.redirect_chain[0][0].endswith("?status__exact=open")
    assert queue.status_code == 200
    assert reply.body[:20] in queue.content.decode()
    response = client.post(
        "/en/admin/discussions/flag/",
        {
            "action": "hide_and_resolve",
            "_selected_action": [flag.pk],
            "apply": "1",
            "reason": "Advert",
        },
    )
    assert response.status_code == 302
    flag.refresh_from_db()
    reply.refresh_from_db()
    assert (
        flag.status == Flag.Status.RESOLVED and flag.resolved_by == facilitator and reply.is_hidden
    )


def test_nothing_is_hard_deleted_from_admin(facilitator_client, admin_facilitator, thread, reply):
    for url in (
        f"/en/admin/discussions/thread/{thread.pk}/delete/",
        f"/en/admin/discussions/post/{reply.pk}/delete/",
    ):
        assert facilitator_client.get(url).status_code == 403
    assert Post.objects.count() == 2


def test_admin_pages_load(facilitator_client, admin_facilitator, thread, reply, topic):
    for url in (
        "/en/admin/discussions/topic/",
        f"/en/admin/discussions/topic/{topic.pk}/change/",
        "/en/admin/discussions/thread/",
        f"/en/admin/discussions/thread/{thread.pk}/change/",
        "/en/admin/discussions/post/",
        f"/en/admin/discussions/post/{reply.pk}/change/",
    ):
        response = facilitator_client.get(url)
        assert response.status_code == 200, url
        assert b"code.jquery.com" not in response.content and b"jquery-ui" not in response.content


def test_edits_by_facilitators_keep_the_history(facilitator, reply):
    services.post_edit(post=reply, editor=facilitator, body="Moderated text")
    revision = reply.revisions.get()
    assert revision.body == "We link with the civil registry." and revision.editor == facilitator


def test_facilitators_read_the_earlier_versions_and_members_cannot(
    client, member, facilitator, reply
):
    services.post_edit(post=reply, editor=reply.author, body="Corrected <script>x</script>")
    url = f"/en/discussions/posts/{reply.pk}/history/"
    client.force_login(member)
    assert client.get(url).status_code == 403
    client.force_login(facilitator)
    html = client.get(url).content.decode()
    assert "We link with the civil registry." in html
    assert (
        f'href="{url}"'
        in client.get(f"/en/discussions/threads/{reply.thread_id}/").content.decode()
    )


def test_admin_show_action_skips_opening_posts_instead_of_failing(
    facilitator_client, admin_facilitator, thread, reply
):
    services.post_set_hidden(post=reply, by=admin_facilitator, hidden=True, reason="Spam")
    response = facilitator_client.post(
        "/en/admin/discussions/post/",
        {"action": "show_posts", "_selected_action": [thread.opening_post.pk, reply.pk]},
    )
    assert response.status_code == 302
    reply.refresh_from_db()
    assert not reply.is_hidden


def test_hide_and_resolve_leaves_flags_on_opening_posts_open(
    client, admin_facilitator, thread, reply, other_member, member
):
    on_opening = services.post_flag(post=thread.opening_post, reporter=other_member, reason="spam")
    on_reply = services.post_flag(post=reply, reporter=member, reason="spam")
    client.force_login(admin_facilitator)
    client.post(
        "/en/admin/discussions/flag/",
        {
            "action": "hide_and_resolve",
            "_selected_action": [on_opening.pk, on_reply.pk],
            "apply": "1",
            "reason": "Spam",
        },
    )
    on_opening.refresh_from_db()
    on_reply.refresh_from_db()
    assert on_reply.status == Flag.Status.RESOLVED
    assert on_opening.status == Flag.Status.OPEN  # nothing was hidden: still to decide


def test_earlier_translations_carry_their_own_language(client, facilitator, thread):
    opening = thread.opening_post  # English original
    services.post_translate(
        post=opening, by=facilitator, translation="نص أول", title_translation="عنوان أول"
    )
    services.post_translate(
        post=opening, by=facilitator, translation="نص ثان", title_translation="عنوان ثان"
    )
    client.force_login(facilitator)
    html = client.get(f"/en/discussions/posts/{opening.pk}/history/").content.decode()
    assert '<pre class="revision" lang="ar" dir="rtl">نص أول</pre>' in html
    assert '<p lang="ar" dir="rtl"><strong>عنوان أول</strong></p>' in html
