"""Digests and the failing-address notice in real headless Chromium, at 360 px, in Arabic and English."""

import pytest

from cop.models import OutboundEmail
from digests import services
from discussions import services as discussions
from events.models import Registration, RegistrationStatus
from tests.conftest import browser_login, new_page, screenshot
from tests.events.factories import EventFactory

from .conftest import at, reader, reply_to, start_thread

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def phone(browser, live_server, locale):
    return new_page(
        browser,
        live_server,
        locale=locale,
        viewport={"width": 360, "height": 780},
        is_mobile=True,
        has_touch=True,
    )


def fits_the_screen(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_digest_reads_well_on_a_phone(browser, live_server, jordan, topic, language):
    person = reader(jordan, language=language, email=f"phone-{language}@example.org")
    author = reader(jordan, frequency="none", name_arabic="سامية", name_latin="Samia")
    discussions.topic_set_followed(member=person, topic=topic, follow=True)
    long_title = "A very long question about linking the unified social registry with the civil registry and tax data"
    thread = start_thread(
        author, topic, when=at("2026-11-25 18:00", "Asia/Amman"), title=long_title
    )
    thread.title_translation = (
        "سؤال طويل جدًا عن ربط السجل الاجتماعي الموحد بالسجل المدني وبيانات الضرائب"
    )
    thread.save()
    for n in range(4):
        reply_to(
            thread,
            author,
            when=at(f"2026-11-25 19:0{n}", "Asia/Amman"),
            body="https://example.org/" + "very-long-link-without-spaces" * 6,
        )
    event = EventFactory(
        start=at("2026-12-01 10:00", "Asia/Amman"), end=at("2026-12-01 11:30", "Asia/Amman")
    )
    Registration.objects.create(event=event, member=person, status=RegistrationStatus.REGISTERED)
    services.digest_batch_send(member_ids=[person.pk], now=at("2026-11-26 07:05", "Asia/Amman"))
    email = OutboundEmail.objects.get(to=person.email)

    context, page = phone(browser, live_server, language)
    try:
        page.set_content(email.body_html)
        assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
        assert fits_the_screen(page), "the digest scrolls sideways at 360 px"
        title = thread.title_translation if language == "ar" else long_title
        assert page.get_by_role("link", name=title).is_visible()
        # Directional: the post block's accent border is on the reading side.
        side = page.evaluate(
            "getComputedStyle(document.querySelector('td[style*=\"solid #0b6e4f\"]'))"
            f".border{'Right' if language == 'ar' else 'Left'}Width"
        )
        assert side == "3px"
        screenshot(page, f"digest-email-{language}-360")
    finally:
        context.close()


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_member_sees_their_failing_address_and_asks_for_a_link_on_a_phone(
    browser, live_server, jordan, language
):
    person = reader(jordan, language=language, email=f"failing-{language}@example.org")
    person.email_failing_since = at("2026-11-20 10:00")
    person.email_failing_reason = (
        "Recipient refused: failing@example.org: 550 5.1.1 no such mailbox"
    )
    person.save()
    context, page = phone(browser, live_server, language)
    try:
        browser_login(page, person, language=language)
        page.goto(f"{live_server.url}/{language}/members/profile/")
        notice = page.get_by_test_id("address-problem")
        assert notice.is_visible()
        assert fits_the_screen(page), "the profile scrolls sideways at 360 px"
        notice.get_by_role("button").click()
        page.wait_for_load_state()
        assert OutboundEmail.objects.filter(
            to=person.email, kind="members/email/address_confirm"
        ).exists()
        screenshot(page, f"address-problem-{language}-360")
    finally:
        context.close()
