"""The shape of what members send; cleaned data goes to `services`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cop.text import SingleLineField

from .models import BODY_MAX_LENGTH, SUBJECT_MAX_LENGTH, MessageFlag

MARKDOWN_HELP = _("Markdown: **bold**, *italic*, lists, links and quotes.")


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
        help_text=MARKDOWN_HELP,
    )

    def clean_body(self):
        body = self.cleaned_data["body"]
        if not body.strip():
            raise forms.ValidationError(_("Write a message."))
        return body


class ConversationForm(MessageForm):
    """Start a conversation with chosen people: `candidates` are the people one may choose."""

    to = forms.TypedMultipleChoiceField(
        label=_("To"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one member to write to."),
            "invalid_choice": _("Choose the people to write to from the list."),
        },
    )
    subject = SingleLineField(
        label=_("Subject"),
        max_length=SUBJECT_MAX_LENGTH,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )

    field_order = ["to", "subject", "body"]

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {person.pk: person for person in candidates}
        self.fields["to"].choices = [(pk, str(person)) for pk, person in self.people.items()]

    def recipients(self) -> list:
        return [self.people[pk] for pk in self.cleaned_data["to"]]


class FindPeopleForm(forms.Form):
    find = SingleLineField(label=_("Find a member by name"), max_length=100, required=False)


class FlagForm(forms.Form):
    reason = forms.ChoiceField(label=_("What is wrong?"), choices=MessageFlag.Reason.choices)
    note = forms.CharField(
        label=_("Anything the facilitators should know"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )


class AskExpertForm(MessageForm):
    """A question to an expert: public in a topic, or private."""

    PUBLIC = "public"
    PRIVATE = "private"

    how = forms.ChoiceField(
        label=_("Who can read it?"),
        choices=[
            (PUBLIC, _("Members: a question thread in a topic, addressed to this expert")),
            (PRIVATE, _("Only the expert and me: a private conversation")),
        ],
        initial=PUBLIC,
        widget=forms.RadioSelect,
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=None,
        required=False,
        help_text=_("For a public question."),
    )
    title = SingleLineField(
        label=_("Your question in one line"),
        max_length=SUBJECT_MAX_LENGTH,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )

    field_order = ["how", "topic", "title", "body"]

    def __init__(self, *args, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = topics
        self.fields["body"].label = _("Details")

    def clean(self):
        data = super().clean()
        if data.get("how") == self.PUBLIC and not data.get("topic"):
            self.add_error("topic", _("Choose the topic of a public question."))
        return data
