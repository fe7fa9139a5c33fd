"""Every write the surveys app makes, by subject:

- `answering`: save a member's draft or submitted response (and the results'
  tallies with it), delete responses; the topics it follows.
- `tallies`: the results' running totals: a response's share of them, adding
  it, rebuilding them from the raw answers.
- `building`: what facilitators do in admin (duplicate a survey, the fixed
  choices of yes/no/maybe questions, refusing changes that would corrupt answers).
- `reminders`: the reminder before a survey closes, once per member.

Callers import from here: `from surveys import services`.
"""

from .answering import (
    response_record,
    response_save,
    responses_delete,
    topics_sync_from_response,
)
from .building import (
    choice_change_refusal,
    question_change_refusal,
    question_sync_fixed_choices,
    survey_duplicate,
    survey_has_answers,
)
from .reminders import reminder_batch_send, reminders_send_due
from .tallies import tallies_apply, tallies_rebuild, tally_delta

__all__ = [
    "choice_change_refusal",
    "question_change_refusal",
    "question_sync_fixed_choices",
    "reminder_batch_send",
    "reminders_send_due",
    "response_record",
    "response_save",
    "responses_delete",
    "survey_duplicate",
    "survey_has_answers",
    "tallies_apply",
    "tallies_rebuild",
    "tally_delta",
    "topics_sync_from_response",
]
