"""Unsubscribe links: no login, one preference per link, a clear page, and undo."""

import pytest
from django.core import signing

from cop.mail import UNSUBSCRIBE_SALT, unsubscribe_token
from members import services
from members.models import DigestFrequency, NotificationMode

pytestmark = pytest.mark.django_db

PREFERENCES = (
    "notification_mode",
    "message_emails",
    "digest_frequency",
    "event_reminders",
    "survey_reminders",
)


def preferences(user) -> dict:
    user.refresh_from_db()
    return {name: getattr(user, name) for name in PREFERENCES}


def url(token: str) -> str:
    return f"/en/members/unsubscribe/{token}/"


@pytest.fixture
def subscribed(member):
    member.notification_mode = NotificationMode.IMMEDIATE
    member.digest_frequency = DigestFrequency.DAILY
    member.save()
    return member


@pytest.mark.parametrize(
    ("scope", "field", "off", "heading"),
    [
        ("notifications", "notification_mode", "none", "Stop emails about new posts?"),
        ("messages", "message_emails", False, "Stop emails about private messages?"),
        ("digest", "digest_frequency", "none", "Stop the digest?"),
        ("event_reminders", "event_reminders", False, "Stop event reminders?"),
        ("survey_reminders", "survey_reminders", False, "Stop survey reminders?"),
    ],
)
def test_each_link_turns_off_only_its_own_preference_and_can_be_undone(
    client, subscribed, scope, field, off, heading
):
    before = preferences(subscribed)
    link = url(unsubscribe_token(subscribed, scope))

    confirm = client.get(link)
    assert confirm.status_code == 200
    assert heading in confirm.content.decode()
    assert preferences(subscribed) == before, "a GET alone changes nothing"

    done = client.post(link)
    assert done.status_code == 200
    assert preferences(subscribed) == before | {field: off}
    page = done.content.decode()
    assert "Nothing else has changed." in page
    undo = done.context["undo"]
    assert f'name="undo" value="{undo}"' in page

    back = client.post(link, {"undo": undo})
    assert back.status_code == 200
    assert "back on" in back.content.decode()
    assert preferences(subscribed) == before


def test_mail_clients_one_click_post_applies_directly(client, subscribed):
    response = client.post(
        url(unsubscribe_token(subscribed, "event_reminders")),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert preferences(subscribed)["event_reminders"] is False


def test_an_already_off_preference_offers_no_undo(client, subscribed):
    subscribed.survey_reminders = False
    subscribed.save()
    response = client.post(url(unsubscribe_token(subscribed, "survey_reminders")))
    assert response.status_code == 200
    assert response.context["undo"] is None
    assert 'name="undo"' not in response.content.decode()


@pytest.mark.parametrize(
    "make_token",
    [
        lambda user: unsubscribe_token(user, "digest")[:-2] + "xx",  # tampered
        lambda user: signing.dumps({"u": user.pk, "s": "everything"}, salt=UNSUBSCRIBE_SALT),
        lambda user: signing.dumps({"u": user.pk}, salt=UNSUBSCRIBE_SALT),  # no scope
        lambda user: signing.dumps({"u": str(user.pk), "s": "digest"}, salt=UNSUBSCRIBE_SALT),
        lambda user: signing.dumps({"u": user.pk, "s": "digest"}, salt="members.invitation"),
        lambda user: signing.dumps({"u": 999_999, "s": "digest"}, salt=UNSUBSCRIBE_SALT),
        lambda user: "x" * 500,
    ],
    ids=["tampered", "unknown-scope", "no-scope", "string-id", "other-salt", "nobody", "long"],
)
def test_bad_tokens_get_a_clear_page_and_change_nothing(client, subscribed, make_token):
    before = preferences(subscribed)
    link = url(make_token(subscribed))
    for response in (client.get(link), client.post(link)):
        assert response.status_code == 400
        assert "This unsubscribe link is not valid" in response.content.decode()
    assert preferences(subscribed) == before


def test_a_closed_account_gets_a_clear_page_and_nothing_changes(client, subscribed):
    token = unsubscribe_token(subscribed, "digest")
    services.account_close(member=subscribed)
    before = preferences(subscribed)

    response = client.post(url(token))

    assert response.status_code == 400
    assert "This account is closed" in response.content.decode()
    assert preferences(subscribed) == before


@pytest.mark.parametrize("value", ["none", "garbage", "", "True"])
def test_undo_restores_only_an_on_value_of_the_links_own_preference(client, subscribed, value):
    link = url(unsubscribe_token(subscribed, "digest"))
    client.post(link)
    before = preferences(subscribed)

    response = client.post(link, {"undo": value})

    assert response.status_code == 400
    assert "Nothing was changed" in response.content.decode()
    assert preferences(subscribed) == before


def test_the_page_reads_in_arabic(client, subscribed):
    response = client.get(f"/ar/members/unsubscribe/{unsubscribe_token(subscribed, 'digest')}/")
    page = response.content.decode()
    assert 'lang="ar" dir="rtl"' in page
    assert "Stop the digest?" not in page


def test_the_profile_form_offers_the_reminder_preferences(client, subscribed):
    client.force_login(subscribed)
    page = client.get("/en/members/profile/").content.decode()
    assert 'name="event_reminders"' in page
    assert 'name="survey_reminders"' in page
    assert 'name="message_emails"' in page


def test_the_reminder_preferences_are_saved_from_the_profile(client, subscribed, country):
    client.force_login(subscribed)
    data = {
        "name_latin": "Rana",
        "country": country.pk,
        "organisation": "Org",
        "position": "Pos",
        "preferred_language": "en",
        "timezone": "",
        "notification_mode": "immediate",
        "digest_frequency": "weekly",
        "event_reminders": "on",
    }
    assert client.post("/en/members/profile/", data).status_code == 302
    assert preferences(subscribed) == {
        "notification_mode": "immediate",
        "digest_frequency": "weekly",
        "message_emails": False,
        "event_reminders": True,
        "survey_reminders": False,
    }


def test_the_reminder_preferences_are_in_the_members_own_data(client, subscribed):
    subscribed.survey_reminders = False
    subscribed.save()
    client.force_login(subscribed)
    profile = client.get("/en/members/profile/data.json").json()["members"]["profile"]
    assert (profile["event_reminders"], profile["survey_reminders"]) == (True, False)
