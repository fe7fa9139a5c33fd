"""Demo surveys: the intake answered across the founding countries, and a closed workshop survey.

The intake answers tell the community's founding story: most want a regional
community of practice; cash transfers, targeting and social registries lead
the topics; technology is seen as helpful. A few more practitioners per
founding country answer, so that each country's results can be shown. The
answers are drawn from a fixed seed, so every run tells the same story.

Idempotent: members who already answered are left alone.
"""

import random
from datetime import timedelta
from importlib import import_module

from django.apps import apps as django_apps
from django.db import transaction
from django.utils import timezone

from discussions.models import Topic
from members.demo import demo_account, demo_countries
from members.models import MembershipStatus, User

from .forms import Given
from .models import Choice, Question, QuestionKind, Response, Survey, SurveyKind
from .services import question_sync_fixed_choices, response_record

# Arabic and Latin first and family names, combined per country for the extra respondents.
FIRST_NAMES = [
    ("أمينة", "Amina"),
    ("يوسف", "Youssef"),
    ("ليلى", "Leila"),
    ("خالد", "Khaled"),
    ("سناء", "Sanaa"),
    ("عمر", "Omar"),
    ("رنا", "Rana"),
    ("حسن", "Hassan"),
]
FAMILY_NAMES = [
    ("العلوي", "El Alaoui"),
    ("بن سالم", "Ben Salem"),
    ("الخطيب", "Al-Khatib"),
    ("الجبوري", "Al-Jubouri"),
    ("حداد", "Haddad"),
    ("عودة", "Odeh"),
    ("الأهدل", "Al-Ahdal"),
    ("التازي", "Tazi"),
]
ORGANISATIONS = {
    "MA": "Ministry of Solidarity, Social Integration and Family",
    "TN": "Ministry of Social Affairs",
    "JO": "National Aid Fund",
    "IQ": "Ministry of Labour and Social Affairs",
    "LB": "Ministry of Social Affairs",
    "PS": "Ministry of Social Development",
    "YE": "Social Fund for Development",
}
POSITIONS = [
    "Programme officer",
    "Head of targeting unit",
    "Employment services adviser",
    "Monitoring and evaluation specialist",
]
EXTRA_PER_COUNTRY = 4

# How likely each topic (by slug) is among a member's three: the community's priorities.
TOPIC_WEIGHTS = {
    "cash-transfers": 0.65,
    "targeting-poverty-maps": 0.55,
    "social-registries": 0.5,
    "active-labour-market": 0.25,
    "employment-services": 0.2,
    "youth-employment": 0.3,
    "public-works": 0.15,
    "monitoring-evaluation": 0.3,
    "financing": 0.15,
    "procurement-reform": 0.08,
}
ACTIVITY_WEIGHTS = [0.85, 0.55, 0.25, 0.65, 0.4]  # workshops, tours, audio, discussions, notes
COMMENTS = [
    "نحتاج إلى تبادل أدوات عملية مثل نماذج استمارات التسجيل ومعادلات الاستهداف.",
    "Short case studies from neighbouring countries would help us argue for reform at home.",
    "أرجو أن تكون الورش في أوقات تناسب المغرب العربي والمشرق معاً.",
    "Connectivity is weak in our field offices: please keep pages light and share recordings.",
]

WORKSHOP_SURVEY = {
    "slug": "workshop-feedback-social-registries",
    "title_ar": "رأيكم في ورشة السجلات الاجتماعية الموحدة",
    "title_en": "Your view of the workshop on unified social registries",
    "intro_ar": "شكراً لمشاركتكم في ورشة العمل الافتراضية. ساعدونا على تحسين الورش القادمة.",
    "intro_en": "Thank you for joining the virtual workshop. Help us make the next ones better.",
}
# code, kind, Arabic, English, max, choices [(Arabic, English, value)]
WORKSHOP_QUESTIONS = [
    (
        "useful",
        QuestionKind.LIKERT,
        "ما مدى فائدة الورشة لعملك؟",
        "How useful was the workshop for your work?",
        None,
        [
            ("غير مفيدة", "Not useful", 1),
            ("قليلة الفائدة", "Slightly useful", 2),
            ("مفيدة إلى حد ما", "Moderately useful", 3),
            ("مفيدة", "Useful", 4),
            ("مفيدة جداً", "Very useful", 5),
        ],
    ),
    (
        "parts",
        QuestionKind.RANKING,
        "رتّب أجزاء الورشة من الأكثر إلى الأقل فائدة.",
        "Rank the parts of the workshop from most to least useful.",
        None,
        [
            ("عرض التجربة الأردنية", "The Jordanian presentation", None),
            ("الأسئلة والأجوبة", "Questions and answers", None),
            ("مجموعات النقاش", "Breakout groups", None),
            ("المواد المشتركة", "Shared materials", None),
        ],
    ),
    (
        "again",
        QuestionKind.YES_NO_MAYBE,
        "هل ستحضر الورشة القادمة؟",
        "Will you join the next workshop?",
        None,
        [],
    ),
    (
        "colleagues",
        QuestionKind.NUMBER,
        "مع كم زميلاً شاركت ما تعلمته؟",
        "With how many colleagues did you share what you learnt?",
        None,
        [],
    ),
    (
        "improve",
        QuestionKind.LONG_TEXT,
        "ما الذي يمكن تحسينه؟",
        "What could be improved?",
        None,
        [],
    ),
]


def _intake() -> Survey:
    survey = Survey.objects.filter(kind=SurveyKind.INTAKE).first()
    if survey is None:  # a database flushed since it was migrated
        import_module("surveys.migrations.0002_intake_survey").create_intake(django_apps, None)
        survey = Survey.objects.get(kind=SurveyKind.INTAKE)
    return survey


def _extra_respondents(countries, now) -> list[User]:
    people = []
    for c_index, code in enumerate(sorted(ORGANISATIONS)):
        country = countries.get(code)
        if country is None:
            continue
        for n in range(EXTRA_PER_COUNTRY):
            first = FIRST_NAMES[(c_index + 3 * n) % len(FIRST_NAMES)]
            family = FAMILY_NAMES[(2 * c_index + n) % len(FAMILY_NAMES)]
            user, created = demo_account(
                email=f"practitioner.{code.lower()}.{n + 1}@example.org",
                country=country,
                name_arabic=f"{first[0]} {family[0]}",
                name_latin=f"{first[1]} {family[1]}",
                organisation=ORGANISATIONS[code],
                position=POSITIONS[n % len(POSITIONS)],
                preferred_language="ar" if (c_index + n) % 4 else "en",
                status=MembershipStatus.MEMBER,
            )
            if created:
                User.objects.filter(pk=user.pk).update(
                    requested_at=now - timedelta(days=62 + n + c_index),
                    member_since=now - timedelta(days=60 + n + c_index),
                )
            people.append(user)
    return people


def _likert(rng, choices, weights) -> Choice:
    return rng.choices(choices, weights=weights)[0]


def _intake_answers(rng, questions: dict[str, Question]) -> list[Given]:
    answers = []
    q = questions.get("interest")
    if q:  # most want a regional community
        choices = list(q.choices.all())
        answers.append(Given(q, [_likert(rng, choices, [1, 2, 6, 30, 45][: len(choices)]).pk]))
    q = questions.get("topics")
    if q:
        choices = list(q.choices.all())
        weights = [TOPIC_WEIGHTS.get(c.topic.slug if c.topic else "", 0.1) for c in choices]
        picked: list[Choice] = []
        while len(picked) < min(q.max_choices or 3, len(choices)):
            choice = rng.choices(choices, weights=weights)[0]
            if choice not in picked:
                picked.append(choice)
        answers.append(Given(q, [c.pk for c in picked]))
    q = questions.get("technology")
    if q:  # technology seen as helpful
        choices = list(q.choices.all())
        answers.append(Given(q, [_likert(rng, choices, [1, 3, 10, 28, 22][: len(choices)]).pk]))
    q = questions.get("activities")
    if q:
        choices = list(q.choices.all())
        picked = [c.pk for c, w in zip(choices, ACTIVITY_WEIGHTS, strict=False) if rng.random() < w]
        answers.append(Given(q, picked or [choices[0].pk]))
    q = questions.get("language")
    if q:
        choices = list(q.choices.all())
        answers.append(Given(q, [_likert(rng, choices, [60, 10, 30][: len(choices)]).pk]))
    q = questions.get("comments")
    if q and rng.random() < 0.3:
        answers.append(Given(q, text=rng.choice(COMMENTS)))
    return answers


def _workshop_survey(now) -> Survey:
    survey = Survey.objects.filter(slug=WORKSHOP_SURVEY["slug"]).first()
    if survey is not None:
        return survey
    survey = Survey.objects.create(
        **WORKSHOP_SURVEY,
        title=WORKSHOP_SURVEY["title_ar"],
        intro=WORKSHOP_SURVEY["intro_ar"],
        opens_at=now - timedelta(days=75),
        closes_at=now - timedelta(days=55),
    )
    for order, (code, kind, text_ar, text_en, most, choices) in enumerate(WORKSHOP_QUESTIONS, 1):
        question = Question.objects.create(
            survey=survey,
            order=order * 10,
            code=code,
            kind=kind,
            text=text_ar,
            text_ar=text_ar,
            text_en=text_en,
            max_choices=most,
            required=kind != QuestionKind.LONG_TEXT,
        )
        Choice.objects.bulk_create(
            Choice(
                question=question,
                order=i * 10,
                label=ar,
                label_ar=ar,
                label_en=en,
                value=value,
            )
            for i, (ar, en, value) in enumerate(choices, 1)
        )
        question_sync_fixed_choices(question)
    return survey


def _workshop_answers(rng, questions: dict[str, Question]) -> list[Given]:
    answers = []
    q = questions["useful"]
    answers.append(Given(q, [_likert(rng, list(q.choices.all()), [1, 2, 5, 14, 10]).pk]))
    q = questions["parts"]
    order = list(q.choices.all())
    rng.shuffle(order)
    if rng.random() < 0.6:  # the country's own story is most often ranked first
        order.sort(key=lambda c: c.order != 10)
    answers.append(Given(q, [c.pk for c in order], ranks={c.pk: i for i, c in enumerate(order, 1)}))
    q = questions["again"]
    answers.append(Given(q, [_likert(rng, list(q.choices.order_by("order")), [20, 2, 6]).pk]))
    q = questions["colleagues"]
    answers.append(Given(q, number=rng.choice([0, 1, 2, 3, 3, 4, 5, 8, 12])))
    if rng.random() < 0.35:
        answers.append(
            Given(
                questions["improve"],
                text=rng.choice(
                    [
                        "وقت أطول لمجموعات النقاش.",
                        "Share the slides a few days before the session.",
                        "ترجمة المواد المكتوبة إلى العربية.",
                    ]
                ),
            )
        )
    return answers


@transaction.atomic
def seed(*, stdout=None) -> list:
    now = timezone.now()
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    countries = demo_countries()
    if not Topic.objects.exists():
        return []  # the intake's topics come from the discussions' reference data
    intake = _intake()
    intake_questions = {q.code: q for q in intake.questions.prefetch_related("choices")}
    founders = list(
        User.objects.filter(
            status=MembershipStatus.MEMBER, country__is_founding=True, is_staff=False
        ).order_by("pk")
    )
    extra = _extra_respondents(countries, now)
    answered = set(Response.objects.filter(survey=intake).values_list("member_id", flat=True))
    respondents = [
        person
        for person in dict.fromkeys([*founders, *extra])
        if person.pk not in answered and (person.intake_completed_at is not None or person in extra)
    ]
    for index, person in enumerate(respondents):
        when = now - timedelta(days=50 - index % 45, hours=index % 11)
        response_record(
            survey=intake,
            member=person,
            answers=_intake_answers(rng, intake_questions),
            submitted_at=when,
        )
        # The roster's "survey done" says when this answer was given.
        User.objects.filter(pk=person.pk).update(intake_completed_at=when)
    workshop = _workshop_survey(now)
    workshop_questions = {q.code: q for q in workshop.questions.prefetch_related("choices")}
    answered = set(Response.objects.filter(survey=workshop).values_list("member_id", flat=True))
    attendees = [p for p in [*founders, *extra][::2] if p.pk not in answered]
    for index, person in enumerate(attendees):
        response_record(
            survey=workshop,
            member=person,
            answers=_workshop_answers(rng, workshop_questions),
            submitted_at=workshop.opens_at + timedelta(days=1 + index % 15),
        )
    if stdout is not None:
        stdout.write(
            f"Surveys: {Survey.objects.count()} surveys, "
            f"{Response.objects.filter(status='submitted').count()} responses."
        )
    return [
        (f"member ({p.country.name_en}), survey answers", p.email) for p in extra[:1] if p.country
    ]
