"""Keeping the outgoing-email rows moving: re-driving lost work, pruning, sending again.

Every function here changes rows in short transactions that lock only the
rows they move (skipping those locked by a worker claiming them) and
publishes batches after that. Workers send only what they claim
(`cop.services.email`), so publishing an id twice never sends it twice.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..models import OutboundEmail
from ..queue import enqueue_redriven, publish
from .email import WIPED

Status = OutboundEmail.Status
# Rows the re-driver moves per run and state (a run is every minute).
REDRIVE_LIMIT = 20_000


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
