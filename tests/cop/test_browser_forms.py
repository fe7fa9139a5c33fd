"""The shared pieces in real Chromium: form fields, the zone list, pagination, at 360 px and desktop."""

import pytest

from discussions import services
from discussions.models import ThreadKind
from members.models import User
from tests.conftest import browser_login, new_page, screenshot
from tests.discussions.factories import TopicFactory
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"phone": {"width": 360, "height": 780}, "desktop": {"width": 1200, "height": 900}}


def no_sideways_scroll(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


@pytest.fixture
def community(country):
    topic = TopicFactory(slug="cash-transfers", name_ar="التحويلات النقدية", is_public=True)
    TopicFactory(slug="youth-employment", name_ar="تشغيل الشباب", name_en="Youth employment")
    people = [
        UserFactory(country=country, name_latin=f"Colleague {n:02}", name_arabic=f"زميل {n:02}")
        for n in range(30)
    ]
    for n in range(30):
        services.thread_create(
            author=people[n], topic=topic, kind=ThreadKind.QUESTION, title=f"سؤال رقم {n}", body="؟"
        )
    return people[0], topic


@pytest.mark.parametrize(
    ("language", "size"), [("ar", "phone"), ("en", "desktop"), ("ar", "desktop")]
)
def test_profile_form_directory_and_lists_read_well(
    browser, live_server, community, language, size
):
    person, topic = community
    context, page = new_page(browser, live_server, locale=language, viewport=SIZES[size])
    try:
        browser_login(page, person, language=language)
        page.goto(f"{page.base_url}/{language}/members/profile/")
        group = page.locator("fieldset.field--group").first
        assert group.locator("legend").inner_text() in ("Topics of interest", "المواضيع التي تهمّك")
        zones = page.locator("select[name=timezone] optgroup")
        assert zones.count() == 2
        assert no_sideways_scroll(page)
        screenshot(page, f"forms-profile-{language}-{size}")

        page.goto(f"{page.base_url}/{language}/members/?page=2")
        assert page.locator(".pagination").is_visible()
        # "Previous" points back the way the page reads: right in Arabic, left in English.
        arrow = page.locator(".pagination [rel=prev] .icon--directional")
        turned = arrow.evaluate("element => getComputedStyle(element).transform")
        assert (turned != "none") == (language == "ar")
        assert no_sideways_scroll(page)
        screenshot(page, f"forms-directory-{language}-{size}")

        page.goto(f"{page.base_url}/{language}/discussions/topics/{topic.slug}/?page=2")
        page.locator(".pagination [rel=prev]").click()
        page.wait_for_load_state()
        assert "page=" not in page.url
        assert no_sideways_scroll(page)
        screenshot(page, f"forms-topic-{language}-{size}")

        page.goto(f"{page.base_url}/{language}/discussions/topics/{topic.slug}/new/")
        # Past the browser's own checks: the page the server sends back for a refused form.
        page.evaluate("document.querySelector('form[data-testid=thread-form]').noValidate = true")
        page.locator("form[data-testid=thread-form] button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator(".errorlist").first.is_visible()
        assert no_sideways_scroll(page)
        screenshot(page, f"forms-refused-{language}-{size}")
    finally:
        context.close()
    assert User.objects.count() == 30
