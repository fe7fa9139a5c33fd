from django.core.management.base import BaseCommand

from discussions.services import thread_counters_repair


class Command(BaseCommand):
    help = (
        "Recompute each thread's reply count and last activity from its visible posts, "
        "fix those that drifted and report every fix (--dry-run only reports)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what is wrong without fixing it."
        )

    def handle(self, *args, dry_run=False, **options):
        repairs = thread_counters_repair(dry_run=dry_run)
        verb = "would fix" if dry_run else "fixed"
        for repair in repairs:
            self.stdout.write(
                f"thread {repair.thread_id} ({repair.title[:60]}): {repair.counter} "
                f"{repair.before} -> {repair.after}"
            )
        threads = len({repair.thread_id for repair in repairs})
        self.stdout.write(f"{len(repairs)} counter(s) on {threads} thread(s) {verb}.")
