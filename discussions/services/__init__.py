"""Every write the discussions app makes.

Services are atomic, re-check the rules that views already checked (a
service can be called from a shell, a task or admin), render Markdown once,
keep the search document current and queue notifications after commit.
"""

from .counters import thread_counters_refresh, thread_counters_repair
from .following import follow_thread, thread_set_followed, topic_set_followed, topics_set_followed
from .moderation import flags_resolve, post_flag, post_set_hidden, thread_moderate
from .notifications import (
    notifications_record,
    notifications_redrive,
    notifications_withdraw,
    post_notify_followers,
)
from .posts import (
    answer_accept,
    answer_unaccept,
    post_edit,
    post_reply,
    post_translate,
    thread_create,
)
from .reactions import post_set_helpful
from .reading import thread_mark_read
from .search import post_search_reindex, search_fields, search_texts

__all__ = [
    "answer_accept",
    "answer_unaccept",
    "flags_resolve",
    "follow_thread",
    "notifications_record",
    "notifications_redrive",
    "notifications_withdraw",
    "post_edit",
    "post_flag",
    "post_notify_followers",
    "post_reply",
    "post_search_reindex",
    "post_set_helpful",
    "post_set_hidden",
    "post_translate",
    "search_fields",
    "search_texts",
    "thread_counters_refresh",
    "thread_counters_repair",
    "thread_create",
    "thread_mark_read",
    "thread_moderate",
    "thread_set_followed",
    "topic_set_followed",
    "topics_set_followed",
]
