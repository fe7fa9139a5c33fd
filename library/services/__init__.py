"""Every write the library makes. Views and tasks call these, never the models directly."""

from .cohorts import (
    activity_update,
    feedback_give,
    milestone_hand_in,
    participant_admit,
)
from .documents import (
    StaleEdit,
    attachments_add,
    document_authors_update,
    document_create,
    document_edit,
    document_from_thread,
    document_publish,
    document_revise,
    document_submit,
    publication_notify,
    review_comment_add,
)
from .reminders import milestone_reminders_send_due

__all__ = [
    "StaleEdit",
    "activity_update",
    "attachments_add",
    "document_authors_update",
    "document_create",
    "document_edit",
    "document_from_thread",
    "document_publish",
    "document_revise",
    "document_submit",
    "feedback_give",
    "milestone_hand_in",
    "milestone_reminders_send_due",
    "participant_admit",
    "publication_notify",
    "review_comment_add",
]
