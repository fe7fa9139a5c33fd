"""Reference data: the region's countries and "International", so a new database can take signups.

Countries are created when missing and never changed here: names, zones and
the founding flag may have been edited by facilitators since.
"""

from django.db import migrations

# code, Arabic name, English name, time zone, founding member of the community
COUNTRIES = [
    ('MA', 'المغرب', 'Morocco', 'Africa/Casablanca', True),
    ('TN', 'تونس', 'Tunisia', 'Africa/Tunis', True),
    ('JO', 'الأردن', 'Jordan', 'Asia/Amman', True),
    ('IQ', 'العراق', 'Iraq', 'Asia/Baghdad', True),
    ('LB', 'لبنان', 'Lebanon', 'Asia/Beirut', True),
    ('PS', 'الأراضي الفلسطينية', 'Palestinian Territories', 'Asia/Hebron', True),
    ('YE', 'اليمن', 'Yemen', 'Asia/Aden', True),
    ('DZ', 'الجزائر', 'Algeria', 'Africa/Algiers', False),
    ('LY', 'ليبيا', 'Libya', 'Africa/Tripoli', False),
    ('EG', 'مصر', 'Egypt', 'Africa/Cairo', False),
    ('SY', 'سوريا', 'Syria', 'Asia/Damascus', False),
    ('SA', 'المملكة العربية السعودية', 'Saudi Arabia', 'Asia/Riyadh', False),
    ('KW', 'الكويت', 'Kuwait', 'Asia/Kuwait', False),
    ('BH', 'البحرين', 'Bahrain', 'Asia/Bahrain', False),
    ('QA', 'قطر', 'Qatar', 'Asia/Qatar', False),
    ('AE', 'الإمارات العربية المتحدة', 'United Arab Emirates', 'Asia/Dubai', False),
    ('OM', 'عُمان', 'Oman', 'Asia/Muscat', False),
    ('MR', 'موريتانيا', 'Mauritania', 'Africa/Nouakchott', False),
    ('SD', 'السودان', 'Sudan', 'Africa/Khartoum', False),
    ('DJ', 'جيبوتي', 'Djibouti', 'Africa/Djibouti', False),
    ('IR', 'إيران', 'Iran', 'Asia/Tehran', False),
]
INTERNATIONAL = ('XX', 'دولي', 'International', 'UTC')


def create_countries(apps, schema_editor):
    Country = apps.get_model("members", "Country")
    existing = set(Country.objects.values_list("code", flat=True))
    rows = [(*row, False) for row in COUNTRIES] + [(*INTERNATIONAL, False, True)]
    Country.objects.bulk_create(
        Country(
            code=code,
            # modeltranslation's `name` holds the default language (Arabic).
            name=name_ar,
            name_ar=name_ar,
            name_en=name_en,
            timezone=zone,
            is_founding=founding,
            is_international=international,
        )
        for code, name_ar, name_en, zone, founding, international in rows
        if code not in existing
    )


class Migration(migrations.Migration):
    dependencies = [("members", "0007_time_zone_fields")]

    operations = [migrations.RunPython(create_countries, migrations.RunPython.noop, elidable=False)]
