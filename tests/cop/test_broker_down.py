"""A request that queues work while the broker is away still succeeds, and the work is kept."""

import time
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from cop import tasks
from cop.models import DeferredTask, OutboundEmail
from cop.queue import enqueue
from cop.services import deferred_tasks_republish, emails_redrive

from .brokers import broker_at, closed_port, silent_server

RESET_URL = "/en/accounts/password/reset/"


def request_password_reset(client, email):
    started = time.monotonic()
    response = client.post(RESET_URL, {"email": email})
    return response, time.monotonic() - started


@pytest.mark.django_db(transaction=True)
def test_request_succeeds_promptly_when_broker_port_is_closed(client, member):
    with broker_at(f"redis://127.0.0.1:{closed_port()}/0"):
        response, elapsed = request_password_reset(client, member.email)

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/password/reset/done/"
    assert elapsed < 5, f"the request hung for {elapsed:.1f}s on a closed broker port"
    email = OutboundEmail.objects.get(to=member.email)
    assert email.status == OutboundEmail.Status.QUEUED
    # The row is the record; the re-driver publishes it later. Nothing else is kept.
    assert DeferredTask.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_request_succeeds_promptly_when_broker_never_answers(client, member):
    with silent_server() as port, broker_at(f"redis://127.0.0.1:{port}/0"):
        response, elapsed = request_password_reset(client, member.email)

    assert response.status_code == 302
    assert elapsed < 6, f"the request hung for {elapsed:.1f}s on a silent broker"
    assert OutboundEmail.objects.get().status == OutboundEmail.Status.QUEUED


@pytest.mark.django_db(transaction=True)
def test_second_task_during_outage_does_not_wait_for_the_broker_again(client, member, focal_point):
    with silent_server() as port, broker_at(f"redis://127.0.0.1:{port}/0"):
        request_password_reset(client, member.email)
        _, second = request_password_reset(client, focal_point.email)

    assert second < 1, "after one failure the broker is not tried again for a while"
    assert OutboundEmail.objects.filter(status=OutboundEmail.Status.QUEUED).count() == 2


@pytest.mark.django_db(transaction=True)
def test_emails_queued_during_an_outage_are_sent_once_the_broker_is_back(
    client, member, mailoutbox, settings
):
    with broker_at(f"redis://127.0.0.1:{closed_port()}/0"):
        request_password_reset(client, member.email)
        with time_machine.travel(timezone.now() + timedelta(minutes=10)):
            # Still down: the re-driver keeps the row for later.
            assert emails_redrive() == 0
    assert mailoutbox == []

    # Back (here the in-process eager broker stands in for it; the worker test
    # does the same against a real Redis and a real worker).
    with time_machine.travel(timezone.now() + timedelta(minutes=20)):
        assert emails_redrive() == 1
    assert [message.to for message in mailoutbox] == [[member.email]]
    assert OutboundEmail.objects.get().status == OutboundEmail.Status.SENT
    # Running it again publishes nothing twice.
    with time_machine.travel(timezone.now() + timedelta(minutes=30)):
        assert emails_redrive() == 0
    assert len(mailoutbox) == 1


@pytest.mark.django_db(transaction=True)
def test_other_tasks_are_kept_as_deferred_tasks_and_published_when_it_is_back(db):
    with broker_at(f"redis://127.0.0.1:{closed_port()}/0"):
        enqueue(tasks.prune_emails)  # autocommit: published at once, and refused
        assert deferred_tasks_republish() == 0
    deferred = DeferredTask.objects.get()
    assert deferred.task_name == "cop.prune_emails"
    assert "Connection refused" in deferred.error

    assert deferred_tasks_republish() == 1
    assert DeferredTask.objects.get().published_at is not None
    assert deferred_tasks_republish() == 0
