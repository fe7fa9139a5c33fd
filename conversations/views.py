"""Pages of private conversations: load via a selector, check, validate, call a service."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cop.shortcuts import render_form
from members.permissions import can_participate, check_can_participate

from . import permissions, selectors, services
from .forms import AskExpertForm, ConversationForm, FindPeopleForm, FlagForm, MessageForm
from .models import MAX_PARTICIPANTS

# Ids beyond this many digits are not ids of ours (and would overflow the column).
MAX_ID_DIGITS = 12


def _ids(values) -> list[int]:
    """The whole numbers among submitted ids, without repeats; anything else is ignored."""
    ids = []
    for value in values:
        if value.isascii() and value.isdigit() and len(value) <= MAX_ID_DIGITS:
            number = int(value)
            if number not in ids:
                ids.append(number)
    return ids[: MAX_PARTICIPANTS * 2]


@login_required
@require_http_methods(["GET"])
def inbox(request):
    permissions.check_can_use_conversations(request.user)
    page = selectors.inbox_page(request.user, request.GET.get("page"))
    return render(
        request,
        "conversations/inbox.html",
        {"page": page, "can_start": can_participate(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def conversation_new(request):
    """Choose people (found by name, or arriving from a profile), a subject and a first message.

    Without JavaScript, "Find" submits the same form: what was typed is kept
    and the people found are offered beside those already chosen.
    """
    check_can_participate(request.user)
    source = request.POST if request.method == "POST" else request.GET
    finder = FindPeopleForm(source)
    query = finder.cleaned_data["find"] if finder.is_valid() else ""
    chosen = selectors.recipients_for(request.user, _ids(source.getlist("to")))
    found = selectors.people_matching(request.user, query) if query else []
    candidates = {person.pk: person for person in [*chosen, *found]}.values()
    finding = "find_people" in request.POST
    if request.method == "POST" and not finding:
        form = ConversationForm(request.POST, candidates=candidates)
        if form.is_valid():
            try:
                conversation = services.conversation_start(
                    starter=request.user,
                    others=form.recipients(),
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                )
            except (PermissionDenied, ValidationError) as error:
                form.add_error(None, _reason(error))
            else:
                return redirect(conversation)
    else:
        form = ConversationForm(
            initial={
                "to": [person.pk for person in chosen],
                "subject": source.get("subject", ""),
                "body": source.get("body", ""),
            },
            candidates=candidates,
        )
    response = render_form(
        request,
        "conversations/conversation_new.html",
        {
            "form": form,
            "finder": finder,
            "query": query,
            "found": found,
            "max_people": MAX_PARTICIPANTS,
        },
    )
    if finding:
        response.status_code = 200
    return response


def _reason(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


@login_required
@require_http_methods(["GET", "POST"])
def conversation_detail(request, pk):
    conversation = selectors.conversation_for(request.user, pk)
    permissions.check_can_read_conversation(request.user, conversation)
    can_post = permissions.can_post_message(request.user, conversation)
    form = MessageForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        permissions.check_can_post_message(request.user, conversation)
        if form.is_valid():
            try:
                message = services.message_post(
                    author=request.user, conversation=conversation, body=form.cleaned_data["body"]
                )
            except (PermissionDenied, ValidationError) as error:
                form.add_error(None, _reason(error))
            else:
                return redirect(f"{conversation.get_absolute_url()}#message-{message.pk}")
    page = selectors.messages_page(conversation, request.GET.get("page"))
    shown = [message.pk for message in page.object_list]
    if shown and request.method == "GET":
        services.conversation_mark_read(
            member=request.user, conversation=conversation, up_to=max(shown)
        )
    return render_form(
        request,
        "conversations/conversation_detail.html",
        {
            "conversation": conversation,
            "people": selectors.people_in(conversation),
            "page": page,
            "form": form if can_post else None,
            "post_refusal": None if can_post else _refusal(request.user, conversation),
        },
    )


def _refusal(user, conversation) -> str | None:
    from cop.rules import refusal

    return refusal(permissions.check_can_post_message, user, conversation)


@require_POST
@login_required
def conversation_leave(request, pk):
    conversation = selectors.conversation_for(request.user, pk)
    permissions.check_can_leave_conversation(request.user, conversation)
    services.conversation_leave(member=request.user, conversation=conversation)
    messages.success(request, _("You have left the conversation."))
    return redirect("conversations:inbox")


@login_required
@require_http_methods(["GET", "POST"])
def message_flag(request, pk):
    message = selectors.message_for(request.user, pk)
    permissions.check_can_flag_message(request.user, message)
    form = FlagForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.message_flag(message=message, reporter=request.user, **form.cleaned_data)
        messages.success(
            request, _("Thank you. The facilitators will read this message, and only this one.")
        )
        return redirect(f"{message.conversation.get_absolute_url()}#message-{message.pk}")
    return render_form(
        request, "conversations/message_flag.html", {"message": message, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def ask_expert(request, pk):
    expert = get_object_or_404(get_user_model(), pk=pk)
    permissions.check_can_ask_expert(request.user, expert)
    form = AskExpertForm(
        request.POST if request.method == "POST" else None,
        topics=selectors.topics_to_ask_in(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["how"] == AskExpertForm.PUBLIC:
                thread = services.expert_question_ask(
                    asker=request.user,
                    expert=expert,
                    topic=data["topic"],
                    title=data["title"],
                    body=data["body"],
                )
                messages.success(request, _("Your question is published; the expert is told."))
                return redirect(thread)
            conversation = services.expert_conversation_start(
                asker=request.user, expert=expert, subject=data["title"], body=data["body"]
            )
        except (PermissionDenied, ValidationError) as error:
            form.add_error(None, _reason(error))
        else:
            return redirect(conversation)
    return render_form(request, "conversations/ask_expert.html", {"expert": expert, "form": form})
