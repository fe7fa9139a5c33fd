"""Documentation cohorts: admitting participants, their activity, milestones and feedback."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.permissions import check_can_participate, is_facilitator

from .. import permissions
from ..models import (
    ActivityKind,
    Cohort,
    CohortParticipant,
    DocumentKind,
    Milestone,
    MilestoneProgress,
)
from .documents import document_create

# The kind of document each activity leads to.
DOCUMENT_KIND = {
    ActivityKind.OWN_EXPERIENCE: DocumentKind.GOOD_PRACTICE,
    ActivityKind.CROSS_COUNTRY: DocumentKind.GOOD_PRACTICE,
    ActivityKind.TRAINING: DocumentKind.TRAINING,
    ActivityKind.FOLLOW_THROUGH: DocumentKind.REPORT,
}


@transaction.atomic
def participant_admit(*, cohort: Cohort, member, by, coach=None) -> CohortParticipant:
    """A facilitator admits an approved member to a cohort (again: nothing changes)."""
    if not is_facilitator(by):
        raise ValidationError(_("Only the facilitators admit participants."))
    check_can_participate(member)
    participant, _created = CohortParticipant.objects.get_or_create(
        cohort=cohort,
        member=member,
        defaults={"admitted_by": by, "coach": coach or cohort.coaches.order_by("pk").first()},
    )
    return participant


@transaction.atomic
def activity_update(
    *, participant: CohortParticipant, by, kind: str, title: str, colleagues=()
) -> CohortParticipant:
    """Record the activity a participant chose and their colleagues.

    The first time, their draft is started: its authors are the participant
    and their colleagues, its coach the participant's, its topic the cohort's.
    Later changes keep the colleagues among the draft's authors.
    """
    participant = (
        CohortParticipant.objects.select_for_update(of=("self",))
        .select_related("cohort", "document")
        .get(pk=participant.pk)
    )
    permissions.check_can_edit_activity(by, participant)
    if kind not in ActivityKind.values:
        raise ValidationError(_("Choose one of the activities."))
    colleagues = [c for c in colleagues if c.pk != participant.member_id]
    participant.activity_kind = kind
    participant.activity_title = title.strip()
    participant.save(update_fields=["activity_kind", "activity_title", "updated_at"])
    participant.colleagues.set(colleagues)
    if participant.document is None:
        participant.document = document_create(
            author=participant.member,
            kind=DOCUMENT_KIND[kind],
            title=participant.activity_title,
            co_authors=colleagues,
            coach=participant.coach,
            topics=[participant.cohort.topic_id],
            countries=[participant.member.country_id] if participant.member.country_id else [],
        )
        participant.save(update_fields=["document", "updated_at"])
    else:
        participant.document.authors.add(*colleagues)
    return participant


@transaction.atomic
def milestone_hand_in(
    *, participant: CohortParticipant, milestone: Milestone, by
) -> MilestoneProgress:
    """The participant hands in a milestone; the board shows it waiting for feedback."""
    permissions.check_can_hand_in(by, participant)
    if milestone.cohort_id != participant.cohort_id:
        raise ValidationError(_("This milestone belongs to another cohort."))
    progress, _created = MilestoneProgress.objects.get_or_create(
        participant=participant, milestone=milestone, defaults={"submitted_at": timezone.now()}
    )
    return progress


@transaction.atomic
def feedback_give(*, participant: CohortParticipant, milestone: Milestone, by) -> MilestoneProgress:
    """A coach or facilitator marks the feedback on a handed-in milestone as given."""
    permissions.check_can_give_feedback(by, participant)
    try:
        progress = MilestoneProgress.objects.select_for_update().get(
            participant=participant, milestone=milestone
        )
    except MilestoneProgress.DoesNotExist:
        raise ValidationError(_("This milestone has not been handed in yet.")) from None
    if progress.feedback_at is None:
        progress.feedback_at = timezone.now()
        progress.feedback_by = by
        progress.save(update_fields=["feedback_at", "feedback_by"])
    return progress
