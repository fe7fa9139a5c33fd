"""Where each member stands in a thread: the read marker behind "new" and "first unread"."""

from django.utils import timezone

from ..models import ThreadRead


def thread_mark_read(*, member, thread, at=None) -> None:
    """Move `member`'s marker in `thread` to `at` (now): one upsert, never a second row.

    Called by the thread page on every visit of a signed-in member, in one
    query (INSERT ... ON CONFLICT DO UPDATE on the (member, thread) constraint).
    """
    if not member.is_authenticated:
        return
    ThreadRead.objects.bulk_create(
        [ThreadRead(member=member, thread=thread, read_at=at or timezone.now())],
        update_conflicts=True,
        unique_fields=["member", "thread"],
        update_fields=["read_at"],
    )
