"""Study tours by nomination: quotas per country, own country only, facilitators decide."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cop.models import OutboundEmail
from events import services
from events.models import Nomination, Registration

from ..factories import UserFactory
from .factories import EventFactory


@pytest.fixture
def tour(db):
    return EventFactory(
        kind="study_tour",
        takes_nominations=True,
        nomination_quota=2,
        place_ar="الرباط",
        place_en="Rabat",
    )


def test_a_focal_point_nominates_colleagues_up_to_the_quota(focal_point, country, tour):
    a, b, c = (UserFactory(country=country) for _ in range(3))
    services.nomination_create(event=tour, member=a, by=focal_point)
    services.nomination_create(event=tour, member=b, by=focal_point)
    with pytest.raises(ValidationError, match="used all its 2 nominations"):
        services.nomination_create(event=tour, member=c, by=focal_point)
    assert Nomination.objects.count() == 2


def test_a_focal_point_never_nominates_for_another_country(focal_point, other_country, tour):
    foreigner = UserFactory(country=other_country)
    with pytest.raises(PermissionDenied, match="own country"):
        services.nomination_create(event=tour, member=foreigner, by=focal_point)
    assert not Nomination.objects.exists()


def test_a_member_cannot_nominate(member, country, tour):
    with pytest.raises(PermissionDenied):
        services.nomination_create(event=tour, member=UserFactory(country=country), by=member)


def test_members_cannot_register_themselves_for_a_nomination_event(member, tour):
    with pytest.raises(PermissionDenied, match="nomination"):
        services.registration_create(event=tour, member=member)


def test_confirming_gives_a_seat_and_emails_the_nominee_in_their_language(
    focal_point, facilitator, country, tour, committed
):
    nominee = UserFactory(country=country, preferred_language="en")
    nomination = services.nomination_create(event=tour, member=nominee, by=focal_point)
    with committed():
        services.nomination_decide(nomination=nomination, by=facilitator, confirm=True)
    assert Registration.objects.get(member=nominee).status == "registered"
    email = OutboundEmail.objects.get(to=nominee.email)
    assert email.language == "en" and "confirmed" in email.subject


def test_declining_frees_the_place_and_tells_the_nominee(focal_point, facilitator, country, tour):
    nominee = UserFactory(country=country)
    nomination = services.nomination_create(event=tour, member=nominee, by=focal_point)
    services.nomination_decide(nomination=nomination, by=facilitator, confirm=False)
    assert services.quota_used(tour, country) == 0
    assert OutboundEmail.objects.filter(
        to=nominee.email, kind="events/email/nomination_declined"
    ).exists()


def test_only_facilitators_decide(focal_point, country, tour):
    nomination = services.nomination_create(
        event=tour, member=UserFactory(country=country), by=focal_point
    )
    with pytest.raises(PermissionDenied):
        services.nomination_decide(nomination=nomination, by=focal_point, confirm=True)
    assert Nomination.objects.get().status == "pending"


def test_the_nomination_page_offers_only_the_focal_points_own_people(
    client, focal_point, country, other_country, tour
):
    mine = UserFactory(country=country, name_latin="Rana Own")
    UserFactory(country=other_country, name_latin="Hicham Other")
    client.force_login(focal_point)
    page = client.get(f"/en/events/{tour.pk}/nominations/").content.decode()
    assert "Rana Own" in page and "Hicham Other" not in page

    response = client.post(
        f"/en/events/{tour.pk}/nominations/", {"member": mine.pk, "note": "Leads the registry"}
    )
    assert response.status_code == 302
    assert Nomination.objects.get().member == mine


def test_posting_another_countrys_member_is_refused(client, focal_point, other_country, tour):
    foreigner = UserFactory(country=other_country)
    client.force_login(focal_point)
    response = client.post(f"/en/events/{tour.pk}/nominations/", {"member": foreigner.pk})
    assert response.status_code == 400
    assert not Nomination.objects.exists()
