"""Pages of the discussions: each view loads via a selector, checks, validates, calls a service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cop.languages import current_language, other_language
from cop.pagination import paginate
from cop.plugins import collect
from cop.rules import refusal
from cop.shortcuts import render_form
from cop.uploads import download_response

from . import permissions, selectors, services
from .forms import (
    EditForm,
    FlagForm,
    ModerationForm,
    ReplyForm,
    SearchForm,
    ThreadForm,
    TranslationForm,
)
from .models import ModerationAction


def _posted(request):
    """The submitted data on POST (even when empty), None otherwise: forms bind on POST only."""
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def _show(request) -> str:
    show = request.GET.get("show", "")
    return show if show in selectors.SHOW_FILTERS else ""


@require_GET
def index(request):
    """Topics, and the latest activity across every topic the viewer can read."""
    show = _show(request)
    page = paginate(
        selectors.threads_for(request.user, show=show),
        request.GET.get("page"),
        selectors.THREADS_PER_PAGE,
    )
    return render(
        request,
        "discussions/index.html",
        {
            "topics": selectors.topics_for(request.user),
            "page": selectors.localised_page(page, current_language()),
            "show": show,
        },
    )


@require_GET
def topic_detail(request, slug):
    topic = selectors.topic_for(request.user, slug)
    permissions.check_can_read_topic(request.user, topic)
    show = _show(request)
    page = paginate(
        selectors.threads_for(request.user, topic=topic, show=show),
        request.GET.get("page"),
        selectors.THREADS_PER_PAGE,
    )
    return render(
        request,
        "discussions/topic_detail.html",
        {
            "topic": topic,
            "page": selectors.localised_page(page, current_language()),
            "show": show,
            "can_start": permissions.can_start_thread(request.user, topic),
            "can_follow": permissions.can_follow(request.user),
        },
    )


@login_required
def thread_create(request, slug):
    topic = selectors.topic_for(request.user, slug)
    permissions.check_can_start_thread(request.user, topic)
    form = ThreadForm(*_posted(request), author=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        thread = services.thread_create(
            author=request.user,
            topic=topic,
            kind=data["kind"],
            title=data["title"],
            body=data["body"],
            language=data["language"] or None,
            files=data["attachments"],
        )
        return redirect(thread)
    return render_form(request, "discussions/thread_create.html", {"topic": topic, "form": form})


@require_GET
def thread_detail(request, pk):
    thread = selectors.thread_for(request.user, pk)
    language = current_language()
    if "branch" in request.GET:
        part = selectors.branch_slice(
            request.user,
            thread,
            branch_id=request.GET["branch"],
            page_number=request.GET.get("page"),
            language=language,
        )
    else:
        part = selectors.thread_slice(
            request.user, thread, page_number=request.GET.get("page"), language=language
        )
    user = request.user
    actions = permissions.thread_actions(user, thread)
    if actions.moderate:
        selectors.attach_moderation_record(thread, part.posts)
    return render(
        request,
        "discussions/thread_detail.html",
        {
            "thread": selectors.localise_thread(thread, language),
            "topic": thread.topic,
            "slice": part,
            "actions": actions,
            "reply_form": ReplyForm() if actions.reply else None,
            "reply_refusal": refusal(permissions.check_can_reply, user, thread),
            "moderation_form": ModerationForm() if actions.moderate else None,
            "thread_notes": collect("threads", "thread_notes", request, thread),
        },
    )


@require_GET
def post_permalink(request, pk):
    post = selectors.post_for(request.user, pk)
    return redirect(selectors.post_location(post))


@login_required
def post_reply(request, pk):
    parent = selectors.post_for(request.user, pk)
    thread = parent.thread
    permissions.check_can_reply_to_post(request.user, parent)
    form = ReplyForm(*_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            post = services.post_reply(
                author=request.user,
                parent=parent,
                body=data["body"],
                language=data["language"] or None,
                files=data["attachments"],
            )
        except ValidationError as error:  # an attachment the form let through
            form.add_error(None, error)
        else:
            return redirect(selectors.post_location(post))
    language = current_language()
    return render_form(
        request,
        "discussions/post_reply.html",
        {
            "thread": selectors.localise_thread(thread, language),
            "parent": selectors.localise_post(parent, language),
            "form": form,
        },
    )


@login_required
def post_edit(request, pk):
    post = selectors.post_for(request.user, pk)
    permissions.check_can_edit_post(request.user, post)
    thread = post.thread
    initial = {"body": post.body, "language": post.language, "title": thread.title}
    form = EditForm(_posted(request)[0], initial=initial, with_title=post.is_opening)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.post_edit(
            post=post,
            editor=request.user,
            body=data["body"],
            language=data["language"] or None,
            title=data.get("title"),
        )
        messages.success(request, _("Your changes are saved."))
        return redirect(selectors.post_location(post))
    return render_form(request, "discussions/post_edit.html", {"post": post, "form": form})


@login_required
def post_translate(request, pk):
    post = selectors.post_for(request.user, pk)
    permissions.check_can_translate_post(request.user, post)
    thread = post.thread
    target = other_language(post.language)
    form = TranslationForm(
        _posted(request)[0],
        initial={"translation": post.translation, "title_translation": thread.title_translation},
        with_title=post.is_opening,
        target_language=target,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.post_translate(
            post=post,
            by=request.user,
            translation=data["translation"],
            title_translation=data.get("title_translation"),
        )
        messages.success(request, _("The translation is saved."))
        return redirect(selectors.post_location(post))
    return render_form(
        request,
        "discussions/post_translate.html",
        {
            "post": post,
            "thread": thread,
            "form": form,
            "target_language": target,
        },
    )


@require_GET
@login_required
def post_history(request, pk):
    """Earlier versions of a post, for the facilitators."""
    post = selectors.post_for(request.user, pk)
    permissions.check_can_moderate(request.user)
    return render(
        request,
        "discussions/post_history.html",
        {"post": post, "revisions": selectors.revisions_for(post)},
    )


@login_required
def post_flag(request, pk):
    post = selectors.post_for(request.user, pk)
    permissions.check_can_flag_post(request.user, post)
    form = FlagForm(_posted(request)[0])
    if request.method == "POST" and form.is_valid():
        services.post_flag(post=post, reporter=request.user, **form.cleaned_data)
        messages.success(request, _("Thank you. The facilitators will look at this post."))
        return redirect(selectors.post_location(post))
    return render_form(
        request,
        "discussions/post_flag.html",
        {"post": selectors.localise_post(post, current_language()), "form": form},
    )


def _moderate(request, allowed, moderate):
    """Read the moderation form and apply it: None when done or refused with a message.

    An unknown action is a bad request; a missing or too long reason comes back
    as a message on the page, as the service words it.
    """
    form = ModerationForm(request.POST)
    form.is_valid()
    action = form.cleaned_data.get("action")
    if action not in allowed:
        return HttpResponseBadRequest(_("Unknown action."))
    if "reason" in form.errors:
        messages.error(request, " ".join(form.errors["reason"]))
        return None
    try:
        moderate(action, form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return None


@require_POST
@login_required
def post_hide(request, pk):
    """Hide a reply (with the reason) or show it again: `action` is hide or unhide."""
    post = selectors.post_for(request.user, pk)
    permissions.check_can_hide_post(request.user, post)
    refused = _moderate(
        request,
        {ModerationAction.HIDE, ModerationAction.UNHIDE},
        lambda action, reason: services.post_set_hidden(
            post=post, by=request.user, hidden=action == ModerationAction.HIDE, reason=reason
        ),
    )
    return refused or redirect(selectors.post_location(post))


@require_POST
@login_required
def post_accept(request, pk):
    post = selectors.post_for(request.user, pk)
    if request.POST.get("accept") == "0":
        permissions.check_can_accept_answer(request.user, post.thread)
        services.answer_unaccept(post=post, by=request.user)
    else:
        permissions.check_can_accept_post(request.user, post)
        services.answer_accept(post=post, by=request.user)
    return redirect(selectors.post_location(post))


@require_POST
@login_required
def thread_moderate(request, pk):
    """Pin, unpin, lock, unlock, hide or unhide the thread, with an optional reason."""
    thread = selectors.thread_for(request.user, pk)
    permissions.check_can_moderate(request.user)
    refused = _moderate(
        request,
        set(ModerationAction.values),
        lambda action, reason: services.thread_moderate(
            thread=thread, by=request.user, action=action, reason=reason
        ),
    )
    return refused or redirect(thread)


@require_POST
@login_required
def thread_follow(request, pk):
    thread = selectors.thread_for(request.user, pk)
    permissions.check_can_follow(request.user)
    services.thread_set_followed(
        member=request.user, thread=thread, follow=request.POST.get("follow") == "1"
    )
    return redirect(thread)


@require_POST
@login_required
def topic_follow(request, slug):
    topic = selectors.topic_for(request.user, slug)
    permissions.check_can_follow(request.user)
    services.topic_set_followed(
        member=request.user, topic=topic, follow=request.POST.get("follow") == "1"
    )
    return redirect("discussions:topic", slug=topic.slug)


@require_GET
def attachment_download(request, pk):
    attachment = selectors.attachment_for(request.user, pk)
    permissions.check_can_read_thread(request.user, attachment.post.thread)
    # The name was cleaned when stored; download_response cleans it again for older files.
    return download_response(
        attachment.file, name=attachment.original_name, content_type=attachment.content_type
    )


@require_GET
def search(request):
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    page = None
    if query:
        page = selectors.search(
            request.user, query, page_number=request.GET.get("page"), language=current_language()
        )
    return render(request, "discussions/search.html", {"form": form, "query": query, "page": page})
