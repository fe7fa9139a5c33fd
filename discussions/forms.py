"""The shape of what members send; cleaned data goes to `services`."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from cop.languages import Language, direction
from cop.text import SingleLineField
from cop.uploads import MAX_FILES, validate_upload

from . import permissions
from .models import (
    MODERATION_REASON_HELP,
    MODERATION_REASON_MAX_LENGTH,
    Flag,
    ModerationAction,
    ThreadKind,
)

BODY_MAX = 20000

LANGUAGE_CHOICES = [("", _("Detect from the text")), *Language.choices]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to `MAX_FILES` files, each checked from its content (see `uploads`)."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_FILES:
            raise forms.ValidationError(
                ngettext(
                    "Attach at most %(count)d file.", "Attach at most %(count)d files.", MAX_FILES
                )
                % {"count": MAX_FILES}
            )
        cleaned = [super(AttachmentsField, self).clean(item, initial) for item in files]
        for upload in cleaned:
            validate_upload(upload)
        return cleaned


class BodyMixin(forms.Form):
    body = forms.CharField(
        label=_("Your text"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"}),
        help_text=_("Markdown: **bold**, *italic*, lists, links and quotes."),
    )
    language = forms.ChoiceField(
        label=_("Language of the text"), choices=LANGUAGE_CHOICES, required=False
    )


class ThreadForm(BodyMixin):
    kind = forms.ChoiceField(
        label=pgettext_lazy("thread", "Kind"),
        choices=ThreadKind.choices,
        initial=ThreadKind.QUESTION,
    )
    title = SingleLineField(
        label=_("Title"), max_length=200, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    attachments = AttachmentsField(
        label=_("Attachments"),
        help_text=_("PDF, Office documents or images."),
    )

    field_order = ["kind", "title", "body", "language", "attachments"]

    def __init__(self, *args, author, **kwargs):
        super().__init__(*args, **kwargs)
        # The kinds this author may start (announcements are the facilitators').
        self.fields["kind"].choices = [
            choice for choice in ThreadKind.choices if permissions.can_post_kind(author, choice[0])
        ]


class ReplyForm(BodyMixin):
    attachments = AttachmentsField(
        label=_("Attachments"),
        help_text=_("PDF, Office documents or images."),
    )


class EditForm(BodyMixin):
    title = SingleLineField(
        label=_("Title"), max_length=200, widget=forms.TextInput(attrs={"dir": "auto"})
    )

    field_order = ["title", "body", "language"]

    def __init__(self, *args, with_title=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_title:
            del self.fields["title"]


class TranslationForm(forms.Form):
    title_translation = SingleLineField(label=_("Translated title"), max_length=200, required=False)
    translation = forms.CharField(
        label=_("Translated text"),
        max_length=BODY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Leave empty to remove the translation."),
    )

    def __init__(self, *args, with_title=False, target_language="en", **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("title_translation", "translation"):
            self.fields[name].widget.attrs.update(
                {"lang": target_language, "dir": direction(target_language)}
            )
        if not with_title:
            del self.fields["title_translation"]


class FlagForm(forms.Form):
    reason = forms.ChoiceField(label=_("What is wrong?"), choices=Flag.Reason.choices)
    note = forms.CharField(
        label=_("Anything the facilitators should know"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )


class ModerationForm(forms.Form):
    """Pin, lock or hide a thread, or hide a post, with the reason kept in the record."""

    action = forms.ChoiceField(choices=ModerationAction.choices)
    reason = forms.CharField(
        label=_("Reason (required to hide)"),
        required=False,
        max_length=MODERATION_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        help_text=MODERATION_REASON_HELP,
    )


class SearchForm(forms.Form):
    q = SingleLineField(label=_("Search discussions"), max_length=200, required=False)
