from django.core.management.base import BaseCommand

from events.services import reminders_send_due


class Command(BaseCommand):
    help = "Queue the event reminders due now. Safe to run twice, even at the same time."

    def handle(self, *args, **options):
        count = reminders_send_due()
        self.stdout.write(f"{count} reminder(s) queued.")
