"""The field's words in both languages, so that a search in one finds threads in the other.

Facilitators edit and extend the list in admin; a term they changed or removed
is left alone when this migration is reversed and run again.
"""

from django.db import migrations

# (English, Arabic, other English names, other Arabic names)
TERMS = [
    ("cash transfer", "التحويلات النقدية", ["cash transfers", "cash assistance"], ["التحويل النقدي", "المساعدات النقدية", "الدعم النقدي"]),
    ("conditional cash transfer", "التحويلات النقدية المشروطة", ["CCT"], ["الدعم النقدي المشروط"]),
    ("unconditional cash transfer", "التحويلات النقدية غير المشروطة", ["UCT"], ["الدعم النقدي غير المشروط"]),
    ("in-kind transfer", "التحويلات العينية", ["in-kind assistance"], ["المساعدات العينية", "الدعم العيني"]),
    ("food voucher", "القسائم الغذائية", ["e-voucher"], ["قسائم الغذاء", "القسائم الإلكترونية"]),
    ("social registry", "السجل الاجتماعي", ["social register", "unified social registry"], ["السجل الاجتماعي الموحد"]),
    ("targeting", "الاستهداف", ["beneficiary selection"], ["اختيار المستفيدين"]),
    ("proxy means test", "اختبار الدخل غير المباشر", ["PMT", "proxy means testing"], ["اختبار الموارد غير المباشر"]),
    ("means test", "اختبار الموارد", ["means testing", "income test"], ["اختبار الدخل"]),
    ("beneficiary", "المستفيد", ["beneficiaries", "recipient"], ["المستفيدون"]),
    ("public works", "الأشغال العامة", ["public works programme", "workfare"], ["برامج الأشغال العامة"]),
    ("cash for work", "النقد مقابل العمل", [], ["العمل مقابل النقد"]),
    ("grievance mechanism", "آلية التظلمات", ["grievance redress mechanism", "complaints mechanism"], ["آلية الشكاوى", "آلية معالجة التظلمات"]),
    ("social protection", "الحماية الاجتماعية", [], []),
    ("social assistance", "المساعدة الاجتماعية", ["social welfare"], ["المساعدات الاجتماعية", "الرعاية الاجتماعية"]),
    ("social insurance", "التأمينات الاجتماعية", [], ["التأمين الاجتماعي"]),
    ("social security", "الضمان الاجتماعي", [], []),
    ("social safety net", "شبكات الأمان الاجتماعي", ["safety net", "safety nets"], ["شبكة الأمان الاجتماعي", "شبكات الأمان"]),
    ("shock-responsive social protection", "الحماية الاجتماعية المستجيبة للصدمات", ["adaptive social protection"], ["الحماية الاجتماعية التكيفية"]),
    ("social pension", "المعاش الاجتماعي", ["non-contributory pension"], ["المعاش غير القائم على الاشتراكات"]),
    ("pension", "المعاش التقاعدي", ["old-age pension", "retirement pension"], ["معاش التقاعد", "معاش الشيخوخة"]),
    ("contributions", "الاشتراكات", ["social security contributions"], ["اشتراكات الضمان الاجتماعي"]),
    ("health insurance", "التأمين الصحي", [], []),
    ("maternity benefit", "إعانة الأمومة", ["maternity protection"], ["حماية الأمومة"]),
    ("child benefit", "منحة الأطفال", ["child grant", "child allowance"], ["المنح العائلية", "إعانات الأطفال"]),
    ("disability benefit", "منحة الإعاقة", ["disability allowance"], ["إعانة الإعاقة"]),
    ("persons with disabilities", "الأشخاص ذوو الإعاقة", ["people with disabilities"], ["الأشخاص ذوي الإعاقة"]),
    ("unemployment", "البطالة", ["joblessness"], []),
    ("unemployment benefits", "إعانات البطالة", ["unemployment insurance", "unemployment benefit"], ["تأمين البطالة", "التأمين ضد البطالة"]),
    ("labour market", "سوق العمل", ["labor market"], []),
    ("active labour market programmes", "برامج سوق العمل النشطة", ["active labor market programs", "active labour market policies", "ALMP"], ["سياسات سوق العمل النشطة"]),
    ("employment services", "خدمات التشغيل", ["public employment services", "job matching"], ["مكاتب التشغيل", "خدمات التوظيف"]),
    ("wage subsidy", "دعم الأجور", ["wage subsidies", "hiring subsidy"], ["إعانات الأجور"]),
    ("minimum wage", "الحد الأدنى للأجور", [], []),
    ("youth employment", "تشغيل الشباب", [], ["عمالة الشباب"]),
    ("vocational training", "التدريب المهني", ["TVET", "technical and vocational education and training"], ["التعليم والتدريب التقني والمهني"]),
    ("apprenticeship", "التلمذة المهنية", ["apprenticeships"], ["التلمذة الصناعية"]),
    ("informal sector", "القطاع غير الرسمي", ["informal economy", "informal workers"], ["الاقتصاد غير الرسمي", "العمالة غير الرسمية"]),
    ("child labour", "عمل الأطفال", ["child labor"], ["تشغيل الأطفال"]),
    ("economic inclusion", "الإدماج الاقتصادي", ["productive inclusion"], ["الإدماج الإنتاجي"]),
    ("livelihoods", "سبل العيش", ["livelihood"], ["مصادر الرزق"]),
    ("graduation approach", "نهج التخرج", ["graduation programme"], ["برامج التخرج من الفقر"]),
    ("microfinance", "التمويل الأصغر", ["microcredit"], ["التمويل متناهي الصغر", "القروض الصغيرة"]),
    ("women's economic empowerment", "التمكين الاقتصادي للمرأة", [], ["التمكين الاقتصادي للنساء"]),
    ("poverty line", "خط الفقر", [], []),
    ("extreme poverty", "الفقر المدقع", [], []),
    ("vulnerable groups", "الفئات الهشة", ["vulnerability"], ["الفئات الضعيفة", "الهشاشة"]),
    ("refugees", "اللاجئون", ["refugee"], ["اللاجئين"]),
    ("internally displaced people", "النازحون داخليا", ["IDPs", "displaced people"], ["النازحين"]),
    ("humanitarian cash assistance", "المساعدات النقدية الإنسانية", ["cash-based assistance"], ["المساعدة النقدية في السياق الإنساني"]),
    ("food subsidy", "دعم الغذاء", ["food subsidies", "bread subsidy"], ["الدعم الغذائي", "دعم الخبز"]),
    ("energy subsidy reform", "إصلاح دعم الطاقة", ["fuel subsidy reform"], ["إصلاح دعم الوقود"]),
    ("universal basic income", "الدخل الأساسي الشامل", ["basic income"], []),
    ("household survey", "مسح الأسر", ["household income and expenditure survey"], ["مسح دخل ونفقات الأسرة"]),
    ("management information system", "نظام المعلومات الإدارية", ["MIS"], []),
    ("digital payments", "المدفوعات الرقمية", ["e-payments", "mobile money"], ["الدفع الإلكتروني", "الدفع عبر الهاتف المحمول"]),
    ("digital identity", "الهوية الرقمية", ["digital ID"], []),
    ("case management", "إدارة الحالات", [], ["إدارة الحالة"]),
    ("social worker", "الأخصائي الاجتماعي", ["social workers"], ["العامل الاجتماعي", "الأخصائيون الاجتماعيون"]),
    ("monitoring and evaluation", "الرصد والتقييم", ["M&E"], ["المتابعة والتقييم"]),
    ("impact evaluation", "تقييم الأثر", ["impact assessment"], []),
    ("fiscal space", "الحيز المالي", [], []),
]


def seed(apps, schema_editor):
    GlossaryTerm = apps.get_model("search", "GlossaryTerm")
    for english, arabic, english_synonyms, arabic_synonyms in TERMS:
        GlossaryTerm.objects.get_or_create(
            english=english,
            defaults={
                "arabic": arabic,
                "english_synonyms": "\n".join(english_synonyms),
                "arabic_synonyms": "\n".join(arabic_synonyms),
            },
        )


def unseed(apps, schema_editor):
    GlossaryTerm = apps.get_model("search", "GlossaryTerm")
    for english, arabic, english_synonyms, arabic_synonyms in TERMS:
        GlossaryTerm.objects.filter(
            english=english,
            arabic=arabic,
            english_synonyms="\n".join(english_synonyms),
            arabic_synonyms="\n".join(arabic_synonyms),
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0001_glossary")]

    operations = [migrations.RunPython(seed, unseed)]
