"""The membership state machine is defined once (members.workflow) and every place that
offers a change of membership reads it: services, form, view, roster, admin."""

import pytest
from django.contrib import admin

from cop.text import isolate
from members.models import MembershipAction, MembershipEvent, MembershipStatus, User
from members.workflow import TRANSITIONS, transitions_from

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_admin_offers_every_transition_and_nothing_else(rf, facilitator):
    request = rf.get("/")
    request.user = facilitator
    actions = admin.site._registry[User].get_actions(request)
    offered = {name for name in actions if name.endswith("_selected")}
    assert offered == {f"{name}_selected" for name in TRANSITIONS}


def test_suspending_from_admin_asks_the_reason_then_goes_through_the_service(
    client, facilitator, member, requester, committed, mailoutbox
):
    client.force_login(facilitator)
    url = "/en/admin/members/user/"
    chosen = [member.pk, requester.pk]
    first = client.post(url, {"action": "suspend_selected", "_selected_action": chosen})
    assert first.status_code == 200 and 'name="reason"' in first.content.decode()
    with committed():
        client.post(
            url,
            {
                "action": "suspend_selected",
                "_selected_action": chosen,
                "apply": "1",
                "reason": "Shared other members' contact details",
            },
        )
    member.refresh_from_db()
    requester.refresh_from_db()
    assert member.status == MembershipStatus.SUSPENDED
    assert requester.status == MembershipStatus.APPLICANT  # an applicant cannot be suspended
    event = MembershipEvent.objects.get()
    assert (event.action, event.actor, event.reason) == (
        MembershipAction.SUSPENDED,
        facilitator,
        "Shared other members' contact details",
    )
    assert [message.to for message in mailoutbox] == [[member.email]]


@pytest.mark.parametrize("status", ["applicant", "member", "suspended", "declined"])
def test_the_roster_shows_the_buttons_of_the_transitions_that_start_from_each_status(
    client, focal_point, country, status
):
    person = UserFactory(country=country, status=status, requested_at=None)
    client.force_login(focal_point)
    html = client.get("/en/members/roster/").content.decode()
    shown = {name for name in TRANSITIONS if f'data-testid="{name}-{person.pk}"' in html}
    assert shown == {transition.name for transition in transitions_from(status)}


def test_the_form_refuses_a_transition_the_status_does_not_allow_and_says_why(
    client, focal_point, member
):
    client.force_login(focal_point)
    response = client.post(f"/en/members/{member.pk}/membership/", {"action": "approve"})
    assert response.status_code == 400
    assert "the person&#x27;s membership is now “Member”" in response.content.decode()
    page = client.get(f"/en/members/{member.pk}/membership/").content.decode()
    assert 'value="suspend"' in page and 'value="approve"' not in page


def test_the_view_confirms_with_the_transitions_own_message(client, focal_point, member):
    client.force_login(focal_point)
    response = client.post(
        f"/en/members/{member.pk}/membership/",
        {"action": "suspend", "reason": "Repeated spam"},
        follow=True,
    )
    # The name is isolated (FSI...PDI) inside the sentence, as <bdi> would in HTML.
    assert TRANSITIONS["suspend"].done_message % {"name": isolate(member.display_name)} in (
        response.content.decode()
    )


def test_a_refused_membership_change_tells_the_person_why(client, member, requester):
    client.force_login(member)
    response = client.post(f"/en/members/{requester.pk}/membership/", {"action": "approve"})
    assert response.status_code == 403
    assert "You manage the people of your own country only." in response.content.decode()
    requester.refresh_from_db()
    assert requester.status == MembershipStatus.APPLICANT
