from django import forms
from django.utils.translation import gettext_lazy as _

from cop.text import SingleLineField

LANGUAGE_FILTER = [("", _("Either language")), ("ar", _("Arabic")), ("en", _("English"))]


class SiteSearchForm(forms.Form):
    """The words, the language written in, then the open tab's own filters."""

    q = SingleLineField(label=_("Words to look for"), max_length=200, required=False)
    language = forms.ChoiceField(label=_("Written in"), choices=LANGUAGE_FILTER, required=False)

    def __init__(self, *args, extra_fields: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in (extra_fields or {}).items():
            field.required = False
            self.fields[name] = field
