"""The thread counters (replies shown, last activity), defined once, and their repair.

`reply_count` and `last_activity_at` are kept on the thread so lists sort and
count without reading posts. Every writer that changes what they should say
holds the thread's row lock (`post_reply`, `post_set_hidden`), so concurrent
replies and hides cannot make them drift; `thread_counters_repair` finds and
fixes any that did anyway (data from before the locks, a hand-edited row).
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from ..models import Post, Thread

COUNTERS = ("reply_count", "last_activity_at")


def with_true_counters(threads: QuerySet) -> QuerySet:
    """Annotate what each counter should say: `true_reply_count`, `true_last_activity_at`.

    Replies shown are the visible posts other than the opening one; the last
    activity is the newest visible post (the thread's creation without one).
    """
    visible = Post.objects.filter(thread=OuterRef("pk"), is_hidden=False).order_by()
    replies = (
        visible.filter(parent__isnull=False).values("thread").annotate(n=Count("pk")).values("n")
    )
    newest = visible.order_by("-created_at").values("created_at")[:1]
    return threads.annotate(
        true_reply_count=Coalesce(Subquery(replies), 0),
        true_last_activity_at=Coalesce(Subquery(newest), F("created_at")),
    )


def thread_posts_changed(*, thread_id: int) -> None:
    """What the thread's posts show has changed: the page's cached replies are stale."""
    Thread.objects.filter(pk=thread_id).update(posts_version=F("posts_version") + 1)


def thread_counters_refresh(*, thread_id: int) -> dict:
    """Set the counters of a thread whose row the caller has locked; return them."""
    true = (
        with_true_counters(Thread.objects.filter(pk=thread_id))
        .values("true_reply_count", "true_last_activity_at")
        .get()
    )
    values = {
        "reply_count": true["true_reply_count"],
        "last_activity_at": true["true_last_activity_at"],
    }
    Thread.objects.filter(pk=thread_id).update(**values)
    return values


@dataclass(frozen=True)
class CounterRepair:
    thread_id: int
    title: str
    counter: str
    before: object
    after: object


def thread_counters_repair(*, dry_run: bool = False) -> list[CounterRepair]:
    """Find threads whose counters disagree with their posts and fix them (unless `dry_run`).

    The search reads every thread once; each fix locks its thread and checks
    again, so a reply posted meanwhile is counted, not overwritten.
    """
    drifted = with_true_counters(Thread.objects.order_by("pk")).exclude(
        reply_count=F("true_reply_count"), last_activity_at=F("true_last_activity_at")
    )
    repairs = []
    for thread_id in drifted.values_list("pk", flat=True):
        with transaction.atomic():
            thread = with_true_counters(
                Thread.objects.select_for_update(of=("self",)).filter(pk=thread_id)
            ).get()
            for counter in COUNTERS:
                before, after = getattr(thread, counter), getattr(thread, f"true_{counter}")
                if before != after:
                    repairs.append(CounterRepair(thread.pk, thread.title, counter, before, after))
            if not dry_run:
                thread_counters_refresh(thread_id=thread.pk)
    return repairs
