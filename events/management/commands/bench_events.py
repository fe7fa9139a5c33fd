"""Benchmark event reminders against raw SMTP, and the event and calendar pages.

Everything runs on private pieces (cop.devtools): a throwaway PostgreSQL
database (`<database>_bench_events`, dropped at the end), a private
`redis-server`, a Celery worker process and a local SMTP sink process.

(a) raw baseline: the very messages the platform sent, pre-rendered, pushed
    again over one SMTP connection with Django's SMTP backend;
(b) the platform: the reminder scan for an event with N registrants (in this
    process, its queries counted) while a real worker sends the batches it
    queues, until the last row is marked sent.
Figures go to benchmarks/bench_events.json and .txt.
"""

import shutil
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.mail import get_connection
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from cop.devtools.bench_urls import save_figures, timings
from cop.devtools.processes import CeleryWorker, RedisServer, broker_at, database_url, worker_env
from cop.devtools.smtp_sink import SinkProcess
from cop.models import OutboundEmail
from cop.services.email import build_message
from events.models import DialIn, Event, Registration, RegistrationStatus
from events.services import reminders_send_due
from members.models import Country, MembershipStatus, User

ZONES = (
    "Asia/Amman",
    "Africa/Casablanca",
    "Africa/Tunis",
    "Asia/Beirut",
    "Asia/Baghdad",
    "Asia/Gaza",
    "Asia/Aden",
)


class Command(BaseCommand):
    help = "Benchmark event reminders (5,000 registrants) against raw SMTP, and the event pages."

    def add_arguments(self, parser):
        parser.add_argument("--registrants", type=int, default=5000)
        parser.add_argument("--workers", type=int, default=1, help="Worker processes (solo pool).")
        parser.add_argument("--runs", type=int, default=40, help="Requests per page measurement.")
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "benchmarks"))

    def handle(self, *args, registrants, workers, runs, output, **options):
        if connection.vendor != "postgresql":
            raise CommandError("bench_events needs PostgreSQL (set DATABASE_URL).")
        if shutil.which("redis-server") is None:
            raise CommandError("bench_events needs redis-server installed.")
        self.results = {"started_at": timezone.now().isoformat(), "registrants": registrants}
        self.lines = [
            f"bench_events, {timezone.now():%Y-%m-%d %H:%M} UTC: {registrants} registrants"
        ]
        started = time.perf_counter()
        original_name = connection.settings_dict["NAME"]
        connection.settings_dict.setdefault("TEST", {})["NAME"] = f"{original_name}_bench_events"
        self.stdout.write("Creating a throwaway database…")
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        folder = Path(tempfile.mkdtemp(prefix="bench-events-"))
        try:
            event = self.seed(registrants)
            with (
                RedisServer() as redis_server,
                SinkProcess(folder / "sink") as sink,
                override_settings(
                    EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                    EMAIL_HOST=sink.host,
                    EMAIL_PORT=sink.port,
                    EMAIL_USE_TLS=False,
                    EMAIL_HOST_USER="",
                    EMAIL_HOST_PASSWORD="",
                ),
                broker_at(redis_server.url()),
            ):
                self.platform(event, registrants, workers, redis_server, sink, folder)
                self.baseline(registrants, sink)
            self.pages(event, runs)
        finally:
            connection.creation.destroy_test_db(original_name, verbosity=0)
            shutil.rmtree(folder, ignore_errors=True)
        self.results["total_seconds"] = round(time.perf_counter() - started, 1)
        saved = save_figures("bench_events", self.results, self.lines, output)
        self.stdout.write(f"\nThrowaway database dropped. Figures saved to {saved}")

    def say(self, line: str) -> None:
        self.lines.append(line)
        self.stdout.write(line)

    # --- Data ---------------------------------------------------------------------------
    def seed(self, registrants: int) -> Event:
        country = Country.objects.create(
            code="JO", name_ar="الأردن", name_en="Jordan", timezone="Asia/Amman"
        )
        users = User.objects.bulk_create(
            User(
                email=f"bench{n}@bench.invalid",
                name_latin=f"Registrant {n}",
                name_arabic=f"مشارك {n}",
                country=country,
                status=MembershipStatus.MEMBER,
                timezone=ZONES[n % len(ZONES)],
                preferred_language="ar" if n % 3 else "en",
            )
            for n in range(registrants)
        )
        start = (timezone.now() + timedelta(minutes=40)).replace(microsecond=0)
        event = Event.objects.create(
            title_ar="ورشة العمل الافتراضية: السجلات الاجتماعية",
            title_en="Virtual workshop: social registries",
            description_ar="عرض تجربة السجل الوطني الموحد ونقاش مفتوح.",
            description_en="The unified national registry, then an open discussion.",
            kind="workshop",
            host_timezone="Asia/Amman",
            start=start,
            end=start + timedelta(minutes=90),
            join_url="https://meet.example.org/bench",
            capacity=registrants,
        )
        DialIn.objects.create(
            event=event, country=country, number="+962 6 500 0100", access_code="1234"
        )
        Registration.objects.bulk_create(
            Registration(event=event, member=user, status=RegistrationStatus.REGISTERED)
            for user in users
        )
        self.member = users[0]
        return event

    # --- (b) the platform ----------------------------------------------------------------------
    def platform(self, event, count: int, workers: int, redis_server, sink, folder) -> None:
        env = worker_env(
            database_url(),
            redis_server.url(),
            EMAIL_HOST=sink.host,
            EMAIL_PORT=str(sink.port),
            DJANGO_LOG_LEVEL="WARNING",
        )
        started = [CeleryWorker(env, folder / f"worker-{n}.log").start() for n in range(workers)]
        try:
            before = sink.count
            begin = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                queued = reminders_send_due(batch=settings.EVENT_REMINDER_BATCH)
            scanned = time.perf_counter() - begin
            if queued != count:
                raise CommandError(f"{queued} reminders queued for {count} registrants.")
            sent = OutboundEmail.objects.filter(status=OutboundEmail.Status.SENT)
            deadline = time.monotonic() + 1800
            while sent.count() < count:
                if time.monotonic() > deadline:
                    raise CommandError("The worker did not send the reminders within 30 minutes.")
                time.sleep(0.1)
            seconds = time.perf_counter() - begin
            delivered = sink.count - before
        finally:
            for worker in started:
                worker.stop()
        batches = -(-count // settings.EVENT_REMINDER_BATCH)
        self.results["platform"] = {
            "messages": count,
            "delivered_to_sink": delivered,
            "scan_seconds": round(scanned, 2),
            "seconds": round(seconds, 2),
            "per_second": round(count / seconds, 1),
            "scan_queries": len(queries),
            "batches": batches,
            "queries_per_batch": round((len(queries) - 3) / batches, 1),
            "worker_processes": workers,
            "email_batch_size": settings.COP_EMAIL_BATCH_SIZE,
        }
        self.say(
            f"(b) platform: {count} reminders rendered and queued in {scanned:.2f} s "
            f"({len(queries)} queries, {batches} batches of {settings.EVENT_REMINDER_BATCH}); "
            f"all sent by {workers} worker(s) {seconds:.2f} s after the scan began = "
            f"{count / seconds:.0f}/s"
        )

    # --- (a) raw SMTP ------------------------------------------------------------------------
    def baseline(self, count: int, sink) -> None:
        """The same messages, pre-rendered, over one SMTP connection and nothing else."""
        messages = [build_message(row) for row in OutboundEmail.objects.order_by("pk")]
        before = sink.count
        begin = time.perf_counter()
        backend = get_connection(fail_silently=False)
        backend.open()
        try:
            backend.send_messages(messages)
        finally:
            backend.close()
        seconds = time.perf_counter() - begin
        if sink.count - before != count:
            raise CommandError(f"raw push: {sink.count - before} of {count} arrived.")
        platform = self.results["platform"]
        self.results["raw_smtp"] = {
            "messages": count,
            "seconds": round(seconds, 2),
            "per_second": round(count / seconds, 1),
        }
        platform["ratio_to_raw"] = round(platform["seconds"] / seconds, 2)
        platform["send_only_ratio_to_raw"] = round(
            (platform["seconds"] - platform["scan_seconds"]) / seconds, 2
        )
        self.say(
            f"(a) raw SMTP, one connection: {count} messages in {seconds:.2f} s = "
            f"{count / seconds:.0f}/s\n"
            f"    platform / raw = {platform['ratio_to_raw']}× (target: within 2×)"
        )

    # --- Pages ---------------------------------------------------------------------------------
    def pages(self, event, runs: int) -> None:
        storages = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        client = Client()
        client.force_login(self.member)
        with override_settings(
            ALLOWED_HOSTS=["testserver"], ROOT_URLCONF="cop.devtools.bench_urls", STORAGES=storages
        ):
            figures = {
                "bare view": self.measure(client, "/bench/bare/", runs * 2),
                "event page": self.measure(client, f"/en/events/{event.pk}/", runs),
                "event page (Arabic)": self.measure(client, f"/ar/events/{event.pk}/", runs),
                "month calendar": self.measure(client, "/en/events/calendar/", runs),
                "upcoming list": self.measure(client, "/en/events/", runs),
            }
        bare = figures["bare view"]["median_ms"]
        self.say(
            f"\n{'page':<24}{'median ms':>10}{'p95 ms':>10}{'× bare':>9}{'queries':>9}{'KB':>7}"
        )
        for label, row in figures.items():
            row["ratio_to_bare"] = round(row["median_ms"] / bare, 1)
            self.say(
                f"{label:<24}{row['median_ms']:>10}{row['p95_ms']:>10}{row['ratio_to_bare']:>8.1f}×"
                f"{row['queries']:>9}{row['bytes'] / 1024:>7.1f}"
            )
        self.results["pages"] = figures

    def measure(self, client, url, runs) -> dict:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        executed = []

        def count(execute, sql, params, many, context):
            executed.append(sql)
            return execute(sql, params, many, context)

        # Each request resets Django's query log, so count with a wrapper instead.
        with connection.execute_wrapper(count):
            client.get(url)
        figures = timings(lambda: client.get(url), runs)
        figures["queries"] = len(executed)
        figures["bytes"] = len(response.content)
        return figures
