import factory

from discussions.models import Topic
from tests.factories import ReferenceDataFactory


class TopicFactory(ReferenceDataFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name_ar = factory.Sequence(lambda n: f"موضوع {n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")
    description_ar = "وصف الموضوع"
    description_en = "About this topic"
    is_public = False
