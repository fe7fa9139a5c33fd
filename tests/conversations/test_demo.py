import pytest

from conversations import demo
from conversations.models import Conversation, ExpertQuestion
from tests.discussions.factories import TopicFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_writes_a_conversation_and_an_expert_question_once(country):
    for email in (demo.MEMBER_JORDAN, demo.FOCAL_MOROCCO):
        UserFactory(country=country, email=email)
    UserFactory(country=country, email=demo.EXPERT, is_expert=True)
    TopicFactory(slug="social-registries")
    demo.seed()
    demo.seed()
    conversation = Conversation.objects.get()
    assert conversation.messages.count() == 3
    assert conversation.participants.count() == 3
    assert ExpertQuestion.objects.get().expert.email == demo.EXPERT
