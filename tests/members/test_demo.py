"""seed_demo's members part: a living roster for every founding country, idempotent."""

import io

import pytest
from django.core.management import call_command

from members.models import Country, MembershipEvent, MembershipStatus, User

pytestmark = pytest.mark.django_db

FOUNDING = ("MA", "TN", "JO", "IQ", "LB", "PS", "YE")


def state():
    return (
        sorted(
            User.objects.values_list(
                "email", "status", "country__code", "requested_at", "member_since"
            )
        ),
        sorted(Country.objects.values_list("code", "focal_point__email")),
        MembershipEvent.objects.count(),
    )


def test_every_founding_country_has_a_focal_point_and_members_and_twice_changes_nothing():
    call_command("seed_demo", stdout=io.StringIO())
    first = state()
    for code in FOUNDING:
        country = Country.objects.get(code=code)
        assert country.focal_point is not None, code
        assert country.focal_point.status == MembershipStatus.MEMBER
        assert User.objects.filter(country=country, status=MembershipStatus.MEMBER).count() >= 2
    assert (
        User.objects.filter(status=MembershipStatus.APPLICANT, requested_at__isnull=False).count()
        >= 3
    )
    assert User.objects.filter(is_expert=True).exists()
    assert User.objects.filter(is_staff=True).exists()
    names = User.objects.exclude(name_arabic="").values_list("name_arabic", flat=True)
    assert all(not name.startswith("عضو") for name in names)
    call_command("seed_demo", stdout=io.StringIO())
    assert state() == first


def test_a_demo_focal_point_sees_a_living_roster(client):
    call_command("seed_demo", stdout=io.StringIO())
    client.force_login(User.objects.get(email="focal.morocco@example.org"))
    response = client.get("/ar/members/roster/")
    assert response.status_code == 200
    statuses = {p.status for p in response.context["page"].object_list}
    assert statuses == {"applicant", "member"}
