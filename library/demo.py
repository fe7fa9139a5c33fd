"""Demo content for the library: real documents in Arabic and English, one in review with
a coach's comments, and a running documentation cohort with participants at different
milestones.

Idempotent: a document is written only when none has its title, the cohort only when
none has its name. People are looked up by email (members.demo creates them); what
needs someone missing is skipped rather than invented.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from discussions.models import Topic
from members.models import Country

from . import services
from .models import (
    ActivityKind,
    Cohort,
    Document,
    DocumentKind,
    Milestone,
    MilestoneKind,
    MilestoneProgress,
    Visibility,
)

FACILITATOR = "facilitator@example.org"
COACH = "expert@example.org"

POLICY_NOTE = {
    "kind": DocumentKind.POLICY_NOTE,
    "authors": ["focal.jordan@example.org", "member.morocco@example.org"],
    "topics": ["cash-transfers", "targeting-poverty-maps", "social-registries"],
    "countries": ["JO", "MA"],
    "publish": Visibility.PUBLIC,
    "title": "استهداف التحويلات النقدية باستخدام السجل الاجتماعي",
    "title_translation": "Targeting cash transfers with a social registry",
    "summary": (
        "تعرض هذه المذكرة كيف انتقل صندوق المعونة الوطنية في الأردن وبرنامج تيسير في المغرب "
        "من الاستهداف بالمقابلات الفردية إلى الاستهداف بسجل اجتماعي موحّد، وما تعلّمناه عن "
        "دقة الاستهداف وتكلفته وحماية البيانات."
    ),
    "summary_translation": (
        "This note shows how Jordan's National Aid Fund and Morocco's Tayssir programme "
        "moved from targeting by individual interviews to targeting with a unified social "
        "registry, and what we learnt about accuracy, cost and data protection."
    ),
    "body": """## لماذا نحتاج إلى سجل اجتماعي

كانت كل وزارة تجمع بيانات الأسر بنفسها، فتتكرر الزيارات الميدانية وتختلف النتائج من برنامج إلى آخر. أسرة واحدة قد تُعدّ فقيرة في برنامج وغير مؤهلة في آخر.

السجل الاجتماعي الموحّد يجمع بيانات الأسر مرة واحدة، ويربطها بقواعد بيانات أخرى (الأحوال المدنية، الضمان الاجتماعي، تسجيل المركبات والعقارات)، ثم تستعمله البرامج كلها وفق قواعد الأهلية الخاصة بكل منها.

## ما فعلناه

1. **معادلة اختبار الوسائل بالقرائن**: تقدير دخل الأسرة من خصائص يمكن التحقق منها (المسكن، التعليم، الأصول).
2. **الربط الآلي**: تحديث البيانات كل ثلاثة أشهر من قواعد البيانات الحكومية بدلاً من الزيارات السنوية.
3. **نافذة للتظلّم**: يمكن لكل أسرة أن تطلب إعادة تقييم وضعها خلال ثلاثين يوماً من القرار.

## النتائج

- انخفضت أخطاء الإدراج (أسر غير مؤهلة تتلقى الدعم) بنحو الثلث خلال سنتين.
- انخفضت تكلفة تحديث بيانات الأسرة الواحدة إلى أقل من نصف تكلفة الزيارة الميدانية.
- ارتفع عدد التظلّمات في السنة الأولى، ثم تراجع عندما أصبحت قواعد الأهلية معلنة ومفهومة.

## توصيات

- ابدؤوا بمصدرين أو ثلاثة مصادر بيانات موثوقة، ووسّعوا الربط تدريجياً.
- انشروا اتفاقيات تبادل البيانات وقواعد حماية البيانات الشخصية قبل التشغيل.
- لا تعتمدوا على المعادلة وحدها: اجعلوا التظلّم سهلاً ومجانياً وسريعاً.
""",
    "body_translation": """## Why a social registry

Each ministry used to collect household data on its own: home visits were repeated and results differed from one programme to the next. The same family could count as poor in one programme and ineligible in another.

A unified social registry collects household data once, links it with other databases (civil registry, social security, vehicle and property records), and every programme then uses it with its own eligibility rules.

## What we did

1. **A proxy means test**: household income is estimated from verifiable characteristics (housing, education, assets).
2. **Automatic links**: data is updated every three months from government databases instead of yearly visits.
3. **A window for appeals**: every household can ask for a reassessment within thirty days of the decision.

## Results

- Inclusion errors (ineligible households receiving support) fell by about a third in two years.
- Updating one household's data now costs less than half of a home visit.
- Appeals rose in the first year, then fell once the eligibility rules were published and understood.

## Recommendations

- Start with two or three reliable data sources, and extend the links step by step.
- Publish the data-sharing agreements and personal-data rules before going live.
- Do not rely on the formula alone: make appeals easy, free and fast.
""",
}

GOOD_PRACTICE = {
    "kind": DocumentKind.GOOD_PRACTICE,
    "authors": ["member.tunisia@example.org", "member.yemen@example.org"],
    "topics": ["public-works"],
    "countries": ["TN", "YE"],
    "publish": Visibility.PUBLIC,
    "title": "Public works that build assets communities choose: lessons from Tunisia and Yemen",
    "title_translation": "أشغال عامة تبني ما تختاره المجتمعات: دروس من تونس واليمن",
    "summary": (
        "Two labour-intensive public-works programmes let villages choose the assets to "
        "build, paid workers on time through mobile money, and kept a fixed share of the "
        "budget for wages. This case explains how."
    ),
    "summary_translation": (
        "برنامجان للأشغال العامة كثيفة العمالة تركا للقرى اختيار ما يُبنى، ودفعا الأجور في "
        "موعدها عبر المحافظ الإلكترونية، وخصّصا نسبة ثابتة من الميزانية للأجور. تشرح هذه "
        "الحالة كيف تم ذلك."
    ),
    "body": """## The context

In rural Tunisia and in Yemen's governorates, seasonal unemployment leaves families without income for months. Both programmes offer short-term paid work on projects that leave something useful behind.

## What made it work

- **Communities choose**: a village committee, with at least one third women, ranks the proposed projects (water harvesting, rural roads, school repairs).
- **Wages first**: at least 60 % of each project's budget goes to wages, so the money reaches the workers rather than contractors.
- **Paid on time**: wages are paid every two weeks to a mobile wallet; delays fell from six weeks to under five days.
- **Work for everyone**: lighter tasks and childcare corners let women and older workers take part.

## What to watch

Projects chosen by communities need engineers' review, or assets are built that no one can maintain. Budget a maintenance year after each project.
""",
    "body_translation": """## السياق

في المناطق الريفية التونسية وفي محافظات اليمن، تترك البطالة الموسمية أسراً بلا دخل لأشهر. يقدّم البرنامجان عملاً مأجوراً قصير الأجل في مشاريع تترك أثراً نافعاً.

## ما الذي أنجح التجربة

- **المجتمع يختار**: لجنة قروية، ثلث أعضائها على الأقل من النساء، ترتّب المشاريع المقترحة (حصاد المياه، الطرق الريفية، إصلاح المدارس).
- **الأجور أولاً**: تذهب ٦٠٪ على الأقل من ميزانية كل مشروع إلى الأجور، فيصل المال إلى العمال لا إلى المقاولين.
- **الدفع في موعده**: تُدفع الأجور كل أسبوعين إلى محفظة إلكترونية، وانخفض التأخير من ستة أسابيع إلى أقل من خمسة أيام.
- **عمل للجميع**: مهام أخف وأركان لرعاية الأطفال تسمح بمشاركة النساء وكبار السن.

## ما يجب الانتباه إليه

المشاريع التي تختارها المجتمعات تحتاج إلى مراجعة المهندسين، وإلا بُنيت منشآت لا يستطيع أحد صيانتها. خصّصوا سنة صيانة بعد كل مشروع.
""",
}

TRAINING = {
    "kind": DocumentKind.TRAINING,
    "authors": ["member.lebanon@example.org"],
    "topics": ["social-registries"],
    "countries": ["LB"],
    "publish": None,  # left in review, with the coach's comments
    "title": "إنشاء آلية للتظلّم والشكاوى في برامج الحماية الاجتماعية: دليل تدريبي",
    "title_translation": "Setting up a grievance mechanism in social protection programmes: a training guide",
    "summary": (
        "دليل من خمس مراحل لفرق البرامج التي تريد أن تستقبل شكاوى المستفيدين وتعالجها وتتعلّم منها."
    ),
    "summary_translation": "",
    "body": """## المرحلة الأولى: من يستقبل الشكوى

حدّدوا قنوات متعددة: خط هاتفي مجاني، رسائل قصيرة، مكاتب البلديات، ونموذج على الإنترنت. لا تجعلوا قناة واحدة هي الطريق الوحيد.

## المرحلة الثانية: التسجيل والتصنيف

تُسجَّل كل شكوى برقم متابعة يُعطى للمشتكي، وتُصنَّف: أهلية، دفع، معاملة، احتيال.

## المرحلة الثالثة: المعالجة والمهل

لكل صنف مهلة معلنة للرد. الشكاوى المتعلقة بالدفع تُعالج خلال سبعة أيام.

## المرحلة الرابعة: الرد على المشتكي

يتلقى المشتكي رداً مكتوباً بلغة بسيطة، مع طريقة الاعتراض على القرار.

## المرحلة الخامسة: التعلّم من الشكاوى

تقرير شهري لإدارة البرنامج: ما أكثر الشكاوى تكراراً، وما الذي تغيّر بسببها.
""",
    "comments": [
        ("", "دليل واضح ومفيد. أقترح إضافة ترجمة إنجليزية قبل النشر ليستفيد منه الشركاء."),
        (
            "المرحلة الثالثة: المعالجة والمهل",
            "ما المهلة المقترحة لشكاوى الأهلية؟ أضيفوا جدولاً بالمهل لكل صنف.",
        ),
        (
            "المرحلة الخامسة: التعلّم من الشكاوى",
            "هل يمكن إضافة مثال من لبنان عن تغيير قاعدة بسبب الشكاوى؟",
        ),
    ],
    "answer": "شكراً، سأضيف جدول المهل ومثالاً من البرنامج الوطني لاستهداف الأسر الأكثر فقراً.",
}

COHORT = {
    "name_ar": "فوج التوثيق ٢٠٢٦: أنظمة تقديم الخدمات",
    "name_en": "Documentation cohort 2026: delivery systems",
    "description_ar": (
        "على مدى أربعة أشهر، يوثّق المشاركون ما نجح في برامجهم بمرافقة مدرّبين، "
        "ثم يُنشر ما يكتبونه في مكتبة المجتمع."
    ),
    "description_en": (
        "Over four months, participants document what worked in their programmes with a "
        "coach, then what they write is published in the community's library."
    ),
    "topic": "social-registries",
    "participants": [
        # email, activity, what they document, handed in (milestone: feedback given?)
        (
            "member.jordan@example.org",
            ActivityKind.OWN_EXPERIENCE,
            "تحديث بيانات الأسر آلياً في صندوق المعونة الوطنية",
            {MilestoneKind.OUTLINE: True},
        ),
        (
            "member2.jordan@example.org",
            ActivityKind.TRAINING,
            "تدريب موظفي المكاتب الميدانية على السجل الاجتماعي",
            {MilestoneKind.OUTLINE: False},
        ),
        (
            "member.iraq@example.org",
            ActivityKind.CROSS_COUNTRY,
            "Payment of cash transfers through mobile wallets in Iraq and Jordan",
            {},
        ),
        (
            "member.palestine@example.org",
            ActivityKind.FOLLOW_THROUGH,
            "متابعة تطبيق معادلة الاستهداف الجديدة في غزة والضفة الغربية",
            {MilestoneKind.OUTLINE: True, MilestoneKind.FIRST_DRAFT: False},
        ),
    ],
}


def _people():
    return {user.email: user for user in get_user_model().objects.all()}


def _seed_document(spec, people, topics, countries) -> bool:
    needed = {*spec["authors"], FACILITATOR, COACH}
    if not needed <= people.keys() or Document.objects.filter(title=spec["title"]).exists():
        return False
    authors = [people[email] for email in spec["authors"]]
    document = services.document_create(
        author=authors[0],
        co_authors=authors[1:],
        coach=people[COACH],
        kind=spec["kind"],
        title=spec["title"],
        title_translation=spec["title_translation"],
        summary=spec["summary"],
        summary_translation=spec["summary_translation"],
        body=spec["body"],
        body_translation=spec.get("body_translation", ""),
        topics=[topics[slug] for slug in spec["topics"] if slug in topics],
        countries=[countries[code] for code in spec["countries"] if code in countries],
    )
    document = services.document_submit(document=document, by=authors[0])
    first = None
    for section, text in spec.get("comments", []):
        comment = services.review_comment_add(
            document=document, author=people[COACH], section=section, body=text
        )
        first = first or comment
    if spec.get("answer") and first is not None:
        services.review_comment_add(
            document=document, author=authors[0], body=spec["answer"], parent=first
        )
    if spec["publish"]:
        services.document_publish(
            document=document, by=people[FACILITATOR], visibility=spec["publish"]
        )
    return True


def _seed_cohort(people, topics) -> bool:
    spec = COHORT
    if (
        Cohort.objects.filter(name_en=spec["name_en"]).exists()
        or spec["topic"] not in topics
        or not {FACILITATOR, COACH} <= people.keys()
    ):
        return False
    today = timezone.localdate()
    cohort = Cohort.objects.create(
        name_ar=spec["name_ar"],
        name_en=spec["name_en"],
        description_ar=spec["description_ar"],
        description_en=spec["description_en"],
        topic=topics[spec["topic"]],
        starts_on=today - timedelta(days=40),
        ends_on=today + timedelta(days=80),
    )
    cohort.coaches.add(people[COACH])
    milestones = {
        MilestoneKind.OUTLINE: Milestone.objects.create(
            cohort=cohort, kind=MilestoneKind.OUTLINE, due_on=today - timedelta(days=10)
        ),
        MilestoneKind.FIRST_DRAFT: Milestone.objects.create(
            cohort=cohort, kind=MilestoneKind.FIRST_DRAFT, due_on=today + timedelta(days=3)
        ),
        MilestoneKind.FINAL: Milestone.objects.create(
            cohort=cohort, kind=MilestoneKind.FINAL, due_on=today + timedelta(days=60)
        ),
    }
    facilitator = people[FACILITATOR]
    for email, activity, title, handed_in in spec["participants"]:
        if email not in people:
            continue
        participant = services.participant_admit(
            cohort=cohort, member=people[email], by=facilitator
        )
        services.activity_update(
            participant=participant, by=people[email], kind=activity, title=title
        )
        for kind, feedback in handed_in.items():
            services.milestone_hand_in(
                participant=participant, milestone=milestones[kind], by=people[email]
            )
            if feedback:
                services.feedback_give(
                    participant=participant, milestone=milestones[kind], by=people[COACH]
                )
    MilestoneProgress.objects.filter(participant__cohort=cohort).update(
        submitted_at=timezone.now() - timedelta(days=12)
    )
    return True


@transaction.atomic
def seed(stdout=None) -> list:
    people = _people()
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    countries = {country.code: country for country in Country.objects.all()}
    written = sum(
        _seed_document(spec, people, topics, countries)
        for spec in (POLICY_NOTE, GOOD_PRACTICE, TRAINING)
    )
    cohort = _seed_cohort(people, topics)
    if stdout is not None:
        stdout.write(f"Library: {written} new documents, {int(cohort)} new cohort.")
    return [("library coach", COACH)] if COACH in people else []
