""" "Helpful" marks on posts: one per member and post, counted on the post's row."""

from django.db import IntegrityError, transaction
from django.db.models import F

from members.permissions import check_can_participate

from .. import permissions
from ..models import Post, Reaction
from .counters import thread_posts_changed


@transaction.atomic
def post_set_helpful(*, member, post: Post, helpful: bool) -> Post:
    """Mark `post` helpful for `member` (or take the mark back); safe to repeat.

    The unique constraint keeps one mark per member and post; the count on the
    post moves only when a row was really added or removed, so a double click
    or two tabs never count twice.
    """
    check_can_participate(member)
    permissions.check_can_mark_helpful(member, post)
    if helpful:
        try:
            with transaction.atomic():
                Reaction.objects.create(member=member, post=post)
        except IntegrityError:
            return post  # already marked
        change = 1
    else:
        deleted, _ = Reaction.objects.filter(member=member, post=post).delete()
        if not deleted:
            return post
        change = -1
    Post.objects.filter(pk=post.pk).update(helpful_count=F("helpful_count") + change)
    thread_posts_changed(thread_id=post.thread_id)
    post.helpful_count += change
    return post
