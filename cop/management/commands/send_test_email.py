from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from cop.mail import send_templated_email


class Command(BaseCommand):
    help = "Queue a test email through Celery to check the mail setup (as facilitators see it)."

    def add_arguments(self, parser):
        parser.add_argument("address")
        parser.add_argument("--language", choices=["ar", "en"], default="ar")

    def handle(self, address, language, **options):
        try:
            validate_email(address)
        except Exception as exc:
            raise CommandError(f"Not an email address: {address}") from exc
        with transaction.atomic():
            email = send_templated_email(
                template="email/test_message",
                to=address,
                language=language,
                context={"queued_at": timezone.now()},
            )
        self.stdout.write(f"Queued outgoing email #{email.pk} to {address} ({language}).")
