"""What the unsubscribe pages say for each kind of email (`cop.models.UnsubscribeScope`)."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cop.models import UnsubscribeScope


@dataclass(frozen=True)
class ScopeTexts:
    question: Promise  # the confirmation page's title
    explanation: Promise  # what stops and what still comes
    button: Promise
    off: Promise  # the title once done
    off_line: Promise
    back_on: Promise  # the title after "undo"


SCOPE_TEXTS = {
    UnsubscribeScope.NOTIFICATIONS: ScopeTexts(
        question=_("Stop emails about new posts?"),
        explanation=_(
            "You will no longer receive an email for each new post in the threads and topics "
            "you follow. Emails about your account, events and surveys still reach you."
        ),
        button=_("Stop emails about new posts"),
        off=_("Emails about new posts are off"),
        off_line=_("You will no longer receive an email for each new post in what you follow."),
        back_on=_("Emails about new posts are back on"),
    ),
    UnsubscribeScope.MESSAGES: ScopeTexts(
        question=_("Stop emails about private messages?"),
        explanation=_(
            "You will no longer receive an email when someone writes to you in a private "
            "conversation or asks you a question as an expert. You will still find them on the "
            "site, under Messages."
        ),
        button=_("Stop emails about private messages"),
        off=_("Emails about private messages are off"),
        off_line=_("You will no longer receive an email about private messages."),
        back_on=_("Emails about private messages are back on"),
    ),
    UnsubscribeScope.DIGEST: ScopeTexts(
        question=_("Stop the digest?"),
        explanation=_(
            "You will no longer receive the digest of new threads, replies, events and surveys. "
            "Other emails still reach you."
        ),
        button=_("Stop the digest"),
        off=_("The digest is off"),
        off_line=_("You will no longer receive the digest."),
        back_on=_("The digest is back on"),
    ),
    UnsubscribeScope.EVENT_REMINDERS: ScopeTexts(
        question=_("Stop event reminders?"),
        explanation=_(
            "You will no longer receive reminders before the events you registered for. You are "
            "still told at once when an event changes or is cancelled."
        ),
        button=_("Stop event reminders"),
        off=_("Event reminders are off"),
        off_line=_("You will no longer receive reminders before events."),
        back_on=_("Event reminders are back on"),
    ),
    UnsubscribeScope.SURVEY_REMINDERS: ScopeTexts(
        question=_("Stop survey reminders?"),
        explanation=_(
            "You will no longer receive reminders to answer open surveys. Other emails still "
            "reach you."
        ),
        button=_("Stop survey reminders"),
        off=_("Survey reminders are off"),
        off_line=_("You will no longer receive survey reminders."),
        back_on=_("Survey reminders are back on"),
    ),
    UnsubscribeScope.COACHING_REMINDERS: ScopeTexts(
        question=_("Stop milestone reminders?"),
        explanation=_(
            "You will no longer receive a reminder before each milestone of the documentation "
            "cohort you take part in. Your participation page still shows what is due and when."
        ),
        button=_("Stop milestone reminders"),
        off=_("Milestone reminders are off"),
        off_line=_("You will no longer receive milestone reminders."),
        back_on=_("Milestone reminders are back on"),
    ),
}
