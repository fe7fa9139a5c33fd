"""The re-driver finds emails whose task was lost; the claim, not the broker, decides who sends."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.utils import timezone

from cop import services
from cop.mail import send_templated_email
from cop.models import DeferredTask, OutboundEmail
from cop.services.email import _claim

from .brokers import broker_at, closed_port

Status = OutboundEmail.Status


def later(seconds):
    return time_machine.travel(timezone.now() + timedelta(seconds=seconds), tick=False)


@pytest.mark.django_db
def test_an_email_whose_task_was_lost_is_published_again_and_sent(backend, make_email, settings):
    settings.COP_EMAIL_REQUEUE_AFTER_SECONDS = 300
    email = make_email()  # committed, but its task never reached a worker

    assert services.emails_redrive() == 0, "a freshly queued email is left to its task"
    with later(301):
        assert services.emails_redrive() == 1

    email.refresh_from_db()
    assert email.status == Status.SENT
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_an_email_whose_worker_died_is_sent_once_its_lease_expired(backend, make_email, settings):
    settings.COP_EMAIL_LEASE_SECONDS = 600
    email = make_email()
    _claim([email.pk])  # a worker claimed it, then died

    with later(60):
        assert services.emails_redrive() == 0, "the lease still holds: its worker may live"
    assert mail.outbox == []
    with later(601):
        assert services.emails_redrive() == 1

    email.refresh_from_db()
    assert email.status == Status.SENT
    assert email.attempts == 2
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_worker_that_keeps_dying_on_an_email_ends_in_failed(backend, make_email, settings):
    settings.COP_EMAIL_MAX_ATTEMPTS = 2
    email = make_email(attempts=1)
    _claim([email.pk])

    with later(settings.COP_EMAIL_LEASE_SECONDS + 1):
        services.emails_redrive()

    email.refresh_from_db()
    assert email.status == Status.FAILED
    assert "worker" in email.last_error
    assert mail.outbox == []


@pytest.mark.django_db
def test_an_email_that_expired_while_waiting_is_failed_not_sent(backend, make_email):
    email = make_email(
        status=Status.RETRY,
        retry_after=timezone.now() + timedelta(minutes=5),
        not_after=timezone.now() + timedelta(minutes=2),
        sensitive=True,
    )

    with later(600):
        assert services.emails_redrive() == 0

    email.refresh_from_db()
    assert email.status == Status.FAILED
    assert "Expired" in email.last_error
    assert email.body_text == "", "a sensitive email that is done keeps nothing"
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_redriver_leaves_emails_being_sent_alone(backend, make_email):
    email = make_email()
    _claim([email.pk])  # a live worker is sending it right now

    with later(5):
        services.emails_redrive()

    email.refresh_from_db()
    assert email.status == Status.SENDING
    assert mail.outbox == []


@pytest.mark.django_db
def test_publishing_is_in_batches(backend, make_email, settings, monkeypatch):
    settings.COP_EMAIL_BATCH_SIZE = 2
    for n in range(5):
        make_email(f"person{n}@example.org")
    published = []
    monkeypatch.setattr(
        "cop.services.email_upkeep.publish",
        lambda name, args, defer: published.append(args[0]) or True,
    )

    with later(settings.COP_EMAIL_REQUEUE_AFTER_SECONDS + 1):
        assert services.emails_redrive() == 5

    assert [len(batch) for batch in published] == [2, 2, 1]


@pytest.mark.django_db
def test_with_the_broker_down_nothing_is_lost_and_no_deferred_task_is_needed(
    backend, make_email, settings
):
    email = make_email()
    with later(settings.COP_EMAIL_REQUEUE_AFTER_SECONDS + 1):
        with broker_at(f"redis://127.0.0.1:{closed_port()}/0"):
            assert services.emails_redrive() == 0
        assert DeferredTask.objects.count() == 0
        assert OutboundEmail.objects.get(pk=email.pk).status == Status.QUEUED
    with later(2 * settings.COP_EMAIL_REQUEUE_AFTER_SECONDS + 2):
        assert services.emails_redrive() == 1
    assert len(mail.outbox) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_redrivers_at_once_send_every_email_exactly_once(backend, make_email, settings):
    emails = [make_email(f"person{n}@example.org") for n in range(40)]
    settings.COP_EMAIL_BATCH_SIZE = 5
    start = threading.Barrier(2)
    errors = []

    def redrive():
        try:
            start.wait()
            services.emails_redrive()
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    with later(settings.COP_EMAIL_REQUEUE_AFTER_SECONDS + 1):
        threads = [threading.Thread(target=redrive) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        # And once more, after both: nothing is left to send.
        services.emails_redrive()

    assert errors == []
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted(email.to for email in emails)
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {Status.SENT}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_given_the_same_ids_send_each_email_once(backend, make_email):
    emails = [make_email(f"person{n}@example.org") for n in range(30)]
    ids = [email.pk for email in emails]
    start = threading.Barrier(3)

    def worker():
        try:
            start.wait()
            services.emails_send(ids=ids)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(message.to[0] for message in mail.outbox) == sorted(e.to for e in emails)


@pytest.mark.django_db
def test_sent_and_failed_emails_are_pruned_after_the_retention_period(make_email, settings):
    settings.COP_EMAIL_RETENTION_DAYS = 30
    now = timezone.now()
    old_sent = make_email("old@example.org", status=Status.SENT, sent_at=now - timedelta(days=31))
    recent = make_email("recent@example.org", status=Status.SENT, sent_at=now - timedelta(days=2))
    waiting = make_email("waiting@example.org")
    with time_machine.travel(now - timedelta(days=40)):
        old_failed = make_email("failed@example.org", status=Status.FAILED)

    assert services.emails_prune() == 2

    remaining = set(OutboundEmail.objects.values_list("pk", flat=True))
    assert remaining == {recent.pk, waiting.pk}
    assert old_sent.pk not in remaining and old_failed.pk not in remaining


@pytest.mark.django_db
def test_the_beat_schedule_runs_the_redriver_every_minute_and_the_pruning(settings):
    jobs = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert jobs["cop.redrive_emails"] == 60.0
    assert "cop.prune_emails" in jobs


@pytest.mark.django_db
def test_queuing_during_an_outage_stores_the_row_only(
    member, settings, mailoutbox, django_capture_on_commit_callbacks
):
    """The row is the record: no DeferredTask for emails, and the re-driver sends it."""
    with broker_at(f"redis://127.0.0.1:{closed_port()}/0"):
        with django_capture_on_commit_callbacks(execute=True) as published:
            email = send_templated_email(template="email/test_message", user=member)
        assert len(published) == 1, "publishing was tried after commit"
        assert DeferredTask.objects.count() == 0
    assert OutboundEmail.objects.get(pk=email.pk).status == Status.QUEUED
    with later(settings.COP_EMAIL_REQUEUE_AFTER_SECONDS + 1):
        services.emails_redrive()
    assert [message.to for message in mailoutbox] == [[member.email]]
