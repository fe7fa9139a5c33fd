"""Who may read and write what in the library. Every view and service calls a `check_can_*`.

Each rule is written once: a `check_can_*` raises `PermissionDenied` with the
reason the person reads, or `Http404` where the thing must not be known to
exist (a draft, a review, a members-only document for a visitor), and the
`can_*` boolean is derived from it (`cop.rules.boolean`).

Two ways of reading a document:
- its published text (`current_version`): anyone for a public document,
  approved members for a members-only one (`published_conditions`, which the
  index, the feed and search filter with);
- its working text, the review and the steps: the document's team only, its
  authors, its assigned coach and the facilitators.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from cop.rules import boolean, conditions_match, conditions_q
from members.permissions import check_can_participate, is_approved_member, is_facilitator

from .models import DocumentState, Visibility


# --- Roles on a document ---------------------------------------------------------------
def author_ids(document) -> set[int]:
    """The ids of the document's authors, read once per object (prefetched when listed)."""
    cached = getattr(document, "_author_ids", None)
    if cached is None:
        if "authors" in getattr(document, "_prefetched_objects_cache", {}):
            cached = {author.pk for author in document.authors.all()}
        else:
            cached = set(document.authors.values_list("pk", flat=True))
        document._author_ids = cached
    return cached


def is_author(user, document) -> bool:
    return user.is_authenticated and is_approved_member(user) and user.pk in author_ids(document)


def is_coach(user, document) -> bool:
    return (
        user.is_authenticated
        and document.coach_id is not None
        and document.coach_id == user.pk
        and is_approved_member(user)
    )


def is_reviewer(user, document) -> bool:
    """The assigned coach or a facilitator: who comments on a document in review."""
    return is_facilitator(user) or is_coach(user, document)


def in_team(user, document) -> bool:
    """Authors, the assigned coach and the facilitators see the working text."""
    return is_reviewer(user, document) or is_author(user, document)


# --- Reading -----------------------------------------------------------------------------
def published_conditions(user) -> dict:
    """What a document must be for `user` to read its published text."""
    conditions = {"current_version__isnull": False}
    if not is_approved_member(user):
        conditions["visibility"] = Visibility.PUBLIC
    return conditions


def readable_documents(user, prefix: str = "") -> Q:
    return conditions_q(published_conditions(user), prefix)


def _published_match(user, document) -> bool:
    if document.current_version_id is None:
        return False
    return conditions_match(
        document,
        {k: v for k, v in published_conditions(user).items() if k != "current_version__isnull"},
    )


def check_can_read_document(user, document) -> None:
    """The published text; the team also reads a document never published."""
    if _published_match(user, document) or in_team(user, document):
        return
    raise Http404


can_read_document = boolean(check_can_read_document)


def check_can_read_working_text(user, document) -> None:
    """The draft, the review comments and the steps: the team only, unknown to others."""
    if not in_team(user, document):
        raise Http404


can_read_working_text = boolean(check_can_read_working_text)


# --- Writing -------------------------------------------------------------------------------
def check_can_create_document(user) -> None:
    check_can_participate(user)


can_create_document = boolean(check_can_create_document)


def check_can_edit_document(user, document) -> None:
    """Its authors (or a facilitator) change the working text while it is a draft or in review."""
    check_can_read_working_text(user, document)
    check_can_participate(user)
    if not (is_author(user, document) or is_facilitator(user)):
        raise PermissionDenied(_("Only the authors or a facilitator can change this document."))
    if document.state == DocumentState.PUBLISHED:
        raise PermissionDenied(_("This document is published: start a revision to change it."))


can_edit_document = boolean(check_can_edit_document)


def check_can_submit_document(user, document) -> None:
    check_can_edit_document(user, document)
    if document.state != DocumentState.DRAFT:
        raise PermissionDenied(_("Only a draft can be sent for review."))
    if not document.body.strip():
        raise PermissionDenied(_("Write the text before sending it for review."))


can_submit_document = boolean(check_can_submit_document)


def check_can_comment(user, document, parent=None) -> None:
    """Reviewers open comments on a document in review; its team answers them."""
    check_can_read_working_text(user, document)
    check_can_participate(user)
    if document.state != DocumentState.IN_REVIEW:
        raise PermissionDenied(_("Comments are written while the document is in review."))
    if parent is None and not is_reviewer(user, document):
        raise PermissionDenied(
            _("The assigned coach or a facilitator comments; authors answer their comments.")
        )
    if parent is not None and parent.document_id != document.pk:
        raise Http404


can_comment = boolean(check_can_comment)


def check_can_publish(user, document) -> None:
    check_can_read_working_text(user, document)
    check_can_publish_any(user)
    if document.state != DocumentState.IN_REVIEW:
        raise PermissionDenied(_("Only a document in review can be published."))


can_publish = boolean(check_can_publish)


def check_can_publish_any(user) -> None:
    """See what waits for publication: the facilitators."""
    if not is_facilitator(user):
        raise PermissionDenied(_("Only the facilitators publish documents."))


can_publish_any = boolean(check_can_publish_any)


def check_can_revise(user, document) -> None:
    """Start a revision of a published document (readers keep the published version)."""
    check_can_read_working_text(user, document)
    check_can_participate(user)
    if not (is_author(user, document) or is_facilitator(user)):
        raise PermissionDenied(_("Only the authors or a facilitator can revise this document."))
    if document.state != DocumentState.PUBLISHED:
        raise PermissionDenied(_("A revision is already under way."))


can_revise = boolean(check_can_revise)


def check_can_start_from_thread(user, thread) -> None:
    """A facilitator turns a discussion into a draft."""
    from discussions.permissions import check_can_read_thread

    check_can_read_thread(user, thread)
    if not is_facilitator(user):
        raise PermissionDenied(_("Only the facilitators start a document from a discussion."))


can_start_from_thread = boolean(check_can_start_from_thread)


# --- Cohorts ---------------------------------------------------------------------------------
def is_cohort_coach(user, cohort) -> bool:
    if not (user.is_authenticated and is_approved_member(user)):
        return False
    cached = getattr(cohort, "_coach_ids", None)
    if cached is None:
        cached = cohort._coach_ids = set(cohort.coaches.values_list("pk", flat=True))
    return user.pk in cached


def check_can_view_board(user, cohort) -> None:
    """The progress board: the facilitators and the cohort's coaches."""
    if not user.is_authenticated:
        raise Http404
    if not (is_facilitator(user) or is_cohort_coach(user, cohort)):
        raise PermissionDenied(_("The progress board is for the facilitators and the coaches."))


can_view_board = boolean(check_can_view_board)


def check_can_view_participation(user, participant) -> None:
    """A participant's page: the participant, the cohort's coaches and the facilitators."""
    if not user.is_authenticated:
        raise Http404
    if participant.member_id == user.pk and is_approved_member(user):
        return
    if is_facilitator(user) or is_cohort_coach(user, participant.cohort):
        return
    raise Http404


can_view_participation = boolean(check_can_view_participation)


def check_can_edit_activity(user, participant) -> None:
    """The activity and colleagues: the participant (or a facilitator)."""
    check_can_view_participation(user, participant)
    check_can_participate(user)
    if participant.member_id != user.pk and not is_facilitator(user):
        raise PermissionDenied(_("Only the participant chooses their activity."))


can_edit_activity = boolean(check_can_edit_activity)


def check_can_hand_in(user, participant) -> None:
    check_can_edit_activity(user, participant)


can_hand_in = boolean(check_can_hand_in)


def check_can_give_feedback(user, participant) -> None:
    check_can_view_board(user, participant.cohort)


can_give_feedback = boolean(check_can_give_feedback)
