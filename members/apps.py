from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self):
        from . import roles, signals  # noqa: F401  (signals connects allauth's to our services)

        # Keeps the Facilitators group holding exactly the facilitators' permissions.
        post_migrate.connect(roles.sync_after_migrate, dispatch_uid="members.facilitators_group")
