"""The Facilitators group: exactly the Django permissions that admin lets facilitators use.

`members.permissions.is_facilitator` is the role (an active staff account in
this group, or a superuser); the site and admin both obey it. The group is
created by a migration and kept in step after every `migrate` (a
`post_migrate` receiver), so permissions of models added later, by any of the
platform's apps, reach the facilitators without anyone editing the group.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q, QuerySet

from cop.plugins import PLATFORM_APPS

from .permissions import FACILITATORS_GROUP

# Every model of these apps is the facilitators' to manage in admin...
FACILITATOR_APPS = ("cop", "search", "account", *PLATFORM_APPS)
# ...except what only an administrator grants or does, one permission at a time.
WITHHELD_PERMISSIONS = (
    # Accounts are closed (anonymised, posts kept) through the service, never deleted.
    "members.delete_user",
    # Reading outgoing emails' content (people's messages) is granted person by person.
    "cop.view_email_body",
)


def facilitator_permissions(using: str = "default") -> QuerySet:
    withheld = Q()
    for name in WITHHELD_PERMISSIONS:
        app_label, codename = name.split(".")
        withheld |= Q(content_type__app_label=app_label, codename=codename)
    return (
        Permission.objects.using(using)
        .filter(content_type__app_label__in=FACILITATOR_APPS)
        .exclude(withheld)
    )


def facilitators_group(using: str = "default") -> Group:
    """The Facilitators group with exactly `facilitator_permissions()`; safe to call often."""
    group, _created = Group.objects.using(using).get_or_create(name=FACILITATORS_GROUP)
    group.permissions.set(facilitator_permissions(using))
    return group


def sync_after_migrate(sender, using="default", **kwargs) -> None:
    """`post_migrate`: each app's permissions exist once its own signal is sent; add them."""
    if sender.label in FACILITATOR_APPS:
        facilitators_group(using)
