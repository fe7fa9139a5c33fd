"""One Language enum and one rule for the direction of each language, everywhere."""

import pytest
from django.template import Context, Template
from django.utils import translation

from cop.languages import Language, current_language, direction, other_language
from discussions import models as discussions_models
from discussions.forms import TranslationForm
from members import models as members_models


def test_there_is_one_language_enum_and_every_app_uses_it():
    assert members_models.User._meta.get_field("preferred_language").choices == Language.choices
    assert discussions_models.Post._meta.get_field("language").choices == Language.choices
    assert not hasattr(discussions_models, "other_language")
    assert getattr(discussions_models, "Language", Language) is Language


@pytest.mark.parametrize(
    ("code", "expected"),
    [("ar", "rtl"), ("en", "ltr"), ("fa", "rtl"), ("he", "rtl"), ("fr", "ltr"), ("zz", "ltr")],
)
def test_direction_comes_from_djangos_language_info(code, expected):
    assert direction(code) == expected


def test_the_template_filter_and_forms_use_the_same_rule():
    rendered = Template("{% load languages %}{{ a|direction }} {{ b|direction }}").render(
        Context({"a": "ar", "b": Language.ENGLISH})
    )
    assert rendered == "rtl ltr"
    form = TranslationForm(target_language="ar", with_title=True)
    attrs = form.fields["translation"].widget.attrs
    assert (attrs["lang"], attrs["dir"]) == ("ar", "rtl")


@pytest.mark.django_db
def test_page_direction_follows_the_interface_language(client):
    assert '<html lang="ar" dir="rtl">' in client.get("/ar/").content.decode()
    assert '<html lang="en" dir="ltr">' in client.get("/en/").content.decode()


def test_current_and_other_language():
    with translation.override("ar-dz"):
        assert current_language() == "ar"
    with translation.override("en"):
        assert current_language() == "en"
    assert other_language("ar") == "en" and other_language("en") == "ar"
