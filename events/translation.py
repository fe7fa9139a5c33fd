from modeltranslation.translator import TranslationOptions, register

from .models import Event, Material, Series, Speaker


@register(Series)
class SeriesTranslationOptions(TranslationOptions):
    fields = ("title", "description", "place", "description_html")
    required_languages = ("ar",)


@register(Event)
class EventTranslationOptions(TranslationOptions):
    fields = ("title", "description", "place", "summary", "description_html", "summary_html")
    required_languages = ("ar",)


@register(Speaker)
class SpeakerTranslationOptions(TranslationOptions):
    fields = ("bio",)


@register(Material)
class MaterialTranslationOptions(TranslationOptions):
    fields = ("title",)
