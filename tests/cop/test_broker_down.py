"""A request that queues work while the broker is away still succeeds, and the work is kept."""

import time

import pytest

from cop.models import DeferredTask, OutboundEmail
from cop.services import deferred_tasks_republish

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
    deferred = DeferredTask.objects.get()
    assert deferred.task_name == "cop.send_email"
    assert deferred.args == [email.pk]
    assert "Connection refused" in deferred.error


@pytest.mark.django_db(transaction=True)
def test_request_succeeds_promptly_when_broker_never_answers(client, member):
    with silent_server() as port, broker_at(f"redis://127.0.0.1:{port}/0"):
        response, elapsed = request_password_reset(client, member.email)

    assert response.status_code == 302
    assert elapsed < 6, f"the request hung for {elapsed:.1f}s on a silent broker"
    assert DeferredTask.objects.filter(task_name="cop.send_email").count() == 1


@pytest.mark.django_db(transaction=True)
def test_second_task_during_outage_does_not_wait_for_the_broker_again(client, member, focal_point):
    with silent_server() as port, broker_at(f"redis://127.0.0.1:{port}/0"):
        request_password_reset(client, member.email)
        _, second = request_password_reset(client, focal_point.email)

    assert second < 1, "after one failure the broker is not tried again for a while"
    assert DeferredTask.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_deferred_work_is_done_once_the_broker_is_back(client, member, mailoutbox):
    with broker_at(f"redis://127.0.0.1:{closed_port()}/0"):
        request_password_reset(client, member.email)
        # Still down: the scanner keeps the row for later.
        assert deferred_tasks_republish() == 0
    assert mailoutbox == []

    # Back (here the in-process eager broker stands in for it; the worker test
    # does the same against a real Redis and a real worker).
    assert deferred_tasks_republish() == 1
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [member.email]
    assert DeferredTask.objects.get().published_at is not None
    assert OutboundEmail.objects.get().status == OutboundEmail.Status.SENT
    # Running the scanner again publishes nothing twice.
    assert deferred_tasks_republish() == 0
    assert len(mailoutbox) == 1
