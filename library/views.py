"""Pages of the library: each view loads via a selector, checks, validates, calls a service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cop.languages import current_language
from cop.pagination import paginate
from cop.shortcuts import render_form
from cop.uploads import download_response
from discussions import selectors as discussion_selectors

from . import permissions, selectors, services
from .forms import ActivityForm, AuthorsForm, CommentForm, DocumentForm, FilterForm, PublishForm
from .models import Cohort, DocumentAttachment, DocumentState, Milestone, ReviewComment
from .services.documents import section_titles


def _posted(request):
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


@require_GET
def index(request):
    """Published documents the viewer may read, with filters and search."""
    user = request.user
    form = FilterForm(request.GET or None, years=selectors.publication_years(user))
    filters = selectors.Filters(**form.filters()) if request.GET else selectors.Filters()
    page = paginate(
        selectors.documents_for(user, filters),
        request.GET.get("page"),
        selectors.DOCUMENTS_PER_PAGE,
    )
    selectors.decorate_list(page.object_list, current_language(), filters.q)
    return render(
        request,
        "library/index.html",
        {
            "form": form,
            "page": page,
            "query": filters.q,
            # The filters stay open once one is set (a phone shows the results first).
            "filtered": any(request.GET.get(name) for name in form.fields if name != "q"),
            "working": list(selectors.working_documents(user)[:10]),
            "review_queue": (
                list(selectors.review_queue()[:10]) if permissions.can_publish_any(user) else []
            ),
            "participations": list(selectors.participations_of(user)),
            "can_create": permissions.can_create_document(user),
        },
    )


def _document_context(request, document, version=None):
    user = request.user
    language = current_language()
    context = {
        "document": document,
        "authors": list(document.authors.all()),
        "topics": list(document.topics.all()),
        "countries": list(document.countries.all()),
        "files": list(document.attachments.all()),
        "in_team": permissions.in_team(user, document),
        "can_edit": permissions.can_edit_document(user, document),
        "can_submit": permissions.can_submit_document(user, document),
        "can_publish": permissions.can_publish(user, document),
        "can_revise": permissions.can_revise(user, document),
    }
    shown = version or document.current_version
    if shown is not None:
        selectors.localise(shown, language)
        context |= {
            "version": shown,
            "versions": selectors.versions_of(document),
            "is_latest": shown.pk == document.current_version_id,
            "citation": selectors.citation(document, shown, language),
            "version_authors": selectors.author_names(shown, language),
        }
    else:
        context["working"] = selectors.localise(document, language)
    return context


@require_GET
def document_detail(request, pk):
    """The stable address of a document: its latest published version (or, for its team,
    the draft of a document not yet published)."""
    document = selectors.document_for(request.user, pk)
    return render(request, "library/document.html", _document_context(request, document))


@require_GET
def version_detail(request, pk, number):
    document = selectors.document_for(request.user, pk)
    version = selectors.version_for(request.user, document, number)
    return render(request, "library/document.html", _document_context(request, document, version))


@require_GET
def version_changes(request, pk, number):
    """What changed in this version's text since the one before."""
    document = selectors.document_for(request.user, pk)
    version = selectors.version_for(request.user, document, number)
    older = document.versions.filter(number__lt=version.number).order_by("-number").first()
    return render(
        request,
        "library/changes.html",
        {
            "document": document,
            "version": version,
            "older": older,
            "lines": selectors.version_diff(older, version),
        },
    )


@login_required
def document_create(request):
    permissions.check_can_create_document(request.user)
    form = DocumentForm(*_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        document = services.document_create(
            author=request.user,
            kind=data["kind"],
            title=data["title"],
            summary=data["summary"],
            body=data["body"],
            language=data["language"] or None,
            title_translation=data["title_translation"],
            summary_translation=data["summary_translation"],
            body_translation=data["body_translation"],
            topics=data["topics"],
            countries=data["countries"],
            files=data["attachments"],
        )
        messages.success(request, _("Your draft is saved. Only its authors can see it."))
        return redirect(document)
    return render_form(request, "library/document_form.html", {"form": form, "document": None})


@login_required
def document_edit(request, pk):
    """Change the working text; a save made on an older revision is refused, not lost."""
    document = selectors.document_for(request.user, pk)
    permissions.check_can_edit_document(request.user, document)
    initial = {
        "language": document.language,
        "title": document.title,
        "summary": document.summary,
        "body": document.body,
        "title_translation": document.title_translation,
        "summary_translation": document.summary_translation,
        "body_translation": document.body_translation,
        "topics": list(document.topics.all()),
        "countries": list(document.countries.all()),
        "revision": document.revision,
    }
    form = DocumentForm(*_posted(request), initial=initial, with_kind=False)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.document_edit(
                document=document,
                editor=request.user,
                revision=data["revision"] or 0,
                language=data["language"] or None,
                topics=data["topics"],
                countries=data["countries"],
                files=data["attachments"],
                **{name: data[name] for name in services.documents.TEXT_FIELDS},
            )
        except services.StaleEdit as stale:
            # Their text stays in the form; the other's is shown beside it, and the
            # form now carries the new revision so a second save is a conscious choice.
            conflict = selectors.localise(stale.document, current_language())
            data_copy = request.POST.copy()
            data_copy["revision"] = stale.document.revision
            form = DocumentForm(data_copy, initial=initial, with_kind=False)
            form.is_valid()
            form.add_error(
                None,
                _(
                    "A co-author saved this document while you were editing it. Your text is "
                    "below, not saved; their version is shown underneath. Merge the two, then "
                    "save again."
                ),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(document)
    response = render_form(
        request,
        "library/document_form.html",
        {
            "form": form,
            "document": document,
            "conflict": conflict,
            "authors_form": AuthorsForm(document=document),
        },
    )
    if conflict is not None:
        response.status_code = 409
    return response


@require_POST
@login_required
def document_authors(request, pk):
    """Add or remove co-authors (from the edit page)."""
    document = selectors.document_for(request.user, pk)
    permissions.check_can_edit_document(request.user, document)
    authors_form = AuthorsForm(request.POST, document=document)
    if authors_form.is_valid():
        data = authors_form.cleaned_data
        try:
            services.document_authors_update(
                document=document,
                by=request.user,
                add=[data["add"]] if data["add"] else [],
                remove=list(data["remove"]),
            )
        except ValidationError as error:
            authors_form.add_error(None, error)
        else:
            messages.success(request, _("The authors are updated."))
            if permissions.can_edit_document(request.user, document):
                return redirect("library:edit", pk=document.pk)
            return redirect(document)
    form = DocumentForm(
        initial={"title": document.title, "revision": document.revision}, with_kind=False
    )
    return render_form(
        request,
        "library/document_form.html",
        {"form": form, "document": document, "authors_form": authors_form},
    )


@require_POST
@login_required
def document_submit(request, pk):
    document = selectors.document_for(request.user, pk)
    permissions.check_can_submit_document(request.user, document)
    services.document_submit(document=document, by=request.user)
    messages.success(request, _("Sent for review. The coach and the facilitators can comment."))
    return redirect("library:review", pk=document.pk)


@login_required
def document_review(request, pk):
    """The working text section by section, with the review comments (team only)."""
    document = selectors.document_for(request.user, pk)
    permissions.check_can_read_working_text(request.user, document)
    sections = section_titles(document.body)
    form = CommentForm(_posted(request)[0], sections=sections)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            parent = None
            if data["parent"]:
                parent = get_object_or_404(ReviewComment, pk=data["parent"], document=document)
            permissions.check_can_comment(request.user, document, parent)
            try:
                comment = services.review_comment_add(
                    document=document,
                    author=request.user,
                    body=data["body"],
                    section=data["section"],
                    parent=parent,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect(f"{request.path}#comment-{comment.pk}")
        else:
            permissions.check_can_comment(request.user, document)
    language = current_language()
    return render_form(
        request,
        "library/review.html",
        {
            "document": selectors.localise(document, language),
            "sections": selectors.review_sections(document),
            "form": form,
            "can_comment": permissions.can_comment(request.user, document),
            "can_answer": document.state == DocumentState.IN_REVIEW
            and permissions.can_read_working_text(request.user, document),
            "can_edit": permissions.can_edit_document(request.user, document),
            "can_publish": permissions.can_publish(request.user, document),
            "steps": selectors.steps_of(document),
        },
    )


@login_required
def document_publish(request, pk):
    document = selectors.document_for(request.user, pk)
    permissions.check_can_publish(request.user, document)
    form = PublishForm(_posted(request)[0], initial={"visibility": document.visibility})
    if request.method == "POST" and form.is_valid():
        version = services.document_publish(
            document=document, by=request.user, visibility=form.cleaned_data["visibility"]
        )
        messages.success(
            request,
            _("Version %(number)s is published.") % {"number": version.number},
        )
        return redirect(document)
    return render_form(
        request,
        "library/publish.html",
        {"document": selectors.localise(document, current_language()), "form": form},
    )


@require_POST
@login_required
def document_revise(request, pk):
    document = selectors.document_for(request.user, pk)
    permissions.check_can_revise(request.user, document)
    services.document_revise(document=document, by=request.user)
    messages.success(
        request, _("Revision started. Readers keep the published version until the next one.")
    )
    return redirect("library:edit", pk=document.pk)


@require_GET
def attachment_download(request, pk):
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    attachment = get_object_or_404(DocumentAttachment.objects.select_related("document"), pk=pk)
    permissions.check_can_read_document(request.user, attachment.document)
    return download_response(
        attachment.file, name=attachment.original_name, content_type=attachment.content_type
    )


@require_POST
@login_required
def from_thread(request, thread_pk):
    """A facilitator starts a draft from a discussion thread."""
    thread = discussion_selectors.thread_for(request.user, thread_pk)
    permissions.check_can_start_from_thread(request.user, thread)
    document = services.document_from_thread(thread=thread, by=request.user)
    messages.success(request, _("A draft quoting the discussion is ready to edit."))
    return redirect("library:edit", pk=document.pk)


# --- Cohorts ---------------------------------------------------------------------------------
@require_GET
@login_required
def cohort_board(request, pk):
    """The progress board of a cohort, for its coaches and the facilitators."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    cohort = get_object_or_404(Cohort.objects.select_related("topic"), pk=pk)
    permissions.check_can_view_board(request.user, cohort)
    milestones, rows = selectors.progress_board(cohort)
    return render(
        request,
        "library/cohort_board.html",
        {
            "cohort": cohort,
            "milestones": milestones,
            "rows": rows,
            "late": sum(row.is_late for row in rows),
            "waiting": sum(row.is_waiting for row in rows),
            "webinars": list(cohort.webinars.order_by("start")),
        },
    )


@login_required
def participation(request, pk):
    """A participant's page: their activity and colleagues, milestones, their document."""
    participant = selectors.participation_for(request.user, pk)
    can_edit = permissions.can_edit_activity(request.user, participant)
    form = None
    if can_edit or request.method == "POST":
        permissions.check_can_edit_activity(request.user, participant)
        form = ActivityForm(
            _posted(request)[0],
            cohort=participant.cohort,
            member=participant.member,
            initial={
                "kind": participant.activity_kind,
                "title": participant.activity_title,
                "colleagues": list(participant.colleagues.all()),
            },
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            services.activity_update(
                participant=participant,
                by=request.user,
                kind=data["kind"],
                title=data["title"],
                colleagues=list(data["colleagues"]),
            )
            messages.success(request, _("Your activity is saved."))
            return redirect("library:participation", pk=participant.pk)
    milestones = list(participant.cohort.milestones.order_by("due_on"))
    handed_in = {p.milestone_id: p for p in participant.progress.all()}
    today = timezone.localdate()
    for milestone in milestones:
        milestone.handed_in = handed_in.get(milestone.pk)
        milestone.status = selectors.cell_status(milestone, milestone.handed_in, today)
    return render_form(
        request,
        "library/participation.html",
        {
            "participant": participant,
            "form": form,
            "milestones": milestones,
            "can_hand_in": permissions.can_hand_in(request.user, participant),
            "can_give_feedback": permissions.can_give_feedback(request.user, participant),
            "webinars": list(participant.cohort.webinars.order_by("start")),
        },
    )


def _milestone(participant, milestone_pk) -> Milestone:
    try:
        milestone_pk = int(milestone_pk)
    except (TypeError, ValueError):
        raise Http404 from None
    return get_object_or_404(Milestone, pk=milestone_pk, cohort_id=participant.cohort_id)


@require_POST
@login_required
def milestone_hand_in(request, pk, milestone_pk):
    participant = selectors.participation_for(request.user, pk)
    permissions.check_can_hand_in(request.user, participant)
    milestone = _milestone(participant, milestone_pk)
    services.milestone_hand_in(participant=participant, milestone=milestone, by=request.user)
    messages.success(request, _("Handed in. Your coach will give you feedback."))
    return redirect("library:participation", pk=participant.pk)


@require_POST
@login_required
def milestone_feedback(request, pk, milestone_pk):
    participant = selectors.participation_for(request.user, pk)
    permissions.check_can_give_feedback(request.user, participant)
    milestone = _milestone(participant, milestone_pk)
    try:
        services.feedback_give(participant=participant, milestone=milestone, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("library:cohort", pk=participant.cohort_id)
