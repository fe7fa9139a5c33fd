"""Demo content for discussions: living threads in the community's topics.

The topics themselves are reference data, created by a migration. Idempotent:
a thread is only written when no thread with its title exists. Authors are
looked up by email; a thread whose people or topic are missing is skipped
rather than invented.
"""

from datetime import timedelta
from importlib import import_module

from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from . import services
from .models import Post, Thread, ThreadKind, Topic

FACILITATOR = "facilitator@example.org"
FOCAL_MOROCCO = "focal.morocco@example.org"
MEMBER_JORDAN = "member.jordan@example.org"
EXPERT = "expert@example.org"

# Each thread: topic, kind, author, title, body, optional title/body translations,
# and replies as (key, parent key or None for the opening post, author, body, translation).
THREADS = [
    {
        "topic": "social-registries",
        "kind": ThreadKind.QUESTION,
        "author": MEMBER_JORDAN,
        "title": "كيف نحدّث بيانات الأسر في السجل الاجتماعي دون زيارات ميدانية متكررة؟",
        "body": (
            "نعمل في صندوق المعونة الوطنية على تحديث بيانات نحو ٢٢٠ ألف أسرة سنوياً، "
            "وتكلفة الزيارات الميدانية أصبحت عالية جداً.\n\n"
            "هل لدى أحدكم تجربة في **التحديث التلقائي** عبر الربط مع قواعد بيانات أخرى "
            "(الضمان الاجتماعي، الأحوال المدنية، تسجيل المركبات)؟ وما الضمانات التي وضعتموها "
            "لحماية البيانات الشخصية؟"
        ),
        "title_translation": "How do we update household data in the social registry without repeated home visits?",
        "translation": (
            "At the National Aid Fund we update the data of about 220,000 households a year, "
            "and home visits have become very expensive.\n\n"
            "Does anyone have experience with **automatic updates** through links to other "
            "databases (social security, civil registry, vehicle registration)? What safeguards "
            "did you put in place to protect personal data?"
        ),
        "translated_by": FACILITATOR,
        "replies": [
            (
                "a",
                None,
                EXPERT,
                "Several registries now combine two routes: *passive* updates from administrative "
                "data (civil registry events, social security contributions) and *on-demand* updates "
                "when a household applies for a programme.\n\n"
                "The key safeguards I have seen work:\n\n"
                "1. a data-sharing agreement per source, listing the exact fields exchanged;\n"
                "2. a legal basis in the social protection law, not only a ministerial decree;\n"
                "3. a record of every query, reviewed by the data protection officer.",
                "",
            ),
            (
                "b",
                "a",
                FOCAL_MOROCCO,
                "في المغرب يعتمد السجل الاجتماعي الموحد على المعرّف الرقمي المدني، ويُحدَّث مؤشر "
                "الأسرة تلقائياً عند تغيّر بياناتها لدى الإدارات الشريكة. أنصح بالبدء بمصدرين أو "
                "ثلاثة فقط، ثم التوسع بعد قياس جودة البيانات.",
                "In Morocco the unified social registry relies on the digital civil identifier, and "
                "a household's score is updated automatically when partner administrations record a "
                "change. I would start with two or three sources only and widen after measuring data "
                "quality.",
            ),
            (
                "c",
                "b",
                MEMBER_JORDAN,
                "شكراً يوسف. كم استغرق توقيع اتفاقيات تبادل البيانات مع الجهات الشريكة؟",
                "",
            ),
            (
                "d",
                "c",
                FOCAL_MOROCCO,
                "قرابة سنة للاتفاقيات الأولى، لأن كل جهة طلبت ضمانات قانونية مختلفة. بعد صدور "
                "القانون أصبحت المدة أقصر بكثير.",
                "",
            ),
            (
                "e",
                None,
                FACILITATOR,
                "We will take this question to the next online clinic on social registries. "
                "Please add the questions you want the panel to answer below.",
                "",
            ),
        ],
        "accepted": "a",
    },
    {
        "topic": "cash-transfers",
        "kind": ThreadKind.GOOD_PRACTICE,
        "author": FOCAL_MOROCCO,
        "title": "Paying cash transfers through mobile wallets: lessons from our pilot",
        "body": (
            "Last year we moved 40,000 beneficiaries from post-office payments to mobile wallets "
            "in two regions. Three lessons:\n\n"
            "- **Agents matter more than apps.** Where there was no cash-out agent within 5 km, "
            "beneficiaries kept travelling to town.\n"
            "- **Women needed their own SIM cards.** We partnered with operators to register "
            "SIMs in the beneficiary's name.\n"
            "- **Grievances spiked in the first month** and then fell below the old level.\n\n"
            "Happy to share our terms of reference for the payment service provider."
        ),
        "replies": [
            (
                "a",
                None,
                MEMBER_JORDAN,
                "تجربة مفيدة جداً. هل فرضتم سقفاً للرسوم التي يقتطعها الوكلاء عند السحب؟",
                "",
            ),
            (
                "b",
                "a",
                FOCAL_MOROCCO,
                "Yes: withdrawals are free for beneficiaries and the provider is paid a fixed fee per "
                "transfer by the programme. The contract sanctions agents who charge anything.",
                "نعم، السحب مجاني للمستفيدين، ويدفع البرنامج لمزوّد الخدمة رسماً ثابتاً عن كل "
                "تحويل، والعقد يعاقب الوكلاء الذين يقتطعون أي مبلغ.",
            ),
            (
                "c",
                None,
                EXPERT,
                "One addition: measure the *total cost to the beneficiary* (travel, time, fees) "
                "before and after. It is the indicator that convinced the finance ministry in a "
                "similar reform elsewhere.",
                "",
            ),
        ],
    },
    {
        "topic": "youth-employment",
        "kind": ThreadKind.DISCUSSION,
        "author": MEMBER_JORDAN,
        "title": "التدريب في مواقع العمل للشابات: ما الذي ينجح فعلاً؟",
        "body": (
            "نسبة مشاركة الشابات في سوق العمل في منطقتنا من الأدنى عالمياً. جرّبنا برنامج "
            "تدريب في مواقع العمل لمدة ستة أشهر، لكن نسبة الاستمرار بعد انتهاء الدعم كانت ضعيفة.\n\n"
            "ما العوامل التي رأيتموها تصنع الفرق؟ النقل؟ رعاية الأطفال؟ نوع القطاع؟"
        ),
        "replies": [
            (
                "a",
                None,
                FOCAL_MOROCCO,
                "النقل كان العامل الأول عندنا. عندما وفّر أصحاب العمل حافلات آمنة ارتفعت نسبة "
                "الاستمرار بشكل واضح.",
                "",
            ),
            (
                "b",
                "a",
                EXPERT,
                "The evidence from several evaluations agrees: transport and childcare support "
                "matter, and so does placing young women in groups rather than alone in a workplace.",
                "",
            ),
            (
                "c",
                "b",
                MEMBER_JORDAN,
                "فكرة المجموعات مهمة. سنجرّبها في الدورة القادمة ونشارككم النتائج.",
                "",
            ),
        ],
    },
    {
        "topic": "monitoring-evaluation",
        "kind": ThreadKind.ANNOUNCEMENT,
        "author": FACILITATOR,
        "title": "Call for case studies: evaluating public works programmes",
        "body": (
            "We are collecting short case studies (two pages) on how member countries evaluate "
            "their public works and cash-for-work programmes: indicators, data sources, and what "
            "changed after the evaluation.\n\n"
            "Send yours by replying here or attach a PDF. Case studies will be discussed at the "
            "regional meeting."
        ),
        "title_translation": "دعوة لتقديم دراسات حالة: تقييم برامج الأشغال العامة",
        "translation": (
            "نجمع دراسات حالة قصيرة (صفحتان) حول طريقة تقييم الدول الأعضاء لبرامج الأشغال "
            "العامة والنقد مقابل العمل: المؤشرات، ومصادر البيانات، وما تغيّر بعد التقييم.\n\n"
            "أرسلوا مساهماتكم بالرد هنا أو بإرفاق ملف PDF، وستُناقش في الاجتماع الإقليمي."
        ),
        "translated_by": FACILITATOR,
        "replies": [],
    },
    {
        "topic": "targeting-poverty-maps",
        "kind": ThreadKind.QUESTION,
        "author": FOCAL_MOROCCO,
        "title": "كم مرة يجب إعادة معايرة معادلة اختبار الوسائل بالتقريب؟",
        "body": (
            "معادلة الاستهداف لدينا مبنية على مسح الأسر لسنة ٢٠١٤. هل توجد قاعدة عملية "
            "لتحديد متى يجب إعادة تقديرها؟"
        ),
        "replies": [],
    },
]


def _users():
    User = get_user_model()
    emails = {FACILITATOR, FOCAL_MOROCCO, MEMBER_JORDAN, EXPERT}
    return {user.email: user for user in User.objects.filter(email__in=emails)}


def demo_topics() -> dict[str, Topic]:
    """The topics, by slug: reference data a migration creates (discussions 0007).

    A database emptied since it was migrated (a flush) gets them back from
    the migration itself, the one place they are written down.
    """
    if not Topic.objects.exists():
        migration = import_module("discussions.migrations.0007_topics")
        migration.create_topics(django_apps, None)
    return {topic.slug: topic for topic in Topic.objects.all()}


def _seed_thread(spec, topics, users, started) -> bool:
    people = {spec["author"], *(reply[2] for reply in spec["replies"])}
    if (
        not people <= users.keys()
        or spec["topic"] not in topics
        or Thread.objects.filter(title=spec["title"]).exists()
    ):
        return False
    thread = services.thread_create(
        author=users[spec["author"]],
        topic=topics[spec["topic"]],
        kind=spec["kind"],
        title=spec["title"],
        body=spec["body"],
    )
    if spec.get("translation"):
        services.post_translate(
            post=thread.opening_post,
            by=users[spec["translated_by"]],
            translation=spec["translation"],
            title_translation=spec.get("title_translation", ""),
        )
    posts = {None: thread.opening_post}
    moments = {thread.opening_post.pk: started}
    for step, (key, parent_key, email, body, translation) in enumerate(spec["replies"], 1):
        post = services.post_reply(author=users[email], parent=posts[parent_key], body=body)
        if translation:
            services.post_translate(post=post, by=users[email], translation=translation)
        posts[key] = post
        moments[post.pk] = started + timedelta(hours=5 * step)
    # Spread the conversation over days, as a real one would be.
    for pk, moment in moments.items():
        Post.objects.filter(pk=pk).update(created_at=moment)
    Thread.objects.filter(pk=thread.pk).update(
        created_at=started, last_activity_at=max(moments.values())
    )
    if spec.get("accepted"):
        services.answer_accept(post=posts[spec["accepted"]], by=thread.author)
    return True


@transaction.atomic
def seed(stdout=None) -> list:
    topics = demo_topics()
    users = _users()
    now = timezone.now()
    written = 0
    for index, spec in enumerate(THREADS):
        started = now - timedelta(days=3 * (len(THREADS) - index) + 2)
        written += _seed_thread(spec, topics, users, started)
    if stdout is not None:
        stdout.write(f"Discussions: {len(topics)} topics, {written} new threads.")
    return []
