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


@pytest.mark.parametrize(
    ("language", "greeting", "thanks"),
    [
        ("en", "Hello from MENA community of practice!", "Thank you for using MENA community"),
        ("ar", "مرحبا من موقع مجتمع الممارسة", "شكرا لاستخدامك مجتمع الممارسة"),
    ],
)
def test_the_verification_email_at_signup_names_the_site_in_the_signers_language(
    client,
    site_url,
    country,
    language,
    greeting,
    thanks,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    data = {
        "email": "new.person@example.org",
        "password1": "a long and unusual passphrase",
        "password2": "a long and unusual passphrase",
        "name_latin": "New Person",
        "country": country.pk,
        "organisation": "National Aid Fund",
        "position": "Officer",
        "preferred_language": language,
        "timezone": "Asia/Amman",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/{language}/accounts/signup/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    [message] = [m for m in mailoutbox if m.to == ["new.person@example.org"]]
    assert greeting in message.body and thanks in message.body
    assert "Hello from !" not in message.body and "مرحبا من موقع !" not in message.body
    assert f"{SITE}/{language}/accounts/confirm-email/" in message.body
    html = message.alternatives[0][0]
    assert greeting.split("!")[0] in html
