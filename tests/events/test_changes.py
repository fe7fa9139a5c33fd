"""Changes and cancellations are emailed at once to everyone registered or waiting."""

from datetime import timedelta

from cop.models import OutboundEmail
from events import services
from events.models import Event

from ..factories import UserFactory
from .factories import EventFactory, register


def edit(event, **changes):
    before = Event.objects.get(pk=event.pk)
    for name, value in changes.items():
        setattr(event, name, value)
    return services.event_save(event=event, before=before)


def test_a_new_join_link_is_emailed_to_registrants_with_the_link(country, committed):
    event = EventFactory(capacity=1)
    seated, waiting = UserFactory(country=country), UserFactory(country=country)
    register(event, seated)
    register(event, waiting, "waitlisted")
    with committed():
        assert edit(event, join_url="https://meet.example.org/new-room") == ["join_url"]
    to_seated = OutboundEmail.objects.get(to=seated.email)
    to_waiting = OutboundEmail.objects.get(to=waiting.email)
    assert to_seated.kind == "events/email/changed"
    assert "https://meet.example.org/new-room" in to_seated.body_text
    assert "https://meet.example.org/new-room" not in to_waiting.body_text
    assert Event.objects.get(pk=event.pk).sequence == 1


def test_editing_the_description_alone_sends_nothing(country):
    event = EventFactory()
    register(event, UserFactory(country=country))
    assert edit(event, description_en="A better description.") == []
    assert not OutboundEmail.objects.exists()
    assert Event.objects.get(pk=event.pk).sequence == 0


def test_a_cancellation_is_emailed_with_a_cancelled_calendar_entry(country):
    event = EventFactory()
    person = UserFactory(country=country, preferred_language="ar")
    register(event, person)
    services.event_cancel(event=event)
    email = OutboundEmail.objects.get(to=person.email)
    assert email.kind == "events/email/cancelled"
    assert email.subject.startswith("أُلغيت")
    assert "STATUS:CANCELLED" in email.attachments[0]["content"]
    assert event.join_url not in email.body_text
    # Cancelling again sends nothing more.
    services.event_cancel(event=event)
    assert OutboundEmail.objects.count() == 1


def test_moving_an_event_marks_it_moved_and_past_events_send_nothing(country):
    event = EventFactory()
    register(event, UserFactory(country=country))
    edit(event, start=event.start + timedelta(hours=2), end=event.end + timedelta(hours=2))
    assert Event.objects.get(pk=event.pk).status == "moved"
    past = EventFactory(
        start=event.start - timedelta(days=30), end=event.start - timedelta(days=29, hours=22)
    )
    past.start -= timedelta(days=40)
    past.end -= timedelta(days=40)
    past.save()
    register(past, UserFactory(country=country))
    OutboundEmail.objects.all().delete()
    edit(past, place_en="Recorded only")
    assert not OutboundEmail.objects.exists()


def test_descriptions_are_markdown_rendered_safely_in_each_language(client, db):
    event = EventFactory()
    before = Event.objects.get(pk=event.pk)
    event.description_en = "**Agenda**\n\n- Registries\n- [Report](https://example.org/r.pdf)\n\n<script>alert(1)</script>"
    event.description_ar = "**جدول الأعمال**"
    services.event_save(event=event, before=before)
    english = client.get(f"/en/events/{event.pk}/").content.decode()
    arabic = client.get(f"/ar/events/{event.pk}/").content.decode()
    assert "<strong>Agenda</strong>" in english and '<li dir="auto">Registries</li>' in english
    assert "<script>alert(1)</script>" not in english and "&lt;script&gt;" in english
    assert "<strong>جدول الأعمال</strong>" in arabic
