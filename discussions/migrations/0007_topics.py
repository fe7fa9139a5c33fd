"""Reference data: the community's discussion topics (the intake survey's subjects).

A new database starts with them; topics are created when missing and never
changed here (facilitators may have renamed them or made them public).
"""

from django.db import migrations

# slug, Arabic name, English name, Arabic description, English description, public
TOPICS = [
    (
        'cash-transfers',
        'التحويلات النقدية',
        'Cash transfers',
        'تصميم برامج التحويلات النقدية المشروطة وغير المشروطة وتحديد قيمها وآليات صرفها.',
        'Designing conditional and unconditional cash transfers, setting benefit levels and paying them.',
        True,
    ),
    (
        'targeting-poverty-maps',
        'الاستهداف وخرائط الفقر',
        'Targeting and poverty maps',
        'اختبار الوسائل بالتقريب، وخرائط الفقر، والحد من أخطاء الإدماج والاستبعاد.',
        'Proxy means tests, poverty maps, and reducing inclusion and exclusion errors.',
        True,
    ),
    (
        'social-registries',
        'السجلات الاجتماعية وأنظمة التنفيذ',
        'Social registries and delivery systems',
        'السجلات الاجتماعية الموحدة، وتبادل البيانات بين الجهات، والتسجيل والتظلم والدفع.',
        'Unified social registries, data sharing between agencies, intake, grievances and payments.',
        False,
    ),
    (
        'active-labour-market',
        'برامج سوق العمل النشطة',
        'Active labour-market programmes',
        'التدريب المهني ودعم الأجور وريادة الأعمال وربط المستفيدين بفرص العمل.',
        'Vocational training, wage subsidies, entrepreneurship and linking beneficiaries to jobs.',
        False,
    ),
    (
        'employment-services',
        'خدمات التشغيل',
        'Employment services',
        'مكاتب التشغيل العمومية، والإرشاد المهني، ومطابقة الباحثين عن عمل مع الوظائف.',
        'Public employment offices, career counselling and matching jobseekers with vacancies.',
        False,
    ),
    (
        'youth-employment',
        'تشغيل الشباب',
        'Youth employment',
        'الانتقال من التعليم إلى العمل، والتدريب في مواقع العمل، وتشغيل الشابات.',
        "School-to-work transition, apprenticeships and young women's employment.",
        True,
    ),
    (
        'public-works',
        'الأشغال العامة',
        'Public works',
        'برامج النقد مقابل العمل والأشغال كثيفة العمالة في الريف والمدن.',
        'Cash-for-work and labour-intensive public works in rural and urban areas.',
        False,
    ),
    (
        'monitoring-evaluation',
        'الرصد والتقييم',
        'Monitoring and evaluation',
        'مؤشرات الأداء، وتقييم الأثر، واستخدام البيانات الإدارية لتحسين البرامج.',
        'Performance indicators, impact evaluation and using administrative data to improve programmes.',
        False,
    ),
    (
        'financing',
        'التمويل',
        'Financing',
        'تمويل شبكات الأمان الاجتماعي، وإصلاح الدعم، والاستدامة المالية للبرامج.',
        'Financing safety nets, subsidy reform and the fiscal sustainability of programmes.',
        False,
    ),
    (
        'procurement-reform',
        'إصلاح المشتريات',
        'Procurement reform',
        'إصلاح المشتريات العمومية وشفافيتها، وشراء خدمات الدفع والأنظمة المعلوماتية.',
        'Public procurement reform and transparency, buying payment services and information systems.',
        False,
    ),
]


def create_topics(apps, schema_editor):
    Topic = apps.get_model("discussions", "Topic")
    existing = set(Topic.objects.values_list("slug", flat=True))
    Topic.objects.bulk_create(
        Topic(
            slug=slug,
            # modeltranslation's own columns hold the default language (Arabic).
            name=name_ar,
            name_ar=name_ar,
            name_en=name_en,
            description=description_ar,
            description_ar=description_ar,
            description_en=description_en,
            is_public=public,
            position=position,
        )
        for position, (slug, name_ar, name_en, description_ar, description_en, public) in enumerate(
            TOPICS
        )
        if slug not in existing
    )


class Migration(migrations.Migration):
    dependencies = [("discussions", "0006_moderation_record")]

    operations = [migrations.RunPython(create_topics, migrations.RunPython.noop, elidable=False)]
