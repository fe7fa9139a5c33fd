"""The digests' part of a member's data export, and what closing an account does here."""

from .models import DigestDelivery


def member_data(member) -> dict:
    return {
        "digests": [
            {
                "frequency": d.frequency,
                "period": d.period.isoformat(),
                "status": d.status,
                "items": d.item_count,
                "new_since": d.covers_from.isoformat(),
                "new_until": d.covers_until.isoformat(),
            }
            for d in DigestDelivery.objects.filter(member=member).order_by("period")
        ]
    }


def member_closed(member) -> None:
    """Forget when the person got digests (their emails are erased by the platform)."""
    DigestDelivery.objects.filter(member=member).delete()
