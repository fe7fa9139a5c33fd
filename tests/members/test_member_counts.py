"""The approved members per country (survey response rates) are the members the permission counts."""

import pytest
from django.db.models import Count
from django.utils import translation

from members.models import MembershipStatus, User
from members.permissions import approved_members_q
from members.selectors import approved_member_counts, countries_with_approved_members

from ..factories import CountryFactory, FacilitatorFactory, UserFactory

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


def test_every_country_with_its_approved_members_in_one_query(
    country, other_country, django_assert_num_queries
):
    UserFactory.create_batch(2, country=country)
    UserFactory(country=country, status=MembershipStatus.APPLICANT)
    FacilitatorFactory(country=other_country, status=MembershipStatus.APPLICANT)
    empty = CountryFactory(code="YE", name_ar="اليمن", name_en="Yemen")
    with django_assert_num_queries(1):
        countries = countries_with_approved_members()
    assert [c.code for c in countries] == sorted(c.code for c in countries)
    counts = {c.code: c.approved_members for c in countries}
    assert counts["JO"] == 2 and counts["MA"] == 1 and counts[empty.code] == 0
    assert counts == {
        code: approved_member_counts(countries=[pk]).get(pk, 0)
        for code, pk in ((c.code, c.pk) for c in countries)
    }
    # Names as the reader's language has them (the query itself is compiled once for all).
    jordan = next(c for c in countries if c.code == "JO")
    with translation.override("ar"):
        assert jordan.name == "الأردن"
    with translation.override("en"):
        assert jordan.name == "Jordan"
