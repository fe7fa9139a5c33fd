from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cop.forms import QuickSelect
from cop.languages import Language, current_language, direction
from cop.profiles import profile_fields
from cop.text import SingleLineField
from cop.timezones import TimeZoneFormField

from . import services
from .models import Country, DigestFrequency, MembershipStatus, User
from .selectors import ROSTER_STATUSES, sorted_countries
from .workflow import REASON_MAX_LENGTH, TRANSITIONS, Transition, transitions_from

SEARCH_MAX_LENGTH = 100
SINGLE_LINE_FIELDS = ("name_arabic", "name_latin", "organisation", "position")


def search_field(label) -> forms.CharField:
    """The words to look for in a list's filters (typed in either language, on one line)."""
    return SingleLineField(
        label=label,
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.SearchInput(attrs={"dir": "auto"}),
    )


class SortedCountryIterator(forms.models.ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        listed = self.queryset if self.field.listed is None else self.field.listed
        for country in sorted_countries(listed):
            yield self.choice(country)


class CountryChoiceField(forms.ModelChoiceField):
    """A choice of country, listed in the reader's alphabetical order (`sorted_countries`).

    `listed`: the countries to offer when the page has already read them (a
    list of the queryset's countries): the choices are drawn without a query;
    a submitted value is still checked against the queryset.
    """

    iterator = SortedCountryIterator
    widget = QuickSelect
    listed: list[Country] | None = None

    def __init__(self, queryset=None, **kwargs):
        super().__init__(Country.objects.all() if queryset is None else queryset, **kwargs)


def country_filter_field(empty_label) -> forms.ModelChoiceField:
    """A country picked by its code in a list's filters (`?country=JO`)."""
    return CountryChoiceField(
        label=_("Country"),
        to_field_name="code",
        required=False,
        empty_label=empty_label,
    )


def expertise_field() -> forms.CharField:
    return forms.CharField(
        label=_("Expertise"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you know well and could share with colleagues."),
    )


class ProfileFieldsMixin:
    """Widgets and checks shared by the signup form and the profile form."""

    def setup_profile_fields(self, current_timezone: str = ""):
        self.fields["timezone"] = TimeZoneFormField(
            label=_("Time zone"),
            blank_label=_("Same as my country"),
            initial=current_timezone,
            help_text=_("Times on the site and in your emails are shown in this time zone."),
        )
        for name, language in (("name_arabic", Language.ARABIC), ("name_latin", Language.ENGLISH)):
            self.fields[name].widget.attrs.update({"dir": direction(language), "lang": language})
        for name in ("organisation", "position", "expertise"):
            if name in self.fields:
                self.fields[name].widget.attrs["dir"] = "auto"

    def setup_app_fields(self, member=None):
        """The fields other apps add to profiles (`cop.profiles`), with their current values."""
        self.app_profile_fields = []
        for app_field in profile_fields():
            form_field = app_field.form_field(member)
            if form_field is None:
                continue  # nothing to offer this person (no public topic yet, at signup)
            if member is not None:
                form_field.initial = app_field.initial(member)
            self.fields[app_field.name] = form_field
            self.app_profile_fields.append(app_field)

    @property
    def app_fields(self) -> list:
        """The other apps' fields, bound, for templates that lay fields out one by one."""
        return [self[app_field.name] for app_field in self.app_profile_fields]

    def app_data(self) -> dict:
        """Cleaned values of the other apps' fields, for `services.profile_update(app_fields=)`."""
        return {field.name: self.cleaned_data[field.name] for field in self.app_profile_fields}

    def clean_name_fields(self, cleaned):
        if (
            not (cleaned.get("name_arabic") or "").strip()
            and not (cleaned.get("name_latin") or "").strip()
        ):
            raise forms.ValidationError(
                _("Please give your name, in Arabic script, Latin script or both.")
            )
        return cleaned


class SignupProfileForm(ProfileFieldsMixin, forms.Form):
    """The profile asked for at signup (allauth's ACCOUNT_SIGNUP_FORM_CLASS)."""

    name_arabic = SingleLineField(
        label=_("Your name in Arabic script"), max_length=150, required=False
    )
    name_latin = SingleLineField(
        label=_("Your name in Latin script"), max_length=150, required=False
    )
    country = CountryChoiceField(label=_("Country"), empty_label=_("Choose your country"))
    organisation = SingleLineField(label=_("Organisation"), max_length=200)
    position = SingleLineField(label=_("Position"), max_length=200)
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=Language.choices)
    expertise = expertise_field()
    digest_frequency = forms.ChoiceField(
        label=_("Email digest"),
        choices=DigestFrequency.choices,
        initial=DigestFrequency.WEEKLY,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].initial = current_language()
        self.setup_profile_fields()
        self.setup_app_fields()

    def clean_digest_frequency(self):
        return self.cleaned_data.get("digest_frequency") or DigestFrequency.WEEKLY

    def clean(self):
        return self.clean_name_fields(super().clean())

    def signup(self, request, user):
        """Called by allauth once the account exists: store the profile."""
        data = self.cleaned_data
        services.profile_update(
            member=user,
            app_fields=self.app_data(),
            # Signup does not ask how to hear of new posts: the default applies until the profile.
            **{name: data[name] for name in services.PROFILE_FIELDS if name in data},
        )


class ProfileForm(ProfileFieldsMixin, forms.ModelForm):
    """A person's own profile, editable at any time."""

    expertise = expertise_field()

    class Meta:
        model = User
        # One list with the service, so a field shown here is always saved.
        fields = services.PROFILE_FIELDS
        field_classes = {
            **dict.fromkeys(SINGLE_LINE_FIELDS, SingleLineField),
            "country": CountryChoiceField,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_profile_fields(self.instance.timezone)
        self.setup_app_fields(self.instance)
        self.fields["organisation"].required = True
        self.fields["position"].required = True
        self.fields["country"].required = True
        if self.instance.status != MembershipStatus.APPLICANT:
            self.fields["country"].disabled = True
            self.fields["country"].required = False
            self.fields["country"].help_text = _(
                "Ask a facilitator if you move to another country."
            )

    def clean(self):
        return self.clean_name_fields(super().clean())

    def save(self, commit=True):
        raise NotImplementedError("Use members.services.profile_update.")

    def profile_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in services.PROFILE_FIELDS}


class RosterFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", pgettext_lazy("status filter", "All"))]
        + [(s.value, s.label) for s in ROSTER_STATUSES],
    )
    q = search_field(_("Search"))
    country = country_filter_field(_("Choose a country"))

    def __init__(self, *args, choose_country: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not choose_country:
            del self.fields["country"]  # a focal point's roster is their own country


class DirectoryFilterForm(forms.Form):
    q = search_field(_("Name or organisation"))
    country = country_filter_field(pgettext_lazy("country filter", "All countries"))
    expertise = SingleLineField(label=_("Expertise"), required=False, max_length=100)
    experts = forms.BooleanField(label=_("Experts only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Other apps' profile fields filter the directory too (topics of interest...).
        self.app_filters = {}
        for app_field in profile_fields():
            form_field = app_field.filter_field()
            if form_field is not None:
                name = app_field.filter_name or app_field.name
                self.fields[name] = form_field
                self.app_filters[name] = app_field
        self.order_fields(["q", "country", *self.app_filters])

    def app_filter_values(self) -> list[tuple]:
        """(profile field, chosen value) for each app filter in use."""
        return [
            (app_field, self.cleaned_data[name])
            for name, app_field in self.app_filters.items()
            if self.cleaned_data.get(name) not in (None, "", [])
        ]


class MembershipActionForm(forms.Form):
    """One transition of `members.workflow` for one person, with its reason."""

    action = forms.ChoiceField(choices=[(t.name, t.label) for t in TRANSITIONS.values()])
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_("Sent to the person by email. Required to decline or suspend."),
    )

    def __init__(self, *args, member=None, **kwargs):
        super().__init__(*args, **kwargs)
        if member is not None:
            # Only what may start from the person's status now.
            self.fields["action"].choices = [
                (t.name, t.label) for t in transitions_from(member.status)
            ]
            self.fields["action"].error_messages["invalid_choice"] = _(
                "This cannot be done: the person's membership is now “%(status)s”."
            ) % {"status": member.get_status_display()}

    @property
    def transition(self) -> Transition:
        return TRANSITIONS[self.cleaned_data["action"]]

    def clean(self):
        cleaned = super().clean()
        if "action" in cleaned:
            try:
                cleaned["reason"] = self.transition.clean_reason(cleaned.get("reason"))
            except ValidationError as error:
                self.add_error("reason", error)
        return cleaned


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address of your colleague"), max_length=254)
    country = CountryChoiceField(label=_("Country"), to_field_name="code")
    language = forms.ChoiceField(label=_("Language of the invitation"), choices=Language.choices)

    def __init__(self, *args, country=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = current_language()
        if country is not None:
            # A focal point invites into their own country only.
            self.fields["country"].initial = country
            self.fields["country"].disabled = True

    def clean_email(self):
        email = self.cleaned_data["email"]
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(_("Someone with this email address already has an account."))
        return email


class AccountCloseForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"), widget=forms.PasswordInput, max_length=4096, strip=False
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account will be closed and cannot be reopened."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("This password is not correct."))
        return password


class ContactForm(forms.Form):
    """A message to the facilitators; a signed-in person's name and address come from their account."""

    name = SingleLineField(label=_("Your name"), max_length=150)
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        help_text=_("The facilitators answer at this address."),
        widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "email"}),
    )
    message = forms.CharField(
        label=_("Your message"),
        max_length=services.CONTACT_MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
    )

    def __init__(self, *args, sender=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.sender = sender if sender is not None and sender.is_authenticated else None
        if self.sender is not None:
            # Who writes is known: neither field is asked, nor can a POST change them.
            del self.fields["name"]
            del self.fields["email"]

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if not message:
            raise ValidationError(_("Write your message."))
        return message

    def sender_details(self) -> dict:
        if self.sender is not None:
            return {"name": self.sender.display_name, "email": self.sender.email}
        return {"name": self.cleaned_data["name"], "email": self.cleaned_data["email"]}
