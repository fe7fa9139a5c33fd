"""From an email to the unsubscribe page and back, on a 360 px phone in Arabic and a desktop in English."""

import pytest

from cop.mail import send_templated_email
from tests.conftest import browser_login, new_page, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def link_in(message, base_url: str) -> str:
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    return url.replace("http://testserver", base_url)


@pytest.mark.parametrize(
    ("language", "width", "stop", "undo", "back_on"),
    [
        ("ar", 360, "إيقاف التذكير بالفعاليات", "تراجع: أعِد تشغيلها", "عاد التذكير بالفعاليات"),
        ("en", 1200, "Stop event reminders", "Undo: turn them back on", "back on"),
    ],
)
def test_a_member_stops_event_reminders_from_the_email_and_undoes_it(
    browser, live_server, member, mailoutbox, settings, language, width, stop, undo, back_on
):
    member.preferred_language = language
    member.save()
    send_templated_email(template="email/test_message", user=member, unsubscribe="event_reminders")
    [message] = mailoutbox
    context, page = new_page(browser, live_server, viewport={"width": width, "height": 800})
    try:
        # The email itself, as a mail program shows it.
        page.set_content(message.alternatives[0][0])
        assert page.evaluate(SIDEWAYS) <= 0
        screenshot(page, f"email-footer-{language}-{width}")

        page.goto(link_in(message, page.base_url))
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        assert page.evaluate(SIDEWAYS) <= 0, "no sideways scrolling"
        screenshot(page, f"unsubscribe-confirm-{language}-{width}")
        page.get_by_role("button", name=stop).click()
        page.wait_for_load_state()
        member.refresh_from_db()
        assert member.event_reminders is False
        assert member.digest_frequency != "none", "nothing else changed"
        assert page.evaluate(SIDEWAYS) <= 0
        screenshot(page, f"unsubscribe-done-{language}-{width}")

        page.get_by_role("button", name=undo).click()
        page.wait_for_load_state()
        assert back_on in page.locator("h1").inner_text()
        member.refresh_from_db()
        assert member.event_reminders is True
        screenshot(page, f"unsubscribe-undone-{language}-{width}")

        # The same preferences, with the others, on the profile (after signing in).
        browser_login(page, member, language=language)
        page.goto(f"{page.base_url}/{language}/members/profile/")
        reminders = page.locator("input[name=event_reminders]")
        assert reminders.is_checked()
        reminders.scroll_into_view_if_needed()
        assert page.evaluate(SIDEWAYS) <= 0
        screenshot(page, f"profile-reminders-{language}-{width}")
    finally:
        context.close()
