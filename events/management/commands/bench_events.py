"""Benchmark event reminders against raw SMTP, and the event and calendar pages.

Runs in a throwaway PostgreSQL database (`<database>_bench_events`, dropped at
the end) with a local SMTP sink in another process and a real Celery worker on
a queue of its own (so nothing else on the broker is touched):

(a) raw baseline: N pre-rendered messages over one SMTP connection to the sink;
(b) the platform: the reminder scan for an event with N registrants (in this
    process, queries counted) and a real worker sending them to the sink.
"""

import json
import os
import signal
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from cop.celery import app
from cop.mail import render_email
from cop.models import OutboundEmail
from discussions import benchmark as bare_pages
from events.benchmark import raw_baseline, sink_count, sink_process
from events.calendar import ics_attachment
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


def timings(fn, runs: int) -> dict:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {
        "runs": runs,
        "median_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[min(len(samples) - 1, int(len(samples) * 0.95))], 2),
    }


class Command(BaseCommand):
    help = "Benchmark event reminders (5,000 registrants) against raw SMTP, and the event pages."

    def add_arguments(self, parser):
        parser.add_argument("--registrants", type=int, default=5000)
        parser.add_argument("--workers", type=int, default=2, help="Worker processes (prefork).")
        parser.add_argument("--runs", type=int, default=40, help="Requests per page measurement.")
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "benchmarks"))

    def handle(self, *args, registrants, workers, runs, output, **options):
        if connection.vendor != "postgresql":
            raise CommandError("bench_events needs PostgreSQL (set DATABASE_URL).")
        if not settings.REDIS_URL:
            raise CommandError("bench_events needs Redis for its worker (set REDIS_URL).")
        self.results = {"started_at": timezone.now().isoformat(), "registrants": registrants}
        started = time.perf_counter()
        original_name = connection.settings_dict["NAME"]
        connection.settings_dict.setdefault("TEST", {})["NAME"] = f"{original_name}_bench_events"
        self.stdout.write("Creating a throwaway database…")
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            event = self.seed(registrants)
            with sink_process() as port:
                self.baseline(event, registrants, port)
                self.platform(event, registrants, port, workers)
            self.pages(event, runs)
        finally:
            connection.creation.destroy_test_db(original_name, verbosity=0)
        self.results["total_seconds"] = round(time.perf_counter() - started, 1)
        folder = Path(output)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "bench_events.json").write_text(json.dumps(self.results, indent=2) + "\n")
        self.stdout.write(
            f"\nThrowaway database dropped. Figures saved to {folder / 'bench_events.json'}"
        )

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

    # --- (a) raw SMTP ------------------------------------------------------------------------
    def baseline(self, event, count: int, port: int) -> None:
        """The same number of messages, rendered beforehand, over one SMTP connection."""
        member = self.member
        subject, text, html = render_email(
            template="events/email/reminder",
            context={
                "event": event,
                "kind": "hour",
                "recipient": member,
                "unsubscribe_url": "x",
                "dial_ins": [],
            },
            language="ar",
        )
        ics = ics_attachment(event)
        messages = []
        for n in range(count):
            message = EmailMultiAlternatives(
                subject, text, settings.DEFAULT_FROM_EMAIL, [f"bench{n}@bench.invalid"]
            )
            message.attach_alternative(html, "text/html")
            message.attach(ics["filename"], ics["content"], ics["mimetype"])
            messages.append(message)
        before = sink_count(port)
        seconds = raw_baseline(messages, port)
        assert sink_count(port) - before == count
        self.results["raw_smtp"] = {
            "messages": count,
            "seconds": round(seconds, 2),
            "per_second": round(count / seconds, 1),
        }
        self.stdout.write(
            f"(a) raw SMTP, one connection: {count} messages in {seconds:.2f} s = {count / seconds:.0f}/s"
        )

    # --- (b) the platform ----------------------------------------------------------------------
    def platform(self, event, count: int, port: int, workers: int) -> None:
        queue = f"bench_events_{os.getpid()}"
        db = connection.settings_dict
        env = {
            **os.environ,
            "DATABASE_URL": f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(port),
            "EMAIL_USE_TLS": "0",
            "DJANGO_SETTINGS_MODULE": "cop.settings",
            "DJANGO_LOG_LEVEL": "WARNING",
        }
        worker = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "cop",
                "worker",
                "-Q",
                queue,
                "--pool=prefork",
                f"--concurrency={workers}",
                "--loglevel=WARNING",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=settings.BASE_DIR,
            env=env,
        )
        previous_queue = app.conf.task_default_queue
        app.conf.task_default_queue = queue
        try:
            time.sleep(4)  # let the worker connect before the clock starts
            before = sink_count(port)
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                queued = reminders_send_due(batch=settings.EVENT_REMINDER_BATCH)
            scanned = time.perf_counter() - started
            assert queued == count, queued
            deadline = time.monotonic() + 1800
            while OutboundEmail.objects.filter(status=OutboundEmail.Status.QUEUED).exists():
                if time.monotonic() > deadline:
                    raise CommandError("The worker did not send the reminders within 30 minutes.")
                time.sleep(0.2)
            seconds = time.perf_counter() - started
            delivered = sink_count(port) - before
        finally:
            app.conf.task_default_queue = previous_queue
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(30)
            except subprocess.TimeoutExpired:
                worker.kill()
        batches = -(-count // settings.EVENT_REMINDER_BATCH)
        raw = self.results["raw_smtp"]["per_second"]
        rate = count / seconds
        self.results["platform"] = {
            "messages": count,
            "delivered_to_sink": delivered,
            "scan_seconds": round(scanned, 2),
            "seconds": round(seconds, 2),
            "per_second": round(rate, 1),
            "ratio_to_raw": round(raw / rate, 1),
            "scan_queries": len(queries),
            "batches": batches,
            "worker_processes": workers,
            "pipeline": "cop.send_email, one task per email",
        }
        self.stdout.write(
            f"(b) platform: {count} reminders queued in {scanned:.2f} s ({len(queries)} queries, "
            f"{batches} batches of {settings.EVENT_REMINDER_BATCH}), all sent in {seconds:.2f} s = "
            f"{rate:.0f}/s, {raw / rate:.1f}× slower than raw SMTP (target: within 2×)"
        )

    # --- Pages ---------------------------------------------------------------------------------
    def pages(self, event, runs: int) -> None:
        bare_pages.urlpatterns[:] = bare_pages.bench_urlpatterns()
        storages = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        client = Client()
        client.force_login(self.member)
        with override_settings(
            ALLOWED_HOSTS=["testserver"], ROOT_URLCONF="discussions.benchmark", STORAGES=storages
        ):
            figures = {
                "bare view": self.measure(client, "/bench/bare/", runs * 2),
                "event page": self.measure(client, f"/en/events/{event.pk}/", runs),
                "event page (Arabic)": self.measure(client, f"/ar/events/{event.pk}/", runs),
                "month calendar": self.measure(client, "/en/events/calendar/", runs),
                "upcoming list": self.measure(client, "/en/events/", runs),
            }
        bare = figures["bare view"]["median_ms"]
        self.stdout.write(
            f"\n{'page':<24}{'median ms':>10}{'p95 ms':>10}{'× bare':>9}{'queries':>9}{'KB':>7}"
        )
        for label, row in figures.items():
            row["ratio_to_bare"] = round(row["median_ms"] / bare, 1)
            self.stdout.write(
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
