"""Platform-wide writes, by subject:

- `email`: the outgoing-email pipeline (claim, send in batches, retry, re-drive,
  prune, send again, forget an address).
- `deferred`: tasks kept in the database while the broker was away.

Callers import from here: `from cop import services; services.emails_send(ids=[...])`.
"""

from .deferred import deferred_tasks_republish
from .email import (
    emails_forget,
    emails_prune,
    emails_redrive,
    emails_send,
    emails_send_again,
)

__all__ = [
    "deferred_tasks_republish",
    "emails_forget",
    "emails_prune",
    "emails_redrive",
    "emails_send",
    "emails_send_again",
]
