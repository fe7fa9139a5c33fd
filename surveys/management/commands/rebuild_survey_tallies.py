"""Count the survey results' tallies again from the submitted answers.

The services keep the tallies up to date as responses are saved; this is the
repair for anything that changed the answers behind their back (a manual SQL
fix, a restored backup). Concurrent submissions wait until it commits.
"""

from django.core.management.base import BaseCommand, CommandError

from surveys.models import Survey
from surveys.services import tallies_rebuild


class Command(BaseCommand):
    help = "Count the survey results' tallies again from the submitted answers."

    def add_arguments(self, parser):
        parser.add_argument(
            "--survey",
            type=int,
            action="append",
            dest="surveys",
            help="A survey's id (repeatable); all surveys if omitted.",
        )

    def handle(self, *args, surveys=None, **options):
        if surveys:
            missing = set(surveys) - set(
                Survey.objects.filter(pk__in=surveys).values_list("pk", flat=True)
            )
            if missing:
                raise CommandError(f"No survey with id {', '.join(map(str, sorted(missing)))}.")
        count = tallies_rebuild(survey_ids=surveys)
        self.stdout.write(f"Tallies rebuilt for {count} survey(s).")
