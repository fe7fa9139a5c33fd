from django.core.management.base import BaseCommand
from django.utils import timezone

from digests import services


class Command(BaseCommand):
    help = (
        "Build and queue the digests due now (local morning in each member's zone), each "
        "member's at most once per period. Safe to run at any time, and twice at once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Hand the batches to workers instead of building them in this process.",
        )
        parser.add_argument("--batch", type=int, default=None, help="Members per batch.")

    def handle(self, *args, queue=False, batch=None, **options):
        if batch is not None and batch < 1:
            self.stderr.write("--batch must be at least 1.")
            return
        due = services.digests_send_due(now=timezone.now(), batch=batch, inline=not queue)
        self.stdout.write(
            f"{due} member(s) due a digest; their digests were {'queued' if queue else 'built'}."
        )
