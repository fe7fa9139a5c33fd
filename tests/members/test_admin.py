"""Django admin, the facilitators' workbench: filters, search, audited actions, focal points."""

import pytest

from members.models import MembershipAction, MembershipEvent, MembershipStatus

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, facilitator):
    client.force_login(facilitator)
    return client


def test_members_by_country_and_status_and_search(
    staff_client, member, requester, other_focal_point
):
    url = "/en/admin/members/user/"
    html = staff_client.get(
        f"{url}?country__id__exact={member.country_id}&status=applicant"
    ).content.decode()
    assert requester.email in html and member.email not in html
    html = staff_client.get(f"{url}?q=Masri").content.decode()
    assert requester.email in html and other_focal_point.email not in html


def test_approve_action_goes_through_the_service(
    staff_client, facilitator, requester, mailoutbox, committed
):
    with committed():
        response = staff_client.post(
            "/en/admin/members/user/",
            {"action": "approve_selected", "_selected_action": [requester.pk]},
        )
    assert response.status_code == 302
    requester.refresh_from_db()
    assert requester.status == MembershipStatus.MEMBER
    event = MembershipEvent.objects.get()
    assert (event.action, event.actor) == (MembershipAction.APPROVED, facilitator)
    assert [m.to for m in mailoutbox] == [[requester.email]]


def test_decline_action_asks_for_the_reason_first(staff_client, requester, member):
    url = "/en/admin/members/user/"
    first = staff_client.post(
        url, {"action": "decline_selected", "_selected_action": [requester.pk, member.pk]}
    )
    assert first.status_code == 200
    assert 'name="reason"' in first.content.decode()
    requester.refresh_from_db()
    assert requester.status == MembershipStatus.APPLICANT
    staff_client.post(
        url,
        {
            "action": "decline_selected",
            "_selected_action": [requester.pk, member.pk],
            "apply": "1",
            "reason": "Not working for a public agency",
        },
    )
    requester.refresh_from_db()
    member.refresh_from_db()
    assert requester.status == MembershipStatus.DECLINED
    assert member.status == MembershipStatus.MEMBER  # members cannot be "declined"
    assert MembershipEvent.objects.get().reason == "Not working for a public agency"


def test_status_cannot_be_edited_by_hand_in_the_change_form(staff_client, requester):
    html = staff_client.get(f"/en/admin/members/user/{requester.pk}/change/").content.decode()
    assert 'name="status"' not in html


def test_focal_point_appointment_in_admin_is_audited_and_replaceable(
    staff_client, country, focal_point, member, facilitator
):
    data = {
        "code": "JO",
        "name_ar": "الأردن",
        "name_en": "Jordan",
        "timezone": "Asia/Amman",
        "week_starts_on": 6,
        "focal_point": member.pk,
    }
    response = staff_client.post(f"/en/admin/members/country/{country.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    country.refresh_from_db()
    assert country.focal_point == member
    assert set(MembershipEvent.objects.values_list("member_id", "action", "actor_id")) == {
        (focal_point.pk, "fp_removed", facilitator.pk),
        (member.pk, "fp_appointed", facilitator.pk),
    }


def test_admin_refuses_a_focal_point_from_another_country(staff_client, country, other_focal_point):
    stranger = UserFactory(country=other_focal_point.country)
    data = {
        "code": "JO",
        "name_ar": "الأردن",
        "name_en": "Jordan",
        "timezone": "Asia/Amman",
        "focal_point": stranger.pk,
    }
    response = staff_client.post(f"/en/admin/members/country/{country.pk}/change/", data)
    assert response.status_code == 200
    assert "must be a member from this country" in response.content.decode()
    country.refresh_from_db()
    assert country.focal_point is None


def test_audit_trail_is_visible_and_read_only(staff_client, requester, focal_point):
    from members import services

    services.membership_decline(member=requester, by=focal_point, reason="Duplicate account")
    html = staff_client.get("/en/admin/members/membershipevent/").content.decode()
    assert "Declined" in html
    event = MembershipEvent.objects.get()
    change = staff_client.get(f"/en/admin/members/membershipevent/{event.pk}/change/")
    assert change.status_code == 200
    assert 'name="reason"' not in change.content.decode()
    assert staff_client.get("/en/admin/members/membershipevent/add/").status_code == 403
    user_page = staff_client.get(f"/en/admin/members/user/{requester.pk}/change/").content.decode()
    assert "Duplicate account" in user_page


def test_admin_does_not_move_a_focal_point_out_of_the_country_they_serve(
    rf, facilitator, focal_point, other_country, member
):
    from django.contrib import admin
    from django.forms.models import model_to_dict

    from members.models import User

    model_admin = admin.site._registry[User]
    request = rf.get("/")
    request.user = facilitator

    def form_for(person, **changes):
        data = {k: v for k, v in model_to_dict(person).items() if v is not None}
        data.update(changes)
        return model_admin.get_form(request, person)(data, instance=person)

    moved = form_for(focal_point, country=other_country.pk)
    assert not moved.is_valid()
    assert "already the focal point of Jordan" in str(moved.errors["country"])
    # Anyone else moves freely; the focal point may still edit the rest of their record.
    assert form_for(member, country=other_country.pk).is_valid()
    assert form_for(focal_point, organisation="New agency").is_valid()
