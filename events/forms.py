from django import forms
from django.utils.translation import gettext_lazy as _

from discussions.models import Topic

from .models import EventKind, Series


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *EventKind.choices]
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"), required=False, queryset=Topic.objects.all(), empty_label=_("All topics")
    )
    series = forms.ModelChoiceField(
        label=_("Series"),
        required=False,
        queryset=Series.objects.all(),
        empty_label=_("All series"),
    )

    def __init__(self, *args, viewer=None, **kwargs):
        super().__init__(*args, **kwargs)
        from members.permissions import is_approved_member

        if not is_approved_member(viewer):
            self.fields["topic"].queryset = Topic.objects.filter(is_public=True)
            self.fields["series"].queryset = Series.objects.filter(is_public=True)


class NominationForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Colleague to nominate"), queryset=None)
    note = forms.CharField(
        label=_("Why this person (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = candidates
        self.fields["member"].label_from_instance = lambda person: person.display_name


class NominationDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("confirm", _("Confirm")), ("decline", _("Decline"))], widget=forms.HiddenInput
    )


class FeedActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("regenerate", _("New address")), ("revoke", _("Turn off"))],
        widget=forms.HiddenInput,
    )
