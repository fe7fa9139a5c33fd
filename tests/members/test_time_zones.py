"""Every time on every page in the reader's zone: members', visitors' country or browser, Amman."""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.utils import translation

from cop.timezones import BROWSER_ZONE_COOKIE
from discussions import services as discussions
from discussions.models import ThreadKind
from members.models import Invitation, User
from tests.conftest import screenshot
from tests.discussions.factories import TopicFactory
from tests.factories import CountryFactory, UserFactory

from .conftest import profile_form_data

pytestmark = pytest.mark.django_db

# 09:00 UTC on 10 June 2026: 10:00 in Casablanca (UTC+1 outside Ramadan),
# 12:00 in Baghdad and Amman (UTC+3), 05:00 in New York.
POSTED = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def public_thread(member):
    topic = TopicFactory(slug="public-works", is_public=True)
    with time_machine.travel(POSTED, tick=False):
        return discussions.thread_create(
            author=member, topic=topic, kind=ThreadKind.QUESTION, title="Cash for work", body="?"
        )


def shown_time(html: str) -> str:
    """The time of the opening post as the page prints it."""
    return re.search(r'<time datetime="([^"]+)">([^<]+)</time>', html).group(2)


def member_in(zone: str, country) -> User:
    return UserFactory(country=country, timezone=zone)


def test_members_in_casablanca_and_baghdad_see_the_same_post_at_their_own_time(
    client, country, public_thread
):
    client.force_login(member_in("Africa/Casablanca", country))
    casablanca = client.get(public_thread.get_absolute_url().replace("/ar/", "/en/"))
    client.force_login(member_in("Asia/Baghdad", country))
    baghdad = client.get(public_thread.get_absolute_url().replace("/ar/", "/en/"))
    assert shown_time(casablanca.content.decode()) == "10 Jun 2026, 10:00"
    assert shown_time(baghdad.content.decode()) == "10 Jun 2026, 12:00"
    assert 'datetime="2026-06-10T12:00:00+03:00"' in baghdad.content.decode()
    assert "All times are in this time zone: <bdi>Baghdad</bdi>." in baghdad.content.decode()


def test_a_member_whose_stored_zone_is_unknown_sees_their_countrys(client, country, public_thread):
    person = member_in("Atlantis/Capital", country)  # legacy data, not a zone
    User.objects.filter(pk=person.pk).update(timezone="Atlantis/Capital")
    client.force_login(person)
    html = client.get(f"/en/discussions/threads/{public_thread.pk}/").content.decode()
    assert shown_time(html) == "10 Jun 2026, 12:00"  # Jordan: Asia/Amman


def test_visitors_see_the_community_zone_without_any_clue(client, public_thread):
    html = client.get(f"/en/discussions/threads/{public_thread.pk}/").content.decode()
    assert shown_time(html) == "10 Jun 2026, 12:00"
    assert "All times are in this time zone: <bdi>Amman</bdi>." in html


def test_a_visitor_whose_browser_reported_its_zone_sees_it(client, public_thread):
    client.cookies[BROWSER_ZONE_COOKIE] = "America/New_York"
    html = client.get(f"/en/discussions/threads/{public_thread.pk}/").content.decode()
    assert shown_time(html) == "10 Jun 2026, 05:00"


@pytest.mark.parametrize(
    "cookie", ["Evil/<script>", "../../etc/passwd", "Asia/Amman\x00", "x" * 5000, "", "localtime"]
)
def test_a_browser_zone_that_is_not_on_the_list_is_ignored(client, public_thread, cookie):
    client.cookies[BROWSER_ZONE_COOKIE] = cookie
    response = client.get(f"/en/discussions/threads/{public_thread.pk}/")
    assert response.status_code == 200
    assert shown_time(response.content.decode()) == "10 Jun 2026, 12:00"


def test_a_members_own_zone_wins_over_the_browsers(client, country, public_thread):
    client.force_login(member_in("Africa/Casablanca", country))
    client.cookies[BROWSER_ZONE_COOKIE] = "America/New_York"
    html = client.get(f"/en/discussions/threads/{public_thread.pk}/").content.decode()
    assert shown_time(html) == "10 Jun 2026, 10:00"


def test_an_invited_visitor_sees_the_zone_of_the_country_they_are_invited_to(
    client, facilitator, public_thread, committed
):
    morocco = CountryFactory(code="MA", timezone="Africa/Casablanca")
    from members import services

    with committed():
        invitation = services.invitation_create(
            email="guest@example.org", country=morocco, by=facilitator, language="en"
        )
    from members.tokens import invitation_token

    client.cookies[BROWSER_ZONE_COOKIE] = "America/New_York"
    client.get(f"/en/members/invitations/{invitation_token(invitation)}/")
    html = client.get(f"/en/discussions/threads/{public_thread.pk}/").content.decode()
    assert shown_time(html) == "10 Jun 2026, 10:00"
    assert Invitation.objects.filter(accepted_at__isnull=True).count() == 1


def test_the_proxys_country_header_gives_visitors_their_countrys_zone(
    client, settings, public_thread
):
    CountryFactory(code="IQ", timezone="Asia/Baghdad")
    CountryFactory(code="MA", timezone="Africa/Casablanca")
    settings.COP_COUNTRY_HEADER = "CF-IPCountry"
    url = f"/en/discussions/threads/{public_thread.pk}/"
    assert shown_time(client.get(url, HTTP_CF_IPCOUNTRY="MA").content.decode()).endswith("10:00")
    for hostile in ("ZZ", "M", "MA' OR 1=1", "\x00\x00"):
        response = client.get(url, HTTP_CF_IPCOUNTRY=hostile)
        assert shown_time(response.content.decode()).endswith("12:00"), hostile
    settings.COP_COUNTRY_HEADER = ""
    assert shown_time(client.get(url, HTTP_CF_IPCOUNTRY="MA").content.decode()).endswith("12:00")


# --- The time-zone field ---------------------------------------------------------------------


def test_the_arabic_profile_form_lists_the_regions_zones_first_with_arabic_names(client, member):
    client.force_login(member)
    html = client.get("/ar/members/profile/").content.decode()
    select = re.search(r'<select name="timezone".*?</select>', html, re.S).group(0)
    groups = re.findall(r'<optgroup label="([^"]+)">', select)
    assert groups == ["المنطقة", "خارج المنطقة"]
    assert '<option value="">توقيت بلدي</option>' in select
    assert '<option value="Asia/Baghdad">بغداد</option>' in select
    assert '<option value="Africa/Casablanca">الدار البيضاء</option>' in select
    assert "Asia/Baghdad</option>" not in select  # no raw IANA names as labels
    assert select.index("الدار البيضاء") < select.index("لندن")
    english = client.get("/en/members/profile/").content.decode()
    assert '<option value="Asia/Baghdad">Baghdad</option>' in english


def test_the_signup_form_offers_the_same_list(client, country):
    html = client.get("/ar/accounts/signup/").content.decode()
    assert '<option value="Asia/Amman">عمّان</option>' in html


def test_a_zone_from_outside_the_list_is_kept_when_the_profile_is_saved(client, country):
    person = UserFactory(country=country, timezone="Pacific/Auckland")
    client.force_login(person)
    html = client.get("/en/members/profile/").content.decode()
    assert re.search(r'<option value="Pacific/Auckland" selected>Auckland</option>', html)


@pytest.mark.parametrize("zone", ["Mars/Olympus", "<b>", "Asia/Amman\x00"])
def test_a_zone_that_does_not_exist_is_refused(client, member, country, zone):
    client.force_login(member)
    response = client.post("/en/members/profile/", profile_form_data(country, timezone=zone))
    assert response.status_code == 400
    member.refresh_from_db()
    assert member.timezone == "UTC"


def test_admin_offers_the_zone_list_for_countries_and_members(client, country):
    admin = UserFactory(country=None, is_staff=True, is_superuser=True)
    client.force_login(admin)
    with translation.override("ar"):
        html = client.get(f"/ar/admin/members/country/{country.pk}/change/").content.decode()
    assert re.search(r'<select name="timezone"', html)
    assert '<option value="Asia/Amman" selected>عمّان</option>' in html
    html = client.get(f"/en/admin/members/user/{admin.pk}/change/").content.decode()
    assert re.search(r'<select name="timezone"', html)


# --- The browser's zone, reported by the page's script -----------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_visitors_browser_reports_its_zone_and_the_next_page_uses_it(
    browser, live_server, member
):
    from tests.conftest import new_page

    topic = TopicFactory(slug="cash-transfers", is_public=True)
    with time_machine.travel(POSTED, tick=False):
        thread = discussions.thread_create(
            author=member, topic=topic, kind=ThreadKind.QUESTION, title="Payments", body="?"
        )
    context, page = new_page(
        browser, live_server, locale="ar", timezone_id="Asia/Baghdad",
        viewport={"width": 360, "height": 780},
    )  # fmt: skip
    try:
        page.goto(f"{page.base_url}/ar/discussions/threads/{thread.pk}/")
        assert "عمّان" in page.get_by_test_id("time-zone").inner_text()  # no clue yet
        page.reload()
        assert "بغداد" in page.get_by_test_id("time-zone").inner_text()
        cookie = {c["name"]: c["value"] for c in context.cookies()}[BROWSER_ZONE_COOKIE]
        assert cookie == "Asia/Baghdad"
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
        screenshot(page, "time-zone-visitor-ar-phone")
    finally:
        context.close()
