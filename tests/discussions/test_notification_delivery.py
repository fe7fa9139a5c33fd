"""Immediate notifications never stay pending: not under concurrent posting, not when
their task is lost."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from cop.models import OutboundEmail
from discussions import services, tasks
from discussions.models import Notification
from members.models import NotificationMode, User
from tests.concurrency import run_in_threads
from tests.factories import UserFactory

NEW_POST = "discussions/email/new_post"


def immediate(user):
    user.notification_mode = NotificationMode.IMMEDIATE
    user.save(update_fields=["notification_mode"])
    return user


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_replies_posted_at_once_send_every_immediate_notification(
    member, topic, country, mailoutbox
):
    thread = services.thread_create(
        author=member, topic=topic, kind="question", title="Who pays the agents?", body="?"
    )
    followers = [immediate(UserFactory(country=country)) for _ in range(5)]
    for follower in followers:
        services.follow_thread(follower, thread)
    authors = [immediate(UserFactory(country=country)) for _ in range(20)]

    def reply(index):
        # The notify task runs (eagerly) right after each reply's transaction commits.
        services.post_reply(
            author=User.objects.get(pk=authors[index].pk),
            parent=thread.opening_post,
            body=f"Answer {index}",
        )

    run_in_threads(20, reply)
    statuses = list(Notification.objects.values_list("status", flat=True))
    assert len(statuses) >= 20 * len(followers)
    assert Notification.Status.PENDING not in statuses
    sent = statuses.count(Notification.Status.SENT)
    assert OutboundEmail.objects.filter(kind=NEW_POST).count() == sent


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_notification_is_sent_while_its_recipients_row_is_being_written(
    member, other_member, thread
):
    """The recipient's own request (last active, a profile save) holds their row meanwhile.

    Locking the member's row along with the notification made the send skip it,
    and nothing ever picked it up again.
    """
    follower = immediate(other_member)
    services.follow_thread(follower, thread)
    holding, release = threading.Event(), threading.Event()

    def recipient_request():
        try:
            with transaction.atomic():
                User.objects.filter(pk=follower.pk).update(last_active=timezone.now())
                holding.set()
                release.wait(timeout=20)
        finally:
            connection.close()

    other = threading.Thread(target=recipient_request)
    other.start()
    try:
        assert holding.wait(timeout=20)
        post = services.post_reply(author=member, parent=thread.opening_post, body="Update")
        notification = Notification.objects.get(post=post, member=follower)
        assert notification.status == Notification.Status.SENT
    finally:
        release.set()
        other.join(timeout=20)


@pytest.mark.django_db
def test_notifications_whose_task_was_lost_are_sent_by_the_periodic_job(
    member, other_member, thread, django_capture_on_commit_callbacks, mailoutbox
):
    follower = immediate(other_member)
    services.follow_thread(follower, thread)
    # The reply commits, but its task never reaches a worker (killed process, Redis restart).
    with django_capture_on_commit_callbacks(execute=False):
        post = services.post_reply(author=member, parent=thread.opening_post, body="Lost?")
    notification = Notification.objects.get(post=post)
    assert notification.status == Notification.Status.PENDING
    # A task still on its way is given time first.
    assert tasks.redrive_notifications.apply().get() == 0
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        with django_capture_on_commit_callbacks(execute=True):
            assert tasks.redrive_notifications.apply().get() == 1
        # Once sent, running the job again (or the lost task turning up) sends nothing more.
        assert tasks.redrive_notifications.apply().get() == 0
        assert services.post_notify_followers(post_id=post.pk) == 0
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert [message.to for message in mailoutbox] == [[follower.email]]


@pytest.mark.django_db
def test_a_post_hidden_before_its_notifications_went_out_is_never_sent(
    member, other_member, facilitator, thread, django_capture_on_commit_callbacks, mailoutbox
):
    services.follow_thread(immediate(other_member), thread)
    with django_capture_on_commit_callbacks(execute=False):
        post = services.post_reply(author=member, parent=thread.opening_post, body="Spam")
    services.post_set_hidden(post=post, by=facilitator, hidden=True, reason="Spam")
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert services.notifications_redrive() == 0
    assert Notification.objects.get(post=post).status == Notification.Status.SKIPPED
    assert mailoutbox == []


@pytest.mark.django_db
def test_a_late_send_skips_whoever_unsubscribed_or_was_suspended_meanwhile(
    member, other_member, thread, country, django_capture_on_commit_callbacks, mailoutbox
):
    suspended = immediate(UserFactory(country=country))
    for follower in (immediate(other_member), suspended):
        services.follow_thread(follower, thread)
    with django_capture_on_commit_callbacks(execute=False):
        post = services.post_reply(author=member, parent=thread.opening_post, body="Later")
    User.objects.filter(pk=other_member.pk).update(notification_mode=NotificationMode.NONE)
    User.objects.filter(pk=suspended.pk).update(status="suspended")
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert services.notifications_redrive() == 0
    assert set(Notification.objects.filter(post=post).values_list("status", flat=True)) == {
        Notification.Status.SKIPPED
    }
    assert mailoutbox == []


def test_beat_runs_the_redrive_job():
    entries = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "discussions.redrive_notifications" in entries
