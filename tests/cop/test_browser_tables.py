"""Every page of the platform that holds a table fits a 360 px phone screen, in both languages.

The table itself may scroll inside its own box (`.table-wrap`); the page never
scrolls sideways, and nothing inside the table (the visually-hidden labels of
the row buttons) escapes that box. Measured in real Chromium.
"""

import pytest
from django.utils import timezone

from discussions import services as discussions_services
from events.models import Nomination
from members.models import MembershipStatus
from tests.conftest import browser_login, new_page, screenshot

from ..discussions.factories import TopicFactory
from ..events.factories import EventFactory, register
from ..factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
# Long values in both scripts, the kind that made the roster 900 px wide.
ORGANISATION = "National Aid Fund — Directorate of Cash Transfers and Social Registries"
POSITION = "مديرة وحدة السجل الاجتماعي الموحد والاستهداف"

MARKDOWN_TABLE = (
    "| Programme | Households | Transfer per month | Registry | Payment channel |\n"
    "|---|---|---|---|---|\n"
    "| Takaful and Karama national cash transfer programme | 5,000,000 | 450 EGP "
    "| Unified National Registry | Meeza cards and post offices |\n"
)


@pytest.fixture
def table_pages(country, focal_point, facilitator):
    """The URL of every page with a table, and who sees it."""
    for n in range(6):
        UserFactory(
            country=country,
            name_latin=f"Applicant With A Rather Long Name {n}",
            name_arabic=f"متقدمة باسم طويل نسبيا {n}",
            organisation=ORGANISATION,
            position=POSITION,
            status=MembershipStatus.APPLICANT if n % 2 else MembershipStatus.MEMBER,
            requested_at=timezone.now(),
        )
    event = EventFactory(
        title_en="Regional workshop on shock-responsive social protection",
        title_ar="ورشة إقليمية حول الحماية الاجتماعية المستجيبة للصدمات",
    )
    tour = EventFactory(kind="study_tour", takes_nominations=True, nomination_quota=3)
    for person in list(country.members.all())[:4]:
        register(event, person)
        Nomination.objects.create(
            event=tour, country=country, member=person, nominated_by=focal_point
        )
    topic = TopicFactory(slug="registries", is_public=True)
    thread = discussions_services.thread_create(
        author=focal_point,
        topic=topic,
        kind="practice",
        title="Payment channels compared",
        body=MARKDOWN_TABLE,
    )
    return [
        (focal_point, "members/roster/"),
        (facilitator, f"members/roster/?country={country.code}"),
        (facilitator, f"events/{event.pk}/registrations/"),
        (facilitator, f"events/{tour.pk}/nominations/"),
        (focal_point, f"events/{tour.pk}/nominations/"),
        (focal_point, "events/calendar/"),
        (focal_point, f"discussions/threads/{thread.pk}/"),
    ]


@pytest.mark.parametrize("language", ["ar", "en"])
def test_every_table_page_fits_a_360_px_screen(browser, live_server, table_pages, language):
    too_wide = {}
    contexts = {}
    try:
        for person, path in table_pages:
            if person.pk not in contexts:
                contexts[person.pk] = new_page(
                    browser,
                    live_server,
                    locale=language,
                    viewport={"width": 360, "height": 780},
                    is_mobile=True,
                    has_touch=True,
                )
                browser_login(contexts[person.pk][1], person, language=language)
            page = contexts[person.pk][1]
            response = page.goto(f"{page.base_url}/{language}/{path}")
            assert response.status == 200, path
            assert page.locator("table").count() >= 1, f"{path} has no table"
            overflow = page.evaluate(SIDEWAYS)
            name = path.strip("/").split("?")[0].replace("/", "-")
            screenshot(page, f"tables-{language}-360-{name}-{person.pk}")
            if overflow > 0:
                too_wide[path] = overflow
            # Every row's actions can be reached: the last column sits inside the screen
            # once the table's own box is scrolled to its end.
            if "roster" in path:
                page.evaluate(
                    "document.querySelector('.table-wrap').scrollLeft ="
                    " document.documentElement.dir === 'rtl' ? -1e5 : 1e5"
                )
                button = page.locator("[data-testid^=approve-]").first
                box = button.bounding_box()
                assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360, path
    finally:
        for context, _page in contexts.values():
            context.close()
    assert too_wide == {}, f"pages wider than the screen (extra px): {too_wide}"
