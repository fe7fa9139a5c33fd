"""Publishing tells the followers of the document's topics, in their language, once."""

import pytest

from cop.models import OutboundEmail
from discussions.models import TopicFollow
from library import services
from members.models import MembershipStatus, NotificationMode
from tests.factories import UserFactory

from .conftest import publish

pytestmark = pytest.mark.django_db


def test_followers_of_its_topics_hear_of_a_publication_in_their_language(
    in_review, facilitator, topic, author, django_capture_on_commit_callbacks
):
    arabic = UserFactory(preferred_language="ar", email="ar@example.org")
    english = UserFactory(preferred_language="en", email="en@example.org")
    silent = UserFactory(notification_mode=NotificationMode.NONE, email="silent@example.org")
    applicant = UserFactory(status=MembershipStatus.APPLICANT, email="applicant2@example.org")
    UserFactory(email="stranger@example.org")  # follows nothing
    for person in (arabic, english, silent, applicant, author):
        TopicFollow.objects.create(member=person, topic=topic)
    with django_capture_on_commit_callbacks(execute=True):
        version = publish(in_review, facilitator)
    emails = {e.to: e for e in OutboundEmail.objects.filter(kind="library/email/published")}
    assert set(emails) == {"ar@example.org", "en@example.org"}
    assert "Targeting cash transfers with a social registry" in emails["en@example.org"].subject
    assert f"/en/library/{in_review.pk}/" in emails["en@example.org"].body_text
    assert "استهداف التحويلات النقدية" in emails["ar@example.org"].subject
    assert f"/ar/library/{in_review.pk}/" in emails["ar@example.org"].body_text
    assert 'dir="rtl"' in emails["ar@example.org"].body_html
    assert emails["en@example.org"].headers.get("List-Unsubscribe")
    # The task running again tells nobody twice.
    assert services.publication_notify(version_id=version.pk) == 0
    assert OutboundEmail.objects.filter(kind="library/email/published").count() == 2
