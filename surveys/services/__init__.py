"""Every write the surveys app makes, by subject:

- `answering`: save a member's draft or submitted response; the topics it follows.
- `building`: what facilitators do in admin (duplicate a survey, the fixed
  choices of yes/no/maybe questions, refusing changes that would corrupt answers).
- `reminders`: the reminder before a survey closes, once per member.

Callers import from here: `from surveys import services`.
"""

from .answering import response_record, response_save, topics_sync_from_response
from .building import (
    choice_change_refusal,
    question_change_refusal,
    question_sync_fixed_choices,
    survey_duplicate,
    survey_has_answers,
)
from .reminders import reminder_batch_send, reminders_send_due

__all__ = [
    "choice_change_refusal",
    "question_change_refusal",
    "question_sync_fixed_choices",
    "reminder_batch_send",
    "reminders_send_due",
    "response_record",
    "response_save",
    "survey_duplicate",
    "survey_has_answers",
    "topics_sync_from_response",
]
