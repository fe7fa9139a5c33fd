"""The bilingual shell in real headless Chromium."""

import pytest

from tests.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_arabic_is_right_to_left_and_english_left_to_right(page):
    page.goto(f"{page.base_url}/ar/")
    html = page.locator("html")
    assert html.get_attribute("lang") == "ar"
    assert html.get_attribute("dir") == "rtl"
    # The layout really flows right to left: the brand sits on the right.
    brand = page.locator(".brand").bounding_box()
    assert brand["x"] > page.viewport_size["width"] / 2
    screenshot(page, "shell-home-ar")

    page.goto(f"{page.base_url}/en/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator(".brand").bounding_box()["x"] < page.viewport_size["width"] / 2
    screenshot(page, "shell-home-en")


def test_switcher_moves_between_languages_on_the_same_page(page, country):
    page.goto(f"{page.base_url}/en/accounts/signup/")
    assert page.locator("h1").inner_text() == "Sign Up"

    page.get_by_test_id("switch-ar").click()
    page.wait_for_url("**/ar/accounts/signup/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == "إنشاء حساب"
    assert page.locator("select[name=country]").is_visible()
    screenshot(page, "shell-signup-ar")

    page.get_by_test_id("switch-en").click()
    page.wait_for_url("**/en/accounts/signup/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.locator("label[for=id_email]").is_visible()
    screenshot(page, "shell-signup-en")


def test_phone_layout_has_no_horizontal_scroll_in_arabic(phone_page):
    phone_page.goto(f"{phone_page.base_url}/ar/")
    overflow = phone_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    screenshot(phone_page, "shell-home-ar-phone")
