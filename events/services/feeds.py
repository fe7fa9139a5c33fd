"""A member's private calendar feed: one secret token, revocable and regenerable."""

from django.db import transaction

from .. import permissions
from ..models import CalendarFeed, new_feed_token


@transaction.atomic
def calendar_feed_get_or_create(*, member) -> CalendarFeed:
    permissions.check_can_have_calendar_feed(member)
    feed, _created = CalendarFeed.objects.get_or_create(member=member)
    return feed


@transaction.atomic
def calendar_feed_regenerate(*, member) -> CalendarFeed:
    """A new address for the feed; the old one stops working at once."""
    permissions.check_can_have_calendar_feed(member)
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(member=member)
    if not created:
        feed.token = new_feed_token()
        feed.save(update_fields=["token", "updated_at"])
    return feed


@transaction.atomic
def calendar_feed_revoke(*, member) -> None:
    CalendarFeed.objects.filter(member=member).delete()
