"""Sending: one connection per batch, each failure classified, each outcome committed at once."""

import smtplib
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from cop import services
from cop.models import OutboundEmail

Status = OutboundEmail.Status


def refused(address, code):
    return smtplib.SMTPRecipientsRefused({address: (code, b"5.1.1 mailbox unavailable")})


def statuses(*emails):
    return [OutboundEmail.objects.get(pk=email.pk).status for email in emails]


@pytest.mark.django_db
def test_a_batch_goes_out_over_one_connection_and_each_row_is_marked_sent(backend, make_email):
    emails = [make_email(f"person{n}@example.org") for n in range(5)]

    sent = services.emails_send(ids=[email.pk for email in emails])

    assert sent == 5
    assert backend.connections_opened == 1
    assert [message.to for message in mail.outbox] == [[email.to] for email in emails]
    assert statuses(*emails) == [Status.SENT] * 5
    row = OutboundEmail.objects.get(pk=emails[0].pk)
    assert row.attempts == 1
    assert row.sent_at is not None
    assert row.inflight_since is None


@pytest.mark.django_db
def test_sending_the_same_ids_again_sends_nothing_twice(backend, make_email):
    email = make_email()
    assert services.emails_send(ids=[email.pk]) == 1
    assert services.emails_send(ids=[email.pk]) == 0
    assert len(mail.outbox) == 1
    assert backend.connections_opened == 1, "no connection is opened for nothing to send"


@pytest.mark.django_db
def test_a_permanent_refusal_fails_at_once_with_the_reason_and_the_others_go_out(
    backend, make_email
):
    good, bad, other = (make_email(f"{name}@example.org") for name in ("good", "bad", "other"))
    backend.script[bad.to] = [refused(bad.to, 550)]

    services.emails_send(ids=[good.pk, bad.pk, other.pk])

    assert statuses(good, bad, other) == [Status.SENT, Status.FAILED, Status.SENT]
    bad.refresh_from_db()
    assert bad.attempts == 1, "a 5xx is not retried"
    assert bad.retry_after is None
    assert "550" in bad.last_error
    assert "mailbox unavailable" in bad.last_error
    assert backend.connections_opened == 1, "a refused recipient does not cost the connection"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "error",
    [
        smtplib.SMTPDataError(554, b"5.7.1 message rejected as spam"),
        smtplib.SMTPSenderRefused(553, b"5.7.1 sender not allowed", "noreply@localhost"),
        smtplib.SMTPNotSupportedError("SMTPUTF8 not supported by server"),
    ],
    ids=["data-5xx", "sender-5xx", "not-supported"],
)
def test_other_permanent_answers_fail_at_once(backend, make_email, error):
    email = make_email()
    backend.script[email.to] = [error]

    services.emails_send(ids=[email.pk])

    email.refresh_from_db()
    assert email.status == Status.FAILED
    assert email.last_error


@pytest.mark.django_db
def test_a_4xx_answer_is_retried_later_then_sent(backend, make_email, settings):
    settings.COP_EMAIL_RETRY_BASE_SECONDS = 60
    email = make_email()
    backend.script[email.to] = [smtplib.SMTPDataError(451, b"4.3.0 try again later")]

    services.emails_send(ids=[email.pk])

    email.refresh_from_db()
    assert email.status == Status.RETRY
    assert "451" in email.last_error
    wait = email.retry_after - timezone.now()
    assert timedelta(seconds=25) < wait <= timedelta(seconds=60), "backoff with jitter"
    assert mail.outbox == []

    # Nothing is due yet: the re-driver leaves it waiting.
    assert services.emails_redrive() == 0
    with time_machine.travel(email.retry_after + timedelta(seconds=1)):
        assert services.emails_redrive() == 1  # eager in tests: published and sent

    email.refresh_from_db()
    assert email.status == Status.SENT
    assert email.attempts == 2
    assert email.last_error == ""
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_refusal_with_4xx_for_the_recipient_is_temporary(backend, make_email):
    email = make_email()
    backend.script[email.to] = [refused(email.to, 452)]
    services.emails_send(ids=[email.pk])
    assert statuses(email) == [Status.RETRY]


@pytest.mark.django_db
def test_backoff_grows_and_gives_up_after_the_maximum_attempts(backend, make_email, settings):
    settings.COP_EMAIL_MAX_ATTEMPTS = 3
    settings.COP_EMAIL_RETRY_BASE_SECONDS = 60
    email = make_email()
    backend.script[email.to] = [smtplib.SMTPDataError(421, b"busy")] * 3
    waits = []
    now = timezone.now()
    for _attempt in range(3):
        with time_machine.travel(now, tick=False):
            services.emails_redrive(now=now)
            services.emails_send(ids=[email.pk])
        email.refresh_from_db()
        if email.status == Status.RETRY:
            waits.append(email.retry_after - now)
            now = email.retry_after + timedelta(seconds=1)

    assert email.status == Status.FAILED
    assert email.attempts == 3
    assert "Gave up after 3 attempts" in email.last_error
    assert len(waits) == 2
    assert timedelta(seconds=30) <= waits[0] <= timedelta(seconds=60)
    assert timedelta(seconds=60) <= waits[1] <= timedelta(seconds=120)


@pytest.mark.django_db
def test_a_disconnect_mid_batch_retries_that_email_and_reconnects_for_the_rest(backend, make_email):
    emails = [make_email(f"person{n}@example.org") for n in range(5)]
    backend.script[emails[2].to] = [
        smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
    ]

    sent = services.emails_send(ids=[email.pk for email in emails])

    assert sent == 4
    assert statuses(*emails) == [Status.SENT, Status.SENT, Status.RETRY, Status.SENT, Status.SENT]
    assert "closed the connection" in OutboundEmail.objects.get(pk=emails[2].pk).last_error
    assert backend.connections_opened == 2


@pytest.mark.django_db
def test_a_timeout_is_temporary(backend, make_email):
    first, second = make_email("first@example.org"), make_email("second@example.org")
    backend.script[first.to] = [TimeoutError("timed out")]

    services.emails_send(ids=[first.pk, second.pk])

    assert statuses(first, second) == [Status.RETRY, Status.SENT]
    assert "timed out" in OutboundEmail.objects.get(pk=first.pk).last_error


@pytest.mark.django_db
def test_when_the_server_cannot_be_reached_the_whole_batch_waits_for_a_retry(backend, make_email):
    emails = [make_email(f"person{n}@example.org") for n in range(3)]
    backend.open_failures = [ConnectionRefusedError(111, "Connection refused")]

    assert services.emails_send(ids=[email.pk for email in emails]) == 0

    assert statuses(*emails) == [Status.RETRY] * 3
    row = OutboundEmail.objects.get(pk=emails[0].pk)
    assert "Connection refused" in row.last_error
    assert row.attempts == 1


@pytest.mark.django_db
def test_a_server_that_keeps_dropping_the_connection_leaves_the_rest_for_later(backend, make_email):
    emails = [make_email(f"person{n}@example.org") for n in range(5)]
    for email in emails[:3]:
        backend.script[email.to] = [smtplib.SMTPServerDisconnected("gone")]

    services.emails_send(ids=[email.pk for email in emails])

    # Two reconnections per batch, then the remaining emails wait for a retry.
    assert statuses(*emails) == [Status.RETRY] * 5
    assert mail.outbox == []


@pytest.mark.django_db
def test_an_email_past_its_expiry_is_marked_failed_instead_of_sent_stale(backend, make_email):
    late = make_email("late@example.org", not_after=timezone.now() - timedelta(minutes=1))
    timely = make_email("timely@example.org", not_after=timezone.now() + timedelta(hours=1))

    services.emails_send(ids=[late.pk, timely.pk])

    assert statuses(late, timely) == [Status.FAILED, Status.SENT]
    assert "Expired" in OutboundEmail.objects.get(pk=late.pk).last_error
    assert [message.to for message in mail.outbox] == [[timely.to]]


@pytest.mark.django_db
def test_a_sensitive_email_keeps_no_content_once_sent(backend, make_email):
    email = make_email(
        sensitive=True,
        body_text="Reset: https://example.org/reset/key/SECRET/",
        headers={"X-Test": "1"},
    )

    services.emails_send(ids=[email.pk])

    [message] = mail.outbox
    assert "SECRET" in message.body, "the member still gets the link"
    email.refresh_from_db()
    assert email.status == Status.SENT
    assert (email.body_text, email.body_html, email.headers, email.attachments) == ("", "", {}, [])


@pytest.mark.django_db
def test_a_sensitive_email_keeps_no_content_once_it_failed(backend, make_email):
    email = make_email(sensitive=True, body_text="Reset: https://example.org/reset/key/SECRET/")
    backend.script[email.to] = [refused(email.to, 550)]

    services.emails_send(ids=[email.pk])

    email.refresh_from_db()
    assert email.status == Status.FAILED
    assert "SECRET" not in email.body_text + email.body_html


@pytest.mark.django_db
def test_the_database_refuses_a_sensitive_email_marked_done_with_its_content(make_email):
    from django.db import IntegrityError, transaction

    email = make_email(sensitive=True, body_text="secret")
    with pytest.raises(IntegrityError), transaction.atomic():
        OutboundEmail.objects.filter(pk=email.pk).update(status=Status.SENT)


@pytest.mark.django_db(transaction=True)
def test_smtp_runs_outside_any_transaction_and_failures_are_committed(backend, make_email):
    """The bookkeeping of a failure is visible to others at once (admin, the re-driver)."""
    ok, failing = make_email("ok@example.org"), make_email("failing@example.org")
    backend.script[failing.to] = [smtplib.SMTPDataError(451, b"later")]

    services.emails_send(ids=[ok.pk, failing.pk])

    assert backend.sent_inside_transaction == [False, False]
    failing = OutboundEmail.objects.get(pk=failing.pk)
    assert (failing.status, failing.attempts) == (Status.RETRY, 1)
    assert "451" in failing.last_error


@pytest.mark.django_db(transaction=True)
def test_each_email_is_marked_sent_as_soon_as_the_server_accepted_it(backend, make_email):
    """A crash later in the batch cannot make an accepted email go out again."""
    emails = [make_email(f"person{n}@example.org") for n in range(3)]
    backend.script[emails[2].to] = [KeyboardInterrupt()]  # the process dies here

    with pytest.raises(KeyboardInterrupt):
        services.emails_send(ids=[email.pk for email in emails])

    assert statuses(*emails) == [Status.SENT, Status.SENT, Status.SENDING]


@pytest.mark.django_db
def test_a_message_that_cannot_be_built_fails_without_stopping_the_batch(backend, make_email):
    broken = make_email("broken@example.org", headers={"X-Bad": "line\nbreak"})
    fine = make_email("fine@example.org")

    services.emails_send(ids=[broken.pk, fine.pk])

    assert statuses(broken, fine) == [Status.FAILED, Status.SENT]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_outcomes_skip_the_disk_wait_during_a_batch_and_the_connection_is_restored_after(
    backend, make_email, settings
):
    from django.db import connection

    def synchronous_commit():
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            return cursor.fetchone()[0]

    seen = []
    backend.observe = lambda message: seen.append(synchronous_commit())
    emails = [make_email(f"person{n}@example.org") for n in range(2)]

    services.emails_send(ids=[email.pk for email in emails])

    assert seen == ["off", "off"]
    assert synchronous_commit() == "on", "the worker's connection is left as it was"
    settings.COP_EMAIL_ASYNC_COMMIT = False
    seen.clear()
    services.emails_send(ids=[make_email("third@example.org").pk])
    assert seen == ["on"]
