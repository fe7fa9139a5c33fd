import io

import pytest
from django.core.management import call_command

from library.models import (
    Cohort,
    Document,
    DocumentState,
    MilestoneProgress,
    ReviewComment,
    Visibility,
)

pytestmark = pytest.mark.django_db


def test_seed_demo_fills_the_library_once(client):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "Library: 3 new documents, 1 new cohort." in out.getvalue()
    published = Document.objects.filter(state=DocumentState.PUBLISHED)
    assert published.count() == 2
    note = published.get(kind="policy_note")
    assert note.series_number == 1 and note.visibility == Visibility.PUBLIC
    in_review = Document.objects.get(state=DocumentState.IN_REVIEW, kind="training")
    assert ReviewComment.objects.filter(document=in_review, parent=None).count() == 3
    assert ReviewComment.objects.filter(document=in_review).exclude(parent=None).exists()
    cohort = Cohort.objects.get()
    assert cohort.participants.count() == 4
    assert MilestoneProgress.objects.filter(feedback_at__isnull=True).exists()
    # Visitors read the policy note in English.
    html = client.get(f"/en/library/{note.pk}/").content.decode()
    assert "Targeting cash transfers with a social registry" in html
    assert "Inclusion errors" in html

    counts = (Document.objects.count(), Cohort.objects.count(), ReviewComment.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (
        Document.objects.count(),
        Cohort.objects.count(),
        ReviewComment.objects.count(),
    ) == counts
