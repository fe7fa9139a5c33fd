from celery import shared_task

from . import services


@shared_task(name="discussions.notify_followers", acks_late=True, time_limit=300)
def notify_followers(post_id: int) -> int:
    """Tell the followers of a post's thread (and topic, for a new thread) about it."""
    return services.post_notify_followers(post_id=post_id)
