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

Re-driving lost work, pruning and "send again": `cop.services.email_upkeep`.
"""

import base64
import contextlib
import logging
import random
import smtplib
from dataclasses import dataclass
from datetime import timedelta
from email.utils import formataddr, parseaddr

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation

from ..models import OutboundEmail
from ..sites import SITE_NAME

logger = logging.getLogger(__name__)

Status = OutboundEmail.Status
# What a sensitive email keeps once it is done: nothing of its content.
WIPED = {"body_text": "", "body_html": "", "headers": {}, "attachments": []}
# Per batch: a server that keeps dropping the connection gets the rest later.
MAX_RECONNECTS = 2
ERROR_MAX_LENGTH = 2000


# --- Classifying failures ----------------------------------------------------------------
@dataclass(frozen=True)
class Verdict:
    """What a failure means for the email, and for the connection it happened on.

    `address_refused`: the server refused the recipient's address for good
    (5xx to RCPT TO), so the address itself is failing, not just this message.
    """

    permanent: bool
    connection_lost: bool
    reason: str
    address_refused: bool = False


def classify_failure(exc: BaseException) -> Verdict:
    """5xx answers are permanent; 4xx, disconnects, timeouts and refused connections are not."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        answers = exc.recipients.values()
        detail = "; ".join(
            f"{address}: {code} {_text(message)}"
            for address, (code, message) in exc.recipients.items()
        )
        permanent = bool(answers) and all(500 <= code < 600 for code, _ in answers)
        return Verdict(permanent, False, f"Recipient refused: {detail}", address_refused=permanent)
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
            if verdict.address_refused:
                address_refused(email.to, verdict.reason)
        else:
            _mark_retry(email, verdict.reason)
        return verdict
    _mark_sent(email)
    return None


def address_refused(address: str, reason: str) -> int:
    """A 5xx to RCPT TO: fail the other emails waiting for that address and say so.

    The members app (a receiver of `cop.signals.email_address_refused`) marks
    the address as failing on the member's profile; until it is confirmed
    again, `cop.mail` queues nothing more to it but account emails. Emails
    already waiting for it (not those a worker holds right now) fail at once
    with the same reason instead of being refused one by one. Returns how many.
    """
    from ..signals import email_address_refused

    now = timezone.now()
    failed = OutboundEmail.objects.filter(
        to__iexact=address, status__in=[Status.QUEUED, Status.RETRY], sensitive=False
    ).update(
        status=Status.FAILED,
        retry_after=None,
        inflight_since=None,
        last_error=f"Not sent: the address was refused. {reason}"[:ERROR_MAX_LENGTH],
        updated_at=now,
    )
    email_address_refused.send(sender=OutboundEmail, address=address, reason=reason)
    return failed


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
        from_email=sender(email.language),
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


def sender(language: str) -> str:
    """The From header: the site's name in the recipient's language, DEFAULT_FROM_EMAIL's address.

    An Arabic reader's mail program lists the email as from «مجتمع الممارسة…», an
    English reader's as from "MENA community of practice"; the address is the one
    the deployment configured.
    """
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or settings.DEFAULT_FROM_EMAIL
    with translation.override(language or settings.LANGUAGE_CODE):
        name = str(SITE_NAME)
    return formataddr((name, address))


def _domain() -> str:
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"


def _close_quietly(backend) -> None:
    try:
        backend.close()
    except Exception:  # closing a dead connection must not hide what happened before
        logger.debug("Closing the SMTP connection failed", exc_info=True)
