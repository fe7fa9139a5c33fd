"""Reads of the library, scoped to the viewer (`permissions`), with their related rows."""

import difflib
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from cop.languages import Language, direction
from cop.search import db as search_db
from cop.search.glossary import query_from
from cop.search.text import highlight, plain_text
from cop.sites import absolute_url

from . import permissions
from .models import (
    CohortParticipant,
    Document,
    DocumentKind,
    DocumentState,
    DocumentStep,
    DocumentVersion,
    Milestone,
    MilestoneProgress,
    ReviewComment,
)
from .services.documents import section_titles

DOCUMENTS_PER_PAGE = 20


# --- Bilingual display ---------------------------------------------------------------
def localise(text, language: str):
    """Set what a reader of `language` sees of a document or version: `shown_*` fields.

    A block is shown in translation when the reader's language is not the
    original and a translation exists; each block keeps its own lang/dir.
    """
    translated_title = text.language != language and bool(text.title_translation)
    text.shown_title = text.title_translation if translated_title else text.title
    text.shown_title_language = language if translated_title else text.language
    text.shown_title_dir = direction(text.shown_title_language)
    text.title_is_translated = translated_title
    translated_summary = text.language != language and bool(text.summary_translation)
    text.shown_summary = text.summary_translation if translated_summary else text.summary
    text.shown_summary_language = language if translated_summary else text.language
    text.shown_summary_dir = direction(text.shown_summary_language)
    translated_body = text.language != language and bool(text.body_translation_html)
    text.shown_html = text.body_translation_html if translated_body else text.body_html
    text.shown_language = language if translated_body else text.language
    text.shown_dir = direction(text.shown_language)
    text.is_translated = translated_body
    text.original_dir = direction(text.language)
    return text


# --- The index ---------------------------------------------------------------------------
@dataclass
class Filters:
    kind: str = ""
    topic: str = ""
    country: str = ""
    language: str = ""
    year: int | None = None
    q: str = ""


def published_documents(viewer) -> QuerySet:
    return Document.objects.filter(permissions.readable_documents(viewer))


def documents_for(viewer, filters: Filters) -> QuerySet:
    """Published documents the viewer may read, filtered, newest first (or best match)."""
    documents = (
        published_documents(viewer)
        .select_related("current_version")
        .prefetch_related("topics", "countries")
    )
    if filters.kind:
        documents = documents.filter(kind=filters.kind)
    if filters.topic:
        documents = documents.filter(topics__slug=filters.topic)
    if filters.country:
        documents = documents.filter(countries__code=filters.country)
    if filters.language:
        documents = documents.filter(current_version__language=filters.language)
    if filters.year:
        documents = documents.filter(first_published_at__year=filters.year)
    if not filters.q:
        return documents.order_by("-first_published_at", "-id")
    # The site search's analyser and glossary: the same words find the same documents here
    # and in the site search's library tab (`library.search`).
    query = query_from(filters.q)
    if not query:
        return documents.none()
    return (
        documents.filter(search_db.matches(query))
        .annotate(rank=search_db.rank(query))
        .order_by("-rank", "-id")
    )


def decorate_list(documents, language: str, query: str = "") -> list:
    """Localise each listed document's current version (and an excerpt around the match)."""
    stems = query_from(query).stems if query else set()
    for document in documents:
        version = localise(document.current_version, language)
        document.shown = version
        if query:
            text = plain_text(version.shown_html) or version.shown_summary
            document.excerpt = highlight(f"{version.shown_summary} {text}", stems)
            document.excerpt_language = version.shown_language
            document.excerpt_dir = version.shown_dir
    return documents


def publication_years(viewer) -> list[int]:
    dates = published_documents(viewer).dates("first_published_at", "year", order="DESC")
    return [d.year for d in dates]


# --- One document -------------------------------------------------------------------------
def document_for(viewer, pk) -> Document:
    """A document the viewer may read (published, or theirs to work on); 404 otherwise."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    document = get_object_or_404(
        Document.objects.select_related(
            "current_version", "coach", "source_thread"
        ).prefetch_related("authors", "topics", "countries", "attachments"),
        pk=pk,
    )
    permissions.check_can_read_document(viewer, document)
    return document


def versions_of(document: Document) -> list[DocumentVersion]:
    return list(document.versions.only("id", "document_id", "number", "published_at", "visibility"))


def version_for(viewer, document: Document, number) -> DocumentVersion:
    """A published version of a document whose published text the viewer may read."""
    permissions.check_can_read_document(viewer, document)
    if not document.is_published:
        raise Http404
    try:
        number = int(number)
    except (TypeError, ValueError):
        raise Http404 from None
    return get_object_or_404(DocumentVersion, document=document, number=number)


def author_names(version: DocumentVersion, language: str) -> list[str]:
    return [entry.get(language) or entry.get("ar") or "" for entry in version.author_names]


@dataclass
class Citation:
    text: str
    url: str


def citation(document: Document, version: DocumentVersion, language: str) -> Citation:
    """The suggested citation of one version, with its number and stable address.

    The address is kept apart so the page can isolate it (a URL inside Arabic
    text must stay left to right).
    """
    separator = "، " if direction(language) == "rtl" else ", "
    names = separator.join(author_names(version, language))
    title = version.shown_title if hasattr(version, "shown_title") else version.title
    if document.series_number:
        series = _("Policy note No. %(number)s") % {"number": document.series_number}
    else:
        series = document.get_kind_display()
    text = _(
        "%(authors)s (%(year)s). %(title)s. %(series)s, version %(version)s. "
        "MENA community of practice on employment and social safety nets."
    ) % {
        "authors": names,
        "year": timezone.localtime(version.published_at).year,
        "title": title,
        "series": series,
        "version": version.number,
    }
    return Citation(text=text, url=absolute_url(version.get_absolute_url()))


@dataclass
class DiffLine:
    kind: str  # "same", "added", "removed"
    text: str


def version_diff(older: DocumentVersion | None, newer: DocumentVersion) -> list[DiffLine]:
    """Line by line, what changed in the text (titles, summary and body) between two versions."""

    def lines(version):
        if version is None:
            return []
        return [version.title, version.summary, "", *version.body.splitlines()]

    before, after = lines(older), lines(newer)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after).get_opcodes():
        if op == "equal":
            out += [DiffLine("same", line) for line in before[i1:i2]]
            continue
        out += [DiffLine("removed", line) for line in before[i1:i2]]
        out += [DiffLine("added", line) for line in after[j1:j2]]
    return out


# --- Working on a document ----------------------------------------------------------------
@dataclass
class Section:
    title: str
    comments: list = field(default_factory=list)


def review_sections(document: Document) -> list[Section]:
    """The whole document, then each section, each with its comment threads in order.

    Comments on a section whose heading has since changed are kept under their
    old heading, after the current sections.
    """
    comments = list(
        ReviewComment.objects.filter(document=document)
        .select_related("author")
        .order_by("created_at", "pk")
    )
    children: dict[int | None, list] = {}
    for comment in comments:
        children.setdefault(comment.parent_id, []).append(comment)

    def walk(comment, depth):
        comment.depth = min(depth, 4)
        yield comment
        for child in children.get(comment.pk, []):
            yield from walk(child, depth + 1)

    titles = ["", *section_titles(document.body)]
    sections = {title: Section(title) for title in titles}
    for root in children.get(None, []):
        section = sections.setdefault(root.section, Section(root.section))
        section.comments += list(walk(root, 0))
    return list(sections.values())


def steps_of(document: Document) -> list[DocumentStep]:
    return list(document.steps.select_related("actor").order_by("created_at", "pk"))


def working_documents(viewer) -> QuerySet:
    """Documents the viewer writes or coaches that are not (or no longer) only published."""
    if not viewer.is_authenticated:
        return Document.objects.none()
    return (
        Document.objects.filter(Q(authors=viewer) | Q(coach=viewer))
        .exclude(state=DocumentState.PUBLISHED)
        .distinct()
        .order_by("-updated_at")
    )


def review_queue() -> QuerySet:
    """Documents waiting for a facilitator's review or publication."""
    return Document.objects.filter(state=DocumentState.IN_REVIEW).order_by("updated_at")


# --- Cohorts -------------------------------------------------------------------------------
@dataclass
class Cell:
    milestone: Milestone
    status: str  # "done", "waiting", "late", "upcoming"
    progress: MilestoneProgress | None = None


@dataclass
class BoardRow:
    participant: CohortParticipant
    cells: list[Cell]

    @property
    def is_late(self) -> bool:
        return any(cell.status == "late" for cell in self.cells)

    @property
    def is_waiting(self) -> bool:
        return any(cell.status == "waiting" for cell in self.cells)


def cell_status(milestone, progress, today) -> str:
    if progress is None:
        return "late" if milestone.due_on < today else "upcoming"
    return "done" if progress.feedback_at else "waiting"


def progress_board(cohort) -> tuple[list[Milestone], list[BoardRow]]:
    """Each participant against each milestone: late, waiting for feedback, done or upcoming."""
    milestones = list(cohort.milestones.order_by("due_on", "pk"))
    participants = list(
        cohort.participants.select_related("member", "member__country", "coach", "document")
        .prefetch_related(
            "colleagues",
            Prefetch("progress", queryset=MilestoneProgress.objects.all(), to_attr="handed_in"),
        )
        .order_by("pk")
    )
    today = timezone.localdate()
    rows = []
    for participant in participants:
        by_milestone = {p.milestone_id: p for p in participant.handed_in}
        cells = [
            Cell(m, cell_status(m, by_milestone.get(m.pk), today), by_milestone.get(m.pk))
            for m in milestones
        ]
        rows.append(BoardRow(participant, cells))
    return milestones, rows


def participation_for(viewer, pk) -> CohortParticipant:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    participant = get_object_or_404(
        CohortParticipant.objects.select_related("cohort", "member", "coach", "document"),
        pk=pk,
    )
    permissions.check_can_view_participation(viewer, participant)
    return participant


def participations_of(viewer) -> QuerySet:
    if not viewer.is_authenticated:
        return CohortParticipant.objects.none()
    return CohortParticipant.objects.filter(member=viewer).select_related("cohort")


KIND_CHOICES = DocumentKind.choices
LANGUAGE_CHOICES = Language.choices
