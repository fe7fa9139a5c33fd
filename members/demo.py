"""Demo data for the members app: countries and one account per role.

Idempotent: running it again finds what it made and changes nothing.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from .models import Country, Language, MembershipStatus, User

DEMO_PASSWORD = "cop-demo-2026"

# code, Arabic name, English name, time zone, founding member of the CoP
COUNTRIES = [
    ("MA", "المغرب", "Morocco", "Africa/Casablanca", True),
    ("TN", "تونس", "Tunisia", "Africa/Tunis", True),
    ("JO", "الأردن", "Jordan", "Asia/Amman", True),
    ("IQ", "العراق", "Iraq", "Asia/Baghdad", True),
    ("LB", "لبنان", "Lebanon", "Asia/Beirut", True),
    ("PS", "الأراضي الفلسطينية", "Palestinian Territories", "Asia/Hebron", True),
    ("YE", "اليمن", "Yemen", "Asia/Aden", True),
    ("DZ", "الجزائر", "Algeria", "Africa/Algiers", False),
    ("LY", "ليبيا", "Libya", "Africa/Tripoli", False),
    ("EG", "مصر", "Egypt", "Africa/Cairo", False),
    ("SY", "سوريا", "Syria", "Asia/Damascus", False),
    ("SA", "المملكة العربية السعودية", "Saudi Arabia", "Asia/Riyadh", False),
    ("KW", "الكويت", "Kuwait", "Asia/Kuwait", False),
    ("BH", "البحرين", "Bahrain", "Asia/Bahrain", False),
    ("QA", "قطر", "Qatar", "Asia/Qatar", False),
    ("AE", "الإمارات العربية المتحدة", "United Arab Emirates", "Asia/Dubai", False),
    ("OM", "عُمان", "Oman", "Asia/Muscat", False),
    ("MR", "موريتانيا", "Mauritania", "Africa/Nouakchott", False),
    ("SD", "السودان", "Sudan", "Africa/Khartoum", False),
    ("DJ", "جيبوتي", "Djibouti", "Africa/Djibouti", False),
    ("IR", "إيران", "Iran", "Asia/Tehran", False),
]
INTERNATIONAL = ("XX", "دولي", "International", "UTC")

FACILITATOR_APPS = ("cop", "members", "discussions", "events", "surveys", "account")


def seed_countries() -> dict[str, Country]:
    countries = {}
    for code, name_ar, name_en, tz, founding in COUNTRIES:
        countries[code], _ = Country.objects.get_or_create(
            code=code,
            defaults={
                "name_ar": name_ar,
                "name_en": name_en,
                "timezone": tz,
                "is_founding": founding,
            },
        )
    code, name_ar, name_en, tz = INTERNATIONAL
    countries[code], _ = Country.objects.get_or_create(
        code=code,
        defaults={"name_ar": name_ar, "name_en": name_en, "timezone": tz, "is_international": True},
    )
    return countries


def facilitators_group() -> Group:
    """Facilitators are staff in this group: every permission of the platform's apps."""
    group, _ = Group.objects.get_or_create(name="Facilitators")
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=FACILITATOR_APPS))
    return group


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


@transaction.atomic
def seed(stdout=None) -> list[tuple[str, str]]:
    """Countries and one demo account per role. Returns (role, email) pairs to print."""
    countries = seed_countries()
    group = facilitators_group()
    member_fields = {"status": MembershipStatus.MEMBER}
    facilitator, _ = demo_account(
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
    focal_point, _ = demo_account(
        email="focal.morocco@example.org",
        country=countries["MA"],
        name_arabic="يوسف بنعلي",
        name_latin="Youssef Benali",
        organisation="Entraide Nationale",
        position="Director of social programmes",
        **member_fields,
    )
    if countries["MA"].focal_point_id is None:
        countries["MA"].focal_point = focal_point
        countries["MA"].save(update_fields=["focal_point"])
    demo_account(
        email="member.jordan@example.org",
        country=countries["JO"],
        name_arabic="رنا الخطيب",
        name_latin="Rana Al-Khatib",
        organisation="National Aid Fund",
        position="Head of targeting unit",
        **member_fields,
    )
    demo_account(
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
    demo_account(
        email="applicant.tunisia@example.org",
        country=countries["TN"],
        name_arabic="أمين الطرابلسي",
        name_latin="Amine Trabelsi",
        organisation="Ministère des Affaires sociales",
        position="Programme officer",
    )
    return [
        ("facilitator", "facilitator@example.org"),
        ("focal point (Morocco)", "focal.morocco@example.org"),
        ("member (Jordan)", "member.jordan@example.org"),
        ("expert", "expert@example.org"),
        ("applicant (Tunisia)", "applicant.tunisia@example.org"),
    ]
