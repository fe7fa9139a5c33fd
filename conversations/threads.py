"""What conversations add under a thread's title: the expert a question is addressed to."""

from django.urls import reverse

from cop.home import Panel

from .selectors import expert_question_for


def thread_notes(request, thread) -> list[Panel]:
    question = expert_question_for(thread)
    if question is None:
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
