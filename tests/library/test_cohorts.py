"""Documentation cohorts: activity and colleagues, milestones on a board, reminders once."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from cop.models import OutboundEmail
from library import services
from library.models import (
    ActivityKind,
    Cohort,
    CohortWebinar,
    DocumentKind,
    Milestone,
    MilestoneKind,
    MilestoneReminder,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)


@pytest.fixture
def cohort(topic, coach):
    cohort = Cohort.objects.create(
        name_ar="فوج التوثيق ٢٠٢٦",
        name_en="Documentation cohort 2026",
        topic=topic,
        starts_on=TODAY - timedelta(days=30),
        ends_on=TODAY + timedelta(days=90),
    )
    cohort.coaches.add(coach)
    Milestone.objects.create(
        cohort=cohort, kind=MilestoneKind.OUTLINE, due_on=TODAY - timedelta(days=5)
    )
    Milestone.objects.create(
        cohort=cohort, kind=MilestoneKind.FIRST_DRAFT, due_on=TODAY + timedelta(days=2)
    )
    Milestone.objects.create(
        cohort=cohort, kind=MilestoneKind.FINAL, due_on=TODAY + timedelta(days=60)
    )
    return cohort


@pytest.fixture
def participants(cohort, facilitator, country):
    amman = UserFactory(
        country=country, timezone="Asia/Amman", preferred_language="ar", name_latin="Huda Amman"
    )
    rabat = UserFactory(
        country=country,
        timezone="Africa/Casablanca",
        preferred_language="en",
        name_latin="Karim Rabat",
    )
    return [
        services.participant_admit(cohort=cohort, member=amman, by=facilitator),
        services.participant_admit(cohort=cohort, member=rabat, by=facilitator),
    ]


def test_choosing_an_activity_starts_a_draft_with_colleagues_as_co_authors(participants, coach):
    first, second = participants
    services.activity_update(
        participant=first,
        by=first.member,
        kind=ActivityKind.TRAINING,
        title="Setting up a grievance desk",
        colleagues=[second.member],
    )
    first.refresh_from_db()
    document = first.document
    assert document.kind == DocumentKind.TRAINING
    assert set(document.authors.all()) == {first.member, second.member}
    assert document.coach == coach
    assert first.coach == coach


def test_the_board_shows_who_is_late_and_who_waits_for_feedback(
    client, cohort, participants, coach, facilitator, member
):
    first, second = participants
    outline = cohort.milestones.get(kind=MilestoneKind.OUTLINE)
    services.milestone_hand_in(participant=first, milestone=outline, by=first.member)
    client.force_login(coach)
    from unittest import mock

    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        html = client.get(f"/en/library/cohorts/{cohort.pk}/").content.decode()
    assert "1 participant is late." in html
    assert "1 participant is waiting for feedback." in html
    # The coach gives feedback; the participant is no longer waiting.
    assert client.post(reverse("library:feedback", args=[first.pk, outline.pk])).status_code == 302
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        html = client.get(f"/en/library/cohorts/{cohort.pk}/").content.decode()
    assert "0 participants are waiting for feedback." in html
    # Members who are neither coaches nor facilitators cannot see the board.
    client.force_login(member)
    assert client.get(reverse("library:cohort", args=[cohort.pk])).status_code == 403
    client.force_login(first.member)
    assert client.post(reverse("library:feedback", args=[second.pk, outline.pk])).status_code == 404


def test_a_participant_page_is_theirs_their_coaches_and_the_facilitators(
    client, participants, member, coach, facilitator
):
    first, second = participants
    url = reverse("library:participation", args=[first.pk])
    for person, status in (
        (first.member, 200),
        (coach, 200),
        (facilitator, 200),
        (second.member, 404),
        (member, 404),
    ):
        client.force_login(person)
        assert client.get(url).status_code == status
    client.logout()
    assert client.get(url).status_code == 302
    client.force_login(second.member)
    response = client.post(url, {"kind": "training", "title": "Hijack"})
    assert response.status_code == 404
    first.refresh_from_db()
    assert first.activity_title == ""


def _at(zone, day, hour):
    return datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo(zone))


def test_milestone_reminders_go_once_per_participant_in_their_zone(cohort, participants):
    amman, rabat = participants
    first_draft = cohort.milestones.get(kind=MilestoneKind.FIRST_DRAFT)
    # 07:00 in Amman is 05:00 in Casablanca: too early for both.
    assert services.milestone_reminders_send_due(now=_at("Asia/Amman", TODAY, 7)) == 0
    # 09:00 in Amman, 07:00 in Casablanca: only the Amman participant is reminded.
    assert services.milestone_reminders_send_due(now=_at("Asia/Amman", TODAY, 9)) == 1
    assert MilestoneReminder.objects.get().participant == amman
    # Later that day both are due, but Amman already had theirs.
    assert services.milestone_reminders_send_due(now=_at("Asia/Amman", TODAY, 12)) == 1
    assert services.milestone_reminders_send_due(now=_at("Asia/Amman", TODAY, 13)) == 0
    reminders = MilestoneReminder.objects.filter(milestone=first_draft)
    assert reminders.count() == 2
    emails = {r.participant: r.email for r in reminders}
    assert emails[amman].language == "ar" and "المسودة الأولى" in emails[amman].subject
    assert emails[rabat].language == "en" and "First draft due on" in emails[rabat].subject
    assert f"/en/library/participants/{rabat.pk}/" in emails[rabat].body_text
    # The late outline (already past) and the far final version send nothing.
    assert not MilestoneReminder.objects.exclude(milestone=first_draft).exists()
    assert OutboundEmail.objects.filter(kind="library/email/milestone_reminder").count() == 2


def test_a_handed_in_milestone_is_not_reminded(cohort, participants):
    amman, _rabat = participants
    first_draft = cohort.milestones.get(kind=MilestoneKind.FIRST_DRAFT)
    services.milestone_hand_in(participant=amman, milestone=first_draft, by=amman.member)
    services.milestone_reminders_send_due(now=_at("Asia/Amman", TODAY, 12))
    assert list(MilestoneReminder.objects.values_list("participant", flat=True)) == [_rabat.pk]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_scanners_at_once_remind_each_participant_once(cohort, participants):
    from tests.concurrency import run_in_threads

    run_in_threads(
        4, lambda index: services.milestone_reminders_send_due(now=_at("Asia/Amman", TODAY, 12))
    )
    assert MilestoneReminder.objects.count() == 2
    assert OutboundEmail.objects.filter(kind="library/email/milestone_reminder").count() == 2


def test_coaching_webinars_are_events_linked_to_the_cohort(client, cohort, coach):
    from django.utils import timezone

    from events.models import Event

    event = Event.objects.create(
        title_ar="ندوة التوجيه الأولى",
        title_en="First coaching webinar",
        kind="webinar",
        start=timezone.now() + timedelta(days=3),
        end=timezone.now() + timedelta(days=3, hours=1),
    )
    CohortWebinar.objects.create(cohort=cohort, event=event)
    client.force_login(coach)
    html = client.get(f"/en/library/cohorts/{cohort.pk}/").content.decode()
    assert "First coaching webinar" in html


def test_the_board_keeps_a_query_budget_however_many_participants(
    client, django_assert_max_num_queries, cohort, facilitator, country
):
    outline = cohort.milestones.get(kind=MilestoneKind.OUTLINE)
    for index in range(12):
        person = UserFactory(country=country, name_latin=f"Participant {index}")
        participant = services.participant_admit(cohort=cohort, member=person, by=facilitator)
        services.activity_update(
            participant=participant, by=person, kind=ActivityKind.TRAINING, title=f"Guide {index}"
        )
        if index % 2:
            services.milestone_hand_in(participant=participant, milestone=outline, by=person)
    client.force_login(facilitator)
    with django_assert_max_num_queries(14):
        response = client.get(f"/en/library/cohorts/{cohort.pk}/")
    assert response.content.decode().count('data-testid="board-row"') == 12


def test_a_participant_records_activity_and_colleagues_and_hands_in(client, participants):
    first, second = participants
    client.force_login(first.member)
    url = f"/en/library/participants/{first.pk}/"
    response = client.post(
        url,
        {"kind": "cross_country", "title": "Mobile payments", "colleagues": [second.member.pk]},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.activity_kind == "cross_country" and first.document is not None
    assert list(first.colleagues.all()) == [second.member]
    outline = first.cohort.milestones.get(kind=MilestoneKind.OUTLINE)
    assert client.post(f"{url}hand-in/{outline.pk}/").status_code == 302
    assert first.progress.get().milestone == outline
    html = client.get(url).content.decode()
    assert 'data-testid="status-waiting"' in html
    # A colleague outside the cohort cannot be named.
    outsider = UserFactory()
    response = client.post(url, {"kind": "training", "title": "x", "colleagues": [outsider.pk]})
    assert response.status_code == 400
    first.refresh_from_db()
    assert first.activity_kind == "cross_country"


def test_a_milestone_reminder_can_be_stopped_from_its_own_link(client, cohort, participants):
    amman, rabat = participants
    services.milestone_reminders_send_due(now=_at("Asia/Amman", TODAY, 12))
    arabic = MilestoneReminder.objects.get(participant=amman).email
    assert arabic.unsubscribe == "coaching_reminders"
    assert "List-Unsubscribe" in arabic.headers and "List-Unsubscribe-Post" in arabic.headers
    assert "إيقاف التذكير بالمراحل" in arabic.body_html
    assert "لإيقاف التذكير بالمراحل" in arabic.body_text
    english = MilestoneReminder.objects.get(participant=rabat).email
    assert "To stop milestone reminders, open:" in english.body_text
    # The page the link opens says what stops, in the reader's language.
    link = arabic.headers["List-Unsubscribe"].strip("<>").replace("http://testserver", "")
    assert link.startswith("/ar/")
    assert "هل تريد إيقاف التذكير بالمراحل؟" in client.get(link).content.decode()
    assert client.post(link, {"List-Unsubscribe": "One-Click"}).status_code in (200, 302)
    member = amman.member
    member.refresh_from_db()
    assert member.coaching_reminders is False
    assert member.survey_reminders is True and member.event_reminders is True
    # The next milestone comes due: the other participant is reminded, not them.
    final = cohort.milestones.get(kind=MilestoneKind.FINAL)
    Milestone.objects.filter(pk=final.pk).update(due_on=TODAY + timedelta(days=3))
    assert (
        services.milestone_reminders_send_due(now=_at("Asia/Amman", TODAY + timedelta(days=1), 12))
        == 1
    )
    assert MilestoneReminder.objects.get(participant=amman, milestone=final).email is None
    assert MilestoneReminder.objects.get(participant=rabat, milestone=final).email is not None


def test_milestone_reminders_are_a_preference_on_the_profile(client, participants):
    member = participants[0].member
    client.force_login(member)
    html = client.get("/en/members/profile/").content.decode()
    assert 'name="coaching_reminders"' in html and "milestone reminders by email" in html.lower()
