from modeltranslation.translator import TranslationOptions, register

from .models import Choice, Question, Survey


@register(Survey)
class SurveyTranslationOptions(TranslationOptions):
    fields = ("title", "intro")
    required_languages = {"ar": ("title",)}


@register(Question)
class QuestionTranslationOptions(TranslationOptions):
    fields = ("text", "help")
    required_languages = {"ar": ("text",)}


@register(Choice)
class ChoiceTranslationOptions(TranslationOptions):
    fields = ("label",)
    required_languages = {"ar": ("label",)}
