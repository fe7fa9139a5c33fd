from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .models import Country, Language


class SignupProfileForm(forms.Form):
    """The profile asked for at signup (allauth's ACCOUNT_SIGNUP_FORM_CLASS)."""

    name_arabic = forms.CharField(
        label=_("Your name in Arabic script"), max_length=150, required=False
    )
    name_latin = forms.CharField(
        label=_("Your name in Latin script"), max_length=150, required=False
    )
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.all(),
        empty_label=_("Choose your country"),
    )
    organisation = forms.CharField(label=_("Organisation"), max_length=200)
    position = forms.CharField(label=_("Position"), max_length=200)
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=Language.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = translation.get_language() or Language.ARABIC
        self.fields["preferred_language"].initial = (
            current if current in Language.values else Language.ARABIC
        )
        self.fields["name_arabic"].widget.attrs.update({"dir": "rtl", "lang": "ar"})
        self.fields["name_latin"].widget.attrs.update({"dir": "ltr", "lang": "en"})

    def clean(self):
        cleaned = super().clean()
        if (
            not (cleaned.get("name_arabic") or "").strip()
            and not (cleaned.get("name_latin") or "").strip()
        ):
            raise forms.ValidationError(
                _("Please give your name, in Arabic script, Latin script or both.")
            )
        return cleaned

    def signup(self, request, user):
        """Called by allauth once the account exists: store the profile."""
        data = self.cleaned_data
        user.name_arabic = data["name_arabic"].strip()
        user.name_latin = data["name_latin"].strip()
        user.country = data["country"]
        user.organisation = data["organisation"].strip()
        user.position = data["position"].strip()
        user.preferred_language = data["preferred_language"]
        user.timezone = data["country"].timezone
        user.save()
