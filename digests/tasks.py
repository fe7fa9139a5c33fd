"""Thin tasks: each takes ids and calls one service."""

from celery import shared_task

from . import services


@shared_task(name="digests.send_due", acks_late=True, time_limit=300, soft_time_limit=240)
def send_due() -> int:
    """Beat job: find the members whose digest is due now and queue their batches."""
    return services.digests_send_due()


@shared_task(name="digests.send_batch", acks_late=True, time_limit=600, soft_time_limit=540)
def send_batch(member_ids: list[int], later: list[list[int]] | None = None) -> int:
    """Build and queue the digests of these members (each at most once per period).

    `later`: the next batches of the scanner's lane, published once this one is done.
    """
    try:
        return services.digest_batch_send(member_ids=member_ids)
    finally:
        services.digest_lane_continue(later or [])
