"""The library's part of a member's data export and of closing their account.

What a member wrote for others stays when they leave (documents, their
published versions, review comments), attributed to "former member": the
names frozen into published versions for the citation are replaced too. What
the platform keeps about the person goes: publication notices, their place
as a coach. Cohort participation stays for the cohort's record, under
"former member".
"""

from django.urls import reverse

from cop.sites import absolute_url

from .models import (
    Cohort,
    CohortParticipant,
    Document,
    DocumentAttachment,
    DocumentStep,
    DocumentVersion,
    MilestoneProgress,
    PublicationNotice,
    ReviewComment,
)

FORMER_MEMBER = {"ar": "عضو سابق", "en": "former member"}


def _iso(value):
    return value.isoformat() if value else None


def member_data(member) -> dict:
    documents = Document.objects.filter(authors=member).order_by("pk")
    return {
        "documents": [
            {
                "id": document.pk,
                "kind": document.kind,
                "state": document.state,
                "title": document.title,
                "title_translation": document.title_translation,
                "summary": document.summary,
                "text": document.body,
                "translation": document.body_translation,
                "url": absolute_url(reverse("library:document", args=[document.pk])),
            }
            for document in documents
        ],
        "published_versions_of_your_documents": list(
            DocumentVersion.objects.filter(document__authors=member)
            .order_by("document_id", "number")
            .values_list("document_id", "number")
        ),
        "review_comments": [
            {
                "document": comment.document_id,
                "section": comment.section,
                "text": comment.body,
                "written": _iso(comment.created_at),
            }
            for comment in ReviewComment.objects.filter(author=member).order_by("pk")
        ],
        "attachments_uploaded": list(
            DocumentAttachment.objects.filter(uploaded_by=member)
            .order_by("pk")
            .values_list("original_name", flat=True)
        ),
        "steps_done": DocumentStep.objects.filter(actor=member).count(),
        "documents_coached": list(
            Document.objects.filter(coach=member).order_by("pk").values_list("pk", flat=True)
        ),
        "documents_started": Document.objects.filter(created_by=member).count(),
        "versions_published": DocumentVersion.objects.filter(published_by=member).count(),
        "cohorts": [
            {
                "cohort": participant.cohort.name,
                "activity": participant.activity_kind,
                "what": participant.activity_title,
                "colleagues": participant.colleagues.count(),
                "milestones_handed_in": participant.progress.count(),
            }
            for participant in CohortParticipant.objects.filter(member=member).select_related(
                "cohort"
            )
        ],
        "cohorts_coached": list(
            Cohort.objects.filter(coaches=member).order_by("pk").values_list("pk", flat=True)
        ),
        "colleague_in": CohortParticipant.objects.filter(colleagues=member).count(),
        "participants_admitted": CohortParticipant.objects.filter(admitted_by=member).count(),
        "feedback_given": MilestoneProgress.objects.filter(feedback_by=member).count(),
        "publication_notices": PublicationNotice.objects.filter(member=member).count(),
    }


def member_closed(member) -> None:
    """Forget what the library keeps about a member who leaves; what they wrote stays."""
    PublicationNotice.objects.filter(member=member).delete()
    for cohort in Cohort.objects.filter(coaches=member):
        cohort.coaches.remove(member)
    Document.objects.filter(coach=member).update(coach=None)
    CohortParticipant.objects.filter(coach=member).update(coach=None)
    versions = DocumentVersion.objects.filter(document__authors=member)
    for version in versions:
        names = [
            {"id": None, **FORMER_MEMBER} if entry.get("id") == member.pk else entry
            for entry in version.author_names
        ]
        if names != version.author_names:
            DocumentVersion.objects.filter(pk=version.pk).update(author_names=names)
