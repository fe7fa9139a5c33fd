"""One pagination rule for every list: past the end shows the last page; garbage is a 404."""

import pytest
from django.http import Http404

from cop.pagination import paginate
from discussions import services
from discussions.models import ThreadKind
from members.models import User

pytestmark = pytest.mark.django_db


def test_a_page_past_the_end_is_the_last_page():
    page = paginate(list(range(60)), "9", 25)
    assert page.number == 3 and list(page.object_list) == list(range(50, 60))


@pytest.mark.parametrize("number", ["abc", "0", "-1", "1.5", "9" * 5000, "1e3", "\x00"])
def test_a_page_that_is_not_a_whole_number_from_one_is_a_404(number):
    with pytest.raises(Http404):
        paginate(list(range(60)), number, 25)


def test_no_page_or_an_empty_list_is_the_first_page():
    assert paginate([], None, 25).number == 1
    assert paginate(list(range(5)), "", 25).number == 1


@pytest.fixture
def busy_roster(country):
    User.objects.bulk_create(
        User(email=f"p{i}@example.org", country=country, name_latin=f"P {i:03}") for i in range(60)
    )


def test_roster_and_thread_list_agree_about_pages(client, focal_point, busy_roster, topic_threads):
    client.force_login(focal_point)
    roster = client.get("/en/members/roster/?status=applicant&page=99")
    threads = client.get("/en/discussions/?page=99")
    assert roster.status_code == threads.status_code == 200
    assert roster.context["page"].number == 3 and threads.context["page"].number == 2
    assert client.get("/en/members/roster/?page=abc").status_code == 404
    assert client.get("/en/discussions/?page=abc").status_code == 404


@pytest.fixture
def topic_threads(focal_point):
    from tests.discussions.factories import TopicFactory

    topic = TopicFactory(is_public=True)
    for n in range(30):
        services.thread_create(
            author=focal_point, topic=topic, kind=ThreadKind.DISCUSSION, title=f"T{n}", body="b"
        )
    return topic


def test_page_links_keep_the_filters_and_drop_page_one(client, focal_point, busy_roster):
    client.force_login(focal_point)
    html = client.get("/en/members/roster/?status=applicant&q=P&page=2").content.decode()
    assert 'rel="prev" href="?status=applicant&amp;q=P"' in html
    assert 'rel="next" href="?status=applicant&amp;q=P&amp;page=3"' in html


def test_thread_filters_keep_other_parameters_and_start_again_at_page_one(
    client, focal_point, topic_threads
):
    client.force_login(focal_point)
    html = client.get(f"/en/discussions/topics/{topic_threads.slug}/?page=2").content.decode()
    assert 'href="?show=unanswered"' in html
    assert 'rel="prev" href="?"' in html
