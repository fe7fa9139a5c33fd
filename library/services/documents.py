"""Writing documents: draft, edit (refusing stale saves), review, publish, revise."""

import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cop.languages import Language
from cop.mail import send_templated_emails
from cop.markdown import render_markdown
from cop.models import UnsubscribeScope
from cop.queue import enqueue
from cop.search import db as search_db
from cop.search.text import index_text, plain_text
from cop.sites import absolute_url
from cop.uploads import download_name, validate_upload
from discussions.text import detect_language
from members.models import NotificationMode
from members.permissions import approved_members_q, is_approved_member

from .. import permissions
from ..models import (
    Document,
    DocumentAttachment,
    DocumentKind,
    DocumentState,
    DocumentStep,
    DocumentVersion,
    PublicationNotice,
    ReviewComment,
    SeriesCounter,
    StepAction,
    Visibility,
)

logger = logging.getLogger(__name__)

# The fields of the working text an edit may change.
TEXT_FIELDS = (
    "title",
    "title_translation",
    "summary",
    "summary_translation",
    "body",
    "body_translation",
)


class StaleEdit(Exception):
    """The working text changed since the editor opened it; nothing was saved."""

    def __init__(self, document: Document):
        super().__init__("stale edit")
        self.document = document


def _step(document, actor, action, version=None) -> None:
    DocumentStep.objects.create(document=document, actor=actor, action=action, version=version)


def _language(language, *texts) -> str:
    return language if language in Language.values else detect_language(" ".join(texts))


def _render(document: Document) -> None:
    document.body_html = render_markdown(document.body)
    document.body_translation_html = render_markdown(document.body_translation)


def attachments_add(*, document: Document, by, files) -> list[DocumentAttachment]:
    """Store checked files on the document (the type is read from the bytes)."""
    stored = []
    for upload in files or ():
        content_type = validate_upload(upload)
        stored.append(
            DocumentAttachment.objects.create(
                document=document,
                file=upload,
                original_name=download_name(upload.name, content_type),
                content_type=content_type,
                size=upload.size,
                uploaded_by=by,
            )
        )
    return stored


@transaction.atomic
def document_create(
    *,
    author,
    kind: str,
    title: str,
    body: str = "",
    summary: str = "",
    language: str | None = None,
    title_translation: str = "",
    summary_translation: str = "",
    body_translation: str = "",
    topics=(),
    countries=(),
    co_authors=(),
    coach=None,
    files=(),
    source_thread=None,
) -> Document:
    """Start a draft; `author` (and `co_authors`) write it. Readers see nothing yet."""
    permissions.check_can_create_document(author)
    if kind not in DocumentKind.values:
        raise ValidationError(_("Unknown kind of document."))
    document = Document(
        kind=kind,
        language=_language(language, title, summary, body),
        title=title.strip(),
        title_translation=title_translation.strip(),
        summary=summary.strip(),
        summary_translation=summary_translation.strip(),
        body=body,
        body_translation=body_translation,
        coach=coach,
        created_by=author,
        source_thread=source_thread,
    )
    _render(document)
    document.save()
    document.authors.add(author, *co_authors)
    document.topics.set(topics)
    document.countries.set(countries)
    attachments_add(document=document, by=author, files=files)
    _step(document, author, StepAction.CREATED)
    return document


def _locked(document: Document) -> Document:
    return Document.objects.select_for_update().get(pk=document.pk)


@transaction.atomic
def document_edit(
    *,
    document: Document,
    editor,
    revision: int,
    language: str | None = None,
    topics=None,
    countries=None,
    files=(),
    **texts,
) -> Document:
    """Save the working text, if it is still the revision the editor started from.

    The row is locked, so of two co-authors saving the same revision one wins
    and the other gets `StaleEdit` (with the text now stored), never a silent
    overwrite. Each save bumps `revision`.
    """
    unknown = set(texts) - set(TEXT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    current = _locked(document)
    permissions.check_can_edit_document(editor, current)
    if current.revision != revision:
        raise StaleEdit(current)
    for field, value in texts.items():
        setattr(current, field, value.strip() if field in ("title", "title_translation") else value)
    current.language = _language(language, current.title, current.summary, current.body)
    current.revision += 1
    _render(current)
    current.save()
    if topics is not None:
        current.topics.set(topics)
    if countries is not None:
        current.countries.set(countries)
    attachments_add(document=current, by=editor, files=files)
    _step(current, editor, StepAction.EDITED)
    return current


@transaction.atomic
def document_authors_update(*, document: Document, by, add=(), remove=()) -> Document:
    """Add or remove co-authors (approved members); a document always keeps one author."""
    current = _locked(document)
    permissions.check_can_edit_document(by, current)
    for person in add:
        if not is_approved_member(person):
            raise ValidationError(_("Only approved members can be authors."))
    remaining = set(current.authors.values_list("pk", flat=True)) | {p.pk for p in add}
    remaining -= {p.pk for p in remove}
    if not remaining:
        raise ValidationError(_("A document keeps at least one author."))
    current.authors.add(*add)
    current.authors.remove(*remove)
    if add or remove:
        _step(current, by, StepAction.EDITED)
    return current


@transaction.atomic
def document_submit(*, document: Document, by) -> Document:
    """A draft goes to review: the coach and the facilitators comment on it."""
    current = _locked(document)
    permissions.check_can_submit_document(by, current)
    current.state = DocumentState.IN_REVIEW
    current.save(update_fields=["state", "updated_at"])
    _step(current, by, StepAction.SUBMITTED)
    return current


def section_titles(body: str) -> list[str]:
    """The headings that divide a body into sections (Markdown `#` and `##` lines)."""
    titles = []
    for line in (body or "").splitlines():
        stripped = line.strip()
        if stripped.startswith("#") and not stripped.startswith("###"):
            title = stripped.lstrip("#").strip()
            if title and title not in titles:
                titles.append(title[:200])
    return titles


@transaction.atomic
def review_comment_add(
    *, document: Document, author, body: str, section: str = "", parent: ReviewComment | None = None
) -> ReviewComment:
    """A comment on a section of a document in review, or an answer to one."""
    current = _locked(document)
    permissions.check_can_comment(author, current, parent)
    if parent is not None:
        section = parent.section
    elif section and section not in section_titles(current.body):
        raise ValidationError(_("This section is no longer in the document."))
    comment = ReviewComment.objects.create(
        document=current,
        author=author,
        parent=parent,
        section=section,
        body=body,
        body_html=render_markdown(body),
        revision=current.revision,
    )
    _step(current, author, StepAction.COMMENTED)
    return comment


def _next_series_number(series: str) -> int:
    """The next number of `series`, taken under a row lock: two publications never share one."""
    SeriesCounter.objects.get_or_create(series=series)
    counter = SeriesCounter.objects.select_for_update().get(series=series)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def _author_names(document: Document) -> list[dict]:
    names = []
    for author in document.authors.order_by("pk"):
        names.append(
            {
                "id": author.pk,
                "ar": author.name_arabic or author.name_latin,
                "en": author.name_latin or author.name_arabic,
            }
        )
    return names


def search_fields(document: Document, version: DocumentVersion) -> dict:
    """The stems of the published text (`cop.search.text.index_text`, the site search's
    analyser) and, on PostgreSQL, their vector: titles weighted above summaries and texts."""
    titles = index_text(f"{version.title} {version.title_translation}")
    bodies = index_text(
        " ".join(
            [
                version.summary,
                version.summary_translation,
                plain_text(version.body_html),
                plain_text(version.body_translation_html),
            ]
        )
    )
    fields = {"search_document": f"{titles} {bodies}".strip()}
    if search_db.full_text():
        fields["search_vector"] = search_db.search_vector((titles, "A"), (bodies, "B"))
    return fields


@transaction.atomic
def document_publish(*, document: Document, by, visibility: str) -> DocumentVersion:
    """Freeze the working text as the next version; readers now see it.

    A policy note gets its series number the first time it is published.
    Followers of its topics are told after commit (`library.notify_publication`).
    """
    current = _locked(document)
    permissions.check_can_publish(by, current)
    if visibility not in Visibility.values:
        raise ValidationError(_("Choose who may read the document."))
    now = timezone.now()
    if current.kind == DocumentKind.POLICY_NOTE and current.series_number is None:
        current.series_number = _next_series_number(DocumentKind.POLICY_NOTE)
    number = (current.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = DocumentVersion.objects.create(
        document=current,
        number=number,
        published_at=now,
        published_by=by,
        visibility=visibility,
        language=current.language,
        title=current.title,
        title_translation=current.title_translation,
        summary=current.summary,
        summary_translation=current.summary_translation,
        body=current.body,
        body_html=current.body_html,
        body_translation=current.body_translation,
        body_translation_html=current.body_translation_html,
        author_names=_author_names(current),
    )
    current.state = DocumentState.PUBLISHED
    current.visibility = visibility
    current.current_version = version
    current.first_published_at = current.first_published_at or now
    current.save()
    Document.objects.filter(pk=current.pk).update(**search_fields(current, version))
    _step(current, by, StepAction.PUBLISHED, version=number)
    from ..tasks import notify_publication

    enqueue(notify_publication, version.pk)
    return version


@transaction.atomic
def document_revise(*, document: Document, by) -> Document:
    """Reopen a published document for changes; readers keep the published version."""
    current = _locked(document)
    permissions.check_can_revise(by, current)
    current.state = DocumentState.DRAFT
    current.save(update_fields=["state", "updated_at"])
    _step(current, by, StepAction.REVISING, version=current.current_version.number)
    return current


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.strip().splitlines())


BEST_REPLIES = 3


@transaction.atomic
def document_from_thread(*, thread, by) -> Document:
    """A facilitator's draft quoting a discussion: its question, accepted answer and best replies.

    Each quotation names its author and links to the post, so the note stays
    citable back to the discussion. "Best" replies: experts' first, then the
    earliest, among visible top-level replies other than the accepted answer.
    """
    permissions.check_can_start_from_thread(by, thread)
    opening = thread.opening_post
    replies = (
        thread.posts.filter(depth=1, is_hidden=False)
        .exclude(pk=thread.accepted_answer_id or 0)
        .select_related("author")
        .order_by("-author__is_expert", "created_at")[:BEST_REPLIES]
    )
    arabic = thread.language == Language.ARABIC

    def heading(ar: str, en: str) -> str:
        return ar if arabic else en

    def quoted(post) -> str:
        link = absolute_url(reverse("discussions:post", args=[post.pk]))
        name = post.author.display_name
        return f"{_quote(post.body)}\n>\n> — {name}, [{link}]({link})"

    parts = [f"## {heading('السؤال', 'The question')}", quoted(opening)]
    accepted = thread.accepted_answer
    if accepted is not None and not accepted.is_hidden:
        parts += [f"## {heading('الإجابة المعتمدة', 'The accepted answer')}", quoted(accepted)]
    if replies:
        parts.append(f"## {heading('من الردود', 'From the replies')}")
        parts += [quoted(reply) for reply in replies]
    parts.append(f"## {heading('ما نستخلصه', 'What we learn')}")
    parts.append("")
    document = document_create(
        author=by,
        kind=DocumentKind.POLICY_NOTE,
        title=thread.title,
        title_translation=thread.title_translation,
        body="\n\n".join(parts),
        language=thread.language,
        topics=[thread.topic_id],
        source_thread=thread,
    )
    return document


def publication_notify(*, version_id: int) -> int:
    """Email the followers of the document's topics about a publication, once each.

    Runs in the worker. The version's row is locked, so two runs of the task
    never tell anyone twice; `PublicationNotice` rows record who was told.
    Each email is rendered in the follower's language (the pipeline does it).
    """
    from discussions.models import TopicFollow

    with transaction.atomic():
        try:
            version = (
                DocumentVersion.objects.select_for_update(of=("self",))
                .select_related("document")
                .get(pk=version_id)
            )
        except DocumentVersion.DoesNotExist:
            return 0
        document = version.document
        if document.current_version_id != version.pk:
            return 0  # a later version was published meanwhile: that one tells them
        followers = TopicFollow.objects.filter(topic__in=document.topics.all()).values("member_id")
        members = list(
            get_user_model()
            .objects.filter(approved_members_q(), pk__in=followers)
            .exclude(notification_mode=NotificationMode.NONE)
            .exclude(library_notices__version=version)
            .exclude(pk__in=document.authors.values("pk"))
            .order_by("pk")
        )
        if not members:
            return 0
        PublicationNotice.objects.bulk_create(
            [PublicationNotice(version=version, member=member) for member in members]
        )
        rows = send_templated_emails(
            template="library/email/published",
            recipients=members,
            # The link is built in each email's language (the template runs under it).
            context={"version": version, "document": document},
            unsubscribe=UnsubscribeScope.NOTIFICATIONS,
        )
        return len(rows)
