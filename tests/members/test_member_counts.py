"""The approved members per country (survey response rates) are the members the permission counts."""

import pytest
from django.db.models import Count

from members.models import MembershipStatus, User
from members.permissions import approved_members_q
from members.selectors import approved_member_counts

from ..factories import FacilitatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_counts_per_country_match_the_permission_with_each_person_once(country, other_country):
    UserFactory.create_batch(3, country=country)
    UserFactory(country=country, is_active=False)  # a deactivated member: not counted
    UserFactory(country=country, status=MembershipStatus.APPLICANT)
    UserFactory(country=other_country, status=MembershipStatus.SUSPENDED)
    FacilitatorFactory(country=other_country, status=MembershipStatus.APPLICANT)
    FacilitatorFactory(country=country)  # a facilitator who is also a member: once
    User.objects.create_superuser(email="root@example.org", password="x" * 20, country=country)
    expected = dict(
        User.objects.filter(approved_members_q(), country__in=[country, other_country])
        .values_list("country")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = approved_member_counts(countries=[country, other_country])
    assert counts == expected == {country.pk: 5, other_country.pk: 1}
