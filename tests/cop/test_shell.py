import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("en", "ltr")])
def test_every_language_prefix_sets_lang_and_dir(client, language, direction):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    assert f'<html lang="{language}" dir="{direction}">' in response.content.decode()


@pytest.mark.django_db
def test_bare_root_redirects_to_arabic_by_default(client):
    response = client.get("/", headers={"accept-language": ""})
    assert response.status_code == 302
    assert response["Location"] == "/ar/"


@pytest.mark.django_db
def test_language_switcher_links_to_the_same_page_in_the_other_language(client):
    html = client.get("/en/accounts/signup/?next=/en/events/").content.decode()
    assert 'href="/ar/accounts/signup/?next=/en/events/"' in html


@pytest.mark.django_db
def test_language_switch_is_remembered_for_the_bare_root(client):
    client.get("/en/")
    response = client.get("/")
    assert response["Location"] == "/en/"


@pytest.mark.django_db
def test_navigation_reaches_every_section(client):
    html = client.get("/en/").content.decode()
    for path in ("/en/members/", "/en/discussions/", "/en/events/", "/en/surveys/"):
        assert f'href="{path}"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "shown"), [("applicant", True), ("declined", False), ("member", False)]
)
def test_waiting_for_approval_notice_only_for_applicants(client, member, status, shown):
    member.status = status
    member.save()
    client.force_login(member)
    html = client.get("/en/").content.decode()
    assert ('data-testid="pending-notice"' in html) is shown


@pytest.mark.django_db
def test_landing_page_shows_public_discussions_but_not_members_only_ones(client, member):
    from discussions.services import thread_create
    from tests.discussions.factories import TopicFactory

    for is_public, title in ((True, "Public works in Yemen"), (False, "Members-only targeting")):
        thread_create(
            author=member,
            topic=TopicFactory(is_public=is_public),
            kind="discussion",
            title=title,
            body="Labour-intensive public works after the conflict.",
        )

    html = client.get("/en/").content.decode()

    assert "Public works in Yemen" in html
    assert "Members-only targeting" not in html
