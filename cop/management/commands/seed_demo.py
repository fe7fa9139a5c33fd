from django.core.management.base import BaseCommand

from cop.plugins import app_modules
from members.demo import DEMO_PASSWORD

# Each app seeds its own part, in this order; an app without a `demo` module is skipped.
# Surveys before events: the practitioners who answered the intake also come to events,
# and a second run finds nobody new to register.
DEMO_APPS = ("members", "discussions", "surveys", "events", "conversations", "library")


class Command(BaseCommand):
    help = "Fill the database with a living demo community. Safe to run again."

    def handle(self, *args, **options):
        logins = []
        for module in app_modules(DEMO_APPS, "demo"):
            logins += module.seed(stdout=self.stdout) or []
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for role, email in logins:
            self.stdout.write(f"  {role:<28} {email}")
