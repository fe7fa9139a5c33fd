"""What conversations add under a thread's title: the expert a question is addressed to.

The thread page loads `expert_question` (and its expert) with the thread
itself (`thread_related`), so the note costs no query.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse

from cop.home import Panel


def thread_related() -> list[str]:
    return ["expert_question__expert"]


def thread_notes(request, thread) -> list[Panel]:
    try:
        question = thread.expert_question
    except ObjectDoesNotExist:
        return []
    return [
        Panel(
            title="",
            template="conversations/_thread_note.html",
            context={
                "expert": question.expert,
                "expert_url": reverse("members:profile", args=[question.expert_id]),
            },
        )
    ]
