"""Demo content for conversations: a private exchange and a question addressed to the expert.

Idempotent: each is written only when its subject or title does not exist
yet. People are looked up by email (the members demo creates them); anything
whose people are missing is skipped rather than invented.
"""

from django.contrib.auth import get_user_model

from discussions.models import Thread, Topic

from . import services
from .models import Conversation, ExpertQuestion

MEMBER_JORDAN = "member.jordan@example.org"
FOCAL_MOROCCO = "focal.morocco@example.org"
EXPERT = "expert@example.org"

PRIVATE_SUBJECT = "تبادل نماذج اتفاقيات مشاركة البيانات"
PRIVATE_MESSAGES = [
    (
        MEMBER_JORDAN,
        "مرحبًا، هل يمكنكم مشاركة نموذج **اتفاقية تبادل البيانات** مع الضمان الاجتماعي؟",
    ),
    (FOCAL_MOROCCO, "بكل سرور. سأرسل النسخة المعتمدة بعد موافقة الإدارة القانونية."),
    (EXPERT, "أقترح إضافة بند عن مدة الاحتفاظ بالبيانات، فهو ما يُغفل غالبًا."),
]
QUESTION = {
    "topic": "social-registries",
    "title": "ما المؤشرات التي تنصحون بها لقياس جودة بيانات السجل الاجتماعي؟",
    "body": "نريد لوحة متابعة بسيطة لجودة البيانات: الاكتمال، والحداثة، ونسبة الأخطاء.",
}


def seed(stdout=None) -> list:
    people = {
        user.email: user
        for user in get_user_model().objects.filter(
            email__in=[MEMBER_JORDAN, FOCAL_MOROCCO, EXPERT]
        )
    }
    written = 0
    if len(people) == 3 and not Conversation.objects.filter(subject=PRIVATE_SUBJECT).exists():
        first_author, first_body = PRIVATE_MESSAGES[0]
        conversation = services.conversation_start(
            starter=people[first_author],
            others=[p for email, p in people.items() if email != first_author],
            subject=PRIVATE_SUBJECT,
            body=first_body,
        )
        for author, body in PRIVATE_MESSAGES[1:]:
            services.message_post(author=people[author], conversation=conversation, body=body)
        written += 1
    topic = Topic.objects.filter(slug=QUESTION["topic"]).first()
    asker, expert = people.get(FOCAL_MOROCCO), people.get(EXPERT)
    if topic and asker and expert and not Thread.objects.filter(title=QUESTION["title"]).exists():
        services.expert_question_ask(
            asker=asker, expert=expert, topic=topic, title=QUESTION["title"], body=QUESTION["body"]
        )
        written += 1
    if stdout is not None:
        stdout.write(
            f"Conversations: {written} new, {ExpertQuestion.objects.count()} expert questions."
        )
    return []
