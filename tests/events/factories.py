from datetime import timedelta

import factory
from django.utils import timezone

from events.models import Event, EventKind, Registration, RegistrationStatus, Series


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title_ar = factory.Sequence(lambda n: f"ورشة عمل رقم {n}")
    title_en = factory.Sequence(lambda n: f"Workshop {n}")
    description_ar = "نقاش حول برامج التحويلات النقدية."
    description_en = "A discussion of cash-transfer programmes."
    kind = EventKind.WORKSHOP
    host_timezone = "Asia/Amman"
    start = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=10)).replace(microsecond=0)
    )
    end = factory.LazyAttribute(lambda o: o.start + timedelta(minutes=90))
    join_url = "https://meet.example.org/secret-room"
    is_public = True


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series

    title_ar = "ورشة العمل كل شهرين"
    title_en = "Bi-monthly workshop"
    kind = EventKind.WORKSHOP
    host_timezone = "Asia/Amman"
    recurrence = "FREQ=MONTHLY;INTERVAL=2;BYDAY=+3TU"
    first_start = factory.LazyFunction(lambda: timezone.now())
    duration_minutes = 90
    join_url = "https://meet.example.org/series-room"


def register(event, member, status=RegistrationStatus.REGISTERED):
    return Registration.objects.create(
        event=event,
        member=member,
        status=status,
        queued_at=timezone.now() if status == RegistrationStatus.WAITLISTED else None,
    )
