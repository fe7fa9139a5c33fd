"""Other apps add to profiles through their `profile` hook; members imports none of them."""

import json
import types

import pytest
from django import forms

from cop.plugins import forget_found_modules
from cop.profiles import ProfileField
from discussions.models import TopicFollow
from members import services
from members.models import MembershipStatus
from tests.discussions.factories import TopicFactory
from tests.factories import UserFactory

from .conftest import profile_form_data as profile_post

pytestmark = pytest.mark.django_db


def test_topics_of_interest_come_from_discussions_on_the_profile_and_in_the_directory(
    client, member, country, topic, other_topic
):
    TopicFollow.objects.create(member=member, topic=topic)
    reader = UserFactory(country=country)
    client.force_login(reader)
    profile = client.get(f"/en/members/{member.pk}/").content.decode()
    assert "<h2>Topics of interest</h2>" in profile and "<li>Cash transfers</li>" in profile
    directory = client.get("/en/members/?topic=cash-transfers").content.decode()
    assert member.display_name in directory and "<li>Cash transfers</li>" in directory
    assert client.get("/en/members/?topic=public-works").context["page"].paginator.count == 0


def test_visitors_signing_up_are_offered_public_topics_only(client, country):
    TopicFactory(slug="open", name_en="Open to all", is_public=True)
    TopicFactory(slug="closed", name_en="Members-only subject", is_public=False)
    html = client.get("/en/accounts/signup/").content.decode()
    assert "Open to all" in html and "Members-only subject" not in html


def test_a_suspended_member_keeps_the_members_only_topics_they_follow(client, country):
    """They read public topics only; the members-only ones they follow stay offered, and kept."""
    person = UserFactory(country=country, status=MembershipStatus.SUSPENDED)
    public = TopicFactory(slug="open", is_public=True)
    private = TopicFactory(slug="closed", name_en="Closed subject", is_public=False)
    TopicFactory(slug="other-closed", name_en="Never followed", is_public=False)
    TopicFollow.objects.create(member=person, topic=private)
    client.force_login(person)
    html = client.get("/en/members/profile/").content.decode()
    assert "Closed subject" in html and "Never followed" not in html
    topics = [public.pk, private.pk]
    response = client.post("/en/members/profile/", profile_post(country, topics=topics))
    assert response.status_code == 302
    assert set(person.topic_follows.values_list("topic__slug", flat=True)) == {"open", "closed"}


class Regions(ProfileField):
    """What a future app could add: the regions a member works in."""

    name = "regions"
    label = "Regions worked in"
    saved: dict = {}

    def form_field(self, member):
        return forms.CharField(label=self.label, required=False)

    def initial(self, member):
        return self.saved.get(member.pk, "")

    def save(self, member, value):
        self.saved[member.pk] = value

    def shown(self, members, *, viewer):
        return {m.pk: [self.saved[m.pk]] for m in members if self.saved.get(m.pk)}


def test_another_app_adds_a_field_to_every_profile_without_members_knowing_it(
    client, member, country, monkeypatch, request
):
    hook = types.ModuleType("events.profile")
    hook.profile_fields = lambda: [Regions()]
    monkeypatch.setitem(__import__("sys").modules, "events.profile", hook)
    forget_found_modules()  # hook modules are looked up once per process
    request.addfinalizer(forget_found_modules)
    client.force_login(member)
    assert 'name="regions"' in client.get("/en/members/profile/").content.decode()
    response = client.post("/en/members/profile/", profile_post(country, regions="Souss-Massa"))
    assert response.status_code == 302
    assert Regions.saved[member.pk] == "Souss-Massa"
    page = client.get(f"/en/members/{member.pk}/").content.decode()
    assert "<h2>Regions worked in</h2>" in page and "<li>Souss-Massa</li>" in page
    client.logout()
    assert 'name="regions"' in client.get("/en/accounts/signup/").content.decode()


def test_the_own_data_export_has_one_part_per_app(client, member, focal_point, country):
    services.invitation_create(
        email="colleague@example.org", country=country, by=focal_point, language="ar"
    )
    client.force_login(focal_point)
    data = json.loads(client.get("/en/members/profile/data.json").content)
    assert {"exported_at", "members", "discussions"} <= set(data)
    mine = data["members"]
    assert mine["membership"]["focal_point_of"] == "JO"
    assert mine["email_addresses"] == [
        {"email": focal_point.email, "verified": True, "primary": True}
    ]
    assert [i["email"] for i in mine["invitations_sent"]] == ["colleague@example.org"]
    assert member.email not in json.dumps(data)
