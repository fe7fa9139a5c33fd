"""The member directory and profile pages: for members, filterable, never showing emails."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from discussions.models import TopicFollow
from members.models import MembershipStatus, User

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def community(country, other_country, topic, other_topic, expert):
    """Approved members in two countries with topics; people who must not be listed."""
    rana = UserFactory(
        country=country,
        name_latin="Rana Khatib",
        name_arabic="رنا الخطيب",
        expertise="Targeting and proxy means testing",
        email="rana@example.org",
    )
    karim = UserFactory(
        country=other_country, name_latin="Karim Idrissi", email="karim@example.org"
    )
    TopicFollow.objects.create(member=rana, topic=topic)
    TopicFollow.objects.create(member=karim, topic=other_topic)
    hidden = [
        UserFactory(country=country, status=status, name_latin=f"Hidden {status}")
        for status in ("applicant", "declined", "suspended")
    ]
    return {"rana": rana, "karim": karim, "expert": expert, "hidden": hidden}


def names(response):
    return {p.name_latin for p in response.context["page"].object_list}


def test_directory_lists_approved_members_only(member_client, community):
    response = member_client.get("/en/members/")
    listed = names(response)
    assert {"Rana Khatib", "Karim Idrissi"} <= listed
    assert not any(name.startswith("Hidden") for name in listed)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=JO", {"Rana Khatib"}),
        ("topic=cash-transfers", {"Rana Khatib"}),
        ("topic=public-works&country=MA", {"Karim Idrissi"}),
        ("expertise=proxy+means", {"Rana Khatib"}),
        ("q=الخطيب", {"Rana Khatib"}),
    ],
)
def test_directory_filters(member_client, member, community, query, expected):
    response = member_client.get(f"/en/members/?{query}")
    assert response.status_code == 200
    assert names(response) - {member.name_latin} == expected


def test_experts_filter_and_badge(member_client, community):
    response = member_client.get("/en/members/?experts=on")
    assert [p.email for p in response.context["page"].object_list] == ["expert@example.org"]
    assert "badge--expert" in response.content.decode()


def test_no_email_address_is_ever_shown_to_members(member_client, community):
    pages = [member_client.get("/en/members/").content.decode()]
    for person in (community["rana"], community["karim"], community["expert"]):
        pages.append(member_client.get(f"/en/members/{person.pk}/").content.decode())
    for html in pages:
        for email in ("rana@example.org", "karim@example.org", "expert@example.org"):
            assert email not in html


def test_the_focal_point_sees_the_email_of_their_own_countrys_members(
    client, focal_point, community
):
    client.force_login(focal_point)
    assert "rana@example.org" in client.get(f"/en/members/{community['rana'].pk}/").content.decode()
    assert (
        "karim@example.org"
        not in client.get(f"/en/members/{community['karim'].pk}/").content.decode()
    )


def test_profile_shows_topics_and_user_text_with_its_direction(member_client, community):
    html = member_client.get(f"/en/members/{community['rana'].pk}/").content.decode()
    assert "Cash transfers" in html
    assert '<p dir="auto" class="profile__expertise">Targeting and proxy means testing</p>' in html


def test_a_closed_account_has_no_profile_page(member_client, community, committed):
    from members import services

    services.account_close(member=community["rana"])
    assert member_client.get(f"/en/members/{community['rana'].pk}/").status_code == 403


@pytest.mark.postgres
@pytest.mark.parametrize("url", ["/en/members/", "/en/members/?topic=cash-transfers&country=JO"])
def test_directory_runs_the_same_queries_for_20_and_2000_members(
    client, member, country, topic, other_topic, url
):
    client.force_login(member)

    def add(start, count):
        people = User.objects.bulk_create(
            User(
                email=f"dir{i}@example.org",
                name_latin=f"Dir {i}",
                name_arabic=f"عضو {i}",
                country=country,
                status=MembershipStatus.MEMBER,
                password="!",
            )
            for i in range(start, start + count)
        )
        TopicFollow.objects.bulk_create(
            [TopicFollow(member=p, topic=topic) for p in people]
            + [TopicFollow(member=p, topic=other_topic) for p in people[::2]]
        )

    def queries():
        client.get(url)
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    add(0, 20)
    small = queries()
    add(20, 1980)
    large = queries()
    print(f"directory {url}: {small} queries with 20 members, {large} with 2,000")
    assert small == large
    assert large <= 10


def test_a_profile_page_costs_the_same_whatever_its_topics_and_history(
    client, focal_point, requester, facilitator
):
    from discussions.models import Topic
    from members import services

    client.force_login(focal_point)
    url = f"/en/members/{requester.pk}/"

    def queries():
        client.get(url)
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    TopicFollow.objects.create(
        member=requester, topic=Topic.objects.create(slug="t0", name_ar="م0", name_en="T0")
    )
    small = queries()
    for i in range(1, 10):
        topic = Topic.objects.create(slug=f"t{i}", name_ar=f"م{i}", name_en=f"T{i}")
        TopicFollow.objects.create(member=requester, topic=topic)
    services.membership_decline(member=requester, by=focal_point, reason="Work address, please")
    services.membership_approve(member=requester, by=facilitator)
    services.membership_suspend(member=requester, by=facilitator, reason="Test")
    large = queries()
    assert small == large
