"""The shape of what people send to the library; cleaned data goes to `services`."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cop.languages import Language
from cop.text import SingleLineField
from discussions.forms import AttachmentsField
from discussions.models import Topic
from members.models import Country
from members.permissions import approved_members_q

from .models import (
    BODY_MAX,
    COMMENT_MAX,
    SUMMARY_MAX,
    TITLE_MAX,
    ActivityKind,
    DocumentKind,
    Visibility,
)

LANGUAGE_CHOICES = [("", _("Detect from the text")), *Language.choices]


class FilterForm(forms.Form):
    """The index's filters; a value that is not one of the choices is ignored, not an error."""

    q = SingleLineField(label=_("Search the library"), max_length=200, required=False)
    kind = forms.ChoiceField(
        label=pgettext_lazy("document", "Kind"),
        choices=[("", _("All kinds")), *DocumentKind.choices],
        required=False,
    )
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", _("Both languages")), *Language.choices], required=False
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [
            ("", _("All topics")),
            *((t.slug, t.name) for t in Topic.objects.all()),
        ]
        self.fields["country"].choices = [
            ("", _("All countries")),
            *((c.code, c.name) for c in Country.objects.order_by("name")),
        ]
        self.fields["year"].choices = [("", _("Any year")), *((y, y) for y in years)]

    def filters(self) -> dict:
        """What was valid of the query: bad values of one filter leave the others working."""
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.errors and value not in ("", None)
        }


class DocumentForm(forms.Form):
    """The working text of a document; `revision` says which one the editor started from."""

    kind = forms.ChoiceField(label=pgettext_lazy("document", "Kind"), choices=DocumentKind.choices)
    language = forms.ChoiceField(
        label=_("Original language"), choices=LANGUAGE_CHOICES, required=False
    )
    title = SingleLineField(
        label=_("Title"), max_length=TITLE_MAX, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=SUMMARY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
    body = forms.CharField(
        label=_("Text"),
        max_length=BODY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 16, "dir": "auto"}),
        help_text=_(
            "Markdown. Start each section with a heading line (## Heading): "
            "reviewers comment section by section."
        ),
    )
    title_translation = SingleLineField(
        label=_("Title in the other language"),
        max_length=TITLE_MAX,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    summary_translation = forms.CharField(
        label=_("Summary in the other language"),
        max_length=SUMMARY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
    body_translation = forms.CharField(
        label=_("Text in the other language"),
        max_length=BODY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "dir": "auto"}),
        help_text=_("Optional. Readers of the other language see it, marked as a translation."),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    countries = forms.ModelMultipleChoiceField(
        label=_("Countries concerned"),
        queryset=Country.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attachments = AttachmentsField(
        label=_("Attachments"), help_text=_("PDF, Office documents or images.")
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, with_kind=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_kind:
            del self.fields["kind"]


class CommentForm(forms.Form):
    section = forms.ChoiceField(label=_("Section"), required=False)
    body = forms.CharField(
        label=_("Comment"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [
            ("", _("The whole document")),
            *((title, title) for title in sections),
        ]


class PublishForm(forms.Form):
    visibility = forms.ChoiceField(
        label=_("Who may read it"),
        choices=Visibility.choices,
        initial=Visibility.MEMBERS,
        widget=forms.RadioSelect,
    )


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Your activity"), choices=ActivityKind.choices)
    title = SingleLineField(
        label=_("What you will document"),
        max_length=TITLE_MAX,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    colleagues = forms.ModelMultipleChoiceField(
        label=_("Colleagues you work with"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("They become co-authors of your document."),
    )

    def __init__(self, *args, cohort, member, **kwargs):
        super().__init__(*args, **kwargs)
        # Colleagues are chosen among the cohort's other participants.
        self.fields["colleagues"].queryset = (
            get_user_model()
            .objects.filter(approved_members_q(), library_participations__cohort=cohort)
            .exclude(pk=member.pk)
            .order_by("pk")
        )


class AuthorsForm(forms.Form):
    """Add a co-author by the name the directory shows, or remove some."""

    add = SingleLineField(
        label=_("Add a co-author"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto"}),
        help_text=_("Their name as the member directory shows it, in Arabic or Latin script."),
    )
    remove = forms.ModelMultipleChoiceField(
        label=_("Remove from the authors"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, document, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remove"].queryset = document.authors.order_by("pk")
        self.fields["remove"].label_from_instance = lambda person: person.display_name

    def clean_add(self):
        name = self.cleaned_data["add"]
        if not name:
            return None
        people = list(
            get_user_model()
            .objects.filter(approved_members_q())
            .filter(Q(name_latin__iexact=name) | Q(name_arabic=name))[:2]
        )
        if not people:
            raise forms.ValidationError(_("No approved member has this name."))
        if len(people) > 1:
            raise forms.ValidationError(
                _("Several members have this name: ask a facilitator to add the right one.")
            )
        return people[0]
