"""Notification emails: who receives them and in which language."""

import pytest
from django.utils import translation

from discussions import services
from members.models import MembershipStatus, NotificationMode
from tests.factories import FacilitatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_topic_is_named_in_the_recipients_language_whatever_language_runs_the_job(
    member, topic, other_member, mailoutbox, django_capture_on_commit_callbacks
):
    other_member.notification_mode = NotificationMode.IMMEDIATE
    other_member.preferred_language = "en"
    other_member.save()
    services.topic_set_followed(member=other_member, topic=topic, follow=True)
    # The author writes from the Arabic interface; the job runs in that request.
    with translation.override("ar"), django_capture_on_commit_callbacks(execute=True):
        services.thread_create(
            author=member, topic=topic, kind="discussion", title="Registries", body="Hi"
        )
    (email,) = mailoutbox
    html = email.alternatives[0][0]
    assert "started a thread in Social registries:" in email.body
    assert "السجلات الاجتماعية" not in email.body + html
    assert 'lang="en" dir="ltr"' in html  # the title and excerpt carry their language


def test_facilitators_who_follow_a_thread_are_notified_whatever_their_membership_status(
    thread, other_member, mailoutbox, django_capture_on_commit_callbacks
):
    # Staff made facilitators in admin keep the status they had; they still read everything.
    facilitator = FacilitatorFactory(
        status=MembershipStatus.APPLICANT,
        notification_mode=NotificationMode.IMMEDIATE,
    )
    services.thread_set_followed(member=facilitator, thread=thread, follow=True)
    applicant = UserFactory(
        status=MembershipStatus.APPLICANT, notification_mode=NotificationMode.IMMEDIATE
    )
    services.follow_thread(applicant, thread)  # however it came to follow, it is not told
    with django_capture_on_commit_callbacks(execute=True):
        services.post_reply(author=other_member, parent=thread.opening_post, body="Hello")
    recipients = sorted(address for email in mailoutbox for address in email.to)
    assert facilitator.email in recipients
    assert applicant.email not in recipients


def test_the_email_excerpt_reads_as_typed_and_stays_inert(
    thread, other_member, mailoutbox, django_capture_on_commit_callbacks
):
    follower = thread.author
    follower.notification_mode = NotificationMode.IMMEDIATE
    follower.preferred_language = "en"
    follower.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_reply(
            author=other_member,
            parent=thread.opening_post,
            body="R&D > 5% `<img src=x onerror=alert(1)>`",
        )
    (email,) = mailoutbox
    html = email.alternatives[0][0]
    assert "R&D > 5% <img src=x onerror=alert(1)>" in email.body  # plain text, as typed
    assert "R&amp;D &gt; 5% &lt;img src=x onerror=alert(1)&gt;" in html
    assert "<img" not in html and "&amp;amp;" not in html


def test_the_notify_job_retries_when_the_database_drops_the_connection(monkeypatch):
    from django.db import OperationalError

    from discussions import tasks

    calls = []

    def flaky(*, post_id):
        calls.append(post_id)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return 1

    monkeypatch.setattr(tasks.services, "post_notify_followers", flaky)
    assert tasks.notify_followers.apply(args=[42]).get() == 1
    assert calls == [42, 42]
