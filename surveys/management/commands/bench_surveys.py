"""Benchmark the survey results page at 100, 1,000 and 10,000 responses against a bare view.

Runs on a throwaway PostgreSQL database (`<database>_bench_surveys`, dropped at
the end): seven countries of approved members, a survey of 20 questions of
mixed types (single and multiple choice, Likert, ranking, yes/no/maybe,
number, short and long text), then responses added in bulk up to each size.
At each size the results page (English and Arabic, all countries, as a
facilitator) is timed next to `cop.devtools.bench_urls.bare_view` through the
same middleware, with its query count, twice: cold (the cache emptied before
each request, so the figures are read from the tallies and the latest
written answers, and the charts and sections drawn) and warm (the drawn
sections of the same responses cached, `SURVEY_RESULTS_CACHE_SECONDS`).
Responses are added as a member's submission adds them to the tallies
(`surveys.results.synthetic`). Each page request follows a bare one, and
"× bare" is the page's median over the bare view's, measured back to back
just before; "paired" is the median of bare requests made one before each
page request, and "× paired" the page's ratio to it (the bare view then runs
with caches the page has just cooled, as in a server's mixed traffic).
Figures go to benchmarks/bench_surveys.json and .txt.
"""

import statistics
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from cop.devtools.bench_urls import save_figures, timings
from members.models import Country, MembershipStatus, User
from members.permissions import FACILITATORS_GROUP
from surveys.results.synthetic import answer_all, make_members, make_survey

LANGUAGES = ("English", "Arabic")
COUNTRIES = [
    ("JO", "الأردن", "Jordan"),
    ("MA", "المغرب", "Morocco"),
    ("TN", "تونس", "Tunisia"),
    ("IQ", "العراق", "Iraq"),
    ("LB", "لبنان", "Lebanon"),
    ("PS", "فلسطين", "Palestinian Territories"),
    ("YE", "اليمن", "Yemen"),
]


class Command(BaseCommand):
    help = "Benchmark the survey results page (100, 1,000, 10,000 responses) against a bare view."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", default="100,1000,10000")
        parser.add_argument("--questions", type=int, default=20)
        parser.add_argument("--runs", type=int, default=20, help="Requests per measurement.")
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "benchmarks"))

    def handle(self, *args, sizes, questions, runs, output, **options):
        if connection.vendor != "postgresql":
            raise CommandError("bench_surveys needs PostgreSQL (set DATABASE_URL).")
        sizes = sorted(int(size) for size in sizes.split(","))
        self.results = {
            "started_at": timezone.now().isoformat(),
            "questions": questions,
            "sizes": {},
        }
        self.lines = [
            f"bench_surveys, {timezone.now():%Y-%m-%d %H:%M} UTC: results page of a survey "
            f"with {questions} questions of mixed types, as a facilitator (all countries)",
            "cold: the cache emptied before each request (figures read from the results' "
            "tallies, charts and sections drawn); warm: the drawn sections cached.",
        ]
        started = time.perf_counter()
        original_name = connection.settings_dict["NAME"]
        connection.settings_dict.setdefault("TEST", {})["NAME"] = f"{original_name}_bench_surveys"
        self.stdout.write("Creating a throwaway database…")
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            self.run(sizes, questions, runs)
        finally:
            connection.creation.destroy_test_db(original_name, verbosity=0)
        self.results["total_seconds"] = round(time.perf_counter() - started, 1)
        saved = save_figures("bench_surveys", self.results, self.lines, output)
        self.stdout.write(f"\nThrowaway database dropped. Figures saved to {saved}")

    def say(self, line: str) -> None:
        self.lines.append(line)
        self.stdout.write(line)

    def run(self, sizes, questions, runs) -> None:
        countries = [
            Country.objects.update_or_create(code=code, defaults={"name_ar": ar, "name_en": en})[0]
            for code, ar, en in COUNTRIES
        ]
        facilitator = User.objects.create(
            email="facilitator@bench.invalid",
            name_latin="Bench facilitator",
            status=MembershipStatus.MEMBER,
            is_staff=True,
        )
        facilitator.groups.add(Group.objects.get_or_create(name=FACILITATORS_GROUP)[0])
        survey = make_survey(questions=questions, slug="bench")
        # Members in every country, more than will answer (the response rate is not 100 %).
        per_country = -(-max(sizes) * 12 // 10 // len(countries))
        members = []
        for country in countries:
            members += make_members(country=country, count=per_country, prefix="bench")
        members.sort(key=lambda member: member.pk % 97)  # the countries mixed
        client = Client()
        client.force_login(facilitator)
        storages = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        answered = 0
        header = (
            f"\n{'responses':>10}  {'page':<28}{'median ms':>10}{'p95 ms':>10}"
            f"{'× bare':>9}{'paired':>9}{'× paired':>9}{'queries':>9}{'KB':>7}"
        )
        self.say(header)
        for size in sizes:
            begin = time.perf_counter()
            answer_all(survey=survey, members=members[answered:size], start=answered)
            answered = size
            # Fresh statistics and visibility maps, as autovacuum keeps them on a live
            # database: the planner otherwise plans for the empty tables it last saw, and
            # index-only counts read the table too.
            with connection.cursor() as cursor:
                cursor.execute(
                    "VACUUM ANALYZE surveys_response, surveys_answer, surveys_answerchoice, members_user, "
                    "surveys_surveytally, surveys_questiontally, surveys_choicetally, "
                    "surveys_numbertally"
                )
            seeded = time.perf_counter() - begin
            with override_settings(
                ALLOWED_HOSTS=["testserver"],
                ROOT_URLCONF="cop.devtools.bench_urls",
                STORAGES=storages,
                DEBUG=False,
            ):
                results = f"/{{}}/surveys/{survey.pk}/results/"
                figures = {"bare view": self.measure(client, "/bench/bare/", runs * 2)}
                for cold in (True, False):
                    state = "cold" if cold else "warm"
                    for language, name in (("en", "English"), ("ar", "Arabic")):
                        figures[f"results ({name}), {state}"] = self.measure(
                            client, results.format(language), runs, cold=cold
                        )
                    figures[f"results, one country, {state}"] = self.measure(
                        client, results.format("en") + "?country=JO", runs, cold=cold
                    )
            bare = figures["bare view"]["median_ms"]
            for label, row in figures.items():
                row["ratio_to_bare"] = round(row["median_ms"] / bare, 1)
                paired = row["paired_bare_median_ms"]
                row["ratio_to_paired_bare"] = round(row["median_ms"] / paired, 1)
                self.say(
                    f"{size:>10}  {label:<28}{row['median_ms']:>10}{row['p95_ms']:>10}"
                    f"{row['ratio_to_bare']:>8.1f}×{paired:>9}{row['ratio_to_paired_bare']:>8.1f}×{row['queries']:>9}{row['bytes'] / 1024:>7.1f}"
                )
            self.results["sizes"][str(size)] = {
                "seed_seconds": round(seeded, 1),
                "pages": figures,
            }
        counts = {
            label: [self.results["sizes"][str(size)]["pages"][label]["queries"] for size in sizes]
            for label in self.results["sizes"][str(max(sizes))]["pages"]
            if label != "bare view"
        }
        constant = all(len(set(values)) == 1 for values in counts.values())
        self.results["constant_queries"] = constant
        pages = self.results["sizes"][str(max(sizes))]["pages"]
        self.say(
            f"\nQueries per page at {', '.join(map(str, sizes))} responses: "
            f"{'constant' if constant else 'NOT constant'} "
            f"(English, cold: {counts['results (English), cold']}; "
            f"warm: {counts['results (English), warm']})."
        )
        for state in ("cold", "warm"):
            rows = [pages[f"results ({name}), {state}"] for name in LANGUAGES]
            ratios = " / ".join(f"{row['ratio_to_bare']}×" for row in rows)
            paired = " / ".join(f"{row['ratio_to_paired_bare']}×" for row in rows)
            self.say(
                f"{max(sizes)} responses, {state} (cache "
                f"{'emptied before each request' if state == 'cold' else 'filled'}): the results "
                f"page is {ratios} the bare view in English / Arabic ({paired} the paired bare"
                " requests; target: within 10×)."
            )

    def measure(self, client, url, runs, cold: bool = False) -> dict:
        """Median and p95 of `runs` requests; `cold`: the cache emptied before each one."""
        before = cache.clear if cold else None
        if before:
            before()
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        executed = []

        def count(execute, sql, params, many, context):
            executed.append(sql)
            return execute(sql, params, many, context)

        # Each request resets Django's query log, so count with a wrapper instead.
        if before:
            before()
        with connection.execute_wrapper(count):
            client.get(url)
        # A bare request before each page request (untimed in the page's figure): the
        # page's ratio is to the bare view measured at the same moments, so that the
        # load of a shared machine falls on both alike.
        bare = []

        def ahead():
            started = time.perf_counter()
            client.get("/bench/bare/")
            bare.append((time.perf_counter() - started) * 1000)
            if before:
                before()

        figures = timings(lambda: client.get(url), runs, before=ahead)
        figures["paired_bare_median_ms"] = round(statistics.median(bare), 2)
        figures["queries"] = len(executed)
        figures["bytes"] = len(response.content)
        return figures
