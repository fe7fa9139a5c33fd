"""What apps add to members' profiles: the `profile` hook.

An app adds to every member's profile by defining, in its `profile.py`,

    def profile_fields() -> list[ProfileField]

(discussions: the topics of interest; events or the library may add theirs).
The members app offers each field in the signup and profile forms, saves it
through the profile service, shows it on profiles and in the directory, and
filters the directory by it, without importing the app that owns it.
"""

from django import forms
from django.db.models import QuerySet

from .plugins import app_modules


class ProfileField:
    """One thing an app keeps on members' profiles. Subclass it in `<app>/profile.py`.

    `name` is the form field's name (unique across apps); `label` heads the
    values on a profile and in the directory; `filter_name` is the directory's
    query parameter (`name` unless set).
    """

    name: str = ""
    label: str = ""
    filter_name: str = ""

    def form_field(self, member) -> forms.Field | None:
        """A fresh form field for `member` (None at signup), or None to leave it out."""
        raise NotImplementedError

    def initial(self, member):
        """The field's current value for `member`."""
        return None

    def save(self, member, value) -> None:
        """Store the cleaned `value` (called inside the profile service's transaction)."""
        raise NotImplementedError

    def shown(self, members, *, viewer) -> dict[int, list[str]]:
        """What to show of each of `members` to `viewer`: member id -> labels.

        Called once for a page of members: a fixed number of queries.
        """
        return {}

    def filter_field(self) -> forms.Field | None:
        """A directory filter (None: this field does not filter the directory)."""
        return None

    def filter(self, queryset: QuerySet, value) -> QuerySet:
        """`queryset` of members narrowed to those whose field matches `value`."""
        return queryset


def profile_fields() -> list[ProfileField]:
    """Every app's profile fields, in the order of the platform's apps."""
    fields = []
    for module in app_modules("profile"):
        fields += module.profile_fields()
    return fields


def with_profile_values(members, *, viewer) -> list:
    """Set `profile_values` on each of `members`: [(label, [values])] per app field shown."""
    members = list(members)
    shown = [(field.label, field.shown(members, viewer=viewer)) for field in profile_fields()]
    for member in members:
        member.profile_values = [
            (label, values[member.pk]) for label, values in shown if values.get(member.pk)
        ]
    return members
