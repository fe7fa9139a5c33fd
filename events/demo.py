"""Demo events: the bi-monthly workshop series, a study tour, an audio conference, a full webinar.

Idempotent: each object is found by its English title (or its series'
occurrence) and only created when missing. Registrations are written directly
(no emails are queued by the demo).
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from discussions.models import Topic
from members.models import Country, MembershipStatus, User

from .models import (
    DialIn,
    Event,
    EventKind,
    EventLanguages,
    Interpretation,
    Material,
    MaterialKind,
    Nomination,
    NominationStatus,
    Registration,
    RegistrationStatus,
    Series,
    SeriesRegistration,
    Speaker,
)
from .services import event_render_texts, series_generate_sessions
from .timing import host_aware, occurrences_after

SERIES = {
    "title_ar": "ورشة العمل الافتراضية كل شهرين",
    "title_en": "Bi-monthly virtual workshop",
    "description_ar": (
        "لقاء افتراضي كل شهرين يجمع مديري برامج المساعدة الاجتماعية والتشغيل في المنطقة. "
        "في كل جلسة يعرض بلدٌ تجربته العملية، ثم نناقش ما نجح وما لم ينجح وكيف يمكن نقله "
        "إلى سياقات أخرى. الجلسات بالعربية مع ترجمة فورية إلى الإنجليزية."
    ),
    "description_en": (
        "Every two months, directors of social-assistance and employment programmes in the "
        "region meet online. In each session one country presents its practical experience, "
        "then we discuss what worked, what did not, and how it could travel to other settings. "
        "Sessions are in Arabic with interpretation into English."
    ),
}
PAST_SESSIONS = [
    (
        "السجلات الاجتماعية الموحدة: تجربة الأردن",
        "Unified social registries: the Jordanian experience",
        "عرض صندوق المعونة الوطنية كيف ربط السجل الوطني الموحد بقواعد بيانات الأحوال المدنية "
        "والضمان الاجتماعي، وكيف قلّص ذلك أخطاء الاستهداف.",
        "The National Aid Fund showed how it linked the unified national registry to civil "
        "registration and social security data, and how this reduced targeting errors.",
    ),
    (
        "الأشغال العامة كثيفة العمالة بعد الأزمات: اليمن",
        "Labour-intensive public works after crises: Yemen",
        "قدّم مشروع الأشغال العامة دروس عشر سنوات من العمل في ظروف النزاع: اختيار المشاريع، "
        "ودفع الأجور، والرقابة المجتمعية.",
        "The Public Works Project shared ten years of lessons from working in conflict: choosing "
        "projects, paying wages and community monitoring.",
    ),
]


def _founders() -> dict[str, list[User]]:
    people = {}
    for user in User.objects.filter(
        status=MembershipStatus.MEMBER, country__is_founding=True, is_staff=False
    ).select_related("country"):
        people.setdefault(user.country.code, []).append(user)
    return people


def _seat(event: Event, member: User, status=RegistrationStatus.REGISTERED, **fields) -> None:
    Registration.objects.get_or_create(
        event=event,
        member=member,
        defaults={
            "status": status,
            "queued_at": timezone.now() if status == RegistrationStatus.WAITLISTED else None,
            **fields,
        },
    )


def _series(topics, people, now) -> Series:
    host = "Asia/Amman"
    # The third Tuesday of every second month, 10:00 in Amman, starting last spring.
    first_local = occurrences_after(
        "FREQ=MONTHLY;INTERVAL=2;BYDAY=+3TU",
        first_start_local=datetime(now.year - 1, 1, 1, 10, 0),
        after_local=(now - timedelta(days=150)).replace(tzinfo=None),
        count=1,
    )[0]
    series, _ = Series.objects.get_or_create(
        title_en=SERIES["title_en"],
        defaults={
            **SERIES,
            "kind": EventKind.WORKSHOP,
            "host_timezone": host,
            "recurrence": "FREQ=MONTHLY;INTERVAL=2;BYDAY=+3TU",
            "first_start": host_aware(first_local, host),
            "duration_minutes": 90,
            "join_url": "https://meet.example.org/mena-cop-workshop",
            "languages": EventLanguages.ARABIC,
            "interpretation": Interpretation.INTO_ENGLISH,
            "capacity": 80,
        },
    )
    series.topics.set([t for t in topics if t.slug in ("social-registries", "public-works")])
    # Past sessions, with materials, made from the same rule.
    past = occurrences_after(
        series.recurrence,
        first_start_local=first_local,
        after_local=first_local,
        count=len(PAST_SESSIONS),
    )
    for occurrence, (title_ar, title_en, summary_ar, summary_en) in zip(
        past, PAST_SESSIONS, strict=True
    ):
        start = host_aware(occurrence, host)
        if start >= now:
            continue
        session, created = Event.objects.get_or_create(
            series=series,
            occurrence=start,
            defaults={
                "kind": series.kind,
                "host_timezone": host,
                "title_ar": title_ar,
                "title_en": title_en,
                "description_ar": series.description_ar,
                "description_en": series.description_en,
                "summary_ar": summary_ar,
                "summary_en": summary_en,
                "start": start,
                "end": start + timedelta(minutes=90),
                "languages": series.languages,
                "interpretation": series.interpretation,
                "capacity": series.capacity,
                "recording_url": "https://video.example.org/mena-cop/" + start.strftime("%Y-%m"),
            },
        )
        if created:
            Material.objects.create(
                event=session,
                kind=MaterialKind.SLIDES,
                title_ar="العرض التقديمي",
                title_en="Presentation slides",
                url="https://docs.example.org/mena-cop/slides-" + start.strftime("%Y-%m") + ".pdf",
            )
            for index, member in enumerate([m for group in people.values() for m in group]):
                _seat(session, member, attended=index % 4 != 0)
    # Upcoming sessions from the admin action, and registrants for the whole series.
    series_generate_sessions(series=series, count=3)
    for code in ("JO", "MA", "IQ", "PS"):
        for member in people.get(code, [])[:1]:
            series_registration, _ = SeriesRegistration.objects.get_or_create(
                series=series, member=member
            )
            for session in series.sessions.filter(start__gt=now):
                _seat(session, member, series_registration=series_registration)
    return series


def _study_tour(topics, people, now) -> Event:
    start = (now + timedelta(days=75)).replace(hour=7, minute=0, second=0, microsecond=0)
    tour, created = Event.objects.get_or_create(
        title_en="Study tour to Morocco: the national social registry and AMO health insurance",
        defaults={
            "title_ar": "زيارة دراسية إلى المغرب: السجل الاجتماعي الموحد والتأمين الصحي الإجباري",
            "description_ar": (
                "ثلاثة أيام في الرباط مع الوكالة الوطنية للسجلات: كيف سُجّلت ملايين الأسر، وكيف "
                "تُحسب مؤشرات الاستهداف، وكيف يُربط السجل بالتأمين الصحي. يرشّح كل منسق وطني "
                "مشاركَين اثنين من بلده."
            ),
            "description_en": (
                "Three days in Rabat with the National Registries Agency: how millions of "
                "households were registered, how targeting scores are computed and how the "
                "registry is linked to health insurance. Each focal point nominates two "
                "participants from their country."
            ),
            "kind": EventKind.STUDY_TOUR,
            "host_timezone": "Africa/Casablanca",
            "start": start,
            "end": start + timedelta(days=2, hours=9),
            "registration_deadline": start - timedelta(days=30),
            "place_ar": "الرباط، المغرب",
            "place_en": "Rabat, Morocco",
            "languages": EventLanguages.BOTH,
            "interpretation": Interpretation.BOTH,
            "capacity": 16,
            "takes_nominations": True,
            "nomination_quota": 2,
            "is_public": False,
        },
    )
    if created:
        tour.topics.set(
            [t for t in topics if t.slug in ("social-registries", "targeting-poverty-maps")]
        )
        countries = {c.code: c for c in Country.objects.filter(code__in=["JO", "IQ", "LB", "TN"])}
        for code, status in (
            ("JO", NominationStatus.CONFIRMED),
            ("IQ", NominationStatus.PENDING),
            ("LB", NominationStatus.PENDING),
            ("TN", NominationStatus.PENDING),
        ):
            nominee = (people.get(code) or [None])[-1]
            if nominee is None:
                continue
            Nomination.objects.get_or_create(
                event=tour,
                member=nominee,
                defaults={
                    "country": countries[code],
                    "nominated_by": countries[code].focal_point,
                    "status": status,
                    "note": "يتولى ملف اتفاقيات تبادل البيانات مع السجل الوطني.",
                },
            )
            if status == NominationStatus.CONFIRMED:
                _seat(tour, nominee)
    return tour


def _audio_conference(topics, people, now) -> Event:
    start = (now + timedelta(days=12)).replace(hour=11, minute=0, second=0, microsecond=0)
    call, created = Event.objects.get_or_create(
        title_en="Audio conference: paying cash transfers through mobile wallets",
        defaults={
            "title_ar": "مؤتمر هاتفي: صرف التحويلات النقدية عبر المحافظ الإلكترونية",
            "description_ar": (
                "مكالمة جماعية قصيرة لمن يعملون على الدفع الرقمي: تجربة تونس مع الحوالات عبر "
                "الهاتف المحمول، والعوائق أمام النساء في المناطق الريفية، والاتفاقيات مع مشغلي الاتصالات."
            ),
            "description_en": (
                "A short call for those working on digital payments: Tunisia's experience with "
                "mobile transfers, the barriers women face in rural areas, and agreements with "
                "telecom operators."
            ),
            "kind": EventKind.AUDIO,
            "host_timezone": "Africa/Tunis",
            "start": start,
            "end": start + timedelta(hours=1),
            "languages": EventLanguages.BOTH,
            "interpretation": Interpretation.BOTH,
        },
    )
    if created:
        call.topics.set([t for t in topics if t.slug == "cash-transfers"])
        for code, number in (
            ("TN", "+216 71 000 100"),
            ("JO", "+962 6 500 0100"),
            ("MA", "+212 5 22 00 01 00"),
        ):
            DialIn.objects.create(
                event=call,
                country=Country.objects.get(code=code),
                number=number,
                access_code="482 913",
            )
        DialIn.objects.create(event=call, number="+44 20 3000 0100", access_code="482 913")
        for members in people.values():
            _seat(call, members[0])
    return call


def _full_webinar(topics, people, now) -> Event:
    start = (now + timedelta(days=20)).replace(hour=12, minute=0, second=0, microsecond=0)
    webinar, created = Event.objects.get_or_create(
        title_en="Webinar: what works for youth employment? Evidence from impact evaluations",
        defaults={
            "title_ar": "ندوة عبر الإنترنت: ما الذي ينجح في تشغيل الشباب؟ أدلة من تقييمات الأثر",
            "description_ar": (
                "خبيرة دولية تعرض خلاصة تقييمات الأثر لبرامج التدريب والوساطة ودعم المشاريع "
                "الصغيرة، ثم أسئلة المشاركين. المقاعد محدودة؛ تُفتح قائمة انتظار عند امتلائها."
            ),
            "description_en": (
                "An international expert presents what impact evaluations say about training, "
                "job-matching and small-business support for young people, followed by "
                "questions. Seats are limited; a waiting list opens when it is full."
            ),
            "kind": EventKind.WEBINAR,
            "host_timezone": "Asia/Beirut",
            "start": start,
            "end": start + timedelta(hours=1, minutes=30),
            "join_url": "https://meet.example.org/mena-cop-youth",
            "languages": EventLanguages.ENGLISH,
            "interpretation": Interpretation.INTO_ARABIC,
            "capacity": 4,
            "is_public": True,
        },
    )
    if created:
        webinar.topics.set([t for t in topics if t.slug == "youth-employment"])
        expert = User.objects.filter(email="expert@example.org").first()
        Speaker.objects.create(
            event=webinar,
            member=expert,
            name="" if expert else "Maria Gonzalez",
            bio_en="Senior adviser on social registries and labour-market programmes.",
            bio_ar="مستشارة أولى في السجلات الاجتماعية وبرامج سوق العمل.",
        )
        everyone = [m for group in people.values() for m in group]
        for index, member in enumerate(everyone[:7]):
            _seat(
                webinar,
                member,
                RegistrationStatus.REGISTERED if index < 4 else RegistrationStatus.WAITLISTED,
            )
    return webinar


@transaction.atomic
def seed(*, stdout=None) -> list:
    now = timezone.now()
    topics = list(Topic.objects.all())
    people = _founders()
    _series(topics, people, now)
    _study_tour(topics, people, now)
    _audio_conference(topics, people, now)
    _full_webinar(topics, people, now)
    # Descriptions and notes are Markdown, rendered once as the services do on save.
    for item in [
        *Series.objects.filter(description_html_ar=""),
        *Event.objects.filter(description_html_ar=""),
    ]:
        event_render_texts(item)
        item.save()
    if stdout is not None:
        stdout.write(
            f"Events: {Event.objects.count()} sessions, {Registration.objects.count()} registrations."
        )
    return []
