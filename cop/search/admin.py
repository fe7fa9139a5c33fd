from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import GlossaryTerm
from .text import words


class GlossaryTermForm(forms.ModelForm):
    class Meta:
        model = GlossaryTerm
        fields = ("english", "arabic", "english_synonyms", "arabic_synonyms")
        widgets = {
            "arabic": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "english": forms.TextInput(attrs={"dir": "ltr", "lang": "en"}),
            "arabic_synonyms": forms.Textarea(attrs={"dir": "rtl", "lang": "ar", "rows": 3}),
            "english_synonyms": forms.Textarea(attrs={"dir": "ltr", "lang": "en", "rows": 3}),
        }

    def _searchable(self, name):
        value = self.cleaned_data.get(name, "")
        if value and not words(value):
            raise forms.ValidationError(
                _("Only common words: a search would never reach this term.")
            )
        return value.strip()

    def clean_english(self):
        return self._searchable("english")

    def clean_arabic(self):
        return self._searchable("arabic")


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    """Facilitators keep the field's words in both languages; searches use them at once."""

    form = GlossaryTermForm
    list_display = ("english", "arabic", "updated_at")
    search_fields = ("english", "arabic", "english_synonyms", "arabic_synonyms")
    ordering = ("english",)
