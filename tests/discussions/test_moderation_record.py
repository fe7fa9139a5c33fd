"""Moderation records who, when and why; counters never drift, and can be repaired."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from discussions import services
from discussions.models import ModerationAction, ModerationEvent, Post, Thread
from tests.concurrency import run_in_threads

pytestmark = pytest.mark.django_db


def thread_page(client, thread) -> str:
    response = client.get(f"/en/discussions/threads/{thread.pk}/")
    assert response.status_code == 200
    return response.content.decode()


# --- On the site ---------------------------------------------------------------------------------
def test_pin_lock_and_hide_record_who_when_and_why_and_facilitators_read_it(
    client, facilitator, member, thread
):
    client.force_login(facilitator)
    url = f"/en/discussions/threads/{thread.pk}/moderate/"
    with time_machine.travel("2026-03-02 09:30:00+00:00", tick=False):
        client.post(url, {"action": "pin"})
        client.post(url, {"action": "lock", "reason": "Answered; see the accepted reply"})
    events = list(ModerationEvent.objects.order_by("pk"))
    assert [(e.action, e.actor, e.post, e.reason) for e in events] == [
        (ModerationAction.PIN, facilitator, None, ""),
        (ModerationAction.LOCK, facilitator, None, "Answered; see the accepted reply"),
    ]
    assert events[0].created_at == datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    html = thread_page(client, thread)
    assert html.count('data-testid="moderation-note"') == 2
    assert "Locked by" in html and "Answered; see the accepted reply" in html
    client.force_login(member)
    html = thread_page(client, thread)
    assert 'data-testid="moderation-note"' not in html
    assert "Answered; see the accepted reply" not in html


def test_hiding_needs_a_reason_and_changes_nothing_without_one(client, facilitator, thread, reply):
    client.force_login(facilitator)
    for url in (
        f"/en/discussions/threads/{thread.pk}/moderate/",
        f"/en/discussions/posts/{reply.pk}/hide/",
    ):
        response = client.post(url, {"action": "hide", "reason": "   "}, follow=True)
        assert "Please say why; the other facilitators will read it." in response.content.decode()
    thread.refresh_from_db()
    reply.refresh_from_db()
    assert not thread.is_hidden and not reply.is_hidden
    assert not ModerationEvent.objects.exists()


def test_a_hidden_post_shows_facilitators_who_hid_it_and_why(client, facilitator, thread, reply):
    client.force_login(facilitator)
    client.post(
        f"/en/discussions/posts/{reply.pk}/hide/",
        {"action": "hide", "reason": "Shares a beneficiary's phone number"},
    )
    event = ModerationEvent.objects.get()
    assert (event.action, event.post, event.thread, event.actor) == (
        ModerationAction.HIDE,
        reply,
        thread,
        facilitator,
    )
    html = thread_page(client, thread)
    assert "Hidden by" in html and "Shares a beneficiary&#x27;s phone number" in html
    client.post(f"/en/discussions/posts/{reply.pk}/hide/", {"action": "unhide"})
    reply.refresh_from_db()
    assert not reply.is_hidden
    assert ModerationEvent.objects.latest("pk").action == ModerationAction.UNHIDE


def test_doing_twice_what_is_done_records_once(facilitator, thread):
    services.thread_moderate(thread=thread, by=facilitator, action="lock")
    assert services.thread_moderate(thread=thread, by=facilitator, action="lock") is None
    assert ModerationEvent.objects.count() == 1


def test_the_database_refuses_a_hide_without_reason(thread, facilitator):
    with pytest.raises(IntegrityError), transaction.atomic():
        ModerationEvent.objects.create(thread=thread, actor=facilitator, action="hide")


def test_an_unknown_action_is_a_bad_request(client, facilitator, thread, reply):
    client.force_login(facilitator)
    assert (
        client.post(f"/en/discussions/posts/{reply.pk}/hide/", {"action": "pin"}).status_code == 400
    )
    assert (
        client.post(f"/en/discussions/threads/{thread.pk}/moderate/", {"action": "x"}).status_code
        == 400
    )


# --- In admin ------------------------------------------------------------------------------------
def test_admin_actions_record_and_hiding_asks_why_first(client, facilitator, thread):
    client.force_login(facilitator)
    changelist = "/en/admin/discussions/thread/"
    client.post(changelist, {"action": "pin_threads", "_selected_action": [thread.pk]})
    first = client.post(changelist, {"action": "hide_threads", "_selected_action": [thread.pk]})
    assert first.status_code == 200 and 'name="reason"' in first.content.decode()
    thread.refresh_from_db()
    assert thread.is_pinned and not thread.is_hidden
    client.post(
        changelist,
        {
            "action": "hide_threads",
            "_selected_action": [thread.pk],
            "apply": "1",
            "reason": "Duplicate of an older thread",
        },
    )
    thread.refresh_from_db()
    assert thread.is_hidden
    assert list(ModerationEvent.objects.order_by("pk").values_list("action", "reason")) == [
        ("pin", ""),
        ("hide", "Duplicate of an older thread"),
    ]
    page = client.get(f"/en/admin/discussions/thread/{thread.pk}/change/").content.decode()
    assert "Duplicate of an older thread" in page


def test_the_thread_change_form_cannot_moderate_around_the_record(client, facilitator, thread):
    client.force_login(facilitator)
    html = client.get(f"/en/admin/discussions/thread/{thread.pk}/change/").content.decode()
    for name in ("is_pinned", "is_locked", "is_hidden"):
        assert f'name="{name}"' not in html


def test_admin_hides_posts_with_the_reason(client, facilitator, reply):
    client.force_login(facilitator)
    client.post(
        "/en/admin/discussions/post/",
        {"action": "hide_posts", "_selected_action": [reply.pk], "apply": "1", "reason": "Spam"},
    )
    reply.refresh_from_db()
    assert reply.is_hidden
    assert ModerationEvent.objects.get().reason == "Spam"
    assert client.get("/en/admin/discussions/moderationevent/").status_code == 200


# --- Counters ------------------------------------------------------------------------------------
def test_hiding_and_showing_keep_the_counters_true(facilitator, member, thread):
    replies = [
        services.post_reply(author=member, parent=thread.opening_post, body=f"Reply {n}")
        for n in range(3)
    ]
    services.post_set_hidden(post=replies[-1], by=facilitator, hidden=True, reason="Spam")
    thread.refresh_from_db()
    assert thread.reply_count == 2
    # The thread's last activity goes back to the last post members can see.
    assert thread.last_activity_at == Post.objects.get(pk=replies[1].pk).created_at
    services.post_set_hidden(post=replies[-1], by=facilitator, hidden=False)
    thread.refresh_from_db()
    assert thread.reply_count == 3


def test_the_repair_command_reports_and_fixes_drifted_counters(thread, reply, member):
    untouched = services.thread_create(
        author=member, topic=thread.topic, kind="discussion", title="Fine", body="Fine"
    )
    wrong_time = timezone.now() - timedelta(days=30)
    Thread.objects.filter(pk=thread.pk).update(reply_count=7, last_activity_at=wrong_time)
    out = StringIO()
    call_command("repair_thread_counters", "--dry-run", stdout=out)
    assert f"thread {thread.pk}" in out.getvalue() and "reply_count 7 -> 1" in out.getvalue()
    assert Thread.objects.get(pk=thread.pk).reply_count == 7  # a dry run fixes nothing
    out = StringIO()
    call_command("repair_thread_counters", stdout=out)
    report = out.getvalue()
    assert "reply_count 7 -> 1" in report and "last_activity_at" in report
    assert "2 counter(s) on 1 thread(s) fixed." in report
    assert f"thread {untouched.pk}" not in report
    thread.refresh_from_db()
    assert thread.reply_count == 1
    assert thread.last_activity_at == Post.objects.get(pk=reply.pk).created_at
    out = StringIO()
    call_command("repair_thread_counters", stdout=out)
    assert "0 counter(s) on 0 thread(s) fixed." in out.getvalue()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_replies_and_hides_on_postgresql_leave_no_drift(
    facilitator, member, other_member, topic
):
    """Several connections reply, hide and show at once; the counters stay true.

    Without the row locks two facilitators hiding the same reply at once both
    decrement the count, and a hide racing a reply loses one of the updates.
    """
    thread = services.thread_create(
        author=member, topic=topic, kind="discussion", title="Busy thread", body="Go"
    )
    targets = [
        services.post_reply(author=other_member, parent=thread.opening_post, body=f"Target {n}")
        for n in range(4)
    ]

    def work(index):
        for round_ in range(5):
            target = targets[round_ % len(targets)]
            if index % 2:
                services.post_set_hidden(
                    post=Post.objects.get(pk=target.pk),
                    by=facilitator,
                    hidden=round_ % 2 == 0,
                    reason="Concurrent moderation",
                )
            else:
                services.post_reply(
                    author=member, parent=thread.opening_post, body=f"{index}-{round_}"
                )

    run_in_threads(8, work, timeout=60)
    thread.refresh_from_db()
    visible_replies = Post.objects.filter(
        thread=thread, parent__isnull=False, is_hidden=False
    ).count()
    assert thread.reply_count == visible_replies
    assert services.thread_counters_repair(dry_run=True) == []
