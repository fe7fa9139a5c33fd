"""Reference data: the intake survey every new member is offered after registering.

Created when missing, never changed here (facilitators edit it in admin).
The topics question offers the discussion topics that exist at migration
time; choosing one follows the topic (`Choice.topic`).
"""

from django.db import migrations
from django.utils import timezone

INTAKE = {
    "slug": "intake",
    "title": ("استبيان الانضمام", "Intake survey"),
    "intro": (
        "ساعدونا على بناء مجتمع الممارسة الذي تحتاجونه: خمس دقائق تكفي. "
        "يمكنكم حفظ إجاباتكم كمسودة والعودة إليها لاحقاً.",
        "Help us build the community of practice you need: five minutes are enough. "
        "You can save your answers as a draft and come back later.",
    ),
}

LIKERT_INTEREST = [
    ("غير مهتم إطلاقاً", "Not at all interested"),
    ("قليل الاهتمام", "Slightly interested"),
    ("مهتم إلى حد ما", "Moderately interested"),
    ("مهتم", "Interested"),
    ("مهتم جداً", "Very interested"),
]

LIKERT_EXTENT = [
    ("لا على الإطلاق", "Not at all"),
    ("إلى حد قليل", "To a small extent"),
    ("إلى حد ما", "To some extent"),
    ("إلى حد كبير", "To a large extent"),
    ("إلى حد كبير جداً", "To a very large extent"),
]

ACTIVITIES = [
    ("ورش عمل افتراضية", "Virtual workshops"),
    ("زيارات دراسية", "Study tours"),
    ("مؤتمرات صوتية", "Audio conferences"),
    ("نقاشات عبر الإنترنت", "Online discussions"),
    ("أوراق سياسات", "Policy notes"),
]

LANGUAGES = [
    ("العربية", "Arabic"),
    ("الإنجليزية", "English"),
    ("العربية والإنجليزية معاً", "Arabic and English alike"),
]

# code, kind, Arabic text, English text, Arabic help, English help, required, other, max
QUESTIONS = [
    (
        "interest",
        "likert",
        "إلى أي مدى تهتم بالانضمام إلى مجتمع ممارسة إقليمي حول شبكات الأمان الاجتماعي والتشغيل؟",
        "How interested are you in being part of a regional community of practice on social "
        "safety nets and employment?",
        "",
        "",
        True,
        False,
        None,
    ),
    (
        "topics",
        "multiple",
        "ما المواضيع التي تود التعلم عنها أكثر من غيرها؟",
        "Which topics do you most want to learn about?",
        "اختر ثلاثة مواضيع على الأكثر؛ ستتابع المواضيع التي تختارها في النقاشات.",
        "Choose up to three; you will follow the topics you choose in the discussions.",
        True,
        True,
        3,
    ),
    (
        "technology",
        "likert",
        "إلى أي مدى يمكن للتكنولوجيا أن تعزز التفاعل بين الممارسين؟",
        "How far can technology foster interaction between practitioners?",
        "",
        "",
        True,
        False,
        None,
    ),
    (
        "activities",
        "multiple",
        "ما الأنشطة التي تفضلها؟",
        "Which activities do you prefer?",
        "اختر كل ما ينطبق.",
        "Choose all that apply.",
        True,
        True,
        None,
    ),
    (
        "language",
        "single",
        "بأي لغة تفضل أن تشارك؟",
        "In which language do you prefer to take part?",
        "",
        "",
        True,
        False,
        None,
    ),
    (
        "comments",
        "long_text",
        "هل هناك ما تود أن يعرفه المنظمون؟",
        "Is there anything else you would like the organisers to know?",
        "",
        "",
        False,
        False,
        None,
    ),
]


def create_intake(apps, schema_editor):
    Survey = apps.get_model("surveys", "Survey")
    Question = apps.get_model("surveys", "Question")
    Choice = apps.get_model("surveys", "Choice")
    Topic = apps.get_model("discussions", "Topic")
    if Survey.objects.filter(kind="intake").exists():
        return
    survey = Survey.objects.create(
        slug=INTAKE["slug"],
        kind="intake",
        # modeltranslation's own columns hold the default language (Arabic).
        title=INTAKE["title"][0],
        title_ar=INTAKE["title"][0],
        title_en=INTAKE["title"][1],
        intro=INTAKE["intro"][0],
        intro_ar=INTAKE["intro"][0],
        intro_en=INTAKE["intro"][1],
        opens_at=timezone.now(),
        audience="everyone",
        applicants_too=True,
    )
    topics = list(Topic.objects.order_by("position", "slug"))
    choices_for = {
        "interest": [(ar, en, position, None) for position, (ar, en) in enumerate(LIKERT_INTEREST, 1)],
        "technology": [(ar, en, position, None) for position, (ar, en) in enumerate(LIKERT_EXTENT, 1)],
        "activities": [(ar, en, None, None) for ar, en in ACTIVITIES],
        "language": [(ar, en, None, None) for ar, en in LANGUAGES],
        "topics": [(t.name_ar or t.name, t.name_en or t.name, None, t) for t in topics],
    }
    for order, (code, kind, text_ar, text_en, help_ar, help_en, required, other, most) in enumerate(
        QUESTIONS, 1
    ):
        question = Question.objects.create(
            survey=survey,
            order=order * 10,
            code=code,
            kind=kind,
            text=text_ar,
            text_ar=text_ar,
            text_en=text_en,
            help=help_ar,
            help_ar=help_ar,
            help_en=help_en,
            required=required,
            allow_other=other,
            max_choices=most,
        )
        Choice.objects.bulk_create(
            Choice(
                question=question,
                order=position * 10,
                label=label_ar,
                label_ar=label_ar,
                label_en=label_en,
                value=value,
                topic=topic,
            )
            for position, (label_ar, label_en, value, topic) in enumerate(
                choices_for.get(code, []), 1
            )
        )


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial"), ("discussions", "0007_topics")]

    operations = [migrations.RunPython(create_intake, migrations.RunPython.noop, elidable=False)]
