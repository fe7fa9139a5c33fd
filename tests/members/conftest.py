"""Fixtures for the members tests: every role, a person to act on, a snapshot of the data."""

import pytest
from django.utils import timezone

from cop.models import OutboundEmail
from discussions.models import TopicFollow
from members.models import Invitation, MembershipEvent, MembershipStatus, User

from ..discussions.factories import TopicFactory
from ..factories import UserFactory

ROLES = (
    "visitor",
    "applicant",
    "member",
    "focal_point",
    "other_focal_point",
    "expert",
    "facilitator",
)


@pytest.fixture
def people(applicant, member, focal_point, other_focal_point, expert, facilitator):
    """Everyone, by role name (the visitor is None)."""
    return {
        "visitor": None,
        "applicant": applicant,
        "member": member,
        "focal_point": focal_point,
        "other_focal_point": other_focal_point,
        "expert": expert,
        "facilitator": facilitator,
    }


@pytest.fixture
def as_role(client, people):
    """`as_role("member")` -> a test client signed in as that role."""

    def login(role):
        client.logout()
        if people[role] is not None:
            client.force_login(people[role])
        return client

    return login


@pytest.fixture
def requester(country):
    """An applicant of the focal point's country whose request is waiting (the person acted on)."""
    return UserFactory(
        country=country,
        email="requester@example.org",
        name_arabic="سارة المصري",
        name_latin="Sara Al-Masri",
        status=MembershipStatus.APPLICANT,
        requested_at=timezone.now(),
        preferred_language="ar",
    )


@pytest.fixture
def topic(public_topic):
    """The topic members choose among their interests (a public one, as signup offers)."""
    return public_topic


@pytest.fixture
def other_topic(db):
    return TopicFactory(slug="public-works", name_ar="الأشغال العامة", name_en="Public works")


def profile_form_data(country, **changes) -> dict:
    """A valid POST of the profile form for someone of `country`, with `changes`."""
    return {
        "name_latin": "Rana",
        "country": country.pk,
        "organisation": "Org",
        "position": "Pos",
        "preferred_language": "en",
        "timezone": "",
        "notification_mode": "digest",
        "digest_frequency": "weekly",
        **changes,
    }


def snapshot() -> dict:
    """What a refused write must leave untouched."""
    return {
        "people": sorted(
            User.objects.values_list(
                "pk",
                "status",
                "country_id",
                "name_arabic",
                "name_latin",
                "organisation",
                "position",
                "email",
                "is_active",
                "timezone",
                "preferred_language",
            )
        ),
        "events": MembershipEvent.objects.count(),
        "invitations": Invitation.objects.count(),
        "emails": OutboundEmail.objects.count(),
        "follows": TopicFollow.objects.count(),
    }


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...` runs what was queued on commit (emails) at the end of the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
