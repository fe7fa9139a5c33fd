"""Platform-wide writes, by subject:

- `email`: sending outgoing emails (claim, send a batch over one connection,
  classify failures, retry with backoff).
- `email_upkeep`: re-driving lost emails, pruning, "send again", forgetting
  an address.
- `deferred`: tasks kept in the database while the broker was away.

Callers import from here: `from cop import services; services.emails_send(ids=[...])`.
"""

from .deferred import deferred_tasks_republish
from .email import emails_send
from .email_upkeep import emails_forget, emails_prune, emails_redrive, emails_send_again

__all__ = [
    "deferred_tasks_republish",
    "emails_forget",
    "emails_prune",
    "emails_redrive",
    "emails_send",
    "emails_send_again",
]
