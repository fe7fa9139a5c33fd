"""Demo data for the members app: one account per role in the founding countries.

The countries themselves are reference data, created by a migration.

Idempotent: running it again finds what it made and changes nothing.
"""

from datetime import timedelta
from importlib import import_module

from allauth.account.models import EmailAddress
from django.apps import apps as django_apps
from django.db import transaction
from django.utils import timezone

from cop.languages import Language

from .models import Country, MembershipAction, MembershipEvent, MembershipStatus, User
from .roles import facilitators_group

DEMO_PASSWORD = "cop-demo-2026"


def demo_countries() -> dict[str, Country]:
    """The countries, by code: reference data a migration creates (members 0008).

    A database emptied since it was migrated (a flush) gets them back from
    the migration itself, the one place they are written down.
    """
    if not Country.objects.exists():
        migration = import_module("members.migrations.0008_countries")
        migration.create_countries(django_apps, None)
    return {country.code: country for country in Country.objects.all()}


def demo_account(*, email, country, name_arabic, name_latin, **fields) -> tuple[User, bool]:
    user, created = User.objects.get_or_create(
        email=email,
        defaults={
            "name_arabic": name_arabic,
            "name_latin": name_latin,
            "country": country,
            "timezone": country.timezone if country else "UTC",
            **fields,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user, created


# country, email, Arabic name, Latin name, organisation, position, preferred language
FOCAL_POINTS = [
    (
        "MA",
        "focal.morocco@example.org",
        "يوسف بنعلي",
        "Youssef Benali",
        "Entraide Nationale",
        "Director of social programmes",
        "ar",
    ),
    (
        "TN",
        "focal.tunisia@example.org",
        "سنية الماجري",
        "Sonia Mejri",
        "Ministère des Affaires sociales",
        "Directrice de la promotion sociale",
        "ar",
    ),
    (
        "JO",
        "focal.jordan@example.org",
        "عمر الزعبي",
        "Omar Al-Zoubi",
        "National Aid Fund",
        "Director of programmes",
        "ar",
    ),
    (
        "IQ",
        "focal.iraq@example.org",
        "حيدر الجبوري",
        "Haider Al-Jubouri",
        "Ministry of Labour and Social Affairs",
        "Director of the social protection network",
        "ar",
    ),
    (
        "LB",
        "focal.lebanon@example.org",
        "ريم حداد",
        "Rim Haddad",
        "Ministry of Social Affairs",
        "Head of the poverty targeting programme",
        "en",
    ),
    (
        "PS",
        "focal.palestine@example.org",
        "خالد الشوا",
        "Khaled Al-Shawa",
        "Ministry of Social Development",
        "Director of the cash transfer programme",
        "ar",
    ),
    (
        "YE",
        "focal.yemen@example.org",
        "أمة الرحمن العريقي",
        "Amat Al-Rahman Al-Oraiqi",
        "Social Fund for Development",
        "Manager, labour-intensive works",
        "ar",
    ),
]
MEMBERS = [
    (
        "MA",
        "member.morocco@example.org",
        "فاطمة الزهراء العلوي",
        "Fatima Zahra Alaoui",
        "ANAPEC",
        "Head of active employment programmes",
        "ar",
    ),
    (
        "TN",
        "member.tunisia@example.org",
        "محمد علي بن سالم",
        "Mohamed Ali Ben Salem",
        "Centre de recherches et d'études sociales",
        "Social registry analyst",
        "ar",
    ),
    (
        "JO",
        "member.jordan@example.org",
        "رنا الخطيب",
        "Rana Al-Khatib",
        "National Aid Fund",
        "Head of targeting unit",
        "ar",
    ),
    (
        "JO",
        "member2.jordan@example.org",
        "ليث العبادي",
        "Laith Al-Abbadi",
        "Ministry of Labour",
        "Employment services coordinator",
        "en",
    ),
    (
        "IQ",
        "member.iraq@example.org",
        "زينب الموسوي",
        "Zainab Al-Moussawi",
        "Ministry of Planning",
        "Poverty mapping specialist",
        "ar",
    ),
    (
        "LB",
        "member.lebanon@example.org",
        "جورج خوري",
        "Georges Khoury",
        "National Employment Office",
        "Programme officer",
        "en",
    ),
    (
        "PS",
        "member.palestine@example.org",
        "دعاء نصار",
        "Doaa Nassar",
        "Ministry of Labour",
        "Youth employment adviser",
        "ar",
    ),
    (
        "YE",
        "member.yemen@example.org",
        "عبدالله الحكيمي",
        "Abdullah Al-Hakimi",
        "Public Works Project",
        "Monitoring and evaluation officer",
        "ar",
    ),
]
APPLICANTS = [
    (
        "TN",
        "applicant.tunisia@example.org",
        "أمين الطرابلسي",
        "Amine Trabelsi",
        "Ministère des Affaires sociales",
        "Programme officer",
        "ar",
    ),
    (
        "MA",
        "applicant.morocco@example.org",
        "هشام الإدريسي",
        "Hicham El Idrissi",
        "Ministère de la Solidarité",
        "Targeting officer",
        "ar",
    ),
    (
        "LB",
        "applicant.lebanon@example.org",
        "نادين صعب",
        "Nadine Saab",
        "Ministry of Social Affairs",
        "Social development centres coordinator",
        "en",
    ),
    (
        "IQ",
        "applicant.iraq@example.org",
        "مصطفى الربيعي",
        "Mustafa Al-Rubaie",
        "Social Protection Commission",
        "Data officer",
        "ar",
    ),
]


def _person(row, countries, **fields) -> tuple[User, bool]:
    code, email, name_arabic, name_latin, organisation, position, language = row
    return demo_account(
        email=email,
        country=countries[code],
        name_arabic=name_arabic,
        name_latin=name_latin,
        organisation=organisation,
        position=position,
        preferred_language=language,
        **fields,
    )


def _approved(user: User, *, by: User | None, days_ago: int, created: bool) -> None:
    """Give a freshly made demo member a believable history (only when just created)."""
    if not created:
        return
    now = timezone.now()
    User.objects.filter(pk=user.pk).update(
        requested_at=now - timedelta(days=days_ago + 2),
        member_since=now - timedelta(days=days_ago),
        last_active=now - timedelta(hours=3 * (days_ago % 9) + 1),
        # Until the surveys app records real answers, most demo members "answered" the intake.
        intake_completed_at=now - timedelta(days=days_ago - 1) if days_ago % 3 else None,
    )
    requested = MembershipEvent.objects.create(
        member=user,
        actor=user,
        action=MembershipAction.REQUESTED,
        to_status="applicant",
        country=user.country,
    )
    approved = MembershipEvent.objects.create(
        member=user,
        actor=by,
        action=MembershipAction.APPROVED,
        from_status="applicant",
        to_status="member",
        country=user.country,
    )
    # The trail tells the same story as the dates (auto_now_add ignores a given value).
    MembershipEvent.objects.filter(pk=requested.pk).update(
        created_at=now - timedelta(days=days_ago + 2)
    )
    MembershipEvent.objects.filter(pk=approved.pk).update(created_at=now - timedelta(days=days_ago))


@transaction.atomic
def seed(stdout=None) -> list[tuple[str, str]]:
    """Countries, a facilitator, a focal point per founding country, members, applicants
    and an expert. Returns (role, email) pairs to print."""
    countries = demo_countries()
    group = facilitators_group()  # made by a migration; here for a database flushed since
    member_fields = {"status": MembershipStatus.MEMBER}
    facilitator, created = demo_account(
        email="facilitator@example.org",
        country=countries["XX"],
        name_arabic="سلمى الحسيني",
        name_latin="Salma El Husseini",
        organisation="MENA CoP facilitation team",
        position="Community facilitator",
        preferred_language=Language.ENGLISH,
        is_staff=True,
        **member_fields,
    )
    facilitator.groups.add(group)
    logins = [("facilitator", facilitator.email)]
    for index, row in enumerate(FOCAL_POINTS):
        focal_point, created = _person(row, countries, **member_fields)
        _approved(focal_point, by=facilitator, days_ago=300 + index, created=created)
        country = countries[row[0]]
        if (
            country.focal_point_id is None
            and not Country.objects.filter(focal_point=focal_point).exists()
        ):
            country.focal_point = focal_point
            country.save(update_fields=["focal_point"])
            MembershipEvent.objects.create(
                member=focal_point,
                actor=facilitator,
                action=MembershipAction.FOCAL_POINT_APPOINTED,
                country=country,
            )
        logins.append((f"focal point ({country.name_en})", focal_point.email))
    for index, row in enumerate(MEMBERS):
        member, created = _person(row, countries, **member_fields)
        _approved(
            member, by=countries[row[0]].focal_point, days_ago=20 + 11 * index, created=created
        )
        logins.append((f"member ({countries[row[0]].name_en})", member.email))
    expert, created = demo_account(
        email="expert@example.org",
        country=countries["XX"],
        name_arabic="",
        name_latin="Maria Gonzalez",
        organisation="Social protection expert",
        position="Senior adviser on social registries",
        preferred_language=Language.ENGLISH,
        is_expert=True,
        expertise="Social registries, targeting, conditional cash transfers",
        **member_fields,
    )
    _approved(expert, by=facilitator, days_ago=120, created=created)
    logins.append(("expert", expert.email))
    for index, row in enumerate(APPLICANTS):
        applicant, created = _person(row, countries)
        if created:
            requested_at = timezone.now() - timedelta(days=index + 1)
            User.objects.filter(pk=applicant.pk).update(requested_at=requested_at)
            event = MembershipEvent.objects.create(
                member=applicant,
                actor=applicant,
                action=MembershipAction.REQUESTED,
                to_status="applicant",
                country=applicant.country,
            )
            MembershipEvent.objects.filter(pk=event.pk).update(created_at=requested_at)
        logins.append((f"applicant ({countries[row[0]].name_en})", applicant.email))
    return logins
