"""Absolute links and the site's name come from SITE_URL and the catalogue, not a database row."""

import pytest

from cop.sites import absolute_url, current_site
from discussions import services
from tests.discussions.factories import TopicFactory

pytestmark = pytest.mark.django_db

SITE = "https://cop.example.org"


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = SITE
    return SITE


def test_the_site_is_described_by_site_url(site_url):
    site = current_site()
    assert site.domain == "cop.example.org"
    assert absolute_url("/en/discussions/") == f"{SITE}/en/discussions/"
    assert absolute_url("http://testserver/en/x/?a=1#p") == f"{SITE}/en/x/?a=1#p"


def test_the_feed_links_to_site_url_whatever_host_was_asked(client, site_url, member):
    topic = TopicFactory(slug="cash-transfers", is_public=True)
    thread = services.thread_create(
        author=member, topic=topic, kind="discussion", title="Cash in Jordan", body="Yes."
    )
    feed = client.get(f"/en/discussions/topics/{topic.slug}/feed/").content.decode()
    assert f'href="{SITE}/en/discussions/topics/cash-transfers/"' in feed
    assert f'href="{SITE}/en/discussions/topics/cash-transfers/feed/"' in feed
    assert f'href="{SITE}/en/discussions/threads/{thread.pk}/"' in feed
    assert "localhost" not in feed and "testserver" not in feed


@pytest.mark.parametrize(
    ("language", "greeting"),
    [("en", "Hello from MENA community of practice!"), ("ar", "مجتمع الممارسة")],
)
def test_allauth_emails_name_the_site_and_link_to_site_url(
    client, site_url, member, language, greeting, mailoutbox, django_capture_on_commit_callbacks
):
    member.preferred_language = language
    member.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/password/reset/", {"email": member.email})
    [message] = mailoutbox
    body = message.body
    assert greeting in body
    assert "Hello from !" not in body and "localhost" not in body
    assert f"{SITE}/{language}/accounts/password/reset/key/" in body
    assert "http://testserver" not in body
