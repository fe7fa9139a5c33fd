"""Events journeys in real headless Chromium, in both languages and at phone width (360 px)."""

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from events.models import Event, Nomination, Registration, Series
from tests.conftest import browser_login, new_page, screenshot

from ..factories import UserFactory
from .factories import EventFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AMMAN = ZoneInfo("Asia/Amman")


def phone(browser, live_server, locale="ar"):
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


def test_a_facilitator_creates_a_series_in_admin_and_generates_its_sessions(page, facilitator):
    browser_login(page, facilitator, language="en")
    page.goto(f"{page.base_url}/en/admin/events/series/add/")
    page.fill("input[name=title_ar]", "ورشة العمل الافتراضية كل شهرين")
    page.fill("input[name=title_en]", "Bi-monthly virtual workshop")
    page.select_option("select[name=kind]", "workshop")
    page.select_option("select[name=host_timezone]", "Asia/Amman")
    next_year = datetime.now(AMMAN).year + 1
    page.fill("input[name=first_start_0]", f"{next_year}-01-19")
    page.fill("input[name=first_start_1]", "10:00")
    assert page.input_value("input[name=recurrence]") == "FREQ=MONTHLY;INTERVAL=2;BYDAY=+3TU"
    assert page.get_by_text("In the host's time zone: Amman (Asia/Amman).").first.is_visible()
    page.locator("input[name=_save]").click()
    page.wait_for_load_state()
    series = Series.objects.get()

    page.locator(f"input[name=_selected_action][value='{series.pk}']").check()
    page.select_option("select[name=action]", "generate_sessions")
    page.locator("button[name=index]").click()
    page.wait_for_load_state()
    assert page.get_by_text("3 sessions created.").is_visible()
    sessions = list(Event.objects.filter(series=series).order_by("start"))
    assert [s.start.astimezone(AMMAN).strftime("%m-%d %H:%M") for s in sessions] == [
        "01-19 10:00",
        "03-16 10:00",
        "05-18 10:00",
    ]
    page.goto(f"{page.base_url}/en/admin/events/event/")
    assert page.get_by_text(f"{next_year}-01-19 10:00 (Amman)").is_visible()
    screenshot(page, "events-admin-sessions-en")


def test_a_member_registers_for_the_series_in_arabic_on_a_phone_and_downloads_the_ics(
    browser, live_server, country
):
    from events import services

    from .factories import SeriesFactory

    series = SeriesFactory(
        first_start=datetime.now(AMMAN).replace(hour=10, minute=0) + timedelta(days=1)
    )
    sessions = services.series_generate_sessions(series=series, count=2)
    member = UserFactory(country=country, timezone="Africa/Casablanca", preferred_language="ar")
    context, page = phone(browser, live_server)
    try:
        browser_login(page, member, language="ar")
        page.goto(f"{page.base_url}/ar/events/series/{series.pk}/")
        page.get_by_role("button", name="التسجيل في السلسلة كلها").click()
        page.wait_for_load_state()
        assert Registration.objects.filter(member=member, status="registered").count() == 2
        screenshot(page, "events-series-registered-ar-360")
        assert fits_the_screen(page)

        page.goto(f"{page.base_url}/ar/events/{sessions[0].pk}/")
        local = sessions[0].start.astimezone(ZoneInfo("Africa/Casablanca")).strftime("%H:%M")
        when = page.locator(".when__time--yours").first.inner_text()
        assert local in when and "الدار البيضاء" in when
        assert "عمّان" in page.locator(".when").first.inner_text()
        assert page.get_by_role("link", name="الانضمام عبر الإنترنت").is_visible()
        screenshot(page, "events-detail-registered-ar-360")
        assert fits_the_screen(page)

        with page.expect_download() as download:
            page.get_by_role("link", name="أضف إلى تقويمي").click()
        calendar = Calendar.from_ical(Path(download.value.path()).read_bytes())
        (vevent,) = calendar.walk("VEVENT")
        assert vevent.decoded("dtstart") == sessions[0].start
        assert series.join_url in str(vevent["description"]).replace("\n", "")

        page.goto(f"{page.base_url}/ar/events/calendar/")
        screenshot(page, "events-month-ar-360")
        assert fits_the_screen(page)
    finally:
        context.close()


def test_the_waitlist_promotes_the_next_member_when_someone_unregisters(
    browser, live_server, country, mailoutbox
):
    event = EventFactory(
        capacity=1, title_en="Youth employment webinar", title_ar="ندوة تشغيل الشباب"
    )
    first = UserFactory(country=country, preferred_language="en")
    second = UserFactory(country=country, preferred_language="en", timezone="Asia/Beirut")
    one, page_one = new_page(browser, live_server, viewport={"width": 1200, "height": 900})
    two, page_two = new_page(browser, live_server, viewport={"width": 1200, "height": 900})
    try:
        browser_login(page_one, first)
        page_one.goto(f"{page_one.base_url}/en/events/{event.pk}/")
        page_one.get_by_role("button", name="Register").click()
        page_one.wait_for_load_state()

        browser_login(page_two, second)
        page_two.goto(f"{page_two.base_url}/en/events/{event.pk}/")
        page_two.get_by_role("button", name="Join the waiting list").click()
        page_two.wait_for_load_state()
        assert page_two.get_by_text("You are number 1 on the waiting list.").is_visible()
        screenshot(page_two, "events-waitlisted-en")

        page_one.get_by_role("button", name="Unregister").click()
        page_one.wait_for_load_state()

        page_two.reload()
        assert page_two.get_by_text("You are registered.").is_visible()
        screenshot(page_two, "events-promoted-en")
        assert Registration.objects.get(member=second).status == "registered"
        assert any(m.to == [second.email] and "A seat is yours" in m.subject for m in mailoutbox)
    finally:
        one.close()
        two.close()


@pytest.mark.parametrize(("language", "width"), [("en", 1200), ("ar", 360)])
def test_a_focal_point_nominates_a_colleague_for_a_study_tour(
    browser, live_server, country, focal_point, language, width
):
    tour = EventFactory(
        kind="study_tour",
        takes_nominations=True,
        nomination_quota=2,
        title_en="Study tour to Morocco",
        title_ar="زيارة دراسية إلى المغرب",
        place_en="Rabat",
        place_ar="الرباط",
    )
    colleague = UserFactory(country=country, name_arabic="رنا الخطيب", name_latin="Rana Al-Khatib")
    context, page = new_page(
        browser, live_server, locale=language, viewport={"width": width, "height": 900}
    )
    try:
        browser_login(page, focal_point, language=language)
        page.goto(f"{page.base_url}/{language}/events/{tour.pk}/nominations/")
        page.select_option("select[name=member]", str(colleague.pk))
        page.fill("textarea[name=note]", "Leads the registry's data-sharing agreements")
        page.locator("form.form button[type=submit]").click()
        page.wait_for_load_state()
        assert Nomination.objects.get().member == colleague
        assert (
            page.locator("table")
            .get_by_text("Rana Al-Khatib" if language == "en" else "رنا الخطيب")
            .is_visible()
        )
        screenshot(page, f"events-nomination-{language}-{width}")
        assert fits_the_screen(page)
    finally:
        context.close()
