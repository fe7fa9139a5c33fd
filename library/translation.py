from modeltranslation.translator import TranslationOptions, register

from .models import Cohort


@register(Cohort)
class CohortTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("ar",)
