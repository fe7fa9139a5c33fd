"""Delivering outgoing emails: the state machine of `OutboundEmail` rows.

    queued --claimed by a worker--> sending --the server accepted it--> sent
                                       |--5xx, broken message, expired--> failed
                                       |--4xx, disconnect, timeout------> retry (retry_after)
    retry whose time has come, sending whose lease ran out, queued whose task
    was lost --re-driver (beat)--> queued again and published

- Claiming is one short transaction that locks only email rows (SELECT ... FOR
  UPDATE SKIP LOCKED, then UPDATE): a redelivered task, a republished id or a
  second worker can never claim a row twice. The claim decides, not the broker.
- SMTP never runs inside a database transaction. Each outcome is written in
  autocommit as soon as the server answered, so a crash resends at most the
  one message in flight, and every failure is visible in admin at once.
- A batch shares one SMTP connection. A message refused for its own reasons
  does not stop the others; a lost connection is opened again for the rest.
- Long waits are rows with a due time (`retry_after`), never task countdowns.
"""

import base64
import contextlib
import logging
import random
import smtplib
from dataclasses import dataclass
from datetime import timedelta
from email.utils import parseaddr

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from ..models import OutboundEmail
from ..queue import enqueue_redriven, publish

logger = logging.getLogger(__name__)

Status = OutboundEmail.Status
# What a sensitive email keeps once it is done: nothing of its content.
WIPED = {"body_text": "", "body_html": "", "headers": {}, "attachments": []}
# Per batch: a server that keeps dropping the connection gets the rest later.
MAX_RECONNECTS = 2
# Rows the re-driver moves per run and state (a run is every minute).
REDRIVE_LIMIT = 20_000
ERROR_MAX_LENGTH = 2000


# --- Classifying failures ----------------------------------------------------------------
@dataclass(frozen=True)
class Verdict:
    """What a failure means for the email, and for the connection it happened on."""

    permanent: bool
    connection_lost: bool
    reason: str


def classify_failure(exc: BaseException) -> Verdict:
    """5xx answers are permanent; 4xx, disconnects, timeouts and refused connections are not."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        answers = exc.recipients.values()
        detail = "; ".join(
            f"{address}: {code} {_text(message)}"
            for address, (code, message) in exc.recipients.items()
        )
        permanent = bool(answers) and all(500 <= code < 600 for code, _ in answers)
        return Verdict(permanent, False, f"Recipient refused: {detail}")
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return Verdict(False, True, f"The mail server closed the connection: {exc}")
    if isinstance(exc, smtplib.SMTPResponseException):
        # SMTPDataError, SMTPSenderRefused...: 421 means the server is closing the channel.
        code = exc.smtp_code
        reason = f"The mail server answered {code} {_text(exc.smtp_error)}"
        return Verdict(500 <= code < 600, code == 421, reason)
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        # e.g. an address that needs SMTPUTF8 on a server without it: retrying cannot help.
        return Verdict(True, False, f"Not supported by the mail server: {exc}")
    if isinstance(exc, smtplib.SMTPException | OSError):
        # Timeouts, refused or reset connections, TLS errors: the server may be back later.
        return Verdict(False, True, f"{exc.__class__.__name__}: {exc}")
    # Anything else is a fault of this message (a header that cannot be encoded...).
    return Verdict(True, True, f"The message could not be sent: {exc.__class__.__name__}: {exc}")


def _text(message) -> str:
    return message.decode("utf-8", "replace") if isinstance(message, bytes) else str(message)


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff with jitter: about base × 2^(attempts-1), at most the cap."""
    ceiling = min(
        settings.COP_EMAIL_RETRY_MAX_SECONDS,
        settings.COP_EMAIL_RETRY_BASE_SECONDS * 2 ** max(0, attempts - 1),
    )
    # "Equal jitter": emails that failed together do not all come back together.
    return timedelta(seconds=ceiling / 2 + random.uniform(0, ceiling / 2))  # noqa: S311


# --- State transitions (each one statement, in autocommit) -------------------------------
def _claim(ids) -> list[OutboundEmail]:
    """Move the queued rows among `ids` to `sending` under a new lease; return them."""
    now = timezone.now()
    with transaction.atomic():
        claimable = list(
            OutboundEmail.objects.select_for_update(skip_locked=True)
            .filter(pk__in=ids, status=Status.QUEUED)
            .values_list("pk", flat=True)
        )
        if not claimable:
            return []
        OutboundEmail.objects.filter(pk__in=claimable, status=Status.QUEUED).update(
            status=Status.SENDING, inflight_since=now, attempts=F("attempts") + 1, updated_at=now
        )
    # The lease time identifies this claim (SQLite, without row locks, included).
    return list(
        OutboundEmail.objects.filter(
            pk__in=claimable, status=Status.SENDING, inflight_since=now
        ).order_by("pk")
    )


def _finish(email: OutboundEmail, **fields) -> bool:
    """Write an outcome for a row this worker still holds; False if the lease was lost.

    One UPDATE per email, on the hot path of every batch: written as SQL
    prepared from the model's fields (the ORM's query building costs more than
    the statement itself), with each value converted by its field.
    """
    if fields.get("status") in (Status.SENT, Status.FAILED) and email.sensitive:
        fields |= WIPED
    fields |= {"inflight_since": None, "updated_at": timezone.now()}
    meta, quote = OutboundEmail._meta, db_connection.ops.quote_name
    assignments, params = [], []
    for name, value in fields.items():
        field = meta.get_field(name)
        assignments.append(f"{quote(field.column)} = %s")
        params.append(field.get_db_prep_save(value, connection=db_connection))
    lease = meta.get_field("inflight_since")
    # Identifiers come from the model and are quoted; every value is a parameter.
    sql = (
        f"UPDATE {quote(meta.db_table)} SET {', '.join(assignments)} "  # noqa: S608
        f"WHERE {quote(meta.pk.column)} = %s AND {quote('status')} = %s "
        f"AND {quote(lease.column)} = %s"
    )
    params += [
        email.pk,
        Status.SENDING,
        lease.get_db_prep_value(email.inflight_since, db_connection),
    ]
    with db_connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount == 1


def _mark_sent(email: OutboundEmail) -> None:
    _finish(email, status=Status.SENT, sent_at=timezone.now(), retry_after=None, last_error="")


def _mark_failed(email: OutboundEmail, reason: str) -> None:
    logger.warning("Email %s to %s failed: %s", email.pk, email.to, reason)
    _finish(email, status=Status.FAILED, retry_after=None, last_error=reason[:ERROR_MAX_LENGTH])


def _mark_retry(email: OutboundEmail, reason: str) -> None:
    if email.attempts >= settings.COP_EMAIL_MAX_ATTEMPTS:
        _mark_failed(email, f"Gave up after {email.attempts} attempts. {reason}")
        return
    logger.info("Email %s to %s will be retried: %s", email.pk, email.to, reason)
    _finish(
        email,
        status=Status.RETRY,
        retry_after=timezone.now() + retry_delay(email.attempts),
        last_error=reason[:ERROR_MAX_LENGTH],
    )


def _release(email: OutboundEmail) -> None:
    """Give back a claimed row that was never tried (its attempt does not count)."""
    OutboundEmail.objects.filter(
        pk=email.pk, status=Status.SENDING, inflight_since=email.inflight_since
    ).update(
        status=Status.QUEUED,
        queued_at=timezone.now(),
        inflight_since=None,
        attempts=F("attempts") - 1,
        updated_at=timezone.now(),
    )


# --- Sending -------------------------------------------------------------------------------
def emails_send(*, ids: list[int]) -> int:
    """Claim the queued emails among `ids` and send them over one SMTP connection.

    Returns how many the server accepted. Safe to run twice, concurrently, or
    with ids that were sent long ago: only rows this call claimed are sent.
    """
    claimed = _claim(ids)
    if not claimed:
        return 0
    with _outcomes_without_waiting_for_disk():
        return _send_claimed(claimed)


def _send_claimed(remaining: list[OutboundEmail]) -> int:
    """Send claimed rows in order over one connection (reopened if the server drops it)."""
    sent = 0
    backend = get_connection(fail_silently=False)
    try:
        problem = _connect(backend)
        reconnects = 0
        while remaining and problem is None:
            verdict = _deliver(backend, remaining.pop(0))
            if verdict is None:
                sent += 1
            elif verdict.connection_lost:
                _close_quietly(backend)
                if reconnects == MAX_RECONNECTS:
                    problem = verdict.reason
                else:
                    reconnects += 1
                    problem = _connect(backend)
        for email in remaining:
            _mark_retry(email, problem)
    except SoftTimeLimitExceeded:
        # The task ran out of time: the message in flight keeps its lease (the
        # server may have accepted it); the others go back to the queue untried.
        for email in remaining:
            _release(email)
        raise
    finally:
        _close_quietly(backend)
    return sent


@contextlib.contextmanager
def _outcomes_without_waiting_for_disk():
    """Write the batch's outcomes with PostgreSQL's asynchronous commit (COP_EMAIL_ASYNC_COMMIT).

    Waiting for the disk at every "sent" costs more than sending the email
    (about 4 ms a commit on a busy disk, against 3 ms for an SMTP exchange).
    Asynchronous commit changes nothing for visibility, locks or a worker that
    dies (the statement is committed in the server as soon as it returns); only
    a crash of the database server itself may forget the outcomes of its last
    fraction of a second, whose emails are then sent again once. The claim,
    in its own transaction before any SMTP, keeps the server's default.
    """
    if (
        not settings.COP_EMAIL_ASYNC_COMMIT
        or db_connection.vendor != "postgresql"
        or db_connection.in_atomic_block
    ):
        yield
        return
    with db_connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with db_connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def _connect(backend) -> str | None:
    """Open the SMTP connection; the reason it failed, or None."""
    try:
        backend.open()
    except SoftTimeLimitExceeded:
        raise
    except Exception as exc:
        return f"Could not reach the mail server: {exc.__class__.__name__}: {exc}"
    return None


def _deliver(backend, email: OutboundEmail) -> Verdict | None:
    """Send one claimed email and record the outcome; None when the server accepted it."""
    if email.not_after is not None and email.not_after <= timezone.now():
        verdict = Verdict(True, False, f"Expired: not sent after {email.not_after.isoformat()}.")
        _mark_failed(email, verdict.reason)
        return verdict
    if email.sensitive and not email.body_text:
        verdict = Verdict(True, False, "Its content was erased; it cannot be sent again.")
        _mark_failed(email, verdict.reason)
        return verdict
    try:
        backend.send_messages([build_message(email)])
    except SoftTimeLimitExceeded:
        raise
    except Exception as exc:
        verdict = classify_failure(exc)
        if verdict.permanent:
            _mark_failed(email, verdict.reason)
        else:
            _mark_retry(email, verdict.reason)
        return verdict
    _mark_sent(email)
    return None


def build_message(email: OutboundEmail) -> EmailMultiAlternatives:
    """The Django message for a row: both parts, its headers and attachments."""
    headers = {
        # A resend after a crash carries the same Message-ID, so mail programs
        # that remove duplicates show it once.
        "Message-ID": f"<cop.{email.pk}.{int(email.created_at.timestamp())}@{_domain()}>",
        "Auto-Submitted": "auto-generated",
        **email.headers,
    }
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers=headers,
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for attachment in email.attachments:
        content = attachment["content"]
        if attachment.get("encoding") == "base64":
            content = base64.b64decode(content)
        message.attach(attachment["filename"], content, attachment["mimetype"])
    return message


def _domain() -> str:
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"


def _close_quietly(backend) -> None:
    try:
        backend.close()
    except Exception:  # closing a dead connection must not hide what happened before
        logger.debug("Closing the SMTP connection failed", exc_info=True)


# --- Re-driving, pruning, sending again ------------------------------------------------------
def emails_redrive(*, now=None) -> int:
    """Beat job: publish again every email whose task was lost; returns how many.

    - queued longer than COP_EMAIL_REQUEUE_AFTER_SECONDS (the task never
      arrived: process death between commit and publish, Redis restarted);
    - sending past its lease (COP_EMAIL_LEASE_SECONDS: the worker died);
    - awaiting retry whose `retry_after` has come.
    Emails past their `not_after` are marked failed instead. Running it twice,
    or while workers send, sends nothing twice: workers only send what they claim.
    """
    now = now or timezone.now()
    lease_lost = Q(
        status=Status.SENDING,
        inflight_since__lt=now - timedelta(seconds=settings.COP_EMAIL_LEASE_SECONDS),
    )
    _move(
        (Q(status__in=[Status.QUEUED, Status.RETRY]) | lease_lost) & Q(not_after__lte=now),
        status=Status.FAILED,
        last_error="Expired: not sent before its expiry time.",
    )
    _move(
        lease_lost & Q(attempts__gte=settings.COP_EMAIL_MAX_ATTEMPTS),
        status=Status.FAILED,
        last_error="Gave up: the worker sending it stopped, too many times.",
    )
    ids = _move(lease_lost, status=Status.QUEUED, queued_at=now)
    ids += _move(Q(status=Status.RETRY, retry_after__lte=now), status=Status.QUEUED, queued_at=now)
    stale = now - timedelta(seconds=settings.COP_EMAIL_REQUEUE_AFTER_SECONDS)
    ids += _move(Q(status=Status.QUEUED, queued_at__lt=stale), queued_at=now)
    from ..tasks import send_emails

    published = 0
    for chunk in _chunks(sorted(ids), settings.COP_EMAIL_BATCH_SIZE):
        if not publish(send_emails.name, [chunk], defer=False):
            # The broker is away: the rows stay queued and the next run tries again.
            break
        published += len(chunk)
    return published


def _move(condition: Q, **fields) -> list[int]:
    """Change the rows matching `condition` in one short transaction; return their ids.

    Rows locked by someone else (a worker claiming them, another re-driver)
    are skipped: they are being taken care of.
    """
    fields["updated_at"] = timezone.now()
    if fields.get("status") in (Status.QUEUED, Status.FAILED):
        fields |= {"inflight_since": None, "retry_after": None}
    with transaction.atomic():
        ids = list(
            OutboundEmail.objects.select_for_update(skip_locked=True)
            .filter(condition)
            .order_by("pk")
            .values_list("pk", flat=True)[:REDRIVE_LIMIT]
        )
        for chunk in _chunks(ids, 1000):
            rows = OutboundEmail.objects.filter(pk__in=chunk)
            if fields.get("status") == Status.FAILED:
                # Sensitive rows that are done keep nothing (a database constraint checks it).
                rows.filter(sensitive=True).update(**fields, **WIPED)
                rows = rows.filter(sensitive=False)
            rows.update(**fields)
    return ids


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def emails_prune(*, now=None) -> int:
    """Beat job: delete sent and failed emails older than COP_EMAIL_RETENTION_DAYS."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.COP_EMAIL_RETENTION_DAYS)
    deleted, _ = OutboundEmail.objects.filter(
        Q(status=Status.SENT, sent_at__lt=cutoff) | Q(status=Status.FAILED, updated_at__lt=cutoff)
    ).delete()
    return deleted


def emails_send_again(*, ids: list[int]) -> tuple[int, int]:
    """Queue failed or waiting emails again now (admin's "send again").

    Returns (queued, refused): sensitive emails whose content is erased and
    emails past their expiry cannot be sent again.
    """
    from ..tasks import send_emails

    now = timezone.now()
    with transaction.atomic():
        candidates = OutboundEmail.objects.select_for_update().filter(
            pk__in=ids, status__in=[Status.FAILED, Status.RETRY]
        )
        refused = candidates.filter(
            Q(sensitive=True, body_text="") | Q(not_after__lte=now)
        ).values_list("pk", flat=True)
        queue = list(candidates.exclude(pk__in=list(refused)).values_list("pk", flat=True))
        OutboundEmail.objects.filter(pk__in=queue).update(
            status=Status.QUEUED,
            attempts=0,
            queued_at=now,
            retry_after=None,
            inflight_since=None,
            updated_at=now,
        )
        for chunk in _chunks(queue, settings.COP_EMAIL_BATCH_SIZE):
            enqueue_redriven(send_emails, chunk)
    return len(queue), len(ids) - len(queue)


def emails_forget(*, address: str) -> int:
    """Erase the outgoing-email rows addressed to `address` (a closed account).

    Their bodies hold the person's name and messages about them; nothing
    still queued to a closed account needs to go out.
    """
    deleted, _ = OutboundEmail.objects.filter(to__iexact=address).delete()
    return deleted
