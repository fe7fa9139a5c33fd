"""The public signup form names only the topics a visitor can already read."""

import pytest

from discussions.models import Topic
from members.models import User
from tests.discussions.factories import TopicFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def topics(db):
    return (
        TopicFactory(slug="cash-transfers", name_en="Cash transfers", is_public=True),
        TopicFactory(slug="procurement", name_en="Procurement reform internals", is_public=False),
    )


def signup(client, country, **extra):
    data = {
        "email": "new@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "name_latin": "Omar Haddad",
        "country": country.pk,
        "organisation": "Agency",
        "position": "Director",
        "preferred_language": "en",
        **extra,
    }
    return client.post("/en/accounts/signup/", data)


def test_visitors_see_public_topics_only(client, topics):
    html = client.get("/en/accounts/signup/").content.decode()
    assert "Cash transfers" in html
    assert "Procurement reform internals" not in html


def test_a_members_only_topic_cannot_be_chosen_at_signup(client, country, topics):
    response = signup(client, country, topics=[topics[1].pk])
    assert response.status_code == 200
    assert not User.objects.filter(email="new@example.org").exists()
    response = signup(client, country, topics=[topics[0].pk])
    assert response.status_code == 302
    follows = User.objects.get(email="new@example.org").topic_follows.all()
    assert [follow.topic_id for follow in follows] == [topics[0].pk]


def test_without_public_topics_signup_asks_for_none(client, country):
    Topic.objects.update(is_public=False)  # the migrated topics, made members-only
    TopicFactory(slug="procurement", name_en="Procurement reform internals", is_public=False)
    html = client.get("/en/accounts/signup/").content.decode()
    assert 'name="topics"' not in html and "Procurement reform internals" not in html
    assert signup(client, country).status_code == 302


def test_members_choose_among_every_topic_in_their_profile(member_client, topics):
    html = member_client.get("/en/members/profile/").content.decode()
    assert "Cash transfers" in html and "Procurement reform internals" in html


def test_applicants_see_public_topics_and_those_they_follow(client, applicant, topics):
    client.force_login(applicant)
    html = client.get("/en/members/profile/").content.decode()
    assert "Cash transfers" in html and "Procurement reform internals" not in html
