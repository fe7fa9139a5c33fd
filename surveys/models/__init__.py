"""The surveys app's data: `core` (surveys, questions, responses and answers) and
`tallies` (the running totals the results page reads instead of the answers)."""

from .core import (
    CHOICE_KINDS,
    OTHER_KINDS,
    TEXT_KINDS,
    Answer,
    AnswerChoice,
    Audience,
    Choice,
    Question,
    QuestionKind,
    ReminderDelivery,
    Response,
    ResponseStatus,
    Survey,
    SurveyKind,
    TopicFollowFromSurvey,
)
from .tallies import ChoiceTally, NumberTally, QuestionTally, SurveyTally

__all__ = [
    "CHOICE_KINDS",
    "OTHER_KINDS",
    "TEXT_KINDS",
    "Answer",
    "AnswerChoice",
    "Audience",
    "Choice",
    "ChoiceTally",
    "NumberTally",
    "Question",
    "QuestionKind",
    "QuestionTally",
    "ReminderDelivery",
    "Response",
    "ResponseStatus",
    "Survey",
    "SurveyKind",
    "SurveyTally",
    "TopicFollowFromSurvey",
]
