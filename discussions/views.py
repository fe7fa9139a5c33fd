"""Pages of the discussions: each view loads via a selector, checks, validates, calls a service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cop.languages import current_language, other_language
from cop.pagination import paginate
from cop.plugins import collect
from cop.rules import refusal
from cop.shortcuts import render_form
from cop.uploads import download_response

from . import mentions, permissions, selectors, services
from .forms import (
    EditForm,
    FlagForm,
    MentionFindForm,
    ModerationForm,
    PreviewForm,
    ReplyForm,
    ThreadForm,
    TranslationForm,
)
from .models import ModerationAction
from .rendering import PostRenderer, empty_reply_form_fields


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
            "page": selectors.localised_page(page, current_language(), request.user),
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
            "page": selectors.localised_page(page, current_language(), request.user),
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
    # The page reads the previous marker (what is new); the next visit reads this one.
    selectors.mark_unread(thread, user)
    if selectors.read_marker_moves(user, thread, part.posts):
        services.thread_mark_read(member=user, thread=thread)
    selectors.localise_thread(thread, language)
    renderer = PostRenderer(request, thread)
    return render(
        request,
        "discussions/thread_detail.html",
        {
            "thread": thread,
            "opening_html": renderer.render_all([part.opening]),
            "posts_html": renderer.render_all(part.posts),
            "topic": thread.topic,
            "slice": part,
            "actions": actions,
            "reply_fields_html": empty_reply_form_fields() if actions.reply else None,
            "reply_refusal": refusal(permissions.check_can_reply, user, thread),
            "moderation_form": ModerationForm() if actions.moderate else None,
            "thread_notes": collect("threads", "thread_notes", request, thread),
        },
    )


def _aware_datetime(value: str):
    """An ISO date-time with its offset, or None (malformed, impossible or without a zone)."""
    try:
        parsed = parse_datetime(value[:40])
    except ValueError:
        return None
    return parsed if parsed is not None and parsed.tzinfo is not None else None


@require_GET
def thread_unread(request, pk):
    """Jump to the first post written since the viewer's last visit (or since `since`).

    The thread page links here with the marker it read (`since`), because
    opening the page moved the stored one.
    """
    thread = selectors.thread_for(request.user, pk)
    since = _aware_datetime(request.GET.get("since", "")) or getattr(thread, "viewer_read_at", None)
    post = None
    if since is not None:
        post = selectors.first_unread_post(request.user, thread, since)
    if post is None:
        return redirect(thread)
    return redirect(selectors.post_location(post))


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
    preview = None
    if request.method == "POST" and "preview" in request.POST:
        # Without JavaScript, "Preview" comes here: the text shown as it will read, not saved.
        if form.is_valid():
            preview = mentions.render_with_mentions(form.cleaned_data["body"])[0]
    elif request.method == "POST" and form.is_valid():
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
    context = {
        "thread": selectors.localise_thread(thread, language),
        "parent": selectors.localise_post(parent, language),
        "form": form,
        "preview": preview,
    }
    if preview is not None:
        return render(request, "discussions/post_reply.html", context)
    return render_form(request, "discussions/post_reply.html", context)


@require_POST
@login_required
def preview(request):
    """The Markdown of a post as it will read (mentions linked), as an HTML fragment.

    For the "Preview" button when JavaScript runs; nothing is saved.
    """
    permissions.check_can_find_members(request.user)
    form = PreviewForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(" ".join(form.errors.get("body", [])))
    html, _mentioned = mentions.render_with_mentions(form.cleaned_data["body"])
    return render(request, "discussions/_preview.html", {"preview": html})


@require_GET
@login_required
def mention_find(request):
    """Find a member's name to mention: a page without JavaScript, JSON for the autocomplete."""
    permissions.check_can_find_members(request.user)
    form = MentionFindForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    people = mentions.members_named(query) if query else []
    if request.GET.get("format") == "json":
        return JsonResponse(
            {"results": [{"name": person.mention_name, "label": person.label} for person in people]}
        )
    return render(
        request,
        "discussions/mention_find.html",
        {"form": form, "query": query, "people": people},
    )


@require_POST
@login_required
def post_helpful(request, pk):
    """Mark a post "helpful" (`helpful=1`) or take the mark back (`helpful=0`)."""
    post = selectors.post_for(request.user, pk)
    permissions.check_can_mark_helpful(request.user, post)
    services.post_set_helpful(
        member=request.user, post=post, helpful=request.POST.get("helpful") != "0"
    )
    return redirect(selectors.post_location(post))


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
    """The discussions tab of the site search (this address predates it)."""
    params = {"in": "discussions"}
    if request.GET.get("q"):
        params["q"] = request.GET["q"][:200]
    return redirect(f"{reverse('search:search')}?{urlencode(params)}")
