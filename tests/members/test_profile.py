"""Own profile, own data, closing the account, last active, home panels."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members import services
from members.models import MembershipStatus, User

from ..factories import UserFactory
from .conftest import profile_form_data

pytestmark = pytest.mark.django_db


def test_profile_edit_saves_fields_and_topics_and_comes_back_in_the_chosen_language(
    member_client, member, country, topic, other_topic
):
    response = member_client.post(
        "/en/members/profile/",
        {
            "name_arabic": "رنا الخطيب",
            "name_latin": "Rana Al-Khatib",
            "country": country.pk,
            "organisation": "صندوق المعونة الوطنية",
            "position": "رئيسة وحدة الاستهداف",
            "preferred_language": "ar",
            "timezone": "Europe/Paris",
            "expertise": "Proxy means testing",
            "notification_mode": "immediate",
            "digest_frequency": "daily",
            "topics": [topic.pk, other_topic.pk],
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/ar/members/profile/"
    member.refresh_from_db()
    assert member.timezone == "Europe/Paris"
    assert member.preferred_language == "ar"
    assert member.expertise == "Proxy means testing"
    assert member.notification_mode == "immediate"
    assert member.digest_frequency == "daily"
    assert set(member.topic_follows.values_list("topic__slug", flat=True)) == {
        "cash-transfers",
        "public-works",
    }
    page = member_client.get("/ar/members/profile/").content.decode()
    assert 'value="cash-transfers"' not in page  # topics are offered by id
    assert "checked" in page


def test_time_zone_left_empty_follows_the_country(member, country):
    services.profile_update(member=member, timezone="")
    assert member.timezone == "Asia/Amman"


def test_own_data_download_is_json_with_the_profile_and_history(
    member_client, member, focal_point, topic
):
    from discussions.services import topics_set_followed

    topics_set_followed(member=member, topics=[topic])
    services.membership_suspend(member=member, by=focal_point, reason="Test")
    services.membership_reinstate(member=member, by=focal_point)
    response = member_client.get("/en/members/profile/data.json")
    assert response["Content-Disposition"] == 'attachment; filename="my-mena-cop-data.json"'
    data = json.loads(response.content)
    assert data["members"]["profile"]["email"] == member.email
    assert data["members"]["profile"]["country"] == "JO"
    assert data["discussions"]["topics_of_interest"] == ["cash-transfers"]
    history = data["members"]["membership"]["history"]
    assert [h["action"] for h in history] == ["suspended", "reinstated"]
    assert focal_point.email not in response.content.decode()


def test_closing_the_account_signs_out_and_keeps_nothing_personal(client, member):
    client.force_login(member)
    response = client.post(
        "/en/members/profile/close/",
        {"password": "correct horse battery staple", "confirm": "on"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status == MembershipStatus.CLOSED
    assert client.get("/en/members/profile/").status_code == 302  # signed out
    assert not client.login(email="member@example.org", password="correct horse battery staple")


def test_last_active_is_written_at_most_once_every_few_minutes(client, member):
    client.force_login(member)
    client.get("/en/members/")
    member.refresh_from_db()
    first = member.last_active
    assert first is not None
    with CaptureQueriesContext(connection) as context:
        client.get("/en/members/")
    assert not any(q["sql"].startswith("UPDATE") for q in context.captured_queries)
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        client.get("/en/members/")
    member.refresh_from_db()
    assert member.last_active > first


def test_focal_points_home_shows_the_pending_requests(client, focal_point, requester):
    client.force_login(focal_point)
    html = client.get("/en/").content.decode()
    assert 'data-panel="membership-requests"' in html
    assert "Sara Al-Masri" in html
    assert "1 request is waiting for your decision." in html


def test_another_focal_points_home_does_not_show_them(client, other_focal_point, requester):
    client.force_login(other_focal_point)
    html = client.get("/en/").content.decode()
    assert "Sara Al-Masri" not in html
    assert "No membership request is waiting." in html


def test_a_member_has_no_request_panel(member_client, requester):
    html = member_client.get("/en/").content.decode()
    assert 'data-panel="membership-requests"' not in html
    assert 'data-panel="community"' in html


def test_applicants_see_that_they_wait_and_members_do_not(client, requester, focal_point):
    client.force_login(requester)
    assert 'data-testid="pending-notice"' in client.get("/en/").content.decode()
    services.membership_approve(member=requester, by=focal_point)
    requester.refresh_from_db()
    client.force_login(requester)
    html = client.get("/en/").content.decode()
    assert 'data-testid="pending-notice"' not in html
    assert 'data-panel="community"' in html


def test_home_panel_counts_beyond_the_first_few(client, focal_point, country):
    for _ in range(7):
        UserFactory(country=country, status="applicant", requested_at=timezone.now())
    client.force_login(focal_point)
    html = client.get("/en/").content.decode()
    assert "7 requests are waiting for your decision." in html
    assert html.count("/en/members/") >= 5
    assert User.objects.filter(status="applicant").count() == 7


def test_own_data_includes_the_members_posts(member_client, member, topic):
    from discussions import services as discussions

    discussions.thread_create(
        author=member,
        topic=topic,
        kind="question",
        title="كيف تحدّثون بيانات الأسر؟",
        body="نزور كل أسرة مرة في السنة.",
    )
    data = json.loads(member_client.get("/en/members/profile/data.json").content)
    assert [(p["thread"], p["text"]) for p in data["discussions"]["posts"]] == [
        ("كيف تحدّثون بيانات الأسر؟", "نزور كل أسرة مرة في السنة.")
    ]


def test_posts_stay_after_closing_and_are_shown_as_a_former_members(client, member, topic):
    from discussions import services as discussions
    from discussions.models import Post

    thread = discussions.thread_create(
        author=member,
        topic=topic,
        kind="discussion",
        title="Public works in Yemen",
        body="Cash for work kept 40,000 households afloat.",
    )
    services.account_close(member=member)
    assert Post.objects.filter(author=member).count() == 1
    reader = UserFactory(country=member.country)
    client.force_login(reader)
    html = client.get(f"/en/discussions/threads/{thread.pk}/").content.decode()
    assert "Cash for work" in html
    assert "former member" in html


def test_an_applicant_who_moves_country_is_announced_to_the_new_focal_point(
    requester, other_country, other_focal_point, mailoutbox, committed
):
    with committed():
        services.profile_update(member=requester, country=other_country)
    assert [m.to for m in mailoutbox] == [[other_focal_point.email]]


@pytest.mark.parametrize(
    ("status", "testid"), [("declined", "declined-notice"), ("suspended", "suspended-notice")]
)
def test_declined_and_suspended_people_are_told_where_they_stand(client, country, status, testid):
    person = UserFactory(country=country, status=status)
    client.force_login(person)
    html = client.get("/en/").content.decode()
    assert f'data-testid="{testid}"' in html


@pytest.mark.parametrize("mode", ["immediate", "digest", "none"])
def test_the_choice_of_how_to_hear_about_new_posts_is_saved(member_client, member, country, mode):
    data = profile_form_data(country, notification_mode=mode)
    assert member_client.post("/en/members/profile/", data).status_code == 302
    member.refresh_from_db()
    assert member.notification_mode == mode
    page = member_client.get("/en/members/profile/").content.decode()
    assert f'value="{mode}" checked' in page or f'<option value="{mode}" selected>' in page
