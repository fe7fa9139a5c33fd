import factory
from allauth.account.models import EmailAddress

from members.models import Country, MembershipStatus, User


class ReferenceDataFactory(factory.django.DjangoModelFactory):
    """Rows the migrations create in every database (countries, topics).

    A test asking for one gets exactly the values it gives (and the factory's
    defaults): an existing row with that key is updated, in the test's
    transaction, rather than returned as the migration left it.
    """

    class Meta:
        abstract = True

    @classmethod
    def _get_or_create(cls, model_class, *args, **kwargs):
        lookup = {name: kwargs.pop(name) for name in cls._meta.django_get_or_create}
        instance, _created = cls._get_manager(model_class).update_or_create(
            **lookup, defaults=kwargs
        )
        return instance


class CountryFactory(ReferenceDataFactory):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{chr(65 + (n // 26) % 26)}{chr(65 + n % 26)}")
    name_ar = factory.Sequence(lambda n: f"بلد {n}")
    name_en = factory.Sequence(lambda n: f"Country {n}")
    timezone = "Asia/Amman"


class UserFactory(factory.django.DjangoModelFactory):
    """A verified account; `status` says where it stands in the membership workflow."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name_arabic = factory.Sequence(lambda n: f"عضو رقم {n}")
    name_latin = factory.Sequence(lambda n: f"Member {n}")
    country = factory.SubFactory(CountryFactory)
    organisation = "National Aid Fund"
    position = "Programme director"
    status = MembershipStatus.MEMBER
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


class FacilitatorFactory(UserFactory):
    """A facilitator by the platform's one definition: staff in the Facilitators group."""

    country = None
    is_staff = True

    @factory.post_generation
    def facilitators_group(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            from members.roles import facilitators_group

            obj.groups.add(facilitators_group())
