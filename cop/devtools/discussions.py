"""Building large threads quickly, for the query-budget tests and `bench_discussions`.

Posts are inserted level by level with `bulk_create` and their paths filled in
one `bulk_update`, producing exactly what `services.post_reply` would.
"""

import random

from django.utils import timezone

from cop.search.text import index_text
from discussions.models import PATH_SEGMENT, Post, Thread, ThreadKind
from discussions.services import thread_create

REPLY_TEXTS = [
    "We saw the same in our cash transfer programme: the payment calendar matters more "
    "than the amount.",
    "في تجربتنا، ساعد السجل الاجتماعي الموحد على تقليل أخطاء الاستهداف بشكل ملموس.",
    "Could you share the terms of reference you used for the payment provider?",
    "نعم، وقد أضفنا آلية للتظلم عبر الهاتف لتسهيل وصول الأسر في المناطق الريفية.",
    "Youth employment programmes worked better when employers co-designed the training.",
]


def build_thread(*, topic, authors, replies: int, max_depth: int = 10, seed: int = 1) -> Thread:
    """A thread with `replies` replies nested up to `max_depth`, authored round-robin."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    thread = thread_create(
        author=authors[0],
        topic=topic,
        kind=ThreadKind.QUESTION,
        title="How do you keep a social registry up to date?",
        body="We update household data once a year. كيف تحدّثون بيانات الأسر؟",
    )
    opening = thread.opening_post
    now = timezone.now()
    # Plan the tree: each post picks a parent among earlier posts not yet at max depth.
    plan = []  # (depth, parent index or None for the opening post)
    depths = []
    for index in range(replies):
        if index == 0 or rng.random() < 0.15:
            parent = None
        else:
            parent = index - 1 if depths[index - 1] < max_depth else rng.randrange(index)
            if depths[parent] >= max_depth:
                parent = None
        depth = 1 if parent is None else depths[parent] + 1
        depths.append(depth)
        plan.append((depth, parent))
    posts: list[Post | None] = [None] * replies
    for level in range(1, max_depth + 1):
        batch = []
        for index, (depth, parent) in enumerate(plan):
            if depth != level:
                continue
            text = REPLY_TEXTS[index % len(REPLY_TEXTS)]
            post = Post(
                thread=thread,
                author=authors[index % len(authors)],
                parent=opening if parent is None else posts[parent],
                depth=depth,
                language="ar" if index % len(REPLY_TEXTS) in (1, 3) else "en",
                body=text,
                body_html=f'<p dir="auto">{text}</p>',
                path="",
                search_document=index_text(text),
            )
            posts[index] = post
            batch.append(post)
        if not batch:
            continue
        Post.objects.bulk_create(batch, batch_size=1000)
        if batch[0].pk is None:  # databases that cannot return ids from a bulk insert
            fresh = Post.objects.filter(thread=thread, path="").order_by("pk")
            for post, row in zip(batch, fresh, strict=True):
                post.pk = row.pk
        for post in batch:
            parent_post = post.parent
            post.path = parent_post.path + str(post.pk).zfill(PATH_SEGMENT)
            post.branch_id = post.pk if post.depth == 1 else parent_post.branch_id
        Post.objects.bulk_update(batch, ["path", "branch"], batch_size=1000)
    Thread.objects.filter(pk=thread.pk).update(reply_count=replies, last_activity_at=now)
    thread.refresh_from_db()
    return thread
