"""Surveys in the email digest (`surveys.digest`): open surveys of the member's audience
they have not submitted, in their language; news only when newly opened; a fixed
number of queries per batch."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cop.digest import DigestBatch
from cop.models import OutboundEmail
from digests import services as digests
from surveys import digest
from surveys.models import Audience, Response, ResponseStatus, Survey, SurveyKind
from tests.digests.conftest import at, jordan, morocco, reader

from .factories import SurveyFactory

__all__ = ["jordan", "morocco"]  # the digests' country fixtures

pytestmark = pytest.mark.django_db

SINCE = at("2026-11-25 07:00", "Asia/Amman")
UNTIL = at("2026-11-26 07:00", "Asia/Amman")


def survey(title, *, opens="2026-11-25 20:00", closes="2026-12-10 20:00", **extra):
    return SurveyFactory(
        title_en=title,
        title_ar=f"استبيان: {title}",
        title=title,
        opens_at=at(opens, "Asia/Amman"),
        closes_at=at(closes, "Asia/Amman") if closes else None,
        **extra,
    )


def batch_for(*members, since=SINCE):
    return DigestBatch(
        members=list(members), since={m.pk: since for m in members}, until=UNTIL, cache={}
    )


def titles(section):
    from django.utils import translation

    with translation.override("en"):
        return [item.text.splitlines()[0] for item in section.items]


def test_open_unanswered_surveys_of_the_member_s_audience(jordan, morocco):
    amman = reader(jordan, email="amman@example.org")
    rabat = reader(morocco, email="rabat@example.org")
    survey("Everyone")
    for_jordan = survey("Jordan only", audience=Audience.COUNTRIES)
    for_jordan.countries.add(jordan)
    survey("Closed already", opens="2026-11-01 08:00", closes="2026-11-20 08:00")
    survey("Not open yet", opens="2026-11-27 08:00")
    # The intake survey (created by a migration), open, stays out: it has its own path.
    assert Survey.objects.filter(kind=SurveyKind.INTAKE).update(
        opens_at=at("2026-01-01 08:00"), closes_at=None
    )
    answered = survey("Answered")
    Response.objects.create(
        survey=answered, member=amman, status=ResponseStatus.SUBMITTED, submitted_at=UNTIL
    )
    drafted = survey("Draft saved")
    Response.objects.create(survey=drafted, member=rabat, status=ResponseStatus.DRAFT)

    sections = digest.digest_sections(batch_for(amman, rabat))
    [mine] = sections[amman.pk]
    assert mine.news and mine.key == "surveys"
    amman_titles = {line.split(" (")[0] for line in titles(mine)}
    assert amman_titles == {"- Everyone", "- Jordan only", "- Draft saved"}
    [theirs] = sections[rabat.pk]
    assert {line.split(" (")[0] for line in titles(theirs)} == {
        "- Everyone",
        "- Answered",
        "- Draft saved",  # a draft is not an answer
    }


def test_an_older_survey_is_a_reminder_not_news(jordan):
    person = reader(jordan, email="p@example.org")
    survey("Opened last week", opens="2026-11-18 08:00")
    [section] = digest.digest_sections(batch_for(person))[person.pk]
    assert not section.news
    assert section.more_link.endswith("/surveys/")


def test_nothing_open_costs_one_query_and_many_members_the_same_as_two(
    jordan, morocco, django_assert_num_queries
):
    people = [reader(jordan, email=f"j{n}@example.org") for n in range(30)]
    people += [reader(morocco, email=f"m{n}@example.org") for n in range(10)]
    with django_assert_num_queries(1):
        assert digest.digest_sections(batch_for(*people)) == {}
    for n in range(3):
        survey(f"S{n}", audience=Audience.COUNTRIES).countries.add(jordan)
    survey("All")

    def cost(members):
        with CaptureQueriesContext(connection) as queries:
            sections = digest.digest_sections(batch_for(*members))
        assert len(sections) == len(members)
        return len(queries)

    assert cost(people[:2]) == cost(people) == 3


def test_a_new_survey_reaches_the_digest_in_the_reader_s_language(jordan):
    arabic = reader(jordan, email="ar@example.org", language="ar")
    english = reader(jordan, email="en@example.org", language="en")
    new = survey("Payment methods")
    with time_machine.travel(at("2026-11-26 07:05", "Asia/Amman"), tick=False):
        digests.digests_send_due(now=at("2026-11-26 07:05", "Asia/Amman"), inline=True)
    ar_mail = OutboundEmail.objects.get(to=arabic.email, kind="digests/email/digest")
    en_mail = OutboundEmail.objects.get(to=english.email, kind="digests/email/digest")
    assert "استبيان: Payment methods" in ar_mail.body_text
    assert f"/ar/surveys/{new.pk}/" in ar_mail.body_text
    assert "Payment methods" in en_mail.body_html
    assert f"/en/surveys/{new.pk}/" in en_mail.body_text
