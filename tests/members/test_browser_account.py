"""The account menu and the contact form in real Chromium, at phone width, in both languages.

The menu is a <details>: it opens with JavaScript turned off too.
"""

import pytest

from members.models import MembershipStatus
from tests.conftest import browser_login, new_page, screenshot

from ..factories import FacilitatorFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_name_opens_the_account_menu_without_javascript(
    browser, live_server, country, language
):
    person = UserFactory(
        country=country,
        name_arabic="هدى ناصر",
        name_latin="Huda Nasser",
        preferred_language=language,
    )
    context, page = new_page(
        browser,
        live_server,
        locale=language,
        viewport={"width": 360, "height": 780},
        is_mobile=True,
        java_script_enabled=False,
    )
    try:
        browser_login(page, person, language=language)
        page.goto(f"{page.base_url}/{language}/")
        menu = page.get_by_test_id("account-menu")
        assert not menu.locator("a").first.is_visible()
        menu.locator("summary").click()
        links = menu.locator("a")
        assert links.first.is_visible()
        for item in menu.locator("a, button").all():
            item_box = item.bounding_box()
            assert item_box["x"] >= 0 and item_box["x"] + item_box["width"] <= 360
        assert page.evaluate(SIDEWAYS) <= 0
        screenshot(page, f"account-menu-{language}-360")
        password = "/accounts/password/change/"
        menu.locator(f"a[href='/{language}{password}']").click()
        page.wait_for_load_state()
        assert page.url.endswith(f"/{language}{password}")
        assert page.locator("input[name=oldpassword]").is_visible()
        screenshot(page, f"account-password-{language}-360")
        # Signing out from the menu.
        page.get_by_test_id("account-menu").locator("summary").click()
        page.get_by_test_id("account-menu").locator("button[type=submit]").click()
        page.wait_for_load_state()
        if page.locator("form.form button[type=submit]").count():  # allauth asks to confirm
            page.locator("form.form button[type=submit]").click()
            page.wait_for_load_state()
        assert page.get_by_test_id("account-menu").count() == 0
    finally:
        context.close()


@pytest.mark.parametrize("language", ["ar", "en"])
def test_an_applicant_reaches_the_facilitators_from_a_members_only_page(
    browser, live_server, country, language, mailoutbox
):
    FacilitatorFactory(email="facilitator@example.org", preferred_language="ar")
    applicant = UserFactory(
        country=country, status=MembershipStatus.APPLICANT, preferred_language=language
    )
    context, page = new_page(
        browser,
        live_server,
        locale=language,
        viewport={"width": 360, "height": 780},
        is_mobile=True,
    )
    try:
        browser_login(page, applicant, language=language)
        page.goto(f"{page.base_url}/{language}/members/")
        assert page.get_by_test_id("members-only").is_visible()
        screenshot(page, f"members-only-applicant-{language}-360")
        page.get_by_test_id("contact-facilitators").locator("a").click()
        page.wait_for_load_state()
        page.fill("textarea[name=message]", "متى يُبتّ في طلبي؟ When will my request be decided?")
        assert page.evaluate(SIDEWAYS) <= 0
        screenshot(page, f"contact-form-{language}-360")
        page.get_by_test_id("contact-form").locator("button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator(".messages").is_visible()
        assert page.url.endswith(f"/{language}/members/")
    finally:
        context.close()
    [email] = [m for m in mailoutbox if m.to == ["facilitator@example.org"]]
    assert email.subject.startswith("رسالة من")  # the facilitator's language, not the writer's
