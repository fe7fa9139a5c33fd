"""The membership journey in real headless Chromium.

A person signs up in Arabic, confirms their address from the email, the focal
point of their country approves them from the roster, and their home page
changes; the focal point of another country never sees them.
"""

import re

import pytest

from members.models import MembershipStatus, User
from tests.conftest import browser_login, new_page, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and unusual passphrase"


def test_signup_in_arabic_approval_from_the_roster_and_the_new_home(
    page, browser, live_server, country, focal_point, other_focal_point, topic, mailoutbox
):
    focal_point.preferred_language = "ar"
    focal_point.save()
    topic.is_public = True  # the signup form names public topics only
    topic.save()

    # 1. A person signs up in Arabic.
    page.goto(f"{page.base_url}/ar/accounts/signup/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.fill("input[name=email]", "huda.nasser@example.org")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.fill("input[name=name_arabic]", "هدى ناصر")
    page.fill("input[name=name_latin]", "Huda Nasser")
    page.select_option("select[name=country]", label="الأردن")
    page.fill("input[name=organisation]", "صندوق المعونة الوطنية")
    page.fill("input[name=position]", "منسّقة برامج الحماية الاجتماعية")
    page.select_option("select[name=preferred_language]", "ar")
    page.get_by_label("التحويلات النقدية").check()
    screenshot(page, "members-signup-ar")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    person = User.objects.get(email="huda.nasser@example.org")
    assert person.status == MembershipStatus.APPLICANT

    # 2. They confirm their address with the link from the email.
    [confirmation] = [m for m in mailoutbox if m.to == ["huda.nasser@example.org"]]
    path = re.search(r"(/ar/accounts/confirm-email/[^/\s]+/)", confirmation.body).group(1)
    page.goto(f"{page.base_url}{path}")
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(f"{page.base_url}/ar/")
    assert page.get_by_test_id("pending-notice").is_visible()
    screenshot(page, "members-applicant-home-ar")
    assert [m for m in mailoutbox if m.to == [focal_point.email]], "the focal point is told"

    # 3. The focal point of their country approves them from the roster.
    context, focal = new_page(browser, live_server, viewport={"width": 1200, "height": 900})
    browser_login(focal, focal_point, language="ar")
    focal.goto(f"{focal.base_url}/ar/members/roster/?status=applicant")
    row = focal.locator(f"tr[data-member='{person.pk}']")
    assert "هدى ناصر" in row.inner_text()
    screenshot(focal, "members-roster-request-ar")
    focal.get_by_test_id(f"approve-{person.pk}").click()
    focal.wait_for_load_state()
    assert "أصبح" in focal.locator(".messages").inner_text()
    screenshot(focal, "members-roster-approved-ar")
    context.close()
    person.refresh_from_db()
    assert person.status == MembershipStatus.MEMBER
    approved = [m for m in mailoutbox if m.to == [person.email] and "أهلاً" in m.subject]
    assert approved, "the new member is told, in Arabic"

    # 4. The new member's home page changes accordingly.
    page.goto(f"{page.base_url}/ar/")
    assert page.get_by_test_id("pending-notice").count() == 0
    assert page.locator("[data-panel=community]").is_visible()
    page.goto(f"{page.base_url}/ar/members/")
    assert page.get_by_test_id("member-card").count() >= 1
    screenshot(page, "members-new-member-directory-ar")
    page.goto(f"{page.base_url}/ar/members/profile/")
    assert page.locator("input[name=name_arabic]").input_value() == "هدى ناصر"
    screenshot(page, "members-profile-edit-ar")

    # 5. The focal point of another country cannot see them on a roster or manage them.
    context, other = new_page(browser, live_server, viewport={"width": 1200, "height": 900})
    browser_login(other, other_focal_point, language="en")
    other.goto(f"{other.base_url}/en/members/roster/")
    assert "Huda Nasser" not in other.content()
    response = other.goto(f"{other.base_url}/en/members/roster/?country=JO")
    assert response.status == 403
    response = other.goto(f"{other.base_url}/en/members/{person.pk}/membership/")
    assert response.status == 403
    other.goto(f"{other.base_url}/en/members/roster/")
    screenshot(other, "members-other-focal-point-roster-en")
    context.close()


def test_invitation_in_english_signs_the_colleague_up_as_a_member(
    page, browser, live_server, country, focal_point, mailoutbox
):
    # The focal point invites a colleague from the roster, in English.
    browser_login(page, focal_point, language="en")
    focal_point.preferred_language = "en"
    focal_point.save()
    page.goto(f"{page.base_url}/en/members/roster/")
    page.get_by_role("link", name="Invite a colleague").click()
    page.fill("input[name=email]", "samir.haddad@example.org")
    page.select_option("select[name=language]", "en")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    assert "Invitation sent" in page.locator(".messages").inner_text()
    [invitation] = [m for m in mailoutbox if m.to == ["samir.haddad@example.org"]]
    path = re.search(r"(/en/members/invitations/[^/\s]+/)", invitation.body).group(1)

    # The colleague follows the link in their own browser and signs up.
    context, guest = new_page(browser, live_server, viewport={"width": 390, "height": 844})
    guest.goto(f"{guest.base_url}{path}")
    guest.get_by_role("link", name="Sign up").last.click()
    guest.wait_for_load_state()
    assert guest.locator("input[name=email]").input_value() == "samir.haddad@example.org"
    guest.fill("input[name=password1]", PASSWORD)
    guest.fill("input[name=password2]", PASSWORD)
    guest.fill("input[name=name_latin]", "Samir Haddad")
    guest.select_option("select[name=country]", label="Jordan")
    guest.fill("input[name=organisation]", "Ministry of Labour")
    guest.fill("input[name=position]", "Employment services officer")
    guest.select_option("select[name=preferred_language]", "en")
    guest.locator("form.form button[type=submit]").click()
    guest.wait_for_load_state()
    # Onboarding offers the intake survey first; they skip it for now.
    assert guest.url.endswith("/en/surveys/intake/")
    guest.get_by_role("link", name="Skip for now").click()
    guest.wait_for_load_state()
    assert guest.get_by_test_id("pending-notice").count() == 0
    assert guest.locator("[data-panel=community]").is_visible()
    screenshot(guest, "members-invited-member-home-en-phone")
    assert User.objects.get(email="samir.haddad@example.org").status == MembershipStatus.MEMBER

    context.close()

    # The link works once: someone following it again is told so.
    context, again = new_page(browser, live_server, viewport={"width": 390, "height": 844})
    again.goto(f"{again.base_url}{path}")
    assert "This invitation has already been used" in again.locator("h1").inner_text()
    screenshot(again, "members-invitation-used-en-phone")
    context.close()
